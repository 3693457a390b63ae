#!/usr/bin/env python3
"""samteld against hostile peers and failing storage, on 127.0.0.1.

TcpTests: resets after a message, half-closed connections, slow headers, idle connections,
thousands of connections, descriptor exhaustion and bad Content-Length, while SIPp places calls
from a trusted address: no call may fail, the daemon must live and its CPU stay quiet.
StorageTests: a damaged call log at start, and (as root, on a small tmpfs the test mounts) a disk
that fills during calls and then has room again: every answered call must end with its record.
Run by ctest; needs SAMTELD and SAMTEL_SOURCE_DIR like test_samteld.py.
"""
import os
import socket
import sqlite3
import struct
import subprocess
import tempfile
import threading
import time
import unittest

from test_samteld import PORT_BASE, SAMTELD, ST_OLAVS, Samteld, scenario, sip_request

TRUSTED = {"trusted": ["127.0.0.1", "127.0.0.3"]}  # 127.0.0.3 is a trusted peer gone bad
CLK_TCK = os.sysconf("SC_CLK_TCK")


def read(path):
    with open(path) as f:
        return f.read()


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def tcp_options(port, length="0", source="127.0.0.1"):
    return (
        "OPTIONS sip:127.0.0.1:%d SIP/2.0\r\n"
        "Via: SIP/2.0/TCP %s:9;branch=z9hG4bK-h%d\r\n"
        "From: <sip:4790000001@127.0.0.1>;tag=h1\r\n"
        "To: <sip:127.0.0.1>\r\n"
        "Call-ID: hostile-%d@127.0.0.1\r\n"
        "CSeq: 1 OPTIONS\r\n"
        "Max-Forwards: 70\r\n"
        "Content-Length: %s\r\n\r\n" % (port, source, time.monotonic_ns(), time.monotonic_ns(), length)
    ).encode()


