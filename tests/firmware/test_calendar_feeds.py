#!/usr/bin/env python3
"""Duty calendars at secret URLs, over real HTTP: samtel-admind on 127.0.0.1 over a schedule store
holding the St. Olavs example, its wall clock started at 2027-01-12T10:00 (Oslo); a scheduler makes
a feed of the cardiology desk with `samtel admin feed add`, a calendar client fetches the URL with no
account and reads it with a real iCalendar parser (python3-icalendar), and the holder of the URL
revokes it.

Checked: the answer's headers; the weeks of the rota from the one reaching into 2026-10-12 (three
months back) to the rota's end on 2028-01-03; each week lasts 168 hours but the three across the
clock changes (2026-10-19 and 2027-10-25: 169 h; 2027-03-22: 167 h), by the zone the parser knows
by name and by the feed's own VTIMEZONE; the request log never shows the token.

Run by ctest (firmware.feeds.HttpTests); needs SAMTEL_ADMIND, SAMTEL_CLI and SAMTEL_SOURCE_DIR in the
environment, and the Python that has icalendar (Debian's python3-icalendar).
"""
import datetime
import os
import shutil
import tempfile
import unittest
import urllib.error
import urllib.request

import icalendar

from test_unit import PASSWORD, Admind, cli

SOURCE = os.environ.get("SAMTEL_SOURCE_DIR", ".")
ST_OLAVS = os.path.join(SOURCE, "docs", "examples", "st-olavs.json")
PORT_BASE = int(os.environ.get("SAMTEL_TEST_PORT_BASE", "30060"))
HOUR = datetime.timedelta(hours=1)
UTC = datetime.timezone.utc


def fetch(method, url):
    """(status, headers, body bytes) of a request with no account."""
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class HttpTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="samtel-feeds-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.store = os.path.join(self.tmp, "schedule.db")
        made = cli("store", "init", "--store", self.store, "--config", ST_OLAVS)
        self.assertEqual(made.returncode, 0, made.stderr)
        added = cli("user", "add", "--store", self.store, "--name", "kari", "--role", "scheduler",
                    stdin=PASSWORD + "\n")
        self.assertEqual(added.returncode, 0, added.stderr)
        self.admind = Admind(PORT_BASE, self.store, extra=["--start-at", "2027-01-12T10:00"])
        self.addCleanup(self.admind.stop)
        status, session = self.admind.request("POST", "/api/v1/session",
                                              {"user": "kari", "password": PASSWORD})
        self.assertEqual(status, 201, session)
        self.token = session["token"]

    def admin(self, *args):
        return cli("admin", "--url", self.admind.url, *args, env={"SAMTEL_TOKEN": self.token})

    def test_a_desks_feed_is_read_by_a_calendar_client_and_revoked_by_its_url(self):
        added = self.admin("feed", "add", "--site", "st-olavs", "--desk", "kardiologi")
        self.assertEqual(added.returncode, 0, added.stderr)
        url = added.stdout.strip()
        prefix = self.admind.url + "/feeds/"
        self.assertTrue(url.startswith(prefix) and url.endswith(".ics"), url)
        secret = url[len(prefix):-len(".ics")]
        self.assertEqual(len(secret), 64)

        status, headers, body = fetch("GET", url)
        self.assertEqual(status, 200, body)
        self.assertEqual(headers["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(headers["Referrer-Policy"], "no-referrer")
        self.assertEqual(headers["Cache-Control"], "no-store")

        calendar = icalendar.Calendar.from_ical(body.decode("utf-8"))
        zones = list(calendar.walk("VTIMEZONE"))
        self.assertEqual([str(z["TZID"]) for z in zones], ["Europe/Oslo"])
        own_zone = zones[0].to_tz()
        events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
        starts = [e.decoded("DTSTART").replace(tzinfo=None) for e in events]
        self.assertEqual(starts[0], datetime.datetime(2026, 10, 5, 8, 0))
        self.assertEqual(starts[-1], datetime.datetime(2027, 12, 27, 8, 0))
        self.assertEqual(len(events), 65)
        self.assertEqual(len({str(e["UID"]) for e in events}), 65)
        across_changes = {datetime.datetime(2026, 10, 19, 8, 0): 169,
                          datetime.datetime(2027, 3, 22, 8, 0): 167,
                          datetime.datetime(2027, 10, 25, 8, 0): 169}
        people = {"vik", "strand", "holm", "bakke"}
        for event in events:
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            local = start.replace(tzinfo=None)
            self.assertEqual(getattr(start.tzinfo, "zone", None) or str(start.tzinfo), "Europe/Oslo")
            expected = across_changes.get(local, 168)
            self.assertEqual((end.astimezone(UTC) - start.astimezone(UTC)) / HOUR, expected, local)
            # The same local times read with the feed's own VTIMEZONE are the same instants.
            for dt in (start, end):
                own = own_zone.localize(dt.replace(tzinfo=None))
                self.assertEqual(own.astimezone(UTC), dt.astimezone(UTC), local)
            uid = str(event["UID"])
            self.assertTrue(uid.startswith("73553888+kardiologi+primary+"), uid)
            self.assertIn(uid.split("+")[3], people)
        # Strand's week from 2027-01-11, the week of the service's clock.
        this_week = [e for e in events if e.decoded("DTSTART").replace(tzinfo=None)
                     == datetime.datetime(2027, 1, 11, 8, 0)]
        self.assertEqual([str(e["UID"]) for e in this_week],
                         ["73553888+kardiologi+primary+strand+20270111T070000Z@desk.samtel"])

        # The fetch is noted; the list never shows the token.
        listed = self.admin("feed", "list", "--json")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn('"last_fetched": "2027-01-12T09:00', listed.stdout)
        self.assertNotIn(secret, listed.stdout)

        # Whoever holds the URL revokes it; from then on it is the 404 of a URL that never was.
        status, _, _ = fetch("DELETE", url)
        self.assertEqual(status, 204)
        gone = fetch("GET", url)
        never = fetch("GET", prefix + "0" * 64 + ".ics")
        self.assertEqual((gone[0], gone[2]), (404, never[2]))
        self.assertEqual(never[0], 404)

        # The request log (samtel-admind's standard error) has the fetches, never the token.
        self.admind.err.seek(0)
        log = self.admind.err.read().decode()
        self.assertIn("method=GET path=/feeds/… status=200", log)
        self.assertIn("method=DELETE path=/feeds/… status=204", log)
        self.assertNotIn(secret, log)


if __name__ == "__main__":
    unittest.main()
