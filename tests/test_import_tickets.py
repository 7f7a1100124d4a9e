"""``import-tickets``: Jira and ServiceNow CSV exports (and a mapping of one's own) into the
operations registers of a copy of a workbook. Real files throughout: CSVs written here, the
valid workbook of tests/checkdata.py, read back with openpyxl and with the check pipeline."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.spec.contract import load_contract
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms
from fitsm_audit.workbook.tickets_mapping import MappingError, load_mapping
from tests.checkdata import AS_OF, DATA, FIELDS

INCIDENTS = "Incidents & Service Requests"
OPERATIONS = {s.name for s in load_contract().sheets_of("operations")}
BIG_ROWS = 100_000
BIG_SECONDS = 60
BIG_PEAK_MB = 250

JIRA = (
    "Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Reporter,Created,Updated,Resolved,"
    "Custom field (Change type),Custom field (Change risk)\n"
    '"Oven down\nat the depot, again",SD-101,10101,Incident,Resolved,Highest,Bob Manager,Ann Owner,'
    "03/Nov/26 2:15 PM,04/Nov/26 9:00 AM,04/Nov/26 8:59 AM,,\n"
    "=HYPERLINK(\"http://x\"),SD-102,10102,Service Request,Waiting for support,Medium,ann@example.org,,"
    "2026-11-05T10:00:00Z,,,,\n"
    "New oven firmware,SD-103,10103,Change,Awaiting implementation,Low,,,05/Nov/26 11:00 AM,,,Normal,Critical\n"
    "Ovens overheat,SD-104,10104,Problem,Under investigation,,Bob Manager,,06/Nov/26 1:00 PM,,,,\n"
)

SERVICENOW = (
    "number;opened_at;short_description;caller_id;priority;state;assigned_to;resolved_at;closed_at;"
    "type;risk;close_code;work_end;known_error;workaround;cause_notes\n"
    "INC0010001;2026-11-03 14:15:00;Login fails;Ann Owner;1 - Critical;Closed;Bob Manager;"
    "2026-11-03 16:00:00;2026-11-04 08:00:00;;;;;;;\n"
    "RITM0010002;2026-11-06T08:30:00;New laptop;Ann Owner;4 - Low;Work in Progress;bob@example.org;;;;;;;;;\n"
    "CHG0030003;2026-11-07 09:00:00;Patch the database;;3 - Moderate;Review;Ann Owner;;;Standard;Moderate;"
    "Successful;2026-11-08 22:00:00;;;\n"
    "PRB0040004;2026-11-09 10:00:00;Logins fail at peak;;2 - High;Fix in Progress;Bob Manager;;;;;;;true;"
    '"Restart the\nidentity service";Connection pool too small\n'
)

CUSTOM = """
name: Our help desk
route:
  column: Ticket type
  values:
    Incident: {register: Incidents & Service Requests, set: {type: incident}}
    Request: {register: Incidents & Service Requests, set: {type: service request}}
  prefixes:
    Change: {register: Changes}
dates: ["%d.%m.%Y %H:%M", "%d.%m.%Y"]
values:
  priority: {P1: critical, P2: high, P3: medium, P4: low}
registers:
  Incidents & Service Requests:
    columns: {id: Ticket, summary: Subject, priority: Priority, status: State, assignee: Agent,
              opened: Created at, resolved: Solved at, service: Service, major: Major}
    values:
      status: {Open: new, Pending: on hold, Solved: resolved, Closed: closed}
    defaults: {priority: medium}
  Changes:
    columns: {id: Ticket, summary: Subject, type: Kind, status: State, requested: Created at, items: Service}
