"""Who holds which role, by the registers: the SMS owner and manager, a process's owner and manager.

One rule for every stage (the documents name these people, the assessment's actions are given
to them): the Organisation sheet first, then the Processes sheet, then the Roles sheet.
"""

from __future__ import annotations

from typing import Any

from fitsm_audit.workbook.records import Dataset


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def sms_roles(dataset: Dataset) -> tuple[Any, Any]:
    """(SMS owner, SMS manager) People IDs from the Organisation sheet, else the Roles sheet."""
    owner, manager = dataset.field("sms_owner"), dataset.field("sms_manager")
    for rec in dataset.rows("Roles"):
        role = _text(rec["role"]).lower()
        if role == "sms owner" and not owner:
            owner = rec["person"]
        elif role == "sms manager" and not manager:
            manager = rec["person"]
    return owner, manager


def process_role(dataset: Dataset, process: str, role: str) -> Any:
    """The People ID holding a process role ("process owner" or "process manager"): from the
    Processes sheet, else the Roles sheet; None when nobody is named."""
    column = "owner" if role == "process owner" else "manager"
    for rec in dataset.rows("Processes"):
        if rec["process"] == process and rec[column]:
            return rec[column]
    for rec in dataset.rows("Roles"):
        if rec["process"] == process and _text(rec["role"]).lower() == role:
            return rec["person"]
    return None


def responsible(dataset: Dataset, process: str | None) -> tuple[str, str]:
    """(People ID, which role) of whoever answers for work on ``process`` (PR1 ... PR14; None or
    a GR group: the SMS as a whole): its process manager, else its owner, else the SMS manager,
    else the SMS owner. ("", "nobody named") when the registers name no one."""
    owner, manager = sms_roles(dataset)
    candidates: list[tuple[Any, str]] = []
    if process and process.startswith("PR"):
        candidates += [
            (process_role(dataset, process, "process manager"), f"process manager of {process}"),
            (process_role(dataset, process, "process owner"), f"process owner of {process}"),
        ]
    candidates += [(manager, "SMS manager"), (owner, "SMS owner")]
    for person, source in candidates:
        if _text(person):
            return _text(person), source
    return "", "nobody named"
