"""Placeholder: commands are added by the owning module."""

from __future__ import annotations

COMMANDS: list = []
