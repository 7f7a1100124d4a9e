"""The full assessment context: agreements (D5), targets and KPIs (D7), follow-ups (D8) and
monitoring (D9) on top of :class:`~.context.RegisterContext`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cached_property

from fitsm_audit.assess.common import blank, compare_target, key, keys
from fitsm_audit.assess.context import RegisterContext
from fitsm_audit.spec.rules import agreement_signed
from fitsm_audit.workbook.agreements import in_force as in_force_on
from fitsm_audit.workbook.agreements import unagreed_terms
from fitsm_audit.workbook.measurements import measurements
from fitsm_audit.workbook.records import Record

FOLLOW_UP_COLUMNS = ("follow_up", "action", "actions")


class AssessmentContext(RegisterContext):
    """Everything a check needs; build one per assessment."""

    # ------------------------------------------------------------------ D5 agreements
    @cached_property
    def agreements(self) -> dict[str, Record]:
        return self.ds.by_key("Agreements")

    def signed(self, a: Record) -> bool:
        return agreement_signed(a["signed_on"], self.as_of)

    def in_force(self, a: Record) -> bool:
        """D5: active, signed, and within its validity on D (spec.rules, shared with the documents)."""
        return in_force_on(a, self.as_of)

    @cached_property
    def unagreed_terms(self) -> dict[str, list[Record]]:
        """Agreement key -> its Agreement Terms rows of a required section that is blank or a
        placeholder (D5 complete, spec.rules, the rule check warns by). A sheet read without its
        section or text column is not judged (check reports the missing column)."""
        return unagreed_terms(self.ds)

    def incomplete(self, a: Record) -> bool:
        """D5: in force, but not complete: it does not count as in force (covers nothing)."""
        return bool(a.id) and key(a.id or "") in self.unagreed_terms and self.in_force(a)

    def counts_in_force(self, a: Record) -> bool:
        """In force and complete: the agreements every population of in-force agreements holds."""
        return self.in_force(a) and not self.incomplete(a)

    def lapsed(self, a: Record) -> bool:
        """Status active but valid_until before D: an inconsistency."""
        end = self.plan_date(a["valid_until"])
        return a["status"] == "active" and end is not None and end < self.as_of

    @staticmethod
    def pending(a: Record) -> bool:
        return a["status"] == "draft"

    @staticmethod
    def is_default(a: Record) -> bool:
        return a["sla_kind"] == "default"

    def _of_type(self, *types: str) -> list[Record]:
        return [
            a
            for a in self.rows("Agreements")
            if a["type"] in types and not self.only_out_of_scope(keys(a["services"]))
        ]

    @cached_property
    def slas(self) -> list[Record]:
        return self._of_type("SLA")

    @cached_property
    def ola_uas(self) -> list[Record]:
        return self._of_type("OLA", "UA")

    @cached_property
    def in_force_slas(self) -> list[Record]:
        return [a for a in self.slas if self.counts_in_force(a)]

    @cached_property
    def in_force_ola_uas(self) -> list[Record]:
        return [a for a in self.ola_uas if self.counts_in_force(a)]

    @cached_property
    def _sla_index(
        self,
    ) -> tuple[dict[str, list[Record]], list[Record], dict[str, list[Record]], list[Record]]:
        cover: dict[str, list[Record]] = defaultdict(list)
        blanket: list[Record] = []
        pend: dict[str, list[Record]] = defaultdict(list)
        pend_blanket: list[Record] = []
        for a in self.slas:
            svc = keys(a["services"])
            if self.counts_in_force(a):
                if not svc and self.is_default(a):
                    blanket.append(a)
                for k in svc:
                    cover[k].append(a)
            elif self.pending(a):
                if not svc and self.is_default(a):
                    pend_blanket.append(a)
                for k in svc:
                    pend[k].append(a)
        return cover, blanket, pend, pend_blanket

    def slas_covering(self, svc_key: str) -> list[Record]:
        """D5: in-force SLAs covering a service (named, or a default SLA with blank services)."""
        cover, blanket, _, _ = self._sla_index
        return cover.get(svc_key, []) + blanket

    def pending_slas_for(self, svc_key: str) -> list[Record]:
        _, _, pend, pend_blanket = self._sla_index
        return pend.get(svc_key, []) + pend_blanket

    @cached_property
    def _comp_index(self) -> tuple[dict[str, list[Record]], dict[str, list[Record]]]:
        cover: dict[str, list[Record]] = defaultdict(list)
        pend: dict[str, list[Record]] = defaultdict(list)
        for a in self.ola_uas:
            target = cover if self.counts_in_force(a) else pend if self.pending(a) else None
            if target is not None:
                for k in keys(a["components"]):
                    target[k].append(a)
        return cover, pend

    def agreements_covering_component(self, comp_key: str) -> list[Record]:
        return self._comp_index[0].get(comp_key, [])

    def pending_for_component(self, comp_key: str) -> list[Record]:
        return self._comp_index[1].get(comp_key, [])

    # ------------------------------------------------------------------ D7 targets
    def met(self, row: Record) -> bool | None:
        """Met yes/no, or the comparison of the measured value with an "op number" target."""
        if isinstance(row["met"], bool):
            return row["met"]
        return compare_target(row["measured_value"], row["target"])

    def evaluated(self, row: Record, months: int) -> bool:
        """D7: measured, in the window, and met known."""
        return (
            row["measured_value"] is not None
            and self.recent(row["period_end"], months)
            and self.met(row) is not None
        )

    @cached_property
    def target_rows(self) -> list[Record]:
        """D7: the Targets rows, then each Service Level Measurements row that counts for its
        target, as a row of that target (its value, period and cells are the measurement's)."""
        return [*self.rows("Targets"), *(m.as_target_row() for m in measurements(self.ds))]

    @cached_property
    def targets_of(self) -> dict[str, list[Record]]:
        """Agreement key -> the latest row of each of its targets (agreement, parameter, service)."""
        groups: dict[tuple[str, str, str], Record] = {}
        for t in self.target_rows:
            if not isinstance(t["agreement"], str):
                continue
            end = self.plan_date(t["period_end"])
            if end is not None and end > self.as_of:
                continue  # a measurement of a period not yet ended
            g = (key(t["agreement"]), key(t["parameter"] or ""), key(t["service"] or ""))
            prev = groups.get(g)
            if prev is None or _end(self, t) >= _end(self, prev):
                groups[g] = t
        out: dict[str, list[Record]] = defaultdict(list)
        for (agr, _, _), t in groups.items():
            out[agr].append(t)
        return out

    def window_rows(self, agreements: list[Record], months: int) -> list[Record]:
        """Targets rows of these agreements whose period ended in the window."""
        wanted = {key(a.id) for a in agreements if a.id}
        return [
            t
            for t in self.target_rows
            if isinstance(t["agreement"], str)
            and key(t["agreement"]) in wanted
            and self.recent(t["period_end"], months)
        ]

    # ------------------------------------------------------------------ D8 follow-up
    @cached_property
    def source_refs(self) -> set[str]:
        return {k for r in self.rows("Improvements") for k in keys(r["source_ref"])}

    def follow_up(self, rec: Record) -> bool:
        """D8: a follow-up column filled, or an Improvements row whose source_ref is the row's ID."""
        if any(not blank(rec[c]) for c in FOLLOW_UP_COLUMNS):
            return True
        return bool(rec.id) and key(rec.id) in self.source_refs

    def kpi_follow_up(self, rec: Record) -> bool:
        """A missed KPI's follow-up: its Follow up column naming an Improvements row (contract
        version 2), or an Improvements row whose source names the row's ID, the KPI or
        "process kpi" (KPI rows of older workbooks have no ID)."""
        if isinstance(rec["follow_up"], str) and key(rec["follow_up"]) in self.improvement_ids:
            return True
        if rec.id and key(rec.id) in self.source_refs:
            return True
        name = key(rec["kpi"] or "")
        return bool(name) and (
            name in self.source_refs or key(f"{rec['process']} {rec['kpi']}") in self.source_refs
        )

    @cached_property
    def improvement_ids(self) -> set[str]:
        return {key(r.id) for r in self.rows("Improvements") if r.id}

    # ------------------------------------------------------------------ D9 monitored
    @cached_property
    def monitored_areas(self) -> set[str]:
        out: set[str] = set()
        for r in self.rows("KPIs"):
            area = r["process"]
            if (
                isinstance(area, str)
                and not blank(r["target"])
                and self.evaluated(r, self.settings.kpi_window)
            ):
                out.add(area.upper())
        return out

    def monitored(self, area: str) -> bool:
        """D9 M(area): a KPI of the area with a target, evaluated in the KPI window."""
        return area.upper() in self.monitored_areas


def _end(ctx: AssessmentContext, row: Record) -> dt.date:
    return ctx.plan_date(row["period_end"]) or dt.date.min
