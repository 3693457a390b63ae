#!/usr/bin/env python3
"""Integration tests: samteld on 127.0.0.1, driven by SIPp (a real SIP peer) and by raw sockets.

Each test starts its own samteld with a state directory in a temporary folder, places calls with
SIPp scenarios from ./scenarios, and checks the answers and the call log (a real SQLite file).
Run by ctest; `python3 test_samteld.py -v RedirectTests` runs one class by hand. Needs the
environment variables SAMTELD (the binary) and SAMTEL_SOURCE_DIR.
"""
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import unittest

SAMTELD = os.environ.get("SAMTELD", "build/firmware/samteld/samteld")
SOURCE = os.environ.get("SAMTEL_SOURCE_DIR", ".")
SCENARIOS = os.path.join(SOURCE, "tests", "firmware", "scenarios")
ST_OLAVS = os.path.join(SOURCE, "docs", "examples", "st-olavs.json")
# Each test class gets its own ports so ctest can run the classes in parallel.
PORT_BASE = int(os.environ.get("SAMTEL_TEST_PORT_BASE", "25060"))


def sip_request(method, port, user="", extra="", body="", branch=None, call_id=None, cseq=1):
    branch = branch or "z9hG4bK-raw-%d" % time.monotonic_ns()
    call_id = call_id or "raw-%d@127.0.0.1" % time.monotonic_ns()
    uri = "sip:%s@127.0.0.1:%d" % (user, port) if user else "sip:127.0.0.1:%d" % port
    return (
        "%s %s SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:9;branch=%s\r\n"
        "From: <sip:4790000001@127.0.0.1>;tag=raw1\r\n"
        "To: <%s>\r\n"
        "Call-ID: %s\r\n"
        "CSeq: %d %s\r\n"
        "Max-Forwards: 70\r\n"
        "%s"
        "Content-Length: %d\r\n\r\n%s" % (method, uri, branch, uri, call_id, cseq, method, extra, len(body), body)
    ).encode()


