"""An assessment to compare (``compare OLD NEW``, docs/progress.md): an ``assessment.json`` written
by ``assess --format json`` (or ``report --data``), or workbooks assessed on the spot. A JSON file
that is not such an assessment is one line naming it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fitsm_audit.core.errors import UsageError

MAX_JSON_BYTES = 64 * 1024 * 1024
_NEEDED = ("edition", "as_of", "requirements")


def is_json(paths: Sequence[str]) -> bool:
    return len(paths) == 1 and paths[0].lower().endswith(".json")


def read_assessment_json(path: str) -> dict[str, Any]:
    """The assessment in ``path`` as a dictionary, checked for the fields a comparison needs."""
    from fitsm_audit.core.findings import printable

    shown = printable(path)
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{shown}: no such file")
    if file.stat().st_size > MAX_JSON_BYTES:
        raise UsageError(f"{shown}: larger than {MAX_JSON_BYTES // 2**20} MB; not an assessment.json")
    try:
        data = json.loads(file.read_bytes())
    except (ValueError, RecursionError):
        raise UsageError(f"{shown}: not JSON; give an assessment.json from assess --format json") from None
    if not isinstance(data, dict) or any(k not in data for k in _NEEDED):
        raise UsageError(f"{shown}: not an assessment (no {', '.join(_NEEDED)}); give one from assess --format json")
    requirements = data["requirements"]
    if not isinstance(requirements, list) or not all(
        isinstance(r, dict) and isinstance(r.get("id"), str) for r in requirements
    ):
        raise UsageError(f"{shown}: its requirements are not a list of requirements with IDs")
    if str(data["edition"]) not in ("2", "3"):
        raise UsageError(f"{shown}: unknown FitSM-1 edition {printable(str(data['edition']))!r}")
    try:
        dt.date.fromisoformat(str(data["as_of"]))
    except ValueError:
        raise UsageError(f"{shown}: its as_of {printable(str(data['as_of']))!r} is not a date") from None
    return data


def assess_workbooks(paths: Sequence[str], as_of: dt.date, edition: str, limits: Any) -> dict[str, Any]:
    """The workbooks at ``paths`` read, checked and assessed as of ``as_of``, as a dictionary."""
    from fitsm_audit.assess import assess
    from fitsm_audit.workbook.pipeline import read_sms

    checked = read_sms(list(paths), as_of, limits)
    result = assess(checked.dataset, edition=edition, as_of=as_of, findings=[f.to_dict() for f in checked.findings])
    return json.loads(json.dumps(result.to_dict(), default=str))  # the form an assessment.json has


def load_assessment(paths: Sequence[str], as_of: dt.date, edition: str, limits: Any) -> dict[str, Any]:
    """One side of a comparison: an assessment.json, or workbooks assessed as of ``as_of``."""
    if is_json(paths):
        return read_assessment_json(paths[0])
    if any(p.lower().endswith(".json") for p in paths):
        raise UsageError("give one assessment.json, or workbooks, on each side; not both")
    return assess_workbooks(paths, as_of, edition, limits)
