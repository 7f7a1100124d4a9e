"""The assessment context: the dataset, the as-of date and the generic definitions D1-D6.

Indices are built once and cached, so every check runs in linear time on large registers.
Agreements, targets, KPIs and follow-ups (D5, D7-D9) are added by :class:`~.agreements.AssessmentContext`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from fitsm_audit.assess.common import add_days, add_months, blank, key, keys
from fitsm_audit.assess.ladder import Settings
from fitsm_audit.spec.rules import interval_months, overdue, review_due_on
from fitsm_audit.workbook.records import Dataset, Record

PROCESS_IDS = tuple(f"PR{i}" for i in range(1, 15))


@dataclass(frozen=True)
class Due:
    """The result of an in-date test (D6)."""

    ok: bool
    planned: bool  # False: the interval was not planned (blank, fallback used)
    badly: bool  # more than one interval overdue
    base: dt.date | None
    due: dt.date | None


class RegisterContext:
    """Dataset + as-of date + settings, with the generic definitions D1-D4 and D6."""

    def __init__(self, dataset: Dataset, as_of: dt.date, settings: Settings | None = None) -> None:
        self.ds = dataset
        self.as_of = as_of
        self.settings = settings or Settings()
        self.notes: list[str] = []  # context warnings (e.g. a process without a Processes row)
        self.requirement_ids: list[str] = []  # the edition's requirement IDs (GR6.2 (c))
        self.edition = "2"  # the FitSM-1 edition assessed (grading's keystones follow it)
        self._starts: dict[int, dt.date] = {}
        self._memo: dict[str, Any] = {}
        self._dues: dict[tuple[Any, ...], Due] = {}  # review_due by its arguments (and their types)

    # ------------------------------------------------------------------ sheets and dates
    def rows(self, sheet: str) -> list[Record]:
        return self.ds.rows(sheet)

    def empty(self, sheet: str) -> bool:
        return not self.ds.rows(sheet)

    def field(self, name: str) -> Any:
        value = self.ds.field(name)
        return None if blank(value) else value

    def past(self, value: Any) -> dt.date | None:
        """A date on or before D; later dates are ignored as not yet existing."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date) and value <= self.as_of:
            return value
        return None

    def plan_date(self, value: Any) -> dt.date | None:
        """A planned date (due, next review, go-live): kept even when after D."""
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date) else None

    def window_start(self, months: int) -> dt.date:
        """D minus ``months`` (cached: every Recent test asks for it)."""
        start = self._starts.get(months)
        if start is None:
            start = self._starts[months] = add_months(self.as_of, -months)
        return start

    def recent(self, value: Any, months: int) -> bool:
        """Recent(x, w): x is on or before D and no more than w months before it."""
        day = self.past(value)
        return day is not None and day >= self.window_start(months)

    def memo(self, name: str, compute: Callable[[], Any]) -> Any:
        """A derived value computed once per assessment (shared by checks and KPIs)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    def within_days(self, value: Any, days: int) -> bool:
        day = self.past(value)
        return day is not None and (self.as_of - day).days <= days

    # ------------------------------------------------------------------ D1 owners and contacts
    @cached_property
    def people(self) -> set[str]:
        return {key(r.id) for r in self.rows("People") if r.id}

    def assigned(self, value: Any) -> bool:
        """D1: the cell names an existing People ID."""
        return isinstance(value, str) and key(value) in self.people

    def contact(self, value: Any) -> bool:
        """D1: a People ID or an e-mail address."""
        return self.assigned(value) or (isinstance(value, str) and "@" in value.strip(" @"))

    # ------------------------------------------------------------------ D2 scope
    @cached_property
    def processes(self) -> dict[str, Record]:
        out: dict[str, Record] = {}
        for r in self.rows("Processes"):
            pid = r["process"]
            if isinstance(pid, str) and pid.upper() not in out:
                out[pid.upper()] = r
        return out

    def process_in_scope(self, pid: str) -> bool:
        """D2: in scope unless the Processes row says no (no row: in scope)."""
        row = self.processes.get(pid)
        return row is None or row["in_scope"] is not False

    def in_scope_processes(self) -> list[str]:
        """D2: every in-scope process of PR1-PR14 (a GR rule counts them all, D14)."""
        return [p for p in PROCESS_IDS if self.process_in_scope(p)]

    # ------------------------------------------------------------------ D3 services and parties
    @cached_property
    def services(self) -> dict[str, Record]:
        return self.ds.by_key("Services")

    @staticmethod
    def svc_in_scope(rec: Record) -> bool:
        return rec["in_scope"] is not False

    def _svc_with(self, status: str) -> list[Record]:
        return [r for r in self.rows("Services") if r["status"] == status and self.svc_in_scope(r)]

    @cached_property
    def live(self) -> list[Record]:
        return self._svc_with("live")

    @cached_property
    def prep(self) -> list[Record]:
        return self._svc_with("in preparation")

    @cached_property
    def live_keys(self) -> set[str]:
        return {key(r.id) for r in self.live if r.id}

    def svc_state(self, k: str) -> str:
        """live, in preparation, retired, out of scope, unknown (or blank status)."""
        rec = self.services.get(k)
        if rec is None:
            return "unknown"
        if not self.svc_in_scope(rec):
            return "out of scope"
        return rec["status"] or "blank"

    def only_out_of_scope(self, svc_keys: list[str]) -> bool:
        """D2: the row concerns only out-of-scope services (it leaves every population)."""
        return bool(svc_keys) and all(self.svc_state(k) == "out of scope" for k in svc_keys)

    @staticmethod
    def active(rec: Record) -> bool:
        """Customers, suppliers: status blank or active."""
        return rec["status"] in (None, "active")

    @cached_property
    def customers(self) -> dict[str, Record]:
        return self.ds.by_key("Customers")

    @cached_property
    def active_customers(self) -> list[Record]:
        return [r for r in self.rows("Customers") if self.active(r) and r.id]

    @cached_property
    def customers_of(self) -> dict[str, set[str]]:
        """Service key -> customer keys (Services.customers plus active Customers.services)."""
        out: dict[str, set[str]] = defaultdict(set)
        for s in self.rows("Services"):
            if s.id:
                out[key(s.id)].update(keys(s["customers"]))
        for c in self.active_customers:
            for k in keys(c["services"]):
                out[k].add(key(c.id or ""))
        return out

    def has_customers(self, svc: Record) -> bool:
        return bool(svc.id and self.customers_of.get(key(svc.id)))

    @cached_property
    def components(self) -> dict[str, Record]:
        return self.ds.by_key("Components")

    @cached_property
    def components_of(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = defaultdict(list)
        for c in self.rows("Components"):
            for k in keys(c["services"]):
                out[k].append(c)
        return out

    @cached_property
    def parties(self) -> dict[str, Record]:
        return self.ds.by_key("Parties")

    @cached_property
    def suppliers(self) -> dict[str, Record]:
        return self.ds.by_key("Suppliers")

    @cached_property
    def own_parties(self) -> set[str]:
        return {k for k, r in self.parties.items() if r["role"] == "service provider"}

    def provided_by_others(self, comp: Record) -> bool:
        pb = comp["provided_by"]
        return isinstance(pb, str) and not blank(pb) and key(pb) not in self.own_parties

    def external(self, provider: str) -> bool:
        """D3: a provider needing a UA (external supplier); otherwise an OLA."""
        k = key(provider)
        sup = self.suppliers.get(k)
        if sup is not None:
            return sup["type"] == "external"
        party = self.parties.get(k)
        return party is not None and party["role"] == "external supplier"

    # ------------------------------------------------------------------ D4 documents
    @cached_property
    def documents(self) -> dict[str, Record]:
        return self.ds.by_key("Documents")

    @staticmethod
    def registered(doc: Record) -> bool:
        return doc["status"] != "retired"

    def approved(self, doc: Record) -> bool:
        return (
            doc["status"] == "approved"
            and self.assigned(doc["approved_by"])
            and self.past(doc["approved_on"]) is not None
        )

    def controlled(self, doc: Record) -> bool:
        return (
            self.approved(doc)
            and self.assigned(doc["owner"])
            and not blank(doc["version"])
            and not blank(doc["location"])
            and self.document_review_due(doc).ok
        )

    def doc_rank(self, doc: Record | None) -> int:
        """3 controlled, 2 approved, 1 registered, 0 none."""
        if doc is None or not self.registered(doc):
            return 0
        if self.controlled(doc):
            return 3
        return 2 if self.approved(doc) else 1

    @cached_property
    def docs_by_type(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = defaultdict(list)
        for d in self.rows("Documents"):
            if isinstance(d["type"], str) and self.registered(d):
                out[d["type"]].append(d)
        return out

    def best_doc(self, doc_type: str) -> Record | None:
        """D4: the best row of a document type (controlled, then approved, then registered)."""
        docs = self.docs_by_type.get(doc_type, [])
        return max(docs, key=self.doc_rank, default=None)

    # ------------------------------------------------------------------ D6 in date
    def review_due(self, last: Any, interval: Any, base: Any = None) -> Due:
        """Style A: last review (else the start date) + interval months, against D."""
        memo = (type(last), last, type(interval), interval, type(base), base)  # True is not 1
        try:
            found = self._dues.get(memo)
        except TypeError:  # an unhashable value (a wrongly typed cell) is judged, not kept
            return self._review_due(last, interval, base)
        if found is None:
            found = self._dues[memo] = self._review_due(last, interval, base)
        return found

    def _review_due(self, last: Any, interval: Any, base: Any) -> Due:
        months, planned = interval_months(interval, self.settings.row_interval_fallback)
        start = self.past(last) or self.past(base)
        due = review_due_on(start, months)
        if start is None or due is None:
            return Due(False, planned, True, None, None)
        grace = self.settings.grace_days
        ok = not overdue(due, self.as_of, grace)
        badly = overdue(add_months(due, months), self.as_of, grace)
        return Due(ok, planned, badly, start, due)

    def document_review_due(self, doc: Record) -> Due:
        """Style B (Documents): next_review not before D - grace."""
        nxt = self.plan_date(doc["next_review"])
        approved_on = self.past(doc["approved_on"])
        if nxt is None:
            return Due(False, False, False, approved_on, None)
        planned = approved_on is None or nxt <= add_months(approved_on, self.settings.planned_horizon)
        grace = self.settings.grace_days
        ok = nxt >= add_days(self.as_of, -grace)
        span = (nxt - approved_on).days if approved_on and nxt > approved_on else 365
        badly = self.as_of > add_days(nxt, span + grace)  # saturates: 9999-12-31 means "never"
        return Due(ok, planned, badly, approved_on, nxt)

    def sms_interval(self, name: str) -> tuple[int, bool]:
        """An Organisation interval field in months, and whether it is planned (set)."""
        value = self.field(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value, True
        return self.settings.sms_interval_fallback, False

    # ------------------------------------------------------------------ reviews
    @cached_property
    def reviews_by_type(self) -> dict[str, list[Record]]:
        """Reviews held on or before D, newest first, per type."""
        out: dict[str, list[Record]] = defaultdict(list)
        for r in self.rows("Reviews"):
            if isinstance(r["type"], str) and self.past(r["date"]):
                out[r["type"]].append(r)
        for lst in out.values():
            lst.sort(key=lambda r: r["date"], reverse=True)
        return out

    def latest_review(self, *types: str) -> Record | None:
        found = [r for t in types for r in self.reviews_by_type.get(t, [])[:1]]
        return max(found, key=lambda r: r["date"], default=None)
