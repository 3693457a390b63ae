#!/usr/bin/env python3
"""Checks schema/site.schema.json against the configuration loader.

1. The schema is a valid draft 2020-12 schema.
2. The bundled examples in docs/examples/ validate.
3. Variants of the St. Olavs example that the loader accepts validate too (comments at any level,
   newest-first hours versions, the other forms of special days, times with offsets).
4. Deliberately broken variants are rejected by the schema.

With --cli PATH, every variant is also loaded by `samtel check`, which must agree: exit 0 for the
accepted ones and 2 for the broken ones. That keeps the schema and the loader from drifting apart.

Usage: check_schema.py SOURCE_DIR [--cli PATH_TO_SAMTEL]
Exit status: 0 all good, 1 a check failed, 77 python3-jsonschema is not installed (test skipped).
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed for " + sys.executable + "; skipping")
    sys.exit(77)

EXAMPLES = ["docs/examples/st-olavs.json", "docs/examples/helse-nord-trondelag.json"]


def first_line(doc):
    return doc["lines"][0]


def amm(doc):
    return doc["rotas"][0]


# Each variant: (description, function that edits a deep copy of the St. Olavs example in place).
def accepted_variants():
    def comments_everywhere(d):
        d["comment"] = "top"
        d["site"]["$comment"] = "site"
        d["people"][0]["comment"] = "person"
        d["people"][0]["addresses"][0]["$comment"] = "address"
        amm(d)["roles"][0]["comment"] = "role"
        amm(d)["patterns"][0]["comment"] = "pattern"
        first_line(d)["hours"][0]["comment"] = "hours version"
        first_line(d)["closed"]["comment"] = "fallback"
        first_line(d)["desks"][0]["comment"] = "desk"
        d["special_days"][0]["$comment"] = "special day"

    def newest_version_first(d):
        first_line(d)["hours"].insert(0, {"from": "2027-03-01", "weekday": ["08:00-22:00"]})

    def special_day_forms(d):
        d["special_days"] += [
            {"name": "Påskeaften", "easter": -1, "hours": ["10:00-15:00"]},
            {"name": "Påskeuka", "easter": [-6, -4], "treat_as": "saturday"},
            {"name": "Romjul", "yearly": ["12-27", "01-02"], "hours": []},
            {"name": "Skuddag", "yearly": "02-29", "treat_as": "weekday"},
            {"name": "Seminar", "date": ["2027-09-01", "2027-09-02"], "hours": ["22:00-02:00"]},
            {"name": "Fagdag", "date": "2028-02-29", "hours": ["00:00-24:00"]},
        ]

    def times_with_offsets(d):
        amm(d)["shifts"].append({"role": "primary", "person": "moe",
                                 "start": "2026-10-25T02:30+02:00", "end": "2026-10-25 08:00:30"})
        amm(d)["overrides"].append({"role": "backup", "person": "lie",
                                    "start": "2027-01-10T06:00Z", "end": "2027-01-10T09:00:00-01:00"})

    def line_zone_and_desk_fallback(d):
        first_line(d)["zone"] = "Europe/Oslo"
        del first_line(d)["fallback"]
        for desk in first_line(d)["desks"]:
            desk["fallback"] = {"name": "Sentralbord", "address": "tel:+4700000000", "message": ""}

    def every_address_scheme(d):
        d["people"][0]["addresses"][0]["uri"] = "sips:4101@pbx.stolav.example"
        d["people"][1]["addresses"][0]["uri"] = "tel:+4790000001"
        first_line(d)["fallback"]["address"] = "tel:+4772573000"

    def ring_seconds_bounds(d):
        amm(d)["roles"][0]["ring_seconds"] = 5
        amm(d)["roles"][1]["ring_seconds"] = 300
        del d["rotas"][1]["roles"][0]["ring_seconds"]

    def maintenance_and_contacts(d):
        d["maintenance_fallback"] = {"name": "Reservelinje", "address": "sip:reserve@pbx.stolav.example"}
        first_line(d)["maintenance_fallback"] = {"name": "Egen reserve", "address": "tel:+4790000000"}
        d["maintenance"] = [
            {"id": "natt", "start": "2026-10-24T22:00", "end": "2026-10-25T06:00", "reason": "Oppgradering"},
            {"id": "dag", "start": "2026-11-02T10:00:30", "end": "2026-11-02T11:00Z", "reason": "Nettverk",
             "lines": [first_line(d)["number"]]}]
        d["notices"] = {"announce_before_hours": 48, "contacts": [
            {"name": "Drift", "email": "drift@hospital.example", "sip": "sips:drift@pbx.example",
             "webhook": "https://alerts.hospital.example/samtel", "tell": ["fault-raised", "maintenance-ended"]},
            {"name": "Leder", "webhook": "http://127.0.0.1:9000/", "tell": ["restarted-after-crash"]}]}

    return [
        ("maintenance windows, maintenance fallbacks and notification contacts", maintenance_and_contacts),
        ("comments at every level", comments_everywhere),
        ("hours versions newest first, the later one restating only weekdays", newest_version_first),
        ("special days by Easter offset, wrapping yearly range, 02-29 and date range", special_day_forms),
        ("roster times with offsets, seconds and a space", times_with_offsets),
        ("line zone, fallbacks on every desk instead of the line", line_zone_and_desk_fallback),
        ("ring_seconds at its bounds and defaulted", ring_seconds_bounds),
        ("addresses with sips: and tel:", every_address_scheme),
    ]


def broken_variants():
    def set_(path, value):
        def edit(d):
            obj = d
            for key in path[:-1]:
                obj = obj[key]
            obj[path[-1]] = value
        return edit

    def delete(path):
        def edit(d):
            obj = d
            for key in path[:-1]:
                obj = obj[key]
            del obj[path[-1]]
        return edit

    def no_line_hours(d):
        del first_line(d)["hours"]  # the desks medisin and kirurgi have none of their own

    def thirty_three_roles(d):
        amm(d)["roles"] = [{"id": "r%d" % i, "name": "Role %d" % i} for i in range(33)]

    def special_day_two_whens(d):
        d["special_days"][0]["date"] = "2026-12-24"

    def special_day_treat_and_hours(d):
        d["special_days"][0]["hours"] = []

    def weekend_and_saturday(d):
        first_line(d)["hours"][0]["saturday"] = ["10:00-14:00"]

    def incomplete_first_version(d):
        del first_line(d)["hours"][0]["holiday"]

    def easter_61(d):
        d["special_days"].append({"name": "Langt etter påske", "easter": 61, "hours": []})

    def swap_three(d):
        amm(d)["swaps"][0]["occurrences"].append("2027-01-04T08:00")

    return [
        ("unknown top-level key", set_(["colour"], "blue")),
        ("caller category not in the list", set_(["callers", 0, "category"], "pharmacy")),
        ("caller with both number and prefix", set_(["callers", 0, "prefix"], "+477300")),
        ("caller with neither number nor prefix", delete(["callers", 0, "number"])),
        ("caller prefix that is only the country code", set_(["callers", 1, "prefix"], "+47")),
        ("caller number with a space", set_(["callers", 0, "number"], "+47 73001000")),
        ("caller without a municipality", delete(["callers", 0, "municipality"])),
        ("unknown key in a desk", set_(["lines", 0, "desks", 0, "phone"], "5100")),
        ("unknown key in a fallback", set_(["lines", 0, "closed", "url"], "x")),
        ("missing 'site'", delete(["site"])),
        ("missing site zone", delete(["site", "zone"])),
        ("bad site id", set_(["site", "id"], "st olavs")),
        ("no lines", set_(["lines"], [])),
        ("a line without desks", set_(["lines", 0, "desks"], [])),
        ("line number with spaces", set_(["lines", 0, "number"], "73 55 38 88")),
        ("line number too long", set_(["lines", 0, "number"], "1234567890123456")),
        ("line number as a number", set_(["lines", 0, "number"], 73553888)),
        ("person without addresses", set_(["people", 0, "addresses"], [])),
        ("empty person name", set_(["people", 0, "name"], "")),
        ("ring_seconds too long", set_(["rotas", 0, "roles", 0, "ring_seconds"], 400)),
        ("ring_seconds too short", set_(["rotas", 0, "roles", 0, "ring_seconds"], 4)),
        ("ring_seconds as a string", set_(["rotas", 0, "roles", 0, "ring_seconds"], "25")),
        ("33 roles", thirty_three_roles),
        ("pattern handover 24:00", set_(["rotas", 0, "patterns", 0, "handover"], "24:00")),
        ("pattern handover without leading zero", set_(["rotas", 0, "patterns", 0, "handover"], "8:00")),
        ("period_days 0", set_(["rotas", 0, "patterns", 0, "period_days"], 0)),
        ("period_days 367", set_(["rotas", 0, "patterns", 0, "period_days"], 367)),
        ("empty rotation", set_(["rotas", 0, "patterns", 0, "rotation"], [])),
        ("month 13", set_(["rotas", 0, "patterns", 0, "from"], "2026-13-05")),
        ("30 February", set_(["rotas", 0, "patterns", 0, "until"], "2027-02-30")),
        ("29 February in a common year", set_(["rotas", 0, "patterns", 0, "until"], "2027-02-29")),
        ("date with slashes", set_(["rotas", 0, "patterns", 0, "from"], "2026/01/05")),
        ("shift start without a time", set_(["rotas", 0, "shifts", 0, "start"], "2026-12-24")),
        ("shift start with seconds out of range", set_(["rotas", 0, "shifts", 0, "start"], "2026-12-24T08:00:60")),
        ("shift end at 24:00", set_(["rotas", 0, "shifts", 0, "end"], "2026-12-24T24:00")),
        ("override with a bad offset", set_(["rotas", 0, "overrides", 0, "start"], "2026-12-02T08:00+2")),
        ("swap with three occurrences", swap_three),
        ("window without leading zeros", set_(["lines", 0, "hours", 0, "weekday"], ["8:00-23:00"])),
        ("window starting and ending at the same time", set_(["lines", 0, "hours", 0, "weekday"], ["08:00-08:00"])),
        ("window starting at 24:00", set_(["lines", 0, "hours", 0, "weekday"], ["24:00-08:00"])),
        ("window minute 60", set_(["lines", 0, "hours", 0, "weekday"], ["08:00-22:60"])),
        ("windows not a list", set_(["lines", 0, "hours", 0, "weekday"], "08:00-23:00")),
        ("the same window twice", set_(["lines", 0, "hours", 0, "weekday"], ["08:00-23:00", "08:00-23:00"])),
        ("'weekend' together with 'saturday'", weekend_and_saturday),
        ("first hours version incomplete", incomplete_first_version),
        ("hours version without 'from'", delete(["lines", 0, "hours", 0, "from"])),
        ("empty hours", set_(["lines", 0, "hours"], [])),
        ("neither line nor desk has hours", no_line_hours),
        ("special day with both 'yearly' and 'date'", special_day_two_whens),
        ("special day with both 'treat_as' and 'hours'", special_day_treat_and_hours),
        ("special day treated as 'special'", set_(["special_days", 0, "treat_as"], "special")),
        ("special day on month-day 02-30", set_(["special_days", 0, "yearly"], "02-30")),
        ("special day Easter offset 61", easter_61),
        ("fallback without address", delete(["lines", 0, "fallback", "address"])),
        ("desk without rota", delete(["lines", 0, "desks", 0, "rota"])),
        ("bad zone name", set_(["site", "zone"], "Europe Oslo")),
        ("line feed in a fallback message", set_(["lines", 0, "closed", "message"], "Stengt.\nRing 113.")),
        ("NUL in a person's name", set_(["people", 0, "name"], "Overlege\u0000Aas")),
        ("tab in a rota name", set_(["rotas", 0, "name"], "AMM\t")),
        ("trailing line feed in a desk name", set_(["lines", 0, "desks", 0, "name"], "Medisin\n")),
        ("trailing line feed in an id", set_(["lines", 0, "desks", 0, "id"], "medisin\n")),
        ("escape in an override reason", set_(["rotas", 0, "overrides", 0, "reason"], "\u001b[2J")),
        ("C1 control in a special day name", set_(["special_days", 0, "name"], "Jul\u0085aften")),
        ("address without a scheme", set_(["people", 0, "addresses", 0, "uri"], "4101")),
        ("address with a space", set_(["people", 0, "addresses", 0, "uri"], "sip:41 01@pbx.example")),
        ("address with an upper-case scheme", set_(["lines", 0, "fallback", "address"], "SIP:x@pbx.example")),
        ("address with nothing after its scheme", set_(["lines", 0, "closed", "address"], "tel:")),
        ("address with a line feed", set_(["lines", 0, "closed", "address"], "sip:x@pbx.example\n")),
        ("maintenance window without a reason", set_(["maintenance"], [
            {"id": "x", "start": "2027-01-12T22:00", "end": "2027-01-13T02:00"}])),
        ("maintenance window with a date only", set_(["maintenance"], [
            {"id": "x", "start": "2027-01-12", "end": "2027-01-13T02:00", "reason": "r"}])),
        ("notice contact with no way to reach it", set_(["notices"], {"contacts": [
            {"name": "Drift", "tell": ["fault-raised"]}]})),
        ("unknown notice kind", set_(["notices"], {"contacts": [
            {"name": "Drift", "email": "d@h.example", "tell": ["fault"]}]})),
        ("webhook that is not HTTP", set_(["notices"], {"contacts": [
            {"name": "Drift", "webhook": "ftp://h.example/x", "tell": ["fault-raised"]}]})),
    ]


def loader_verdict(cli, doc):
    """Exit status of `samtel check` on the document: 0 loaded, 2 rejected."""
    fd, path = tempfile.mkstemp(suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        proc = subprocess.run([cli, "check", "--config", path, "--from", "2026-12-01", "--to", "2026-12-02"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
        return proc.returncode, proc.stdout
    finally:
        os.unlink(path)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 1
    source_dir = args[0]
    cli = None
    if len(args) >= 3 and args[1] == "--cli":
        cli = args[2]

    with open(os.path.join(source_dir, "schema", "site.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []

    docs = {}
    for rel in EXAMPLES:
        with open(os.path.join(source_dir, rel), encoding="utf-8") as f:
            docs[rel] = json.load(f)
        errors = sorted(validator.iter_errors(docs[rel]), key=lambda e: list(e.absolute_path))
        for e in errors:
            failures.append("%s: /%s: %s" % (rel, "/".join(map(str, e.absolute_path)), e.message))
        print("%-45s %s" % (rel, "valid" if not errors else "INVALID"))

    base = docs["docs/examples/st-olavs.json"]
    for name, edit in accepted_variants():
        doc = copy.deepcopy(base)
        edit(doc)
        errors = list(validator.iter_errors(doc))
        verdict = "accepted" if not errors else "REJECTED"
        for e in errors:
            failures.append("variant '%s' should be valid: /%s: %s"
                            % (name, "/".join(map(str, e.absolute_path)), e.message))
        if cli:
            rc, out = loader_verdict(cli, doc)
            verdict += ", loader %s" % ("accepts" if rc == 0 else "REJECTS")
            if rc != 0:
                failures.append("variant '%s': the loader rejects it (exit %d):\n%s" % (name, rc, out))
        print("ok-variant  %-70s %s" % (name, verdict))

    for name, edit in broken_variants():
        doc = copy.deepcopy(base)
        edit(doc)
        errors = list(validator.iter_errors(doc))
        verdict = "rejected" if errors else "ACCEPTED"
        if not errors:
            failures.append("broken variant '%s' passes the schema" % name)
        if cli:
            rc, out = loader_verdict(cli, doc)
            verdict += ", loader %s" % ("rejects" if rc == 2 else "ACCEPTS (exit %d)" % rc)
            if rc != 2:
                failures.append("broken variant '%s': the loader exits %d, expected 2:\n%s" % (name, rc, out))
        print("bad-variant %-70s %s" % (name, verdict))

    if failures:
        print("\n%d failure(s):" % len(failures))
        for f in failures:
            print("  " + f)
        return 1
    print("all schema checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
