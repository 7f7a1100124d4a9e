"""The one place that finds packaged data (contract, catalogue, templates, assets)."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
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


def package_file(package: str, name: str) -> Traversable:
    """A file shipped in one of the mapped folders: ``doc_templates``, ``workbook_templates``, ``samples``."""
    return files(f"fitsm_audit.{package}") / name
