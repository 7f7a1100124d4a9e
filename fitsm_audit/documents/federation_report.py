"""The federation report's view-model (docs/federation.md): the summary, the heat map of the
members' process capabilities, the gaps the most members share, membership and the federation's
services, the members not assessed, and a one-page profile per member.

Like the gap report it decides nothing: every level, verdict and gap is the member's own
assessment; the roll-up only puts them side by side.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.assess.federation import Federation, MemberResult
from fitsm_audit.core.words import count
from fitsm_audit.documents.common import long_date
from fitsm_audit.documents.model import (
    CapabilitySeries,
    Cell,
    Chart,
    Column,
    Document,
    DocumentControl,
    Facts,
    HeatmapSeries,
    Paragraph,
    Section,
    Stat,
    Stats,
    Table,
)

TOP_SHARED = 15
HEAT_ROWS = 40  # members per heat map: one page
_VERDICT_TONE = {"ready": "good", "ready after minor actions": "warn", "not ready": "bad"}


def _summary(f: Federation) -> Section:
    verdicts = f.verdicts()
    section = Section("Summary").add(
        Stats([
            Stat("members", str(len(f.members))),
            Stat("assessed", str(len(f.assessed)), "good" if not f.not_assessed else "warn"),
            Stat("not assessed", str(len(f.not_assessed)), "bad" if f.not_assessed else "good"),
            Stat("ready for certification", str(verdicts.get("ready", 0))),
            Stat("shared gaps", str(len(f.shared_gaps)), "bad" if f.shared_gaps else "good"),
        ]),  # fmt: skip
        Paragraph(
            f"{f.summary()}. Each member keeps its own workbook and was checked and assessed against "
            f"FitSM-1 edition {f.edition or '2'} as of {long_date(dt.date.fromisoformat(f.as_of)) if f.as_of else 'the same day'}; "
            "this report puts the results side by side and decides nothing of its own."
        ),
    )
    if verdicts:
        section.add(Paragraph("Readiness: " + "; ".join(f"{verdict}: {n}" for verdict, n in sorted(verdicts.items())) + "."))
    if f.shared_gaps:
        top = f.shared_gaps[0]
        section.add(Paragraph(
            f"The gap most members share is {top.requirement}, below target at {count(len(top.members), 'member')}: "
            "a common improvement (a shared procedure or tool from the federation office) closes it for all."
        ))  # fmt: skip
    problems = len(f.duplicates) + len(f.membership) + (f.services.problems if f.services is not None else 0)
    if problems:
        section.add(Paragraph(f"Membership and services: {count(problems, 'problem')} (see the section of that name)."))
    return section


def _heat_map(f: Federation) -> Section:
    ids = [g for g, _ in f.groups]
    targets = [f.targets.get(g) for g in ids]
    rows = [(m.label, [m.capability(g) for g in ids]) for m in f.assessed]
    section = Section("Maturity across the federation").add(
        Paragraph(
            "Capability level (0-4) of each process per member: the lowest level among the process's "
            "in-scope requirements, coloured by level; outlined and bold where below the target shown "
            "under the process ID; a dash where the process is out of scope or not rated. "
            "federation.xlsx has the same table, and every requirement's level."
        )
    )
    if not rows:
        return section.add(Paragraph("No member was assessed."))
    parts = [rows[i : i + HEAT_ROWS] for i in range(0, len(rows), HEAT_ROWS)]
    for n, part in enumerate(parts, 1):
        which = f" ({n} of {len(parts)})" if len(parts) > 1 else ""
        section.add(Chart(
            name=f"heat-map-{n}", data=HeatmapSeries(ids, targets, part),
            caption=f"Heat map{which}: member x process capability.",
            alt=f"Heat map of the process capability levels of {count(len(part), 'member')}: "
            + "; ".join(f"{label} " + " ".join("-" if v is None else str(v) for v in values) for label, values in part),
        ))  # fmt: skip
    names = "; ".join(f"{g} {name}" for g, name in f.groups)
    return section.add(Paragraph(f"Processes: {names}.", "small"))


def _below(f: Federation, group: str, level: int | None) -> bool:
    target = f.targets.get(group)
    return isinstance(level, int) and isinstance(target, int) and level < target


def _shared(f: Federation) -> Section:
    rows = [
        [Cell(g.requirement, bold=True), Cell(g.group), Cell(str(len(g.members))), Cell(", ".join(g.members))]
        for g in f.shared_gaps[:TOP_SHARED]
    ]
    more = len(f.shared_gaps) - TOP_SHARED
    return Section("Gaps shared by the most members").add(
        Paragraph(
            "Requirements below target at more than one member, ranked by how many share the gap: "
            "where one improvement by the federation helps several members at once."
        ),
        Table(
            [Column("Requirement", 1.1), Column("Process", 0.8), Column("Members", 0.8, "center"), Column("Who", 4.5)],
            rows, empty="No gap is shared by two or more members.",
            note=f"{count(more, 'more shared gap')} in federation.xlsx (Shared gaps)." if more > 0 else "",
        ),
    )  # fmt: skip


def _membership(f: Federation) -> Section:
    section = Section("Membership and services")
    lines: list[list[Cell]] = [[Cell(p), Cell(", ".join(e)), Cell("same provider name in several member workbooks")]
                               for p, e in f.duplicates]  # fmt: skip
    lines += [[Cell(n), Cell(""), Cell(problem)] for n, problem in f.membership]
    cov = f.services
    if cov is not None:
        lines += [[Cell(n), Cell(""), Cell("listed by the federation workbook; no member workbook in MEMBERS")] for n in cov.missing]
        lines += [[Cell(n), Cell(""), Cell("member workbook in MEMBERS; the federation workbook does not list it")] for n in cov.not_listed]
    section.add(Table([Column("Member", 2.2), Column("Entries", 1.4), Column("Problem", 4.4)], lines,
                      empty="Every member names the federation, and the membership lists agree."))  # fmt: skip
    if cov is None:
        section.add(Paragraph("No federation workbook was given (--federation-book): the federation's services were not checked."))
        return section
    rows = [
        [Cell(s.id), Cell(s.name), Cell("yes" if s.covered else "no", "good" if s.covered else "bad"),
         Cell("; ".join(f"{d.member} ({d.component}, {', '.join(d.agreements) or 'no agreement'})" for d in s.deliveries) or "-"),
         Cell("; ".join(s.problems))]
        for s in cov.services
    ]  # fmt: skip
    section.add(
        Paragraph(
            "Each live federation service should be delivered by a member whose own portfolio has it, "
            "under an active OLA or UA between the federation and that member."
        ),
        Table([Column("Service", 0.9), Column("Name", 1.8), Column("Covered", 0.8, "center"), Column("Delivered by", 2.6),
               Column("Problems", 2.8)], rows, empty="The federation workbook lists no live service."),
    )  # fmt: skip
    return section


def _not_assessed(f: Federation) -> Section:
    rows = [[Cell(m.name), Cell(", ".join(m.files) or "-"), Cell(m.reason)] for m in f.not_assessed]
    return Section("Members not assessed").add(
        Table([Column("Entry", 1.6), Column("Workbooks", 1.8), Column("Reason", 4.6)], rows,
              empty="Every member was assessed."),
    )  # fmt: skip


def _profile(i: int, m: MemberResult) -> Section:
    facts = [("Provider", m.provider or "(not named)"), ("Entry in MEMBERS", m.name), ("Workbooks", ", ".join(m.files)),
             ("Federation named", m.federation or "(none)"), ("Readiness", m.readiness),
             ("Maturity", f"level {m.headline}" if m.headline is not None else "not rated"),
             ("Data findings", f"{count(m.errors, 'error')}, {count(m.warnings, 'warning')}")]  # fmt: skip
    gaps = ", ".join(m.gaps[:25]) + (f" and {len(m.gaps) - 25} more" if len(m.gaps) > 25 else "")
    return Section(f"Member profile: {m.label}", new_page=True).add(
        Facts(facts),
        Chart(
            name=f"profile-{i}",
            data=CapabilitySeries([(g["id"], g["capability"], g["target"], g["in_scope"]) for g in m.groups]),
            caption=f"{m.label}: capability per process against its target.",
            alt=f"Bar chart of the capability level of each process of {m.label} with its target.",
        ),
        Paragraph(f"Requirements below target ({len(m.gaps)}): {gaps}." if m.gaps else "Every in-scope requirement meets its target."),
    )  # fmt: skip


def build_federation_report(f: Federation, control: DocumentControl | None = None) -> Document:
    """The federation report of a roll-up."""
    as_of = dt.date.fromisoformat(f.as_of) if f.as_of else dt.date.today()
    profiles = Section("Member profiles", new_page=True).add(
        Paragraph("One page per assessed member: its facts, its process profile and its gaps.")
    )
    profiles.subsections = [_profile(i, m) for i, m in enumerate(f.assessed, 1)]
    sections = [_summary(f), _heat_map(f), _shared(f), _membership(f), _not_assessed(f), profiles]
    name = f.name or "Federation"
    return Document(
        kind="federation-report",
        stem="federation-report",
        title="FitSM federation report",
        subtitle="The members' compliance and maturity side by side",
        provider=name,
        as_of=as_of,
        cover_facts=[
            ("Federation", name),
            ("Members", f"{len(f.members)} ({len(f.assessed)} assessed)"),
            ("Assessed as of", long_date(as_of)),
            ("Standard", f"FitSM-1, edition {f.edition or '2'}"),
        ],
        control=control or _control(as_of),
        sections=sections,
        summary=f.summary() + ".",
        keywords=["FitSM", "federation", "maturity", "roll-up"],
        extra={"members": len(f.members), "assessed": len(f.assessed), "not_assessed": len(f.not_assessed)},
    )


def _control(as_of: dt.date) -> DocumentControl:
    return DocumentControl(
        identifier="Federation report", version="0.1", status="draft (generated)", owner="the federation office",
        approved_by="pending", approved_on="not set", date=as_of.isoformat(), source="generated",
    )  # fmt: skip


def federation_control(book: Any, as_of: dt.date) -> DocumentControl:
    """Document control from the federation workbook's Documents register (type federation report)."""
    from fitsm_audit.documents.common import control_from_register
    from fitsm_audit.workbook.roles import sms_roles

    owner, manager = sms_roles(book)
    return control_from_register(book, "federation report", identifier="Federation report", as_of=as_of,
                                 fallback_owner=manager, fallback_approver=owner)  # fmt: skip
