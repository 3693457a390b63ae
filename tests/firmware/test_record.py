#!/usr/bin/env python3
"""The record the cooperation agreements ask for, end to end, as the collaboration office meets it:
a month of simulated traffic on the bundled St. Olavs example becomes the unit's call log
(`samtel-sim replay --call-log`, `samtel call-log import`); the month's report is printed to PDF
with its charts; a deviation candidate is reviewed and marked filed; and the daily purge, months
later, blanks the callers' numbers past their retention, with the audit trail showing each step.
(The planned maintenance window's notice and its fallback are test_notices.py's.)

Run by ctest; `python3 test_record.py -v` by hand. Needs SAMTELD, SAMTEL_ADMIND, SAMTEL_CLI,
SAMTEL_SIM and SAMTEL_SOURCE_DIR in the environment, and chromium and poppler-utils.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import unittest

import test_unit
from test_unit import UnitTestCase, cli

test_unit.PORT_BASE = int(os.environ.get("SAMTEL_TEST_PORT_BASE", "37060"))
SIM = os.environ.get("SAMTEL_SIM", "")
SOURCE = os.environ["SAMTEL_SOURCE_DIR"]


class RecordTests(UnitTestCase):
    port = test_unit.PORT_BASE

    def admin_json(self, *args):
        run = self.admin(*args)
        self.assertEqual(run.returncode, 0, run.stderr)
        return json.loads(run.stdout)

    def december(self):
        return self.admin_json("statistics", "--site", "st-olavs", "--month", "2026-12",
                               "--format", "json", "--disclosure", "internal")

    def audit_actions(self):
        status, body = self.admind.request("GET", "/api/v1/audit?limit=1000", token=self.token)
        self.assertEqual(status, 200, body)
        return body["entries"]

    def test_a_simulated_month_is_reported_reviewed_and_purged(self):
        # April 2027: December 2026's callers' numbers are past their 90 days, its records are not.
        self.start_unit("2027-04-06T10:00")
        calls_db = os.path.join(self.samteld.state, "calls.db")

        # December 2026 as the simulator routes it, written as samteld's call log would be.
        jsonl = os.path.join(self.tmp, "december.jsonl")
        sim = subprocess.run([SIM, "replay", "--config", os.path.join(SOURCE, "docs/examples/st-olavs.json"),
                              "--scenario", os.path.join(SOURCE, "sim/scenarios/st-olavs.json"),
                              "--from", "2026-12-01", "--to", "2026-12-31", "--call-log", jsonl,
                              "-o", os.path.join(self.tmp, "summary.txt")],
                             capture_output=True, text=True)
        self.assertEqual(sim.returncode, 0, sim.stderr)
        with open(jsonl) as f:
            records = [json.loads(line) for line in f if line.strip()]
        self.assertGreater(len(records), 100)
        with_number = sum(1 for r in records if r["caller"])
        self.assertGreater(with_number, 0)
        imported = cli("call-log", "import", "--log", calls_db, jsonl)
        self.assertEqual(imported.returncode, 0, imported.stderr)

        # The month's statistics count every simulated call; the report prints to PDF.
        stats = self.december()
        self.assertEqual(stats["calls"], len(records))
        pdf = os.path.join(self.tmp, "st-olavs-2026-12.pdf")
        run = self.admin("statistics", "--site", "st-olavs", "--month", "2026-12", "--format", "pdf",
                         "--output", pdf)
        self.assertEqual(run.returncode, 0, run.stderr)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout
        self.assertIn("Call statistics: St. Olavs hospital", text)
        self.assertIn("Period 2026-12 (2026-12-01 to 2026-12-31), compared with 2026-11", text)
        self.assertRegex(text, r"\n\s*Calls\s+%d\s+0\s+\+%d\s*\n" % (len(records), len(records)))
        # Its charts: the printed page is the report's HTML, with one SVG chart per figure.
        html = os.path.join(self.tmp, "report.html")
        run = self.admin("statistics", "--site", "st-olavs", "--month", "2026-12", "--format", "html",
                         "--output", html)
        self.assertEqual(run.returncode, 0, run.stderr)
        with open(html, encoding="utf-8") as f:
            self.assertGreaterEqual(len(re.findall(r"<svg\b", f.read())), 2)

        # The deviation candidates of the month; one is reviewed and marked filed.
        status, found = self.admind.request(
            "GET", "/api/v1/sites/st-olavs/deviations?from=2026-12-01&to=2026-12-31", token=self.token)
        self.assertEqual(status, 200, found)
        self.assertGreater(len(found["deviations"]), 0)
        self.assertTrue(all(d["status"] == "open" for d in found["deviations"]))
        first = found["deviations"][0]
        review = self.admin("deviations", "review", "--site", "st-olavs", "--key", first["key"],
                            "--filed", "AVV-2026-117")
        self.assertEqual(review.returncode, 0, review.stderr)
        status, after = self.admind.request(
            "GET", "/api/v1/sites/st-olavs/deviations?from=2026-12-01&to=2026-12-31&status=filed",
            token=self.token)
        self.assertEqual([d["key"] for d in after["deviations"]], [first["key"]])
        self.assertEqual(after["deviations"][0]["review"]["reference"], "AVV-2026-117")
        self.assertEqual(after["deviations"][0]["review"]["by"], "anna")
        # The statistics count it as filed.
        stats = self.december()
        self.assertEqual(stats["deviations"][first["category"]]["filed"], 1)

        # The daily purge, run now: December's numbers go, its records stay.
        purge = self.admin_json("retention", "run", "--json")
        self.assertEqual(purge["numbers_blanked"], with_number)
        self.assertEqual(purge["calls_deleted"], 0)
        with sqlite3.connect("file:%s?mode=ro" % calls_db, uri=True) as db:
            left = db.execute("SELECT count(*), sum(caller <> '') FROM calls "
                              "WHERE arrived_utc < '2027-01-01'").fetchone()
        self.assertEqual(left, (len(records), 0))

        # The audit trail: the report's reads, the review, the purge with its counts.
        entries = self.audit_actions()
        actions = [e["action"] for e in entries]
        self.assertIn("call_log_read", actions)
        self.assertIn("deviation_reviewed", actions)
        purged = [e for e in entries if e["action"] == "call_log_purged"]
        self.assertEqual(len(purged), 1)
        self.assertEqual(purged[0]["detail"]["numbers_blanked"], with_number)
        self.assertEqual(purged[0]["user"], "anna")


if __name__ == "__main__":
    if not SIM:
        print("SAMTEL_SIM is not set (a build without the simulator); skipping")
        sys.exit(77)
    unittest.main()
