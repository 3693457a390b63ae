#!/usr/bin/env python3
"""The web page in a real browser: Debian's Chromium, headless, driven by Selenium through
chromedriver, against the real samtel-admind and samteld on 127.0.0.1 over one schedule store.

A planner signs in, sees who is on duty, covers a shift with the preview in front of them, and a
SIPp call then rings the new person; a viewer sees no controls that would be refused and the API
refuses a forged change; five wrong passwords lock the account; a call that finds nobody on duty
becomes a deviation candidate that a planner marks filed. Screenshots at desktop and phone
widths are kept in $SAMTEL_ARTIFACTS (default: ./web-screenshots under the working directory).

Run by ctest; `python3 test_web.py -v` by hand. Needs SAMTELD, SAMTEL_ADMIND, SAMTEL_CLI and
SAMTEL_SOURCE_DIR in the environment, and chromium, chromium-driver and python3-selenium.
"""
import json
import os
import shutil
import time
import unittest
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

import test_unit
from test_samteld import SOURCE, header_values, received, scenario, sipp
from test_unit import PASSWORD, UnitTestCase, cli

test_unit.PORT_BASE = int(os.environ.get("SAMTEL_TEST_PORT_BASE", "33060"))
WEB_ROOT = os.path.join(SOURCE, "firmware", "web")
ARTIFACTS = os.environ.get("SAMTEL_ARTIFACTS", os.path.join(os.getcwd(), "web-screenshots"))
DESKTOP = (1280, 900)
PHONE = (390, 844)
VIEWER_PASSWORD = "leser-passord-1234"  # synthetic


def starts_at(at):
    """A test whose unit starts at another local time than the class's."""
    def mark(test):
        test.starts_at = at
        return test
    return mark


def chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--lang=nb-NO", "--window-size=%d,%d" % DESKTOP):
        options.add_argument(arg)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


