"""The wheel carries every template and asset the tool needs at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
        check=True, capture_output=True, timeout=300,
    )
    (path,) = out.glob("fitsm_audit-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_has_package_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for required in (
        "fitsm_audit/data/contract.yaml",
        "fitsm_audit/data/catalogue.yaml",
        "fitsm_audit/workbook_templates/fitsm-workbook.xlsx",
        "fitsm_audit/samples/pizza-delivery.xlsx",
        "fitsm_audit/cli/commands_check.py",
    ):
        assert required in names, required
    assert any(n.startswith("fitsm_audit/doc_templates/") and n.endswith((".html", ".css")) for n in names)
    entry = wheel.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "fitsm-audit = fitsm_audit.cli:main" in entry


def test_every_source_template_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for path in (ROOT / "doc_templates").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"fitsm_audit/doc_templates/{path.relative_to(ROOT / 'doc_templates').as_posix()}" in names
