"""Build the federation sample (``samples/federation/``) from the pizza delivery sample.

    python samples/build_federation.py           write the member workbooks and the federation workbook
    python samples/build_federation.py --check   verify the committed files match (cell values)

The Pizza Alliance federates three pizza providers, each keeping its own SMS workbook:

- ``members/pronto-pizza.xlsx``: the pizza delivery sample as it is, naming its federation;
- ``members/napoli-express.xlsx``: a younger SMS (no management or portfolio reviews on record yet,
  no training records, a lower self-assessment);
- ``members/slice-lab/``: split workbooks, one per area; its Organisation sheet names no
  federation, and its ordering service is called "Web shop";
- ``pizza-alliance.xlsx``: the federation office's own workbook: the members (Parties), the
  federation's services, the components each member provides and the OLAs covering them. It lists
  a fourth member, Torino Slice, whose workbook has not arrived.

``fitsm-audit demo --federation`` rolls it up; a test keeps these files current.
"""

from __future__ import annotations

import copy
import io
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_sample import EDITION, differences, sample_data, sheet_values, validate  # noqa: E402

FEDERATION = "Pizza Alliance"
OUT = HERE / "federation"


def _rename(data: dict[str, list[dict[str, Any]]], provider: str) -> None:
    for row in data.get("People", []):
        if row.get("organisation") == "Pronto Pizza Ltd.":
            row["organisation"] = provider
    for row in data.get("Parties", []):
        if row.get("name") == "Pronto Pizza Ltd.":
            row["name"] = provider


def members() -> dict[str, tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]]:
    """Member entry -> (sheet rows, Organisation fields)."""
    base, fields = sample_data()
    pronto = (copy.deepcopy(base), {**fields, "federation": FEDERATION})

    napoli_data, napoli_fields = copy.deepcopy(base), {**fields, "provider": "Napoli Express GmbH", "federation": FEDERATION}
    _rename(napoli_data, "Napoli Express GmbH")
    napoli_data["Reviews"] = [r for r in napoli_data["Reviews"] if "review" not in str(r.get("type"))]
    held = {r["id"] for r in napoli_data["Reviews"]}
    napoli_data["Review Actions"] = [a for a in napoli_data.get("Review Actions", []) if a["review"] in held]
    napoli_data["Training"] = []
    for row in napoli_data["Assessment"]:
        if isinstance(row.get("level"), int):
            row["level"] = min(row["level"], 2)

    slice_data, slice_fields = copy.deepcopy(base), {**fields, "provider": "Slice Lab Cooperative"}
    _rename(slice_data, "Slice Lab Cooperative")
    for row in slice_data["Services"]:
        if row["name"] == "Online ordering":
            row["name"] = "Web shop"
    return {"pronto-pizza": pronto, "napoli-express": (napoli_data, napoli_fields), "slice-lab": (slice_data, slice_fields)}


