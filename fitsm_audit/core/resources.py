"""The one place that finds packaged data (contract, catalogue, templates, assets)."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


def data_path(*parts: str) -> Traversable:
    """A file or folder inside ``fitsm_audit/data``."""
    node = files("fitsm_audit") / "data"
    for p in parts:
        node = node / p
    return node


def read_text(*parts: str) -> str:
    return data_path(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return data_path(*parts).read_bytes()


def read_yaml(*parts: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster
    return yaml.load(read_text(*parts), Loader=loader)  # noqa: S506 - a safe loader


MAPPED_FOLDERS = ("doc_templates", "workbook_templates", "samples")


def package_file(package: str, name: str) -> Traversable:
    """A file shipped in one of the mapped folders: ``doc_templates``, ``workbook_templates``, ``samples``.

    Installed, each folder is the subpackage ``fitsm_audit.<folder>``; run from a checkout (the
    tests import the working tree), it is the folder of that name beside the package.
    """
    try:
        return files(f"fitsm_audit.{package}") / name
    except ModuleNotFoundError:
        if package not in MAPPED_FOLDERS:
            raise
        return Path(__file__).resolve().parents[2] / package / name
