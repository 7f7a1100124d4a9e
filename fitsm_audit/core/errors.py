"""Domain errors with messages a practitioner understands. No click here."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of every command."""

    OK = 0
    FINDINGS = 1  # errors found, or a requirement/group below target
    UNUSABLE = 2  # the input cannot be read, or the command is misused


class FitsmAuditError(Exception):
    """Base of every error the CLI turns into one line and exit 2."""


class WorkbookError(FitsmAuditError):
    """A file that cannot be read as a workbook (missing, corrupt, encrypted, too large ...)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class OutputExistsError(FitsmAuditError):
    """An output file exists and --force was not given."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} already exists; use --force to overwrite it")
        self.path = path


class UsageError(FitsmAuditError):
    """The command was misused (bad option value, nothing to read ...)."""


class DocumentsBlocked(FitsmAuditError):
    """Documents not written because the rows they are written from hold errors (exit 1)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(
            f"not written: {len(lines)} document{'s' if len(lines) != 1 else ''} would contradict "
            "the register (fix the cells with fitsm-audit check, or write them anyway, marked "
            "NOT CHECKED, with --allow-errors)"
        )
        self.lines = lines


class NothingToWrite(FitsmAuditError):
    """A document that would be empty (no live service for the catalogue): not written, exit 1."""