class Samteld:
    """One daemon on 127.0.0.1:port with its own state directory."""

    def __init__(self, port, configs, start_at, unit=None, tmp=None, extra=(), wrap=(), env=None):
        self.port = port
        self.tmp = tmp or tempfile.mkdtemp(prefix="samteld-test-")
        self.state = os.path.join(self.tmp, "state")
        # `wrap`: a command to start samteld under (prlimit, say).
        args = list(wrap) + [SAMTELD, "--listen", "127.0.0.1:%d" % port, "--state-dir", self.state, "--start-at", start_at]
        for c in configs:
            args += ["--config", c]
        if unit is not None:
            unit_path = os.path.join(self.tmp, "unit.json")
            with open(unit_path, "w") as f:
                json.dump(unit, f)
            args += ["--unit", unit_path]
        args += list(extra)
        self.log = open(os.path.join(self.tmp, "stderr.log"), "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log,
                                     env=dict(os.environ, **(env or {})))
        self.wait_ready()

    def wait_ready(self):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("samteld exited: %s" % open(self.log.name).read())
            try:
                if self.udp(sip_request("OPTIONS", self.port), timeout=0.2):
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("samteld did not answer OPTIONS")

    def udp(self, data, timeout=1.0, source_ip="127.0.0.1"):
        """Sends one datagram; returns the first answer (bytes) or None."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((source_ip, 0))
            s.settimeout(timeout)
            s.sendto(data, ("127.0.0.1", self.port))
            try:
                return s.recvfrom(65536)[0]
            except socket.timeout:
                return None

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode

    def calls(self):
        db = sqlite3.connect(os.path.join(self.state, "calls.db"))
        db.row_factory = sqlite3.Row
        rows = [dict(r) for r in db.execute("SELECT * FROM calls ORDER BY id")]
        for r in rows:
            r["attempts"] = [dict(a) for a in db.execute("SELECT * FROM attempts WHERE call=? ORDER BY seq", (r["id"],))]
        db.close()
        return rows


def scenario(name, **subst):
    """A scenario file, with __KEY__ placeholders filled in."""
    path = os.path.join(SCENARIOS, name)
    if not subst:
        return path
    text = open(path).read()
    for k, v in subst.items():
        text = text.replace("__%s__" % k.upper(), str(v))
    fd, out = tempfile.mkstemp(suffix=".xml", prefix="scenario-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return out


def sipp(scen, port, local_port, service="73553888", transport="u1", timeout=30, extra=()):
    """Runs SIPp as the caller for one call; returns (exit code, message trace)."""
    trace = tempfile.mktemp(prefix="sipp-", suffix=".msg")
    args = ["sipp", "-sf", scen, "-s", service, "127.0.0.1:%d" % port, "-i", "127.0.0.1", "-p", str(local_port),
            "-m", "1", "-t", transport, "-nostdin", "-timeout", "%ds" % timeout, "-timeout_error",
            "-trace_msg", "-message_file", trace] + list(extra)
    rc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout + 15).returncode
    text = open(trace, errors="replace").read() if os.path.exists(trace) else ""
    return rc, text


def sipp_uas(scen, local_port, timeout=60, calls=1, trace=None):
    """Starts SIPp as a consultant's phone (or another SIP peer) in the background, for `calls`
    calls (or transactions); with `trace`, the messages it sent and received go to that file."""
    args = ["sipp", "-sf", scen, "-i", "127.0.0.1", "-p", str(local_port), "-m", str(calls), "-nostdin",
            "-timeout", "%ds" % timeout, "-timeout_error"]
    if trace:
        args += ["-trace_msg", "-message_file", trace]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def received(trace, status):
    """The messages with this status line that SIPp received, as text."""
    parts = re.split(r"-{20,}", trace)
    return [p for p in parts if re.search(r"^SIP/2\.0 %d " % status, p.strip(), re.M) and "received" in p]


def header_values(message, name):
    return [m.group(1).strip() for m in re.finditer(r"^%s:\s*(.*)$" % name, message, re.M | re.I)]


class RedirectTests(unittest.TestCase):
    """The bundled St. Olavs configuration in redirect mode (the default)."""

    port = PORT_BASE

    def start(self, at, unit=None, configs=(ST_OLAVS,), extra=()):
        d = Samteld(self.port, list(configs), at, unit=unit, extra=extra)
        self.addCleanup(d.stop)
        return d

    def test_open_weekday_redirects_to_on_duty_then_backup_then_fallback(self):
        d = self.start("2026-11-24T09:00")  # Tuesday
        rc, trace = sipp(scenario("uac_redirect.xml"), self.port, self.port + 1)
        self.assertEqual(rc, 0, trace)
        [answer] = received(trace, 302)
        self.assertEqual(header_values(answer, "Contact"), [
            "<sip:4105@pbx.stolav.example>;q=1.0",
            "<sip:4111@pbx.stolav.example>;q=0.9",
            "<sip:sentralbord@pbx.stolav.example>;q=0.8"])
        d.stop()
        [call] = d.calls()
        self.assertEqual(call["outcome"], "redirected")
        self.assertEqual(call["line"], "73553888")
        self.assertEqual(call["desk"], "medisin")
        self.assertEqual(call["day_type"], "weekday")
        self.assertEqual(call["arrived_utc"][:16], "2026-11-24T08:00")
        self.assertEqual(call["caller"], "********01")  # last two digits kept by default
        self.assertEqual([(a["role"], a["person"]) for a in call["attempts"]], [("primary", "fjeld"), ("backup", "ruud")])

    def test_holiday_morning_is_closed_with_the_amk_message(self):
        d = self.start("2026-12-25T09:00")  # 1. juledag: holiday hours 10-18
        rc, trace = sipp(scenario("uac_redirect.xml"), self.port, self.port + 1)
        self.assertEqual(rc, 0, trace)
        [answer] = received(trace, 302)
        self.assertEqual(header_values(answer, "Contact"), ["<sip:sentralbord@pbx.stolav.example>;q=1.0"])
        [warning] = header_values(answer, "Warning")
        self.assertIn("AMK 113", warning)
        d.stop()
        [call] = d.calls()
        self.assertEqual((call["outcome"], call["open"], call["day_type"]), ("closed", 0, "holiday"))

    def test_holiday_at_ten_is_open(self):
        d = self.start("2026-12-25T10:00")
        rc, trace = sipp(scenario("uac_redirect.xml"), self.port, self.port + 1)
        self.assertEqual(rc, 0, trace)
        [answer] = received(trace, 302)
        self.assertEqual(len(header_values(answer, "Contact")), 3)

    def test_weekday_night_is_closed(self):
        d = self.start("2026-11-24T23:00")
        rc, trace = sipp(scenario("uac_redirect.xml"), self.port, self.port + 1)
        self.assertEqual(rc, 0, trace)
        [answer] = received(trace, 302)
        self.assertEqual(header_values(answer, "Contact"), ["<sip:sentralbord@pbx.stolav.example>;q=1.0"])
        d.stop()
        self.assertEqual(d.calls()[0]["outcome"], "closed")

    def test_redirect_over_tcp(self):
        self.start("2026-11-24T09:00")
        rc, trace = sipp(scenario("uac_redirect.xml"), self.port, self.port + 1, transport="t1")
        self.assertEqual(rc, 0, trace)
        self.assertEqual(len(received(trace, 302)), 1)

    def test_unknown_number_is_404(self):
        self.start("2026-11-24T09:00")
        rc, trace = sipp(scenario("uac_invite_status.xml", status=404), self.port, self.port + 1, service="12345")
        self.assertEqual(rc, 0, trace)

    def test_options_keepalive(self):
        self.start("2026-11-24T09:00")
        rc, trace = sipp(scenario("uac_options.xml"), self.port, self.port + 1)
        self.assertEqual(rc, 0, trace)
        [ok] = received(trace, 200)
        self.assertIn("INVITE", header_values(ok, "Allow")[0])

    def test_untrusted_source_gets_403(self):
        self.start("2026-11-24T09:00", unit={"trusted": ["127.0.0.1/32"]})
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.2", 0))
            s.settimeout(2)
            s.sendto(sip_request("INVITE", self.port, "73553888"), ("127.0.0.1", self.port))
            answer = s.recvfrom(65536)[0].decode()
        self.assertTrue(answer.startswith("SIP/2.0 403 "), answer)

    def test_retransmitted_invite_gets_the_same_answer_and_one_record(self):
        # Raw sockets: SIPp would take the identical second 302 for a retransmission of the first.
        d = self.start("2026-11-24T09:00")
        invite = sip_request("INVITE", self.port, "73553888", branch="z9hG4bK-rtx-1", call_id="rtx-1@127.0.0.1")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            s.settimeout(2)
            answers = []
            for _ in range(3):
                s.sendto(invite, ("127.0.0.1", self.port))
                answers.append(s.recvfrom(65536)[0].decode())
                time.sleep(0.3)
        self.assertTrue(answers[0].startswith("SIP/2.0 302 "), answers[0])
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[0], answers[2])
        self.assertIn("tag=", header_values(answers[0], "To")[0])
        d.stop()
        self.assertEqual(len(d.calls()), 1)

    def test_rfc3261_edge_answers(self):
        d = self.start("2026-11-24T09:00")

        def status(data):
            answer = d.udp(data)
            return int(answer.split(b" ")[1]) if answer else None

        self.assertEqual(status(sip_request("REGISTER", self.port, "73553888")), 405)
        self.assertEqual(status(sip_request("CANCEL", self.port, "73553888")), 481)
        self.assertEqual(status(sip_request("BYE", self.port, "73553888")), 481)
        self.assertEqual(status(sip_request("INVITE", self.port, "73553888").replace(b"Max-Forwards: 70", b"Max-Forwards: 0")), 483)
        self.assertEqual(status(sip_request("INVITE", self.port, "73553888", extra="Proxy-Require: foo\r\n")), 420)
        self.assertEqual(status(sip_request("FOO", self.port, "73553888")), 501)
        # Answerable but malformed: a CSeq that is not a number.
        self.assertEqual(status(sip_request("INVITE", self.port, "73553888").replace(b"CSeq: 1 INVITE", b"CSeq: x INVITE")), 400)
        # Oversized: a body beyond the 8 KiB limit.
        self.assertEqual(status(sip_request("INVITE", self.port, "73553888", body="v=0\r\n" + "a=x\r\n" * 2000)), 513)
        # Garbage is dropped without an answer, and the daemon goes on.
        for junk in [b"", b"\x00\xff" * 100, b"INVITE\r\n\r\n", b"SIP/2.0 200 OK\r\n\r\n", b"INVITE sip:x SIP/2.0\r\nVia: ???\r\n\r\n"]:
            self.assertIsNone(d.udp(junk, timeout=0.2))
        self.assertTrue(d.alive())
        self.assertEqual(status(sip_request("OPTIONS", self.port)), 200)
        self.assertEqual(d.stop(), 0)

    def test_clock_before_the_floor_goes_to_the_fallback(self):
        # A clock set with --start-at has no floor of its own; the system clock's floor is the build
        # time. --clock-floor gives one here, as an unset system clock would meet it.
        d = self.start("2001-01-02T09:00", extra=["--clock-floor", "2026-01-01T00:00"])
        rc, trace = sipp(scenario("uac_redirect.xml"), self.port, self.port + 1)
        self.assertEqual(rc, 0, trace)
        [answer] = received(trace, 302)
        self.assertEqual(header_values(answer, "Contact"), ["<sip:sentralbord@pbx.stolav.example>;q=1.0"])
        d.stop()
        [call] = d.calls()
        self.assertEqual((call["clock_fault"], call["outcome"]), (1, "fallback"))
        # The reason speaks of the clock, not of service hours it could not know.
        self.assertIn("The unit's clock is unset (it reads 2001-01-02T08:00", call["reason"])
        self.assertNotIn("hours", call["reason"])
        self.assertIn("clock is unset", open(os.path.join(d.state, "samteld.log")).read())

    def test_kill_9_keeps_every_answered_call(self):
        d = self.start("2026-11-24T09:00")
        rc, trace = sipp(scenario("uac_redirect.xml"), self.port, self.port + 1, extra=["-m", "25", "-r", "50"])
        self.assertEqual(rc, 0, trace)
        d.proc.kill()  # SIGKILL: no chance to flush anything
        d.proc.wait()
        self.assertEqual(len(d.calls()), 25)


def proxy_site(tmp, base):
    """A synthetic site whose consultants are SIPp phones on 127.0.0.1."""
    site = {
        "site": {"id": "testsykehus", "name": "Testsykehuset", "zone": "Europe/Oslo"},
        "people": [
            {"id": "primar", "name": "Overlege Primær", "addresses": [{"label": "dect", "uri": "sip:primar@127.0.0.1:%d" % (base + 10)}]},
            {"id": "bakvakt", "name": "Overlege Bakvakt", "addresses": [{"label": "dect", "uri": "sip:bakvakt@127.0.0.1:%d" % (base + 11)}]},
        ],
        "rotas": [{"id": "amm", "name": "AMM", "roles": [
            {"id": "primary", "name": "Vakthavende overlege", "ring_seconds": 5},
            {"id": "backup", "name": "Bakvakt", "ring_seconds": 5}],
            "patterns": [
                {"role": "primary", "from": "2026-01-05", "handover": "08:00", "period_days": 7, "rotation": ["primar"]},
                {"role": "backup", "from": "2026-01-05", "handover": "08:00", "period_days": 7, "rotation": ["bakvakt"]}]}],
        "lines": [{"number": "99001000", "name": "Samhandlingstelefonen (test)",
                   "hours": [{"from": "2026-01-01", "weekday": ["08:00-23:00"], "weekend": ["10:00-18:00"], "holiday": ["10:00-18:00"]}],
                   "closed": {"name": "Sentralbord", "address": "sip:sentralbord@127.0.0.1:%d" % (base + 12), "message": "Stengt. Ring AMK 113 ved akutt behov."},
                   "fallback": {"name": "Sentralbord", "address": "sip:sentralbord@127.0.0.1:%d" % (base + 12), "message": "Ingen svarer. Ring AMK 113 ved akutt behov."},
                   "desks": [{"id": "medisin", "name": "Medisin", "rota": "amm"}]}],
    }
    path = os.path.join(tmp, "site.json")
    with open(path, "w") as f:
        json.dump(site, f, ensure_ascii=False)
    return path


class OperationTests(unittest.TestCase):
    """Reload on SIGHUP, the configuration check, and an orderly stop on SIGTERM."""

    port = PORT_BASE + 200

    def test_sighup_applies_a_good_file_and_rejects_a_bad_one(self):
        tmp = tempfile.mkdtemp(prefix="samteld-reload-")
        site = os.path.join(tmp, "site.json")
        doc = json.load(open(ST_OLAVS))
        with open(site, "w") as f:
            json.dump(doc, f)
        d = Samteld(self.port, [site], "2026-11-24T07:30", tmp=tmp)
        self.addCleanup(d.stop)

        def contacts():
            answer = d.udp(sip_request("INVITE", self.port, "73553888"))
            return header_values(answer.decode(), "Contact")

        self.assertEqual(len(contacts()), 1)  # closed before 08:00
        # A new hours version from 2026-11-01 opens weekdays at 07:00: applied on SIGHUP.
        doc["lines"][0]["hours"].append({"from": "2026-11-01", "weekday": ["07:00-23:00"]})
        with open(site, "w") as f:
            json.dump(doc, f)
        d.proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        self.assertEqual(len(contacts()), 3)
        # A broken file is refused with its errors; the previous schedule keeps routing.
        with open(site, "w") as f:
            f.write('{"site": {"id": "x"}, "lines": [')
        d.proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        self.assertTrue(d.alive())
        self.assertEqual(len(contacts()), 3)
        log = open(os.path.join(d.state, "samteld.log")).read()
        self.assertIn("event=config.rejected", log)
        self.assertIn("event=config.reloaded", log)

    def test_sighup_takes_new_time_zone_rules(self):
        # A tz database of its own (TZDIR): the system's Europe/Oslo and UTC, then, as Debian's
        # tzdata would replace them, rules without summer time from 2027 (version 2099z).
        tmp = tempfile.mkdtemp(prefix="samteld-tz-")
        tzdir = os.path.join(tmp, "zoneinfo")
        os.makedirs(os.path.join(tzdir, "Europe"))
        for name in ("Europe/Oslo", "UTC", "tzdata.zi"):
            shutil.copy(os.path.join("/usr/share/zoneinfo", name), os.path.join(tzdir, name))
        system_version = open(os.path.join(tzdir, "tzdata.zi")).readline().split()[-1]
        # 06:30Z on Monday 2027-04-05: 08:30 in Oslo by today's rules (open from 08:00), 07:30 by
        # the new ones (closed).
        d = Samteld(self.port, [ST_OLAVS], "2027-04-05T06:30:00Z", tmp=tmp, env={"TZDIR": tzdir})
        self.addCleanup(d.stop)

        def contacts():
            answer = d.udp(sip_request("INVITE", self.port, "73553888"))
            return header_values(answer.decode(), "Contact")

        self.assertEqual(len(contacts()), 3)  # open: the consultant, the backup, the fallback
        altered = os.path.join(tmp, "altered")
        source = os.path.join(SOURCE, "tests", "common", "tz", "oslo-without-summer-time.zi")
        subprocess.run([shutil.which("zic") or "/usr/sbin/zic", "-d", altered, source], check=True)
        os.replace(os.path.join(altered, "Europe", "Oslo"), os.path.join(tzdir, "Europe", "Oslo"))
        with open(os.path.join(tzdir, "tzdata.zi"), "w") as f:
            f.write("# version 2099z\n")
        d.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 5
        while len(contacts()) != 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(len(contacts()), 1)  # closed: the closed fallback only
        log = open(os.path.join(d.state, "samteld.log")).read()
        self.assertIn("event=tz.database directory=%s version=%s" % (tzdir, system_version), log)
        self.assertRegex(log, r"level=warning event=tz.rules_changed directory=%s old_version=%s "
                              r"new_version=2099z zones=Europe/Oslo" % (re.escape(tzdir), system_version))

    def test_check_config(self):
        ok = subprocess.run([SAMTELD, "--check-config", ST_OLAVS], capture_output=True, text=True)
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertIn("OK (1 site(s), 1 line(s))", ok.stdout)
        tmp = tempfile.mkdtemp(prefix="samteld-check-")
        bad = os.path.join(tmp, "bad.json")
        doc = json.load(open(ST_OLAVS))
        doc["lines"][0]["desks"][0]["rota"] = "nosuchrota"
        doc["people"][0]["addresses"][0]["uri"] = 42
        with open(bad, "w") as f:
            json.dump(doc, f)
        res = subprocess.run([SAMTELD, "--check-config", bad], capture_output=True, text=True)
        self.assertEqual(res.returncode, 2)
        self.assertIn("/lines/0/desks/0/rota", res.stderr)
        self.assertIn("/people/0/addresses/0/uri", res.stderr)
        self.assertIn("configuration rejected (2 problem(s))", res.stderr)
        usage = subprocess.run([SAMTELD, "--listen"], capture_output=True, text=True)
        self.assertEqual(usage.returncode, 1)
        bad_listen = subprocess.run([SAMTELD, "--config", ST_OLAVS, "--listen", "127.0.0.1:99999",
                                     "--state-dir", tmp], capture_output=True, text=True)
        self.assertEqual(bad_listen.returncode, 2)
        self.assertIn("port must be 1..65535", bad_listen.stderr)
        missing = subprocess.run([SAMTELD, "--config", os.path.join(tmp, "missing.json"), "--state-dir", tmp],
                                 capture_output=True, text=True)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("missing.json: cannot open the file", missing.stderr)
        bad_floor = subprocess.run([SAMTELD, "--config", ST_OLAVS, "--clock-floor", "2026-13-01",
                                    "--state-dir", tmp], capture_output=True, text=True)
        self.assertEqual(bad_floor.returncode, 2)
        self.assertIn("--clock-floor", bad_floor.stderr)


    def test_status_file_says_fault_with_the_clock_then_stopped(self):
        # An unset clock (before --clock-floor, as test_clock_before_the_floor_goes_to_the_fallback).
        d = Samteld(self.port, [ST_OLAVS], "2001-01-02T09:00", extra=["--clock-floor", "2026-01-01T00:00"])
        self.addCleanup(d.stop)
        status = read_status(d)
        self.assertEqual((status["schema"], status["pid"], status["state"]), (1, d.proc.pid, "fault"))
        self.assertRegex(status["started"], r"^2001-01-02T08:00:0\dZ$")
        self.assertRegex(status["version"], r"^\d+\.\d+\.\d+$")
        [fault] = status["faults"]
        self.assertEqual(fault["kind"], "clock")
        self.assertRegex(fault["message"], r"^clock is unset \(2001-01-02T08:00:0\dZ is before 2025-12-31T23:00:00Z\)$")
        self.assertRegex(fault["since"], r"^2001-01-02T08:00:0\dZ$")
        self.assertEqual(d.stop(), 0)
        stopped = read_status(d)
        self.assertEqual((stopped["state"], stopped["pid"], stopped["started"]), ("stopped", d.proc.pid, status["started"]))
        self.assertEqual([f["kind"] for f in stopped["faults"]], ["clock"])  # the faults it stopped with
        self.assertEqual(oct(os.stat(os.path.join(d.state, "status.json")).st_mode & 0o777), "0o644")

    def test_status_file_says_routing_without_a_fault(self):
        d = Samteld(self.port, [ST_OLAVS], "2026-11-24T09:00:00Z")
        self.addCleanup(d.stop)
        status = read_status(d)
        self.assertEqual((status["state"], status["faults"]), ("routing", []))
        self.assertRegex(status["started"], r"^2026-11-24T09:00:0\dZ$")
        self.assertRegex(status["updated"], r"^2026-11-24T09:00:0\dZ$")

    def test_a_status_file_that_cannot_be_written_does_not_stop_routing(self):
        tmp = tempfile.mkdtemp(prefix="samteld-status-")
        os.makedirs(os.path.join(tmp, "state", "status.json"))  # a directory in its way
        d = Samteld(self.port, [ST_OLAVS], "2026-11-24T09:00", tmp=tmp)
        self.addCleanup(d.stop)
        answer = d.udp(sip_request("INVITE", self.port, "73553888"))
        self.assertTrue(answer.startswith(b"SIP/2.0 302 "), answer)
        self.assertEqual(d.stop(), 0)
        log = open(os.path.join(d.state, "samteld.log")).read()
        # Logged once, though the start and the stop both failed to write it.
        self.assertEqual(log.count("event=samteld.status_unwritable"), 1, log)
        self.assertIn("status.json: cannot replace the file: Is a directory", log)
        self.assertEqual(os.listdir(os.path.join(d.state, "status.json")), [])
        self.assertEqual([n for n in os.listdir(d.state) if n.startswith(".status.json")], [])  # no temporary file left


def read_status(d):
    with open(os.path.join(d.state, "status.json")) as f:
        return json.load(f)


class ProxyTests(unittest.TestCase):
    """Proxy mode: the unit rings the consultants (SIPp phones) itself and escalates."""

    base = PORT_BASE + 100

    def start(self, at="2026-11-24T09:00"):
        tmp = tempfile.mkdtemp(prefix="samteld-proxy-")
        site = proxy_site(tmp, self.base)
        d = Samteld(self.base, [site], at, unit={"lines": {"99001000": {"mode": "proxy"}}}, tmp=tmp)
        self.addCleanup(d.stop)
        return d

    def phone(self, name, which):
        p = sipp_uas(scenario(name), self.base + 10 + which)
        self.addCleanup(lambda: p.poll() is None and p.kill())
        time.sleep(0.3)  # let it bind
        return p

    def call(self, name="uac_call.xml", **subst):
        return sipp(scenario(name, **subst), self.base, self.base + 1, service="99001000")

    def test_primary_answers_and_the_log_has_the_duration(self):
        d = self.start()
        primary = self.phone("uas_answer.xml", 0)
        rc, trace = self.call(hold=2000)
        self.assertEqual(rc, 0, trace)
        self.assertEqual(primary.wait(timeout=10), 0)
        d.stop()
        [call] = d.calls()
        self.assertEqual((call["mode"], call["outcome"], call["answered_role"], call["answered_person"]),
                         ("proxy", "answered", "primary", "primar"))
        self.assertIn(call["duration_s"], (2, 3))
        self.assertLess(call["wait_ms"], 2000)
        self.assertEqual([(a["person"], a["result"], a["response"]) for a in call["attempts"]], [("primar", "answered", 200)])

    def test_no_answer_escalates_to_the_backup_after_the_ring_timeout(self):
        d = self.start()
        primary = self.phone("uas_ring.xml", 0)
        backup = self.phone("uas_answer.xml", 1)
        rc, trace = self.call(hold=500)
        self.assertEqual(rc, 0, trace)
        self.assertEqual(primary.wait(timeout=10), 0)
        self.assertEqual(backup.wait(timeout=10), 0)
        d.stop()
        [call] = d.calls()
        self.assertEqual((call["outcome"], call["answered_person"]), ("escalated-answered", "bakvakt"))
        self.assertGreaterEqual(call["wait_ms"], 5000)
        self.assertLess(call["wait_ms"], 8000)
        self.assertEqual([(a["person"], a["result"]) for a in call["attempts"]], [("primar", "no-answer"), ("bakvakt", "answered")])

    def test_busy_moves_on_at_once(self):
        d = self.start()
        primary = self.phone("uas_busy.xml", 0)
        backup = self.phone("uas_answer.xml", 1)
        rc, trace = self.call(hold=200)
        self.assertEqual(rc, 0, trace)
        self.assertEqual(primary.wait(timeout=10), 0)
        d.stop()
        [call] = d.calls()
        self.assertEqual(call["outcome"], "escalated-answered")
        self.assertLess(call["wait_ms"], 4000)
        self.assertEqual([(a["result"], a["response"]) for a in call["attempts"]], [("busy", 486), ("answered", 200)])

    def test_nobody_answers_then_the_fallback(self):
        d = self.start()
        self.phone("uas_busy.xml", 0)
        self.phone("uas_busy.xml", 1)
        rc, trace = self.call("uac_fallback.xml")
        self.assertEqual(rc, 0, trace)
        [answer] = received(trace, 302)
        self.assertIn("sentralbord", header_values(answer, "Contact")[0])
        d.stop()
        [call] = d.calls()
        self.assertEqual(call["outcome"], "fallback")

    def test_caller_cancel_stops_the_ringing(self):
        d = self.start()
        primary = self.phone("uas_ring.xml", 0)
        rc, trace = self.call("uac_cancel.xml")
        self.assertEqual(rc, 0, trace)
        self.assertEqual(primary.wait(timeout=10), 0)  # it got the CANCEL
        d.stop()
        [call] = d.calls()
        self.assertEqual(call["outcome"], "caller-gave-up")

    def test_sigterm_lets_a_call_in_progress_finish(self):
        d = self.start()
        primary = self.phone("uas_answer.xml", 0)
        caller = subprocess.Popen(["sipp", "-sf", scenario("uac_call.xml", hold=3000), "-s", "99001000",
                                   "127.0.0.1:%d" % self.base, "-i", "127.0.0.1", "-p", str(self.base + 1), "-m", "1",
                                   "-nostdin", "-timeout", "30s", "-timeout_error"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.5)  # answered, talking
        d.proc.send_signal(signal.SIGTERM)
        self.assertEqual(caller.wait(timeout=20), 0)  # the BYE still went through the unit
        self.assertEqual(primary.wait(timeout=10), 0)
        self.assertEqual(d.proc.wait(timeout=20), 0)
        [call] = d.calls()
        self.assertEqual(call["outcome"], "answered")
        self.assertIn(call["duration_s"], (2, 3, 4))

    def test_closed_line_in_proxy_mode_goes_to_the_fallback(self):
        d = self.start("2026-11-24T07:00")
        rc, trace = self.call("uac_fallback.xml")
        self.assertEqual(rc, 0, trace)
        d.stop()
        self.assertEqual(d.calls()[0]["outcome"], "closed")


if __name__ == "__main__":
    unittest.main()