def connect(port, source="127.0.0.1", timeout=3.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def reset(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def closed_by_peer(s, within):
    """True if the daemon closes the connection within `within` seconds (EOF or reset)."""
    s.settimeout(within)
    try:
        while True:
            data = s.recv(4096)
            if not data:
                return True
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True


def sipp_load(port, local_port, calls, rate, transport="u1", timeout=120):
    """SIPp as the exchange, placing `calls` redirect calls at `rate` a second. Returns its exit code."""
    args = ["sipp", "-sf", scenario("uac_redirect.xml"), "-s", "73553888", "127.0.0.1:%d" % port,
            "-i", "127.0.0.1", "-p", str(local_port), "-m", str(calls), "-r", str(rate), "-t", transport,
            "-nostdin", "-timeout", "%ds" % timeout, "-timeout_error"]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class TcpTests(unittest.TestCase):
    port = PORT_BASE

    def start(self, unit=None, wrap=()):
        u = dict(TRUSTED)
        u.update(unit or {})
        d = Samteld(self.port, [ST_OLAVS], "2026-11-24T09:00", unit=u, wrap=wrap)
        self.addCleanup(d.stop)
        return d

    def assert_answers_options(self, d, source="127.0.0.1"):
        with connect(self.port, source) as s:
            s.sendall(tcp_options(self.port, source=source))
            self.assertTrue(s.recv(4096).startswith(b"SIP/2.0 200 "))

    def test_resets_after_a_message_from_any_source_do_not_end_the_daemon(self):
        d = self.start()
        for source in ["127.0.0.1", "127.0.0.2", "127.0.0.3"] * 20:
            s = connect(self.port, source)
            s.sendall(tcp_options(self.port, source=source))
            reset(s)
        time.sleep(0.3)
        self.assertTrue(d.alive(), read(d.log.name))
        self.assert_answers_options(d)
        self.assertEqual(d.stop(), 0)

    def test_an_untrusted_source_is_closed_at_accept_without_an_answer(self):
        self.start()
        with connect(self.port, "127.0.0.2") as s:
            try:
                s.sendall(tcp_options(self.port, source="127.0.0.2"))
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.assertTrue(closed_by_peer(s, 2))

    def test_bad_content_length_is_answered_400_before_the_close(self):
        self.start()
        for length, reason in [("-5", b"bad Content-Length"), ("99999999999999999999999", b"bad Content-Length"),
                               ("x", b"bad Content-Length")]:
            with connect(self.port) as s:
                s.sendall(tcp_options(self.port, length=length))
                answer = b""
                while b"\r\n\r\n" not in answer:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
                self.assertTrue(answer.startswith(b"SIP/2.0 400 Bad Request - " + reason), answer)
                self.assertTrue(closed_by_peer(s, 2))
        # Without any Content-Length: the same, naming what is missing.
        with connect(self.port) as s:
            s.sendall(tcp_options(self.port).replace(b"Content-Length: 0\r\n", b""))
            self.assertTrue(s.recv(4096).startswith(b"SIP/2.0 400 Bad Request - missing Content-Length"))
            self.assertTrue(closed_by_peer(s, 2))

    def test_slow_headers_idle_connections_and_keepalives(self):
        self.start({"limits": {"tcp_message_seconds": 1, "tcp_idle_seconds": 5}})
        slow = connect(self.port)
        slow.sendall(b"OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9\r\n")  # and no more
        idle = connect(self.port)
        pinging = connect(self.port)
        started = time.monotonic()
        self.assertTrue(closed_by_peer(slow, 3), "half a header kept open")
        self.assertLess(time.monotonic() - started, 2.5)
        # A CRLFCRLF every 2 s keeps a connection open past the idle time; each gets a CRLF.
        pongs = b""
        for _ in range(4):
            pinging.sendall(b"\r\n\r\n")
            pinging.settimeout(1)
            pongs += pinging.recv(16)
            time.sleep(1)
        self.assertEqual(pongs, b"\r\n" * 4)
        self.assertTrue(closed_by_peer(idle, 5), "an idle connection kept open")
        self.assertGreater(time.monotonic() - started, 4.5)
        pinging.sendall(tcp_options(self.port))
        pinging.settimeout(2)
        self.assertTrue(pinging.recv(4096).startswith(b"SIP/2.0 200 "))
        for s in (slow, idle, pinging):
            s.close()

    def test_caps_in_all_and_per_source(self):
        self.start({"limits": {"tcp_connections": 20, "tcp_connections_per_source": 5}})
        mine = [connect(self.port, "127.0.0.3") for _ in range(5)]
        extra = connect(self.port, "127.0.0.3")
        self.assertTrue(closed_by_peer(extra, 2), "a sixth connection from one source kept")
        for s in mine:  # the five admitted still work
            s.sendall(tcp_options(self.port, source="127.0.0.3"))
            s.settimeout(2)
            self.assertTrue(s.recv(4096).startswith(b"SIP/2.0 200 "))
        others = [connect(self.port, "127.0.0.1") for _ in range(5)]
        for s in others:
            s.sendall(tcp_options(self.port))
            s.settimeout(2)
            s.recv(4096)
        for s in mine + others:
            s.close()

    def test_hostile_tcp_while_calls_are_placed(self):
        """Resets, half-closes, slow and idle connections and a flood of connections from a trusted
        peer gone bad (127.0.0.3) and an untrusted one (127.0.0.2), while SIPp places 400 calls
        from 127.0.0.1: every call answered, the daemon alive, and quiet once the storm is over."""
        d = self.start({"limits": {"tcp_message_seconds": 2, "tcp_idle_seconds": 5}})
        load = sipp_load(self.port, self.port + 1, calls=400, rate=40)
        stop = threading.Event()
        errors = []

        def attacker(kind):
            held = []
            try:
                while not stop.is_set():
                    source = "127.0.0.2" if kind == "untrusted" else "127.0.0.3"
                    try:
                        s = connect(self.port, source, timeout=1)
                    except OSError:
                        time.sleep(0.01)
                        continue
                    try:
                        if kind == "reset":
                            s.sendall(tcp_options(self.port, source=source))
                            reset(s)
                        elif kind == "half-close":
                            s.sendall(tcp_options(self.port, source=source))
                            s.shutdown(socket.SHUT_WR)
                            held.append(s)
                        elif kind in ("slow", "idle"):
                            if kind == "slow":
                                s.sendall(b"INVITE sip:73553888@127.0.0.1 SIP/2.0\r\n")
                            held.append(s)
                            time.sleep(0.05)
                        else:  # flood, and untrusted
                            s.close()
                    except OSError:
                        s.close()
                    if kind == "reset" or kind == "flood" or kind == "untrusted":
                        s.close()
                    if len(held) > 40:
                        for h in held:
                            h.close()
                        held = []
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append("%s: %r" % (kind, e))
            finally:
                for h in held:
                    h.close()

        threads = [threading.Thread(target=attacker, args=(k,), daemon=True)
                   for k in ["reset", "half-close", "slow", "idle", "flood", "flood", "untrusted"]]
        for t in threads:
            t.start()
        try:
            rc = load.wait(timeout=180)
        finally:
            stop.set()
            for t in threads:
                t.join(10)
        self.assertEqual(errors, [])
        self.assertEqual(rc, 0, "SIPp saw failed calls under the storm")
        self.assertTrue(d.alive(), read(d.log.name))
        # Once the attackers are gone the held connections time out; then the daemon is idle.
        time.sleep(6)
        before = cpu_seconds(d.proc.pid)
        time.sleep(3)
        self.assertLess(cpu_seconds(d.proc.pid) - before, 0.3)
        self.assert_answers_options(d)
        self.assertEqual(d.stop(), 0)
        log = read(d.log.name)
        self.assertIn("event=traffic.refused", log)
        self.assertEqual(len([c for c in d.calls() if c["outcome"] == "redirected"]), 400)

    # UBSan's vptr check probes memory through a pipe; with no descriptor left it cannot, and
    # reports a valid virtual call as invalid. The normal build runs this test.
    @unittest.skipIf(os.environ.get("SAMTEL_SANITIZED") == "1", "the sanitizers need descriptors of their own")
    def test_descriptor_exhaustion_backs_off_and_recovers(self):
        """Under a limit of 64 descriptors, 100 connections: accept fails, waits instead of
        spinning, logs it; calls over UDP go on; TCP works again when connections go."""
        d = self.start({"limits": {"tcp_connections": 900, "tcp_connections_per_source": 900}},
                       wrap=["prlimit", "--nofile=64:64"])
        held = []
        for _ in range(100):
            try:
                held.append(connect(self.port, "127.0.0.3", timeout=0.5))
            except OSError:
                break
        time.sleep(1)
        before = cpu_seconds(d.proc.pid)
        time.sleep(3)
        used = cpu_seconds(d.proc.pid) - before
        self.assertLess(used, 0.5, "the accept loop spins when descriptors run out")
        load = sipp_load(self.port, self.port + 1, calls=20, rate=20)
        self.assertEqual(load.wait(timeout=60), 0)
        for s in held:
            s.close()
        time.sleep(1.5)  # the backoff is at most 1 s
        self.assert_answers_options(d)
        self.assertEqual(d.stop(), 0)
        log = read(d.log.name)
        self.assertIn("event=tcp.accept_failed", log)
        # The write-ahead log's descriptor was opened at the start: syncs go on without new ones.
        self.assertNotIn("cannot sync", log)
        self.assertNotIn("runtime error", log)


def can_mount_tmpfs():
    if os.geteuid() != 0:
        return False
    probe = tempfile.mkdtemp(prefix="samtel-mount-")
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe],
                        stderr=subprocess.DEVNULL).returncode == 0
    if ok:
        subprocess.run(["umount", probe])
    os.rmdir(probe)
    return ok


