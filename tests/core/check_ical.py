#!/usr/bin/env python3
"""Reads the duty calendars of the St. Olavs example with a real iCalendar parser.

Usage: check_ical.py FEED_PROGRAM DIRECTORY

FEED_PROGRAM (samtel_duty_calendar_feed) writes lund.ics and gastro.ics into DIRECTORY; this
script parses them with icalendar (Debian's python3-icalendar) and checks:
  * the text rules of RFC 5545: CRLF line endings, physical lines of at most 75 octets, folds
    only between UTF-8 characters, continuation lines starting with one space;
  * every VEVENT has UID, DTSTAMP, DTSTART and DTEND, its times in Europe/Oslo, UIDs unique;
  * durations: the shifts across the clock changes last 23 h (2026-03-28 08:00 to 2026-03-29
    08:00) and 25 h (2026-10-24 08:00 to 2026-10-25 08:00), the weekly handovers across them
    167 h and 169 h, every other week 168 h; both with the zone the parser knows by name and with
    the feed's own VTIMEZONE.
Exits non-zero on the first failure, naming it.
"""
import datetime
import os
import subprocess
import sys

try:
    import icalendar
except ImportError:
    sys.exit("check_ical.py: the Python module icalendar is missing "
             "(Debian: apt-get install python3-icalendar, or run scripts/setup)")

UTC = datetime.timezone.utc
HOUR = datetime.timedelta(hours=1)

# Local start -> hours, per feed; every other event lasts one week (168 h).
EXPECTED = {
    "lund.ics": {
        datetime.datetime(2026, 3, 28, 8, 0): 23,
        datetime.datetime(2026, 10, 24, 8, 0): 25,
    },
    "gastro.ics": {
        datetime.datetime(2026, 3, 23, 8, 0): 167,
        datetime.datetime(2026, 10, 19, 8, 0): 169,
    },
}


def fail(message):
    sys.exit("check_ical.py: " + message)


def check_text_rules(name, data):
    if not data.endswith(b"\r\n"):
        fail(f"{name}: does not end with CRLF")
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            fail(f"{name}:{number}: a line ends without CRLF")
        if len(line) > 75:
            fail(f"{name}:{number}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            fail(f"{name}:{number}: folded inside a UTF-8 character")
        if line.startswith(b"  "):
            fail(f"{name}:{number}: a continuation line starts with more than one space")


def zone_name(dt):
    tz = dt.tzinfo
    return getattr(tz, "zone", None) or str(tz)


def check_feed(name, data):
    check_text_rules(name, data)
    calendar = icalendar.Calendar.from_ical(data.decode("utf-8"))
    for key, value in (("VERSION", "2.0"), ("PRODID", "-//samtel//duty calendar//NO"),
                       ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")):
        if str(calendar.get(key)) != value:
            fail(f"{name}: {key} is {calendar.get(key)!r}, not {value!r}")
    zones = [c for c in calendar.walk("VTIMEZONE")]
    if len(zones) != 1 or str(zones[0]["TZID"]) != "Europe/Oslo":
        fail(f"{name}: expected one VTIMEZONE for Europe/Oslo")
    own_zone = zones[0].to_tz()  # the zone as the feed itself describes it

    events = calendar.walk("VEVENT")
    if not events:
        fail(f"{name}: no events")
    expected = dict(EXPECTED[name])
    uids = set()
    for event in events:
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            if key not in event:
                fail(f"{name}: an event without {key}: {event.get('SUMMARY')}")
        uid = str(event["UID"])
        if uid in uids:
            fail(f"{name}: UID {uid} twice")
        uids.add(uid)
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        for which, dt in (("DTSTART", start), ("DTEND", end)):
            if not isinstance(dt, datetime.datetime) or dt.tzinfo is None:
                fail(f"{name}: {uid}: {which} {dt} has no time zone")
            if zone_name(dt) != "Europe/Oslo":
                fail(f"{name}: {uid}: {which} is in {zone_name(dt)}, not Europe/Oslo")
            # The same local time read with the feed's VTIMEZONE is the same instant.
            own = own_zone.localize(dt.replace(tzinfo=None))
            if own.astimezone(UTC) != dt.astimezone(UTC):
                fail(f"{name}: {uid}: {which} {dt} is {own.astimezone(UTC)} by the feed's "
                     f"VTIMEZONE but {dt.astimezone(UTC)} by the tz database")
        hours = (end.astimezone(UTC) - start.astimezone(UTC)) / HOUR
        want = expected.pop(start.replace(tzinfo=None), 168)
        if hours != want:
            fail(f"{name}: {event['SUMMARY']} from {start} to {end} lasts {hours} h, not {want} h")
    if expected:
        fail(f"{name}: no event starts at {', '.join(str(k) for k in expected)}")
    print(f"{name}: {len(events)} events parsed and checked")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: check_ical.py FEED_PROGRAM DIRECTORY")
    program, directory = sys.argv[1:]
    os.makedirs(directory, exist_ok=True)
    subprocess.run([program, directory], check=True)
    for name in EXPECTED:
        with open(os.path.join(directory, name), "rb") as f:
            check_feed(name, f.read())


if __name__ == "__main__":
    main()