def federation_book() -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    """The federation office's workbook."""
    people = [
        {"id": "PER-001", "name": "Giulia Ferri", "organisation": FEDERATION, "position": "Federation director",
         "email": "g.ferri@pizza-alliance.example"},
        {"id": "PER-002", "name": "Tom Okafor", "organisation": FEDERATION, "position": "Federation SMS manager",
         "email": "t.okafor@pizza-alliance.example"},
    ]  # fmt: skip
    parties = [
        {"id": "PTY-001", "name": FEDERATION, "role": "federator", "contact_point": "PER-002"},
        {"id": "PTY-002", "name": "Pronto Pizza Ltd.", "role": "federation member"},
        {"id": "PTY-003", "name": "Napoli Express GmbH", "role": "federation member"},
        {"id": "PTY-004", "name": "Slice Lab Cooperative", "role": "federation member"},
        {"id": "PTY-005", "name": "Torino Slice S.r.l.", "role": "federation member"},
    ]
    services = [
        {"id": "SVC-001", "name": "Pizza delivery", "status": "live", "owner": "PER-002",
         "description": "Orders taken once and delivered by the member nearest to the customer."},
        {"id": "SVC-002", "name": "Online ordering", "status": "live", "owner": "PER-002",
         "description": "One ordering site for the whole alliance, run by a member."},
    ]  # fmt: skip
    components = [
        {"id": "CMP-001", "name": "Delivery in Millbrook", "kind": "core", "services": ["SVC-001"], "provided_by": "PTY-002"},
        {"id": "CMP-002", "name": "Delivery in Napoli", "kind": "core", "services": ["SVC-001"], "provided_by": "PTY-003"},
        {"id": "CMP-003", "name": "Ordering platform", "kind": "enabling", "services": ["SVC-002"], "provided_by": "PTY-004"},
    ]
    agreements = [
        {"id": "OLA-001", "title": "Delivery in Millbrook", "type": "OLA", "components": ["CMP-001"],
         "counterparty": "PTY-002", "owner": "PER-002", "status": "active", "version": "1.0"},
        {"id": "OLA-002", "title": "Delivery in Napoli", "type": "OLA", "components": ["CMP-002"],
         "counterparty": "PTY-003", "owner": "PER-002", "status": "active", "version": "1.0"},
        {"id": "OLA-003", "title": "Ordering platform", "type": "OLA", "components": ["CMP-003"],
         "counterparty": "PTY-004", "owner": "PER-002", "status": "draft", "version": "0.2"},
    ]  # fmt: skip
    fields = {"provider": FEDERATION, "sms_owner": "PER-001", "sms_manager": "PER-002",
              "scope_statement": "The federated pizza delivery and ordering services of the Pizza Alliance."}  # fmt: skip
    data = {"People": people, "Parties": parties, "Services": services, "Components": components, "Agreements": agreements}
    return data, fields


def _book_bytes(data: dict[str, Any], fields: dict[str, Any] | None, sheets: list[str] | None, title: str) -> bytes:
    from fitsm_audit.template.build import build_workbook, workbook_bytes

    return workbook_bytes(build_workbook(sheet_names=sheets, data=data, fields=fields, edition=EDITION, title=title))


def _split(data: dict[str, Any], fields: dict[str, Any], title: str) -> dict[str, bytes]:
    """One workbook per contract area, as ``fitsm-audit init --split`` lays them out."""
    from fitsm_audit.spec.contract import load_contract

    contract = load_contract()
    areas: dict[str, list[str]] = {}
    for sheet in contract.sheets:
        areas.setdefault(sheet.workbook, []).append(sheet.name)
    out = {}
    for area, names in areas.items():
        part = {n: rows for n, rows in data.items() if n in names}
        has_fields = "Organisation" in names
        out[f"{area}.xlsx"] = _book_bytes(part, fields if has_fields else None, names, f"{title} ({area})")
    return out


def files() -> dict[str, bytes]:
    """Relative path -> bytes of every file of the federation sample."""
    out: dict[str, bytes] = {}
    for entry, (data, fields) in members().items():
        problems = validate(data, fields)
        if problems:
            raise SystemExit(f"{entry}: " + "; ".join(problems[:5]))
        title = f"{fields['provider']}: FitSM registers (fitsm-audit federation sample)"
        if entry == "slice-lab":
            out |= {f"members/{entry}/{name}": b for name, b in _split(data, fields, title).items()}
        else:
            out[f"members/{entry}.xlsx"] = _book_bytes(data, fields, None, title)
    data, fields = federation_book()
    sheets = ["Organisation", *data]
    out["pizza-alliance.xlsx"] = _book_bytes(data, fields, sheets, f"{FEDERATION}: federation office (fitsm-audit sample)")
    return out


def main(argv: list[str] | None = None) -> int:
    from fitsm_audit.core.safe_output import atomic_write

    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for rel, data in files().items():
        path = OUT / rel
        if check:
            if not path.exists() or differences(sheet_values(io.BytesIO(data)), sheet_values(path)):
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, force=True)
        print(f"wrote {path.relative_to(HERE)}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python samples/build_federation.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
