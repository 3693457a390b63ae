#!/usr/bin/env python3
"""Integration test of the notifier in samtel-admind with real components: an administrator
publishes a planned maintenance window and a notification contact; the unit's e-mail goes through a
real sendmail-interface MTA (msmtp) to a local SMTP server (aiosmtpd), the webhook to a local HTTP
receiver, the SIP MESSAGE to SIPp as the contact's SIP peer; a SIPp call during the window is sent to
the maintenance fallback. Everything on 127.0.0.1, synthetic data.

Run by ctest; `python3 test_notices.py -v MaintenanceTests` by hand. Needs SAMTELD, SAMTEL_ADMIND,
SAMTEL_CLI and SAMTEL_SOURCE_DIR in the environment, python3-aiosmtpd, msmtp and SIPp.
"""
import email
import email.policy
import http.server
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

try:
    from aiosmtpd.controller import Controller
except ImportError:
    print("python3-aiosmtpd is not installed for " + sys.executable + "; skipping")
    sys.exit(77)

from test_samteld import ST_OLAVS, header_values, received, scenario, sip_request, sipp, sipp_uas
from test_unit import PORT_BASE, UnitTestCase

MSMTP = shutil.which("msmtp") or "/usr/bin/msmtp"


class SmtpSink:
    """Keeps every message it is given."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"

    def parsed(self):
        with self.lock:
            return [(to, email.message_from_bytes(content, policy=email.policy.default))
                    for to, content in self.messages]


class WebhookReceiver(http.server.BaseHTTPRequestHandler):
    posts = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        WebhookReceiver.posts.append((self.path, self.headers.get("Content-Type"), json.loads(body)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def port_taken(port):
    """Whether something (SIPp) has bound UDP port `port` on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def wait_for(what, check, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("waited %d s for %s" % (seconds, what))


class MailSinkTestCase(UnitTestCase):
    """The unit with its notices mailed through msmtp to an SMTP sink on 127.0.0.1."""

    port = PORT_BASE

    def setUp(self):
        self.sink = SmtpSink()
        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=self.port + 5)
        self.smtp.start()
        self.addCleanup(self.smtp.stop)

    def admind_extra(self):
        # msmtp as the local MTA's sendmail command, relaying to the sink; no configuration file.
        mail = "%s --file=/dev/null --host=127.0.0.1 --port=%d --auth=off --tls=off --from=samtel@unit.test -t -oi" % (
            MSMTP, self.port + 5)
        return ["--mail-command", mail, "--mail-from", "samtel@unit.test", "--notice-interval", "0.2"]

    def publish_contacts(self, site, comment):
        status, body = self.admind.request("POST", "/api/v1/sites/st-olavs/changes", {
            "base": self.published(), "comment": comment,
            "change": {"kind": "site_replace", "site": site}}, token=self.token)
        self.assertEqual(status, 201, body)