class StorageTests(unittest.TestCase):
    port = PORT_BASE + 100

    def test_a_damaged_call_log_is_moved_aside_and_a_fresh_one_started(self):
        tmp = tempfile.mkdtemp(prefix="samteld-damaged-")
        d = Samteld(self.port, [ST_OLAVS], "2026-11-24T09:00", tmp=tmp)
        load = sipp_load(self.port, self.port + 1, calls=5, rate=50)
        self.assertEqual(load.wait(timeout=60), 0)
        self.assertEqual(d.stop(), 0)
        db = os.path.join(d.state, "calls.db")
        with open(db, "r+b") as f:  # a damaged b-tree page
            f.seek(4096 * 2)
            f.write(b"\xa5" * 16)
        d = Samteld(self.port, [ST_OLAVS], "2026-11-24T09:00", tmp=tmp)
        self.addCleanup(d.stop)
        load = sipp_load(self.port, self.port + 1, calls=3, rate=50)
        self.assertEqual(load.wait(timeout=60), 0)
        self.assertEqual(d.stop(), 0)
        self.assertEqual(len(d.calls()), 3)
        aside = [n for n in os.listdir(d.state) if n.startswith("calls.db.damaged-")]
        self.assertEqual(len(aside), 1, os.listdir(d.state))
        log = read(d.log.name)
        self.assertIn("the call log was damaged; moved to " + os.path.join(d.state, aside[0]), log)

    @unittest.skipUnless(can_mount_tmpfs(), "needs root and tmpfs to fill a disk")
    def test_a_disk_that_fills_during_calls_loses_no_record(self):
        tmp = tempfile.mkdtemp(prefix="samteld-full-")
        state = os.path.join(tmp, "state")
        os.makedirs(state)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", state], check=True)
        self.addCleanup(subprocess.run, ["umount", "-l", state])
        d = Samteld(self.port, [ST_OLAVS], "2026-11-24T09:00", tmp=tmp,
                    unit={"limits": {"max_held_records": 5000}})
        self.addCleanup(d.stop)
        filler = os.path.join(state, "filler")
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)  # the disk fills
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        load = sipp_load(self.port, self.port + 1, calls=300, rate=100)
        self.assertEqual(load.wait(timeout=60), 0, "calls failed while the disk was full")
        log = read(d.log.name)
        self.assertIn("event=call_log.unwritten", log)
        self.assertIn("cannot write the call log", log)
        unwritten = log.count("event=call_log.unwritten")
        os.remove(filler)  # room again: the held records are committed without a new call
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "event=call_log.recovered" not in read(d.log.name):
            time.sleep(0.2)
        self.assertIn("event=call_log.recovered", read(d.log.name))
        self.assertEqual(d.stop(), 0)
        calls = d.calls()
        self.assertEqual(len(calls), 300)
        self.assertEqual(len({c["call_id"] for c in calls}), 300)
        stopped = [l for l in read(d.log.name).splitlines() if "event=samteld.stopped" in l][0]
        self.assertIn("calls_logged=300 ", stopped)
        self.assertIn("logged_late=%d " % unwritten, stopped)
        self.assertIn("journal_only=0 ", stopped)


if __name__ == "__main__":
    unittest.main()
