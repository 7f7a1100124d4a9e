"""Shared test set-up.

The tests test the working tree, not an installed copy: the README's test command installs the
package non-editably, so without this the in-process tests and the CLI runs in subprocesses would
import ``site-packages``. The checkout goes first on ``sys.path`` and on ``PYTHONPATH`` (for
subprocesses), and the run stops at once if ``fitsm_audit`` still comes from anywhere else.
``tests/test_packaging.py`` checks the installed wheel and its assets on its own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

sys.path[:0] = [str(ROOT), str(TESTS)]  # the checkout, then the small data modules in tests/
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
)


def pytest_configure(config: pytest.Config) -> None:
    import fitsm_audit

    where = Path(fitsm_audit.__file__).resolve()
    if not where.is_relative_to(ROOT / "fitsm_audit"):
        pytest.exit(f"the tests import fitsm_audit from {where}, not from the checkout {ROOT}", 2)
