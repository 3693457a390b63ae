#!/usr/bin/env python3
"""Integration tests of the unit as a whole: samteld routing from the schedule store, samtel-admind
publishing to it, and `samtel admin` and `samtel user` as an administrator uses them. Real
processes on 127.0.0.1, a real SQLite store, SIPp-free raw SIP over UDP (the routing answer is all
that is read), synthetic data.

Run by ctest; `python3 test_unit.py -v PublishTests` runs one class by hand. Needs SAMTELD,
SAMTEL_ADMIND, SAMTEL_CLI and SAMTEL_SOURCE_DIR in the environment.
"""
import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

from test_samteld import ST_OLAVS, Samteld, header_values, sip_request

ADMIND = os.environ.get("SAMTEL_ADMIND", "build/firmware/admin/samtel-admind")
CLI = os.environ.get("SAMTEL_CLI", "build/firmware/cli/samtel")
PORT_BASE = int(os.environ.get("SAMTEL_TEST_PORT_BASE", "29060"))
PASSWORD = "korrekt-hest-batteri-stift"  # synthetic


class Admind:
    """samtel-admind on 127.0.0.1 over the given store, plain HTTP (loopback)."""

    def __init__(self, port, store, call_log=None, extra=()):
        self.port = port
        self.store = store
        self.call_log = call_log
        self.extra = list(extra)
        self.start()

    def start(self):
        args = [ADMIND, "--store", self.store, "--listen", "127.0.0.1:%d" % self.port] + self.extra
        if self.call_log:
            args += ["--call-log", self.call_log]
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.err.seek(0)
                raise AssertionError("samtel-admind exited: %s" % self.err.read().decode())
            try:
                if self.request("GET", "/api/v1/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("samtel-admind did not answer")

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def request(self, method, path, body=None, token=None):
        """(status, JSON body or None)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                text = r.read()
                return r.status, json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            text = e.read()
            return e.code, json.loads(text) if text else None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.err.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.err.close()


def cli(*args, stdin=None, env=None):
    return subprocess.run([CLI] + list(args), input=stdin, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, **(env or {})))


class UnitTestCase(unittest.TestCase):
    port = PORT_BASE

    def start_unit(self, at, unit=None):
        """samteld (from the store, bootstrapped from the St. Olavs file; with `unit`, those unit
        settings) and samtel-admind over the same store; an administrator `anna`; her token."""
        self.tmp = tempfile.mkdtemp(prefix="samtel-unit-")
        self.store = os.path.join(self.tmp, "schedule.db")
        self.samteld = Samteld(self.port, [ST_OLAVS], at, unit=unit, tmp=self.tmp,
                               extra=["--store", self.store])
        self.addCleanup(self.samteld.stop)
        added = cli("user", "add", "--store", self.store, "--name", "anna", "--role", "administrator",
                    stdin=PASSWORD + "\n")
        self.assertEqual(added.returncode, 0, added.stderr)
        self.at = at
        # As scripts/run: the call log and samteld's status file beside it.
        status_file = os.path.join(self.samteld.state, "status.json")
        self.admind = Admind(self.port + 1, self.store, os.path.join(self.samteld.state, "calls.db"),
                             extra=self.admind_extra() + ["--start-at", at, "--unit-status", status_file])
        self.addCleanup(self.admind.stop)
        status, session = self.admind.request("POST", "/api/v1/session", {"user": "anna", "password": PASSWORD})
        self.assertEqual(status, 201, session)
        self.token = session["token"]

    def admind_extra(self):
        return []


    def contacts(self):
        answer = self.samteld.udp(sip_request("INVITE", self.port, "73553888"))
        self.assertIsNotNone(answer)
        return header_values(answer.decode(), "Contact")

    def admin(self, *args):
        return cli("admin", "--url", self.admind.url, *args, env={"SAMTEL_TOKEN": self.token})

    def published(self):
        status, body = self.admind.request("GET", "/api/v1/sites/st-olavs/schedule", token=self.token)
        self.assertEqual(status, 200, body)
        return body["version"]["id"]


class PublishTests(UnitTestCase):
    """An administrator covers a shift with an override; the next call rings the new person."""

    port = PORT_BASE

    def test_an_override_published_with_samtel_admin_routes_the_next_call(self):
        self.start_unit("2027-01-12T10:00")  # a Tuesday; Gran is the primary, Sand the backup
        self.assertEqual(self.contacts()[0], "<sip:4106@pbx.stolav.example>;q=1.0")
        before = self.published()

        override = ["override", "add", "--site", "st-olavs", "--rota", "amm", "--role", "primary",
                    "--person", "vik", "--replaces", "gran", "--start", "2027-01-12T08:00",
                    "--end", "2027-01-13T08:00", "--reason", "Kurs", "--comment", "Gran on a course"]
        preview = self.admin(*override, "--preview-only")
        self.assertEqual(preview.returncode, 0, preview.stderr)
        self.assertIn("Overlege Hanne Vik covers Overlege Nils Gran", preview.stdout)
        self.assertEqual(self.published(), before)  # a preview publishes nothing

        published = self.admin(*override)
        self.assertEqual(published.returncode, 0, published.stderr)
        acknowledged = time.monotonic()
        now = self.published()
        self.assertGreater(now, before)
        # samteld routes by it within a second of the acknowledgement.
        while self.contacts()[0] != "<sip:4201@pbx.stolav.example>;q=1.0":
            self.assertLess(time.monotonic() - acknowledged, 1.0, "samteld still routes by the old version")
            time.sleep(0.02)
        self.assertEqual(self.contacts()[1], "<sip:4112@pbx.stolav.example>;q=0.9")
        with open(os.path.join(self.samteld.state, "samteld.log")) as f:
            log = f.read()
        self.assertIn("event=schedule.published versions=st-olavs@%d" % now, log)

        # The audit trail says who did it, from where, and what it changes.
        status, audit = self.admind.request("GET", "/api/v1/audit?site=st-olavs", token=self.token)
        self.assertEqual(status, 200, audit)
        entry = audit["entries"][-1]
        self.assertEqual((entry["user"], entry["source"], entry["action"]), ("anna", "127.0.0.1", "version_published"))
        self.assertEqual((entry["version_from"], entry["version_to"]), (before, now))
        self.assertEqual(entry["comment"], "Gran on a course")
        self.assertIn("Vik", entry["routing_effect"])
        verify = cli("store", "verify", "--store", self.store)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)

        # samteld's call log, read through the service, and the read itself audited.
        status, calls = self.admind.request("GET", "/api/v1/calls?from=2027-01-12&to=2027-01-12", token=self.token)
        self.assertEqual(status, 200, calls)
        self.assertGreaterEqual(len(calls["calls"]), 3)
        self.assertEqual({c["line"] for c in calls["calls"]}, {"73553888"})
        status, audit = self.admind.request("GET", "/api/v1/audit?site=", token=self.token)
        self.assertEqual(audit["entries"][-1]["action"], "call_log_read")
        self.assertEqual(audit["entries"][-1]["detail"]["purpose"], "view")

        # The call log's retention on demand, through the service: nothing is due yet.
        dry = self.admin("retention", "run", "--dry-run")
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertEqual(dry.stdout, "callers' numbers would be blanked: 0\n"
                                     "call records would be deleted: 0\n"
                                     "attempts would be deleted: 0\n"
                                     "months would be aggregated: 0\n"
                                     "aggregates would be deleted: 0\n")
        status, audit = self.admind.request("GET", "/api/v1/audit?site=", token=self.token)
        entry = audit["entries"][-1]
        self.assertEqual((entry["user"], entry["action"]), ("anna", "call_log_purged"))
        self.assertEqual((entry["detail"]["dry_run"], entry["detail"]["trigger"]), (True, "on-demand"))

        # Undo: the earlier version again, as a new one; samteld follows.
        undo = self.admin("rollback", "--site", "st-olavs", "--version", str(before), "--comment", "course cancelled")
        self.assertEqual(undo.returncode, 0, undo.stderr)
        deadline = time.monotonic() + 1.0
        while self.contacts()[0] != "<sip:4106@pbx.stolav.example>;q=1.0":
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)

    def test_samteld_keeps_routing_while_the_admin_service_is_down(self):
        self.start_unit("2027-01-12T10:00")
        self.admind.kill()
        for _ in range(5):
            self.assertEqual(self.contacts()[0], "<sip:4106@pbx.stolav.example>;q=1.0")
        self.assertTrue(self.samteld.alive())
        # Back again, it publishes and samteld follows.
        self.admind.start()
        status, body = self.admind.request("POST", "/api/v1/sites/st-olavs/changes", {
            "base": self.published(), "comment": "sick",
            "change": {"kind": "override_add", "rota": "amm", "role": "primary", "person": "holm",
                       "replaces": "gran", "start": "2027-01-12T08:00", "end": "2027-01-13T08:00",
                       "reason": "Sykdom"}}, token=self.token)
        self.assertEqual(status, 201, body)
        deadline = time.monotonic() + 1.0
        while self.contacts()[0] != "<sip:4203@pbx.stolav.example>;q=1.0":
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)


    def test_the_unit_resource_follows_samteld_until_it_is_killed(self):
        self.start_unit("2026-11-24T09:00")
        status, unit = self.admind.request("GET", "/api/v1/unit", token=self.token)
        self.assertEqual(status, 200, unit)
        self.assertEqual((unit["state"], unit["faults"], unit["stale"], unit["message"]),
                         ("routing", [], False, "samteld is routing calls"))
        # SIGKILL: samteld cannot write its stop; the file still says routing, for a pid that is gone.
        self.samteld.proc.kill()
        self.samteld.proc.wait()
        status, unit = self.admind.request("GET", "/api/v1/unit", token=self.token)
        self.assertEqual(status, 200, unit)
        self.assertEqual((unit["state"], unit["stale"]), ("stopped", True))
        self.assertTrue(unit["message"].startswith("samteld is not running: process %d is gone" % self.samteld.proc.pid),
                        unit["message"])


class CrashTests(UnitTestCase):
    """SIGKILL of the admin service in a stream of changes loses no acknowledged one."""

    port = PORT_BASE + 100

    def admind_extra(self):
        return ["--requests-per-second", "0"]  # the stream is one client's, as fast as it goes

    def test_sigkill_during_500_changes_loses_none(self):
        self.start_unit("2027-01-12T10:00")
        acknowledged = []  # version ids the service answered 201 for
        killed = threading.Event()

        def killer():
            while len(acknowledged) < 200:
                time.sleep(0.005)
            self.admind.kill()
            killed.set()

        threading.Thread(target=killer, daemon=True).start()
        base = self.published()
        first = self.admind.request("GET", "/api/v1/versions/%d" % base, token=self.token)[1]
        listed = len(first["content"]["rotas"][0].get("overrides", []))  # the added one's index
        adding = True
        while len(acknowledged) < 500:
            change = ({"kind": "override_add", "rota": "amm", "role": "backup", "person": "holm",
                       "replaces": "sand", "start": "2027-01-12T08:00", "end": "2027-01-13T08:00",
                       "reason": "Kurs"} if adding else
                      {"kind": "override_remove", "rota": "amm", "index": listed})
            try:
                status, body = self.admind.request("POST", "/api/v1/sites/st-olavs/changes",
                                                   {"base": base, "change": change, "comment": "stream"},
                                                   token=self.token)
            except OSError:
                # The service is gone: the change was not acknowledged. Start it again and go on
                # from what is published now.
                self.assertTrue(killed.wait(10))
                self.admind.proc.wait()
                self.admind.start()
                base = self.published()
                current = self.admind.request("GET", "/api/v1/versions/%d" % base, token=self.token)[1]
                adding = len(current["content"]["rotas"][0].get("overrides", [])) == listed
                continue
            self.assertEqual(status, 201, body)
            acknowledged.append(body["version"])
            base = body["version"]
            adding = not adding
        self.assertTrue(killed.is_set())
        self.admind.stop()
        # Every acknowledged version is there, the file is sound, the audit chain whole.
        db = sqlite3.connect(self.store)
        ids = {row[0] for row in db.execute("SELECT id FROM versions WHERE site = 'st-olavs'")}
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        db.close()
        self.assertEqual(set(acknowledged) - ids, set())
        self.assertEqual(len(acknowledged), 500)
        verify = cli("store", "verify", "--store", self.store)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)


if __name__ == "__main__":
    unittest.main()