class MaintenanceTests(MailSinkTestCase):
    """A maintenance window is announced by e-mail, webhook and SIP MESSAGE, and routes calls to its
    fallback."""

    def setUp(self):
        super().setUp()
        WebhookReceiver.posts = []
        self.http = http.server.HTTPServer(("127.0.0.1", self.port + 6), WebhookReceiver)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.addCleanup(self.http.server_close)
        self.addCleanup(self.http.shutdown)
        # The contact's SIP peer: SIPp taking two MESSAGEs (the announcement and the start).
        self.sip_trace = tempfile.mktemp(prefix="sipp-message-", suffix=".msg")
        self.sip_peer = sipp_uas(scenario("uas_message.xml"), self.port + 8, timeout=150, calls=2,
                                 trace=self.sip_trace)
        self.addCleanup(lambda: self.sip_peer.poll() is None and self.sip_peer.kill())
        wait_for("SIPp on its port", lambda: port_taken(self.port + 8), 10)

    def test_a_window_is_announced_started_and_routes_calls_to_the_maintenance_fallback(self):
        self.start_unit("2027-01-12T10:00:00")  # a Tuesday, open, Gran the primary
        self.assertEqual(self.contacts()[0], "<sip:4106@pbx.stolav.example>;q=1.0")
        with open(ST_OLAVS) as f:
            site = json.load(f)
        site["maintenance_fallback"] = {"name": "Reservelinje St. Olavs", "address": "sip:reserve@pbx.stolav.example",
                                        "message": "Planlagt vedlikehold: du settes over til reservelinjen."}
        site["maintenance"] = [{"id": "sentralbord-2027", "start": "2027-01-12T10:00:40",
                                "end": "2027-01-12T11:00", "reason": "Oppgradering av sentralbordet"}]
        site["notices"] = {"announce_before_hours": 24, "contacts": [{
            "name": "Driftsvakt Ærlig", "email": "drift@hospital.test",
            "webhook": "http://127.0.0.1:%d/samtel" % (self.port + 6),
            "sip": "sip:drift@127.0.0.1:%d" % (self.port + 8),
            "tell": ["maintenance-announced", "maintenance-started"]}]}
        self.publish_contacts(site, "switch upgrade")

        # Announced at once (the window is within 24 h): by e-mail through msmtp, and the webhook.
        mails = wait_for("the announcement by e-mail", lambda: self.sink.parsed())
        to, mail = mails[0]
        self.assertEqual(to, ["drift@hospital.test"])
        self.assertEqual(mail["Subject"], "[samtel] Planned maintenance 2027-01-12 10:00:40: Oppgradering av sentralbordet")
        self.assertEqual(mail["To"].addresses[0].display_name, "Driftsvakt Ærlig")
        self.assertEqual(mail["From"].addresses[0].addr_spec, "samtel@unit.test")
        self.assertEqual(mail.get_content_type(), "text/plain")
        self.assertEqual(mail["X-Samtel-Notice"], "maintenance-announced")
        text = mail.get_content()
        self.assertIn("Announced: planned maintenance 'sentralbord-2027' of all lines of St. Olavs hospital", text)
        self.assertIn("Calls go to Reservelinje St. Olavs (sip:reserve@pbx.stolav.example) meanwhile.", text)
        hooks = wait_for("the announcement's webhook", lambda: list(WebhookReceiver.posts))
        path, content_type, hook = hooks[0]
        self.assertEqual((path, content_type), ("/samtel", "application/json"))
        self.assertEqual((hook["kind"], hook["site"]), ("maintenance-announced", "st-olavs"))
        self.assertEqual(hook["key"], "maintenance-announced:st-olavs/sentralbord-2027:2027-01-12T09:00:40Z")

        # At its start (the unit's clock runs from 10:00): started, by e-mail and webhook.
        started = wait_for("the start by e-mail", lambda: [m for _, m in self.sink.parsed()
                                                           if m["X-Samtel-Notice"] == "maintenance-started"], 70)
        self.assertEqual(started[0]["Subject"], "[samtel] Planned maintenance started: Oppgradering av sentralbordet")
        wait_for("the start's webhook", lambda: [p for p in WebhookReceiver.posts if p[2]["kind"] == "maintenance-started"])

        # A call now, placed with SIPp: redirected to the maintenance fallback only.
        rc, trace = sipp(scenario("uac_redirect.xml"), self.port, self.port + 7)
        self.assertEqual(rc, 0, trace)
        answer = received(trace, 302)[0]
        self.assertEqual(header_values(answer, "Contact"), ["<sip:reserve@pbx.stolav.example>;q=1.0"])
        self.assertIn("Planlagt vedlikehold", answer)

        # The SIP peer took both notices as MESSAGEs and answered 200: SIPp ended well.
        self.assertEqual(self.sip_peer.wait(timeout=30), 0)
        with open(self.sip_trace, errors="replace") as f:
            trace = f.read()
        request_line = r"^MESSAGE sip:drift@127\.0\.0\.1:%d SIP/2\.0\r?$" % (self.port + 8)
        messages = [p for p in re.split(r"-{20,}", trace) if "received" in p and re.search(request_line, p, re.M)]
        self.assertEqual(len(messages), 2, trace)
        self.assertEqual(header_values(messages[0], "Content-Type"), ["text/plain;charset=UTF-8"])
        self.assertEqual(header_values(messages[0], "CSeq"), ["1 MESSAGE"])
        self.assertRegex(header_values(messages[0], "Via")[0], r"^SIP/2\.0/UDP 127\.0\.0\.1:\d+;branch=z9hG4bK")
        self.assertIn("\n[samtel] Planned maintenance 2027-01-12 10:00:40: Oppgradering av sentralbordet", messages[0])
        self.assertIn("\n[samtel] Planned maintenance started: Oppgradering av sentralbordet", messages[1])

        # The notice log, through the API: two notices, each delivered all three ways at the first try.
        status, listed = self.admind.request("GET", "/api/v1/notices", token=self.token)
        self.assertEqual(status, 200, listed)
        kinds = [n["kind"] for n in listed["notices"]]
        self.assertEqual(kinds, ["maintenance-started", "maintenance-announced"])
        for n in listed["notices"]:
            self.assertEqual(sorted((d["channel"], d["state"], d["attempts"]) for d in n["deliveries"]),
                             [("email", "delivered", 1), ("sip", "delivered", 1), ("webhook", "delivered", 1)])
            self.assertEqual([d["address"] for d in n["deliveries"] if d["channel"] == "sip"],
                             ["sip:drift@127.0.0.1:%d" % (self.port + 8)])
        # GET /metrics (on loopback, no token configured) counts them: two delivered each way.
        with urllib.request.urlopen(self.admind.url + "/metrics", timeout=10) as r:
            metrics = r.read().decode()
        for channel in ("email", "webhook", "sip"):
            self.assertIn('samtel_notice_deliveries{channel="%s",state="delivered"} 2\n' % channel, metrics)
            self.assertIn('samtel_notice_deliveries{channel="%s",state="given-up"} 0\n' % channel, metrics)
        self.assertIn("# TYPE samtel_notice_deliveries gauge\n", metrics)
        # No more than one of each, though the notifier looked many times.
        self.assertEqual(len(self.sink.parsed()), 2)
        self.assertEqual(len(WebhookReceiver.posts), 2)



