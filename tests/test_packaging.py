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
        "fitsm_audit/data/ticket_mappings/jira.yaml",
        "fitsm_audit/data/ticket_mappings/servicenow.yaml",
        "fitsm_audit/workbook_templates/fitsm-workbook.xlsx",
        "fitsm_audit/samples/pizza-delivery.xlsx",
        "fitsm_audit/cli/commands_check.py",
    ):
        assert required in names, required
    assert any(n.startswith("fitsm_audit/doc_templates/") and n.endswith((".html", ".css")) for n in names)
    federation = [p for p in (ROOT / "samples" / "federation").rglob("*.xlsx")]
    assert len(federation) >= 4  # demo --federation needs every member and the federation workbook
    for path in federation:
        assert f"fitsm_audit/samples/{path.relative_to(ROOT / 'samples').as_posix()}" in names, path
    entry = wheel.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "fitsm-audit = fitsm_audit.cli:main" in entry


def test_every_source_template_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for path in (ROOT / "doc_templates").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"fitsm_audit/doc_templates/{path.relative_to(ROOT / 'doc_templates').as_posix()}" in names


def test_the_tests_import_the_checkout() -> None:
    """In-process and in subprocesses (conftest puts the checkout first), never site-packages."""
    import fitsm_audit

    assert Path(fitsm_audit.__file__).resolve().is_relative_to(ROOT / "fitsm_audit")
    done = subprocess.run(
        [sys.executable, "-c", "import fitsm_audit; print(fitsm_audit.__file__)"],
        capture_output=True, text=True, check=True, timeout=60, cwd="/",
    )
    assert Path(done.stdout.strip()).resolve().is_relative_to(ROOT / "fitsm_audit")


def test_installed_copy_runs_with_its_assets(tmp_path: Path) -> None:
    """The installed package alone (no checkout on the path), outside the source tree: its
    packaged fonts, templates and sample are found and a document renders."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = (
        "import fitsm_audit, sys; from fitsm_audit.core.resources import package_file as f; "
        "assert f('doc_templates', 'fonts').joinpath('LiberationSans-Regular.ttf').is_file(); "
        "assert f('samples', 'pizza-delivery.xlsx').is_file(); print(fitsm_audit.__file__)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    sample = subprocess.run(
        [sys.executable, "-c", "from fitsm_audit.core.resources import package_file as f; "
         "print(f('samples', 'pizza-delivery.xlsx'))"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True, timeout=60,
    ).stdout.strip()
    run = subprocess.run(
        [sys.executable, "-m", "fitsm_audit", "catalogue", sample, "-o", "out", "--as-of", "2026-11-30"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "service-catalogue.pdf").read_bytes().startswith(b"%PDF-")
