"""The SMS model keeps one object per repeated text or date of a column (a large register repeats
its statuses, owners and review dates), and one list per row, since a list can be changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fitsm_audit.workbook.pipeline import read_sms

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pizza-delivery.xlsx"


def test_repeated_values_are_one_object_and_lists_one_per_row() -> None:
    ds = read_sms([str(SAMPLE)], dt.date(2026, 11, 30)).dataset
    services = ds.rows("Services")
    statuses = [r["status"] for r in services if r["status"] == "live"]
    assert len(statuses) >= 2 and all(s is statuses[0] for s in statuses)
    for sheet in ds:
        for column in {c for r in ds.rows(sheet) for c, v in r.values.items() if isinstance(v, dt.date)}:
            by_value: dict[dt.date, dt.date] = {}
            for r in ds.rows(sheet):
                v = r[column]
                if isinstance(v, dt.date):
                    assert by_value.setdefault(v, v) is v, (sheet, column, v)
    lists = [r["services"] for r in ds.rows("Agreements") if isinstance(r["services"], list)]
    assert len(lists) >= 2 and len({id(x) for x in lists}) == len(lists)