class FaultTests(MailSinkTestCase):
    """A fault samteld finds by watching is mailed when raised and when cleared: the exchange's
    OPTIONS stop (unit.json "watch"), then one arrives."""

    def test_the_exchange_falling_silent_is_told_and_its_return_too(self):
        self.start_unit("2027-01-12T10:00:00", unit={"watch": {"exchange_silence_seconds": 10}})
        with open(ST_OLAVS) as f:
            site = json.load(f)
        site["notices"] = {"contacts": [{"name": "Driftsvakt Ærlig", "email": "drift@hospital.test",
                                         "tell": ["fault-raised", "fault-cleared"]}]}
        self.publish_contacts(site, "the on-call IT contact")

        # No OPTIONS for 10 s (the last was samteld's readiness check): raised at the next status
        # tick, and mailed.
        raised = wait_for("the fault by e-mail", lambda: [m for _, m in self.sink.parsed()
                                                          if m["X-Samtel-Notice"] == "fault-raised"], 40)
        self.assertEqual(raised[0]["Subject"], "[samtel] Fault: exchange-silent")
        self.assertRegex(raised[0].get_content(),
                         r"no OPTIONS from the exchange for \d+ s \(the last at 2027-01-12T09:00:\d\dZ\)")
        status, unit = self.admind.request("GET", "/api/v1/unit", token=self.token)
        self.assertEqual(status, 200, unit)
        self.assertEqual(unit["state"], "fault")
        self.assertEqual([f["kind"] for f in unit["faults"]], ["exchange-silent"])

        # The exchange is back: one OPTIONS clears it at the next tick, and that is mailed too.
        self.assertIsNotNone(self.samteld.udp(sip_request("OPTIONS", self.port)))
        cleared = wait_for("the all-clear by e-mail", lambda: [m for _, m in self.sink.parsed()
                                                               if m["X-Samtel-Notice"] == "fault-cleared"], 30)
        self.assertEqual(cleared[0]["Subject"], "[samtel] Fault cleared: exchange-silent")
        status, unit = self.admind.request("GET", "/api/v1/unit", token=self.token)
        self.assertEqual(unit["state"], "routing")
        self.assertEqual(len(self.sink.parsed()), 2)


if __name__ == "__main__":
    unittest.main()
