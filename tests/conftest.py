"""Shared test set-up: make tests/ importable for the small data modules that live there."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