"""

CUSTOM_CSV = (
    "Ticket,Ticket type,Subject,Priority,State,Agent,Created at,Solved at,Service,Major,Kind\n"
    "HD-1,Incident,Pizza cold,P1,Solved,PER-001,01.11.2026 10:00,01.11.2026,SVC-001,true,\n"
    "HD-2,Request,Extra cheese,,Open,Bob Manager,02.11.2026,,SVC-999,no,\n"
    "CHG-7,Change request,New oven,,requested,,03.11.2026,,SVC-001,,emergency\n"
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_guarded(cli, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tickets") / "valid.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(path)
    return path


def write(path: Path, text: str, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def import_args(export: Path, workbook: Path, out: Path, mapping: str, *extra: str) -> list[str]:
    return ["import-tickets", str(export), str(workbook), "-o", str(out), "--mapping", mapping, *extra]


def rows_of(path: Path, sheet: str) -> dict[str, dict[str, Any]]:
    """ID -> {header: value} of a register, read back with openpyxl."""
    ws = openpyxl.load_workbook(path)[sheet]
    header = [str(c.value).rstrip(" *") for c in ws[1]]
    out: dict[str, dict[str, Any]] = {}
    for row in ws.iter_rows(min_row=2):
        if row[0].value is not None:
            assert row[0].value not in out, f"{row[0].value} twice on {sheet}"
            out[row[0].value] = {h: c for h, c in zip(header, row, strict=False)}
    return out


def check_errors(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """The errors check finds on the registers tickets go to (the rest of the workbook is not
    the import's doing)."""
    code, out, err = run(["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"], capsys)
    assert code in (0, 1), err
    return [f for f in json.loads(out)["findings"] if f["severity"] == "error" and f["sheet"] in OPERATIONS]


def test_jira_export_lands_in_the_registers_and_checks_clean(
    valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write(tmp_path / "jira.csv", JIRA, bom=True)
    before = digest(export), digest(valid)
    out = tmp_path / "new.xlsx"
    code, stdout, err = run(import_args(export, valid, out, "jira"), capsys)
    assert code == 0, (stdout, err)
    assert stdout == ""
    assert f"wrote {out}: 4 rows read" in err and "Incidents & Service Requests 2 added" in err
    assert (digest(export), digest(valid)) == before  # the inputs are only read
    tickets = rows_of(out, INCIDENTS)
    assert set(tickets) == {"INC-001", "SD-101", "SD-102"}  # the workbook's own row is kept
    sd101 = tickets["SD-101"]
    assert sd101["Type"].value == "incident" and sd101["Priority"].value == "critical"
    assert sd101["Summary"].value == "Oven down\nat the depot, again"
    assert sd101["Opened"].value == dt.datetime(2026, 11, 3) and sd101["Opened"].is_date
    assert sd101["Resolved"].value == dt.datetime(2026, 11, 4)
    assert sd101["Status"].value == "resolved" and sd101["Assignee"].value == "PER-002"
    sd102 = tickets["SD-102"]
    assert sd102["Summary"].value == '=HYPERLINK("http://x")' and sd102["Summary"].data_type == "s"
    assert sd102["Summary"].quotePrefix  # text, never a formula
    assert sd102["Type"].value == "service request" and sd102["Assignee"].value == "PER-001"
    assert sd102["Status"].value == "new" and sd102["Opened"].value == dt.datetime(2026, 11, 5)
    change = rows_of(out, "Changes")["SD-103"]
    assert (change["Type"].value, change["Risk"].value, change["Status"].value) == ("normal", "high", "approved")
    problem = rows_of(out, "Problems")["SD-104"]
    assert (problem["Status"].value, problem["Owner"].value) == ("under investigation", "PER-002")
    table = openpyxl.load_workbook(out)[INCIDENTS].tables
    assert next(iter(table.values())).ref == "A1:Q4"  # the table spans the new rows
    result = read_sms([str(out)], AS_OF)
    records = {r["id"]: r for r in result.dataset.rows(INCIDENTS)}
    assert records["SD-101"]["opened"] == dt.date(2026, 11, 3) and records["SD-101"]["resolved"] == dt.date(2026, 11, 4)
    assert records["SD-102"]["summary"] == '=HYPERLINK("http://x")' and records["SD-101"]["assignee"] == "PER-002"
    assert {r["id"] for r in result.dataset.rows("Changes")} == {"CHG-001", "SD-103"}
    assert not [f for f in result.findings if f.severity == "error" and f.sheet in OPERATIONS]
    assert check_errors(out, capsys) == []


def test_servicenow_export_semicolons_and_iso_dates(
    valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write(tmp_path / "incident.csv", SERVICENOW)
    out = tmp_path / "new.xlsx"
    code, stdout, err = run(import_args(export, valid, out, "servicenow"), capsys)
    assert code == 0, (stdout, err)
    tickets = rows_of(out, INCIDENTS)
    inc = tickets["INC0010001"]
    assert (inc["Type"].value, inc["Priority"].value, inc["Status"].value) == ("incident", "critical", "closed")
    assert inc["Closed"].value == dt.datetime(2026, 11, 4) and inc["Assignee"].value == "PER-002"
    ritm = tickets["RITM0010002"]
    assert (ritm["Type"].value, ritm["Status"].value, ritm["Assignee"].value) == ("service request", "in progress", "PER-002")
    change = rows_of(out, "Changes")["CHG0030003"]
    assert (change["Type"].value, change["Risk"].value, change["Outcome"].value) == ("standard", "medium", "successful")
    assert change["Implemented on"].value == dt.datetime(2026, 11, 8) and change["Status"].value == "implemented"
    problem = rows_of(out, "Problems")["PRB0040004"]
    assert (problem["Status"].value, problem["Known error"].value) == ("known error", "yes")
    assert problem["Workaround"].value == "Restart the\nidentity service"
    assert problem["Root cause"].value == "Connection pool too small"
    assert check_errors(out, capsys) == []


def test_a_mapping_of_ones_own(valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = write(tmp_path / "helpdesk.yaml", CUSTOM)
    export = write(tmp_path / "helpdesk.csv", CUSTOM_CSV)
    out = tmp_path / "new.xlsx"
    code, stdout, err = run(import_args(export, valid, out, str(mapping)), capsys)
    assert code == 1, (stdout, err)  # SVC-999 resolves to nothing: left blank and listed
    assert stdout.splitlines() == [f'{export}:3 "Service": "SVC-999" matches no ID on Services; left blank']
    tickets = rows_of(out, INCIDENTS)
    assert tickets["HD-1"]["Priority"].value == "critical" and tickets["HD-1"]["Major"].value == "yes"
    assert tickets["HD-1"]["Service"].value == "SVC-001" and tickets["HD-1"]["Assignee"].value == "PER-001"
    assert tickets["HD-2"]["Priority"].value == "medium"  # the default
    assert tickets["HD-2"]["Service"].value is None and tickets["HD-2"]["Type"].value == "service request"
    change = rows_of(out, "Changes")["CHG-7"]  # routed by its prefix
    assert (change["Type"].value, change["Items"].value) == ("emergency", "SVC-001")
    assert check_errors(out, capsys) == []


def test_bad_rows_are_listed_with_line_and_column_and_the_rest_imported(
    valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = JIRA.splitlines()
    bad = [
        "Bad date,SD-201,1,Incident,Open,High,,,31/31/26,,,,",
        "No key,,1,Incident,Open,High,,,03/Nov/26 2:15 PM,,,,",
        "Odd status,SD-203,1,Incident,Triage,High,,,03/Nov/26 2:15 PM,,,,",
        "Odd priority,SD-204,1,Incident,Open,Urgent!,,,03/Nov/26 2:15 PM,,,,",
        "Epic,SD-205,1,Epic,Open,High,,,03/Nov/26 2:15 PM,,,,",
        "Bad key,sd 206,1,Incident,Open,High,,,03/Nov/26 2:15 PM,,,,",
        "Stranger,SD-207,1,Incident,Open,High,Carl Nobody,,03/Nov/26 2:15 PM,,,,",
        "Stranger again,SD-208,1,Incident,Open,High,Carl Nobody,,03/Nov/26 2:15 PM,,,,",
        "Backwards,SD-209,1,Incident,Resolved,High,,,05/Nov/26 2:15 PM,,03/Nov/26 9:00 AM,,",
    ]
    export = write(tmp_path / "export.csv", "\n".join([*lines, *bad]) + "\n")
    out = tmp_path / "new.xlsx"
    code, stdout, err = run(import_args(export, valid, out, "jira"), capsys)
    assert code == 1, err
    listed = stdout.splitlines()
    first = 7  # the header is line 1 and the first ticket spans lines 2-3
    assert listed[0].startswith(f'{export}:{first} "Created": "31/31/26" is not a date in any of the mapping')
    assert listed[1] == f'{export}:{first + 1} "Issue key" is empty; Incidents & Service Requests needs ID on every row'
    assert listed[2].startswith(f'{export}:{first + 2} "Status": "Triage" is not a status the mapping knows')
    assert listed[3].startswith(f'{export}:{first + 3} "Priority": "Urgent!" is not a priority')
    assert listed[4].startswith(f'{export}:{first + 4} "Issue Type": "Epic" does not say which register')
    assert listed[5].startswith(f'{export}:{first + 5} "Issue key": "sd 206" is not an ID')
    assert listed[6] == (f'{export}:{first + 6} "Assignee": "Carl Nobody" matches no name, e-mail or ID on People '
                         "and is no e-mail address; left blank (and 1 more rows)")  # fmt: skip
    assert listed[7] == f'{export}:{first + 8} "Resolved": "2026-11-03" is before "Created" (2026-11-05)'
    assert len(listed) == 8
    assert "7 rows not imported" in err
    tickets = rows_of(out, INCIDENTS)
    assert {"SD-101", "SD-102", "SD-207", "SD-208"} <= set(tickets) and "SD-201" not in tickets
    assert tickets["SD-207"]["Assignee"].value is None
    assert check_errors(out, capsys) == []


def test_reimport_updates_in_place(valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = write(tmp_path / "jira.csv", JIRA)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert run(import_args(export, valid, first, "jira"), capsys)[0] == 0
    later = write(tmp_path / "later.csv", JIRA.replace("Waiting for support,Medium", "Closed,High")
                  + "Another,SD-105,10105,Incident,Open,Low,,,07/Nov/26 9:00 AM,,,,\n")  # fmt: skip
    code, _out, err = run(import_args(later, first, second, "jira"), capsys)
    assert code == 0, err
    assert "Incidents & Service Requests 1 added, 2 updated" in err
    before, after = rows_of(first, INCIDENTS), rows_of(second, INCIDENTS)
    assert list(after) == [*before, "SD-105"]  # no duplicates, the new one at the end
    assert (after["SD-102"]["Status"].value, after["SD-102"]["Priority"].value) == ("closed", "high")
    assert len(rows_of(second, "Changes")) == len(rows_of(first, "Changes"))
    twice = write(tmp_path / "twice.csv", JIRA + JIRA.splitlines()[3].replace("Medium", "Low") + "\n")
    third = tmp_path / "third.xlsx"
    assert run(import_args(twice, valid, third, "jira"), capsys)[0] == 0
    assert rows_of(third, INCIDENTS)["SD-102"]["Priority"].value == "low"  # an ID listed twice: the last wins
    assert check_errors(second, capsys) == []


def test_output_rules(valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = write(tmp_path / "jira.csv", JIRA)
    out = tmp_path / "new.xlsx"
    out.write_bytes(b"keep me")
    code, _o, err = run(import_args(export, valid, out, "jira"), capsys)
    assert code == 2 and "already exists; use --force" in err and out.read_bytes() == b"keep me"
    assert run(import_args(export, valid, out, "jira", "--force"), capsys)[0] == 0
    assert "SD-101" in rows_of(out, INCIDENTS)
    code, _o, err = run(import_args(export, valid, valid, "jira", "--force"), capsys)
    assert code == 2 and "refusing to write into an input" in err
    code, _o, err = run(import_args(export, valid, tmp_path / "new.ods", "jira"), capsys)
    assert code == 2 and "ending in .xlsx" in err
    mapping = write(tmp_path / "mine.yaml", CUSTOM)
    code, _o, err = run(import_args(export, valid, mapping, str(mapping), "--force"), capsys)
    assert code == 2 and "refusing to write into an input" in err and mapping.read_text() == CUSTOM
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("book.csv", "xlsx", "is a zip archive"),
        ("blob.csv", b"\x00\x01\x02\xff" * 100, "binary"),
        ("latin.csv", "Issue key,Summary\nSD-1,caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("empty.csv", b"", "empty file"),
        ("missing.csv", None, "no such file"),
        ("other.csv", b"name,colour\nx,y\n", 'has no column "Issue Type"'),
    ],
)
def test_not_a_usable_csv_is_one_line_exit_2(
    valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: Any, words: str
) -> None:
    export = tmp_path / name
    if content == "xlsx":
        export.write_bytes(valid.read_bytes())
    elif content is not None:
        export.write_bytes(content)
    out = tmp_path / "new.xlsx"
    code, stdout, err = run(import_args(export, valid, out, "jira"), capsys)
    assert code == 2 and stdout == ""
    assert len(err.strip().splitlines()) == 1 and words in err and str(export) in err, err
    assert not out.exists()


BROKEN = [
    ("registers: [1, 2]", "registers must be a mapping"),
    ("register: Problems\nregisters: {Problems: {columns: {summary: Title}}}", "must name the CSV column holding the ticket ID"),
    ("register: Problems\nregisters: {Tickets: {columns: {id: Key}}}", "'Tickets' is not a register"),
    ("register: Problems\nregisters: {Problems: {columns: {id: Key, colour: Colour}}}", "Problems has no column 'colour'"),
    ("register: Problems\nregisters: {Problems: {columns: {id: Key}, values: {status: {Open: opened}}}}", "'opened' is not one of new"),
    ("register: Problems\ndates: ['%Q']\nregisters: {Problems: {columns: {id: Key}}}", "not a strptime format"),
    ("route: {column: Type, values: {Bug: Changes}}\nregisters: {Problems: {columns: {id: Key}}}", "Changes has no entry under registers"),
    ("registers: {Problems: {columns: {id: Key}}}", "give either register:"),
    ("register: Problems\nsheets: 1\nregisters: {Problems: {columns: {id: Key}}}", "unknown key 'sheets'"),
    ("register: Problems\nregisters: {Problems: {columns: {id: Key}}\n  bad: [", "is not valid YAML"),
]


@pytest.mark.parametrize(("text", "words"), BROKEN)
def test_a_broken_mapping_is_one_line_exit_2(
    valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, words: str
) -> None:
    mapping = write(tmp_path / "broken.yaml", text)
    export = write(tmp_path / "jira.csv", JIRA)
    code, stdout, err = run(import_args(export, valid, tmp_path / "new.xlsx", str(mapping)), capsys)
    assert code == 2 and stdout == "", err
    assert len(err.strip().splitlines()) == 1 and words in err and f"mapping {mapping}" in err, err
    with pytest.raises(MappingError):
        load_mapping(str(mapping))


def test_an_unknown_mapping_name(valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = write(tmp_path / "jira.csv", JIRA)
    code, _o, err = run(import_args(export, valid, tmp_path / "new.xlsx", "remedy"), capsys)
    assert code == 2 and "shipped mappings (jira, servicenow)" in err


def run_process(args: list[str]) -> tuple[int, str, str, float, int]:
    """Exit code, stdout, stderr, seconds and peak memory (KiB) of one fitsm-audit process, its
    stderr taken for a terminal so the progress lines show."""
    code = ("import sys, fitsm_audit.cli.progress as p; p.stderr_is_terminal = lambda: True; "
            "from fitsm_audit.cli import main; main()")  # fmt: skip
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.monotonic()
        # Through a small launcher: Linux keeps a process's peak memory across exec, so a child
        # forked straight from a pytest worker that has grown would report the worker's size.
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, sys.executable, "-c", code, *args],
                                stdout=out, stderr=err)  # fmt: skip
        timer = threading.Timer(180, proc.kill)
        timer.start()
        _pid, status, _usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
        timer.cancel()
        out.seek(0)
        err.seek(0)
        text, _, peak = err.read().rpartition("\nPEAK_KIB=")
        return os.waitstatus_to_exitcode(status), out.read(), text, seconds, int(peak)


LAUNCHER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "sys.stderr.write(f'\\nPEAK_KIB={usage.ru_maxrss}')\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def test_100k_tickets_in_bounded_memory_with_progress(tmp_path: Path) -> None:
    import csv

    export = tmp_path / "big.csv"
    kinds = ["Incident", "Service Request", "Incident", "Change", "Problem"]
    status = {"Incident": "Resolved", "Service Request": "In Progress", "Change": "Planning", "Problem": "Open"}
    with export.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Summary", "Issue key", "Issue Type", "Status", "Priority", "Assignee", "Created", "Resolved",
                    "Custom field (Change type)"])  # fmt: skip
        for i in range(1, BIG_ROWS + 1):
            k = kinds[i % 5]
            w.writerow([f"Ticket {i}; about something", f"SD-{i}", k, status[k], "High", "someone@example.org",
                        f"{1 + i % 28:02d}/Nov/26 2:15 PM", f"{1 + i % 28:02d}/Nov/26 5:15 PM", "Normal"])  # fmt: skip
    blank = tmp_path / "blank.xlsx"
    build_workbook().save(blank)
    out = tmp_path / "big.xlsx"
    code, stdout, err, seconds, peak = run_process(import_args(export, blank, out, "jira"))
    assert code == 0, (stdout[:2000], err[-2000:])
    assert "10,000 rows read ..." in err and "100,000 rows read; writing" in err
    assert f"wrote {out}: 100,000 rows read" in err
    print(f"100k tickets: {seconds:.1f} s, peak {peak / 1024:.0f} MiB")
    assert seconds < BIG_SECONDS, f"took {seconds:.1f} s"
    assert peak < BIG_PEAK_MB * 1024, f"took {peak / 1024:.0f} MiB"
    wb = openpyxl.load_workbook(out, read_only=True)
    ws = wb[INCIDENTS]
    ids = [r[0] for r in ws.iter_rows(min_row=2, max_col=1, values_only=True) if r[0] is not None]
    assert len(ids) == 60_000 and ids[0] == "SD-1" and ids[-1] == "SD-100000"
    assert wb["Changes"].max_row == 20_001 and wb["Problems"].max_row == 20_001
    wb.close()


def test_tab_delimited_crlf_export(valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Issue key\tIssue Type\tSummary\tStatus\tCreated\r\nSD-301\tProblem\tA; b, c\tOpen\t2026-11-02\r\n\r\n"
    export = write(tmp_path / "export.tsv", text)
    out = tmp_path / "new.xlsx"
    code, stdout, err = run(import_args(export, valid, out, "jira"), capsys)
    assert code == 0, (stdout, err)
    problem = rows_of(out, "Problems")["SD-301"]
    assert (problem["Summary"].value, problem["Status"].value) == ("A; b, c", "new")
    assert problem["Opened"].value == dt.datetime(2026, 11, 2)


def test_a_problem_is_one_line_whatever_the_cell_holds(
    valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = 'Issue key,Issue Type,Status,Created\nSD-1,Problem,"Stuck\nsomewhere",2026-11-02\nSD-2,Problem,Open,x\n'
    export = write(tmp_path / "export.csv", text)
    code, stdout, _err = run(import_args(export, valid, tmp_path / "new.xlsx", "jira"), capsys)
    assert code == 1
    assert stdout.splitlines()[0].startswith(f'{export}:2 "Status": "Stuck somewhere" is not a status')
    assert stdout.splitlines()[1].startswith(f'{export}:4 "Created": "x" is not a date')
    assert len(stdout.splitlines()) == 2


def test_a_workbook_without_the_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    partial = tmp_path / "people.xlsx"
    build_workbook(sheet_names=["People", "Problems"]).save(partial)
    export = write(tmp_path / "jira.csv", JIRA)
    out = tmp_path / "new.xlsx"
    code, stdout, err = run(import_args(export, partial, out, "jira"), capsys)
    assert code == 2 and stdout == "" and not out.exists()
    assert len(err.strip().splitlines()) == 1 and "has no Incidents & Service Requests sheet" in err, err
