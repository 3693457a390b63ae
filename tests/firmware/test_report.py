#!/usr/bin/env python3
"""The statistics report for the partners, end to end: samteld logs calls to the bundled St. Olavs
example, samtel-admind reports a month of them, and `samtel admin statistics` fetches the report
and prints it to PDF with Debian's headless Chromium; poppler-utils read the PDF back.

Run by ctest; `python3 test_report.py -v` by hand. Needs SAMTELD, SAMTEL_ADMIND, SAMTEL_CLI and
SAMTEL_SOURCE_DIR in the environment, and chromium and poppler-utils (scripts/setup).
"""
import os
import re
import subprocess
import unittest

import test_unit
from test_unit import UnitTestCase

test_unit.PORT_BASE = int(os.environ.get("SAMTEL_TEST_PORT_BASE", "35060"))
CALLS = 6  # more than the shared report withholds (1 to 4 are "<5")


class ReportTests(UnitTestCase):
    port = test_unit.PORT_BASE

    def setUp(self):
        self.start_unit("2027-01-12T10:00")  # a Tuesday, Medisin open
        for _ in range(CALLS):
            self.contacts()
        status, calls = self.admind.request("GET", "/api/v1/calls?from=2027-01-12&to=2027-01-12",
                                            token=self.token)
        self.assertEqual(status, 200, calls)
        self.assertEqual(len(calls["calls"]), CALLS)

    def statistics(self, *args):
        return self.admin("statistics", "--site", "st-olavs", "--month", "2027-01", *args)

    def test_a_months_report_prints_to_a_pdf_with_the_site_and_its_figures(self):
        pdf = os.path.join(self.tmp, "st-olavs-2027-01.pdf")
        run = self.statistics("--format", "pdf", "--output", pdf)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout, "")
        with open(pdf, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
        self.assertGreaterEqual(pages, 1)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout
        self.assertIn("Call statistics: St. Olavs hospital", text)
        self.assertIn("Period 2027-01 (2027-01-01 to 2027-01-31), compared with 2026-12", text)
        # The six calls against none in December.
        self.assertRegex(text, r"\n\s*Calls\s+%d\s+0\s+\+%d\s*\n" % (CALLS, CALLS))
        self.assertNotIn("4790000001", text)  # the caller's number appears nowhere

    def test_the_same_month_as_csv_and_as_the_report(self):
        csv = self.statistics("--format", "csv")
        self.assertEqual(csv.returncode, 0, csv.stderr)
        self.assertIn("\ncalls,,%d,0\n" % CALLS, csv.stdout)  # CRLF read as text
        html = os.path.join(self.tmp, "report.html")
        run = self.statistics("--format", "html", "--output", html)
        self.assertEqual(run.returncode, 0, run.stderr)
        with open(html, encoding="utf-8") as f:
            page = f.read()
        self.assertIn("<h1>Call statistics: St. Olavs hospital</h1>", page)
        self.assertNotIn("<script", page)


if __name__ == "__main__":
    unittest.main()