class WebTests(UnitTestCase):
    port = test_unit.PORT_BASE
    at = "2026-12-07T09:00"  # a Monday: Medisin open, Kari Aas on duty (primary), Liv Haug backup

    def admind_extra(self):
        return ["--web-root", WEB_ROOT]

    def setUp(self):
        self.start_unit(getattr(getattr(self, self._testMethodName), "starts_at", self.at))
        added = cli("user", "add", "--store", self.store, "--name", "ola", "--role", "viewer",
                    stdin=VIEWER_PASSWORD + "\n")
        self.assertEqual(added.returncode, 0, added.stderr)
        self.browser = chromium()
        self.addCleanup(self.browser.quit)
        self.wait = WebDriverWait(self.browser, 30)
        os.makedirs(ARTIFACTS, exist_ok=True)

    # -- helpers --------------------------------------------------------------------------------

    def find(self, css):
        return self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def text_of(self, css, contains):
        try:
            self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), contains))
        except TimeoutException:
            shown = self.browser.find_elements(By.CSS_SELECTOR, css)
            self.fail("%s never showed %r; it shows %r" % (css, contains, shown[0].text if shown else None))
        return self.browser.find_element(By.CSS_SELECTOR, css).text

    def screenshot(self, name):
        for label, (w, h) in (("desktop", DESKTOP), ("phone", PHONE)):
            self.browser.set_window_size(w, h)
            time.sleep(0.2)  # let the layout settle at the new width
            path = os.path.join(ARTIFACTS, "%s-%s.png" % (name, label))
            self.assertTrue(self.browser.save_screenshot(path), path)
            self.assertGreater(os.path.getsize(path), 5000, path)
        self.browser.set_window_size(*DESKTOP)

    def sign_in(self, user, password):
        self.browser.get(self.admind.url + "/")
        self.find("#login-user").send_keys(user)
        self.find("#login-password").send_keys(password)
        self.find("#login-submit").click()

    def set_value(self, css, value):
        el = self.find(css)
        self.browser.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", el, value)

    def fetch(self, method, path, body, csrf):
        """A request from the page itself, with its cookie; (status, body)."""
        return self.browser.execute_async_script("""
            const [method, path, body, csrf, done] = arguments;
            const headers = {'Content-Type': 'application/json'};
            if (csrf) headers['X-CSRF-Token'] = csrf;
            fetch(path, {method, headers, body: JSON.stringify(body), credentials: 'same-origin'})
              .then(async (r) => done([r.status, await r.json().catch(() => null)]))
              .catch((e) => done([0, String(e)]));
        """, method, path, body, csrf)

    def first_contact(self, local_port):
        rc, trace = sipp(scenario("uac_redirect.xml"), self.port, local_port)
        self.assertEqual(rc, 0, trace)
        [answer] = received(trace, 302)
        return header_values(answer, "Contact")[0]

    def accessibility_problems(self):
        """Text whose contrast with its background is below WCAG AA (4.5:1, 3:1 for large text),
        and form controls without a label, in what the page shows now."""
        return self.browser.execute_script("""
            const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => {
              const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
              return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
            };
            const background = (el) => {
              for (; el; el = el.parentElement) {
                const c = rgb(getComputedStyle(el).backgroundColor);
                if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
              }
              return [255, 255, 255];
            };
            const problems = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const el = n.parentElement;
              if (!n.textContent.trim() || !el.getClientRects().length) continue;
              if (el.closest('svg, noscript, .skip, option')) continue;
              const style = getComputedStyle(el);
              const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
              const large = size >= 24 || (bold && size >= 18.66);
              const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < (large ? 3 : 4.5)) {
                problems.push(`${ratio.toFixed(2)}: ${n.textContent.trim().slice(0, 40)}`);
              }
            }
            for (const c of document.querySelectorAll('input, select, textarea')) {
              if (c.type === 'hidden') continue;
              const labelled = (c.id && document.querySelector(`label[for="${c.id}"]`)) ||
                c.closest('label') || c.getAttribute('aria-label');
              if (!labelled) problems.push(`no label: ${c.outerHTML.slice(0, 60)}`);
            }
            return problems;""")

    # -- tests ----------------------------------------------------------------------------------

    def test_every_view_passes_wcag_aa_contrast_and_labels_its_fields(self):
        self.sign_in("anna", PASSWORD)
        self.find("#now-medisin")
        self.assertEqual(self.accessibility_problems(), [], "login")
        views = (("week", "#cal-hours"), ("month", "#cal-hours"), ("change", "#form-override"),
                 ("history", "#audit"), ("calls", "#calls-summary"), ("users", "#users"),
                 ("feeds", "#feeds"), ("deviations", "#dev-month"))
        for view, ready in views:
            self.find("#nav-" + view).click()
            self.find(ready)
            self.assertEqual(self.accessibility_problems(), [], view)
        for tab in ("swap", "shift", "import", "special_day", "hours"):
            self.find("#nav-change").click()
            self.find("#tab-" + tab).click()
            self.find("#form-" + tab)
            self.assertEqual(self.accessibility_problems(), [], tab)
        # The language switch, and back.
        self.find("#lang").click()
        self.text_of("#nav-now", "Now")
        self.find("#lang").click()
        self.text_of("#nav-now", "Nå")


    def test_a_planner_covers_a_shift_and_the_next_call_follows_it(self):
        self.assertEqual(self.first_contact(self.port + 5), "<sip:4101@pbx.stolav.example>;q=1.0")  # Aas
        self.sign_in("anna", PASSWORD)
        medisin = self.text_of("#now-medisin", "Overlege Kari Aas")
        self.assertIn("Åpen", medisin)
        self.assertIn("Overlege Liv Haug", medisin)
        self.assertIn("2026-12-07 09:00", self.find("#now-time").text)
        self.assertIn("Innlogget som anna (administrator)", self.find("#signed-in").text)
        self.screenshot("now")

        self.find("#nav-week").click()
        self.text_of("#cal-title", "Uke 50")
        self.assertIn("08:00–23:00", self.find("#cal-hours").text)
        self.screenshot("week")

        self.find("#nav-change").click()
        Select(self.find("#override-rota")).select_by_value("amm")
        Select(self.find("#override-role")).select_by_value("primary")
        Select(self.find("#override-person")).select_by_value("vik")
        self.set_value("#override-start", "2026-12-07T08:00")
        self.set_value("#override-end", "2026-12-08T08:00")
        self.find("#override-reason").send_keys("Kurs")
        self.find("#change-preview").click()
        preview = self.text_of("#preview", "Overlege Hanne Vik")
        self.assertIn("Override: Overlege Hanne Vik takes primary (amm) 2026-12-07 08:00", preview)
        self.assertIn("Overlege Kari Aas", self.find("#preview-text").text)
        changed = self.browser.find_elements(By.CSS_SELECTOR, "#preview-heatmap rect.hm-changed")
        self.assertEqual(len(changed), 14)  # Monday from now (09:00) to 23:00, Medisin and Kirurgi
        self.screenshot("preview")
        self.assertEqual(self.published(), 1)  # nothing published by the preview

        self.find("#change-confirm").click()
        self.text_of("#change-published", "versjon 2")
        self.assertEqual(self.published(), 2)
        self.assertEqual(self.first_contact(self.port + 6), "<sip:4201@pbx.stolav.example>;q=1.0")  # Vik

        self.find("#nav-now").click()
        medisin = self.text_of("#now-medisin", "Overlege Hanne Vik")
        self.assertIn("dekker vakt", medisin)
        self.find("#nav-calls").click()
        self.text_of("#calls-total", "2")  # the call before the change and the one after
        calls = self.find("#calls").text
        self.assertEqual(calls.count("videresendt"), 2, calls)
        self.assertIn("********01", calls)  # the caller's number as the unit keeps it
        self.assertIn("medisin", calls)
        # The call log's retention, run by anna: its entry and the calls view's read are shown in
        # the history with their details.
        status, purged = self.admind.request("POST", "/api/v1/retention/run?dry_run=true", body={},
                                             token=self.token)
        self.assertEqual(status, 200, purged)
        self.find("#nav-history").click()
        audit = self.text_of("#audit", "version_published")
        self.assertIn("/rotas/0/overrides/2: null → ", audit)
        self.assertIn("call_log_read", audit)
        self.assertIn("purpose: view", audit)
        self.assertIn("call_log_purged", audit)
        self.assertIn("numbers_blanked: 0", audit)
        self.assertIn("trigger: on-demand", audit)
        self.screenshot("history")

    def test_the_page_is_used_with_the_keyboard_alone(self):
        self.browser.get(self.admind.url + "/")
        user = self.find("#login-user")
        self.assertEqual(self.browser.switch_to.active_element, user)  # focus starts there
        user.send_keys("anna" + Keys.TAB)
        self.browser.switch_to.active_element.send_keys(PASSWORD + Keys.ENTER)
        self.text_of("#now-medisin", "Overlege Kari Aas")
        # Tab from the top of the page reaches the menu; Enter on a link opens its view.
        self.browser.find_element(By.TAG_NAME, "body").click()
        for _ in range(30):
            self.browser.switch_to.active_element.send_keys(Keys.TAB)
            if self.browser.switch_to.active_element.get_attribute("id") == "nav-week":
                break
        self.assertEqual(self.browser.switch_to.active_element.get_attribute("id"), "nav-week")
        self.browser.switch_to.active_element.send_keys(Keys.ENTER)
        self.text_of("#cal-title", "Uke 50")
        outline = self.browser.execute_script(
            "const b = document.getElementById('cal-next'); b.focus();"
            "return getComputedStyle(b).outlineStyle;")
        self.assertNotEqual(outline, "none")  # a focused control is visible

    def test_a_csv_roster_for_next_month_imports_with_a_preview(self):
        self.sign_in("anna", PASSWORD)
        self.find("#now-medisin")
        bad = os.path.join(self.tmp, "januar-feil.csv")
        with open(bad, "w") as f:
            f.write("dato;fra;til;rolle;lege\n04.01.2027;08:00;08:00;primary;mo\n"
                    "05.01.2027;08:00;08:00;overlege;nes\n")
        good = os.path.join(self.tmp, "januar.csv")
        with open(good, "w") as f:
            f.write("dato;fra;til;rolle;lege;merknad\n04.01.2027;08:00;08:00;primary;moe;\n"
                    "05.01.2027;08:00;08:00;primary;nes;Bytte\n")
        self.find("#nav-change").click()
        self.find("#tab-import").click()
        Select(self.find("#import-rota")).select_by_value("amm")
        self.find("#import-file").send_keys(bad)
        self.find("#change-preview").click()
        problems = self.text_of("#import-problems", "person")
        self.assertIn("2: ", problems)
        self.assertIn("3: ", problems)
        self.assertIn("Filen har 2 feil; ingenting er importert", self.find("#change-error").text)
        self.assertEqual(self.published(), 1)

        self.find("#import-file").clear()
        self.find("#import-file").send_keys(good)
        self.find("#change-preview").click()
        preview = self.text_of("#preview", "Roster imported from januar.csv: 2 shift(s) in amm")
        self.assertIn("2 vakter", preview)
        self.assertIn("Overlege Anne Moe", self.find("#preview-text").text)
        self.screenshot("import-preview")
        self.find("#change-confirm").click()
        self.text_of("#change-published", "versjon 2")
        self.assertEqual(self.published(), 2)
        status, who = self.admind.request("GET", "/api/v1/who?at=2027-01-04T12:00", token=self.token)
        self.assertEqual(status, 200, who)
        self.assertEqual(who["desks"][0]["roles"][0]["name"], "Overlege Anne Moe")

    def test_a_duty_calendar_is_made_subscribed_to_and_revoked(self):
        self.sign_in("anna", PASSWORD)
        self.find("#now-medisin")
        self.find("#nav-feeds").click()
        Select(self.find("#feed-subject")).select_by_value("person:vik")
        self.find("#feed-create").click()
        url = self.find("#feed-url").get_attribute("value")
        self.assertRegex(url, r"^http://127\.0\.0\.1:\d+/feeds/[0-9a-f]{64}\.ics$")
        with urllib.request.urlopen(url, timeout=10) as r:  # as a phone's calendar would, no account
            self.assertEqual(r.headers["Content-Type"], "text/calendar; charset=utf-8")
            ics = r.read().decode()
        self.assertTrue(ics.startswith("BEGIN:VCALENDAR\r\n"), ics[:80])
        self.assertIn("BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo", ics)
        self.assertIn("DTSTART;TZID=Europe/Oslo:20261207T080000", ics)
        feeds = self.text_of("#feeds", "vik")
        self.assertIn("i bruk", feeds)
        self.screenshot("feeds")
        self.find("#revoke-1").click()
        self.text_of("#feeds", "trukket tilbake av anna")
        with self.assertRaises(urllib.error.HTTPError) as gone:
            urllib.request.urlopen(url, timeout=10)
        self.assertEqual(gone.exception.code, 404)

    def test_a_unit_that_stopped_routing_stands_out_on_now(self):
        self.sign_in("ola", VIEWER_PASSWORD)
        self.text_of("#now-medisin", "Overlege Kari Aas")
        self.assertEqual(self.browser.find_elements(By.CSS_SELECTOR, "#unit-state"), [])  # routing
        self.samteld.stop()
        self.browser.refresh()
        banner = self.text_of("#unit-state", "Rutingen (samteld) kjører ikke")
        self.assertIn("samteld stopped at", banner)
        self.assertEqual(self.find("#unit-state").get_attribute("role"), "alert")
        self.screenshot("unit-stopped")

    def test_the_printable_statistics_report_opens_from_calls(self):
        self.sign_in("ola", VIEWER_PASSWORD)
        self.find("#now-medisin")
        self.find("#nav-calls").click()
        self.assertEqual(self.find("#statistics-period").get_attribute("value"), "2026-11")
        self.find("#statistics-report").click()
        self.text_of("h1", "Call statistics: St. Olavs hospital")

    def test_a_refusal_is_shown_next_to_the_field_it_concerns(self):
        self.sign_in("anna", PASSWORD)
        self.find("#now-medisin")
        self.find("#nav-change").click()
        Select(self.find("#override-person")).select_by_value("vik")
        self.set_value("#override-start", "2026-12-08T08:00")
        self.set_value("#override-end", "2026-12-07T08:00")
        self.find("#override-reason").send_keys("Kurs")
        self.find("#change-preview").click()
        message = self.text_of("#override-end-error", "before or when it starts")
        self.assertIn("/rotas/0/overrides/2/end", message)
        self.assertEqual(self.find("#override-end").get_attribute("aria-invalid"), "true")
        self.assertEqual(self.browser.find_elements(By.CSS_SELECTOR, "#preview"), [])

    def test_a_viewer_sees_no_edit_controls_and_a_forged_change_is_refused(self):
        self.sign_in("ola", VIEWER_PASSWORD)
        self.text_of("#now-medisin", "Overlege Kari Aas")
        nav = self.find("nav").text
        for shown in ("Nå", "Uke", "Måned", "Historikk", "Samtaler"):
            self.assertIn(shown, nav)
        self.assertEqual(
            self.browser.find_elements(By.CSS_SELECTOR, "#nav-change, #nav-users, #nav-deviations"), [])
        self.browser.get(self.admind.url + "/#/change")  # typed by hand: the page shows Now instead
        self.find("#now-medisin")
        self.find("#nav-history").click()
        self.find("#versions")
        self.assertEqual(self.browser.find_elements(By.CSS_SELECTOR, "button.undo, #audit"), [])
        self.screenshot("viewer")

        change = {"base": 1, "change": {"kind": "override_add", "rota": "amm", "role": "primary",
                                        "person": "vik", "start": "2026-12-07T08:00",
                                        "end": "2026-12-08T08:00", "reason": "Kurs"}}
        status, body = self.fetch("POST", "/api/v1/sites/st-olavs/changes", change, None)
        self.assertEqual(status, 403, body)
        self.assertIn("CSRF token", body["error"]["message"])
        csrf = self.browser.execute_async_script("""
            const done = arguments[0];
            fetch('/api/v1/session').then((r) => r.json()).then((s) => done(s.csrf));""")
        status, body = self.fetch("POST", "/api/v1/sites/st-olavs/changes", change, csrf)
        self.assertEqual(status, 403, body)
        self.assertEqual(body["error"]["message"], "this needs the role scheduler; 'ola' has the role viewer")
        self.assertEqual(self.published(), 1)

    def test_five_wrong_passwords_lock_the_account_for_a_while(self):
        self.browser.get(self.admind.url + "/")
        user = self.find("#login-user")
        user.send_keys("ola")
        for attempt in range(5):
            password = self.find("#login-password")
            password.clear()
            password.send_keys("feil-passord-%d" % attempt)
            self.find("#login-submit").click()
            # The fifth failure locks the account, and the answer says so at once.
            self.text_of("#login-message", "Ukjent bruker eller feil passord." if attempt < 4
                         else "For mange mislykkede forsøk. Prøv igjen om 60 sekunder.")
            self.browser.execute_script("document.getElementById('login-message').textContent = ''")
            time.sleep(1.1 if attempt == 3 else 0)  # after 3 failures this address waits 1 s
        password = self.find("#login-password")
        password.clear()
        password.send_keys(VIEWER_PASSWORD)
        self.find("#login-submit").click()
        self.text_of("#login-message", "For mange mislykkede forsøk")
        self.assertEqual(self.browser.find_elements(By.CSS_SELECTOR, "#now-medisin"), [])
        status, body = self.admind.request("GET", "/api/v1/users", token=self.token)
        self.assertEqual(status, 200, body)
        [ola] = [u for u in body["users"] if u["name"] == "ola"]
        self.assertIsNotNone(ola["locked_until"])
        self.assertEqual(ola["failures"], 5)

    @starts_at("2028-01-04T09:00")  # a Tuesday, open, after the rotas' patterns end: nobody on duty
    def test_a_call_that_finds_nobody_on_duty_is_a_candidate_a_planner_marks_filed(self):
        contact = self.first_contact(self.port + 5)
        self.assertEqual(contact, "<sip:sentralbord@pbx.stolav.example>;q=1.0")  # the fallback
        self.sign_in("anna", PASSWORD)
        self.find("#now-medisin")
        self.find("#nav-deviations").click()
        self.assertEqual(self.find("#dev-month").get_attribute("value"), "2028-01")  # the unit's month
        card = self.text_of("#dev-0", "Ingen på vakt i åpningstiden")
        self.assertIn("høy", card)
        self.assertIn("1 call to 73553888 (medisin) while open found nobody on duty", card)
        self.assertIn("tir. 4. jan. 09:00", card)
        self.assertIn("#1 09:00 (til reserve)", card)  # the call by its log id, not its caller
        self.assertEqual(self.find("#dev-0-status").text, "åpen")
        self.assertTrue(self.find("#dev-0").get_attribute("data-key").startswith("coverage_gap:"))
        self.assertEqual(len(self.browser.find_elements(By.CSS_SELECTOR, "#deviations > li")), 1)
        self.assertEqual(self.accessibility_problems(), [])
        self.screenshot("deviations")

        # An empty reference is refused by the service, next to the field; nothing is decided.
        self.find("#dev-0-decide").click()
        self.text_of("#dev-0-note-error", "must not be empty")
        self.assertEqual(self.find("#dev-0-note").get_attribute("aria-invalid"), "true")
        self.assertEqual(self.find("#dev-0-status").text, "åpen")

        Select(self.find("#dev-0-decision")).select_by_value("filed")
        self.find("#dev-0-note").send_keys("AVVIK-2028-0042")
        self.find("#dev-0-decide").click()
        self.text_of("#dev-decided", "Beslutningen er lagret: meldt.")
        self.assertEqual(self.find("#dev-0-status").text, "meldt")
        self.assertIn("AVVIK-2028-0042 – anna", self.find("#dev-0-review").text)
        # The filter by status: the candidate is filed now, not open.
        Select(self.find("#dev-status")).select_by_value("open")
        self.text_of("#dev-none", "Ingen avvikskandidater")
        Select(self.find("#dev-status")).select_by_value("filed")
        self.text_of("#dev-0", "AVVIK-2028-0042")

        self.find("#nav-history").click()
        self.text_of("#audit", "deviation_reviewed")


if __name__ == "__main__":
    unittest.main()
