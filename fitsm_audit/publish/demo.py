"""``fitsm-audit demo``: check, assess and every document on the packaged pizza delivery sample."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitsm_audit.publish.documents import Publication, Report, publish, silent
from fitsm_audit.publish.manifest import Written

SAMPLE = "pizza-delivery.xlsx"
DEMO_AS_OF = dt.date(2026, 11, 30)  # the date the sample's data is written for
EDITION = "2"


@dataclass
class DemoResult:
    out_dir: Path
    outputs: list[Written]
    manifest: Path
    check_summary: dict[str, int]
    groups_met: int
    groups_in_scope: int
    gaps: int
    drafts: list[str] = field(default_factory=list)  # agreements written as drafts


@contextlib.contextmanager
def sample_path() -> Iterator[Path]:
    """The packaged sample workbook as a real file (extracted when installed zipped)."""
    from importlib.resources import as_file

    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.resources import package_file

    node = package_file("samples", SAMPLE)
    if not node.is_file():
        raise UsageError(f"the packaged sample {SAMPLE} is missing from this installation")
    with as_file(node) as path:
        yield Path(path)


def run_demo(
    out_dir: Path,
    *,
    force: bool = False,
    formats: Sequence[str] = ("docx", "pdf"),
    as_of: dt.date = DEMO_AS_OF,
    signer: Any = None,
    progress: Report = silent,
) -> DemoResult:
    """Everything the tool produces for the sample, plus manifest.json, into ``out_dir``
    (``progress``: see :func:`fitsm_audit.publish.documents.publish`)."""
    from fitsm_audit.documents.build import DOCUMENT_KINDS

    with sample_path() as path:
        result = publish(
            DOCUMENT_KINDS,
            [path],
            out_dir,
            as_of=as_of,
            formats=formats,
            force=force,
            signer=signer,
            edition=EDITION,
            data_files=True,
            input_names=[SAMPLE],
            progress=progress,
        )
    return summarise(result)


def summarise(result: Publication) -> DemoResult:
    """The figures the demo prints."""
    assessment = result.assessment
    return DemoResult(
        out_dir=result.out_dir,
        outputs=result.outputs,
        manifest=result.manifest,
        check_summary=dict(result.check.summary),
        groups_met=assessment.groups_met() if assessment else 0,
        groups_in_scope=len(assessment.in_scope_groups()) if assessment else 0,
        gaps=len(assessment.gaps()) if assessment else 0,
        drafts=[ident for ident, _why in result.drafts],
    )


REBUILD_FOLDER = Path("samples") / "pizza-delivery-documents"


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the committed sample documents: ``python -m fitsm_audit.publish.demo [DIR]``."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else REBUILD_FOLDER
    result = run_demo(target, force=True, formats=("docx", "pdf", "html"))
    print(f"wrote {len(result.outputs) + 1} files to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


FEDERATION_MEMBERS = "members"
FEDERATION_BOOK = "pizza-alliance.xlsx"


def federation_sample() -> Path:
    """The packaged federation sample folder (samples/federation: members/ and the federation
    workbook); installed packages are plain folders, so its path is real."""
    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.resources import package_file

    folder = Path(str(package_file("samples", "federation")))
    if not (folder / FEDERATION_MEMBERS).is_dir() or not (folder / FEDERATION_BOOK).is_file():
        raise UsageError("the packaged federation sample is missing from this installation")
    return folder


def run_federation_demo(
    out_dir: Path, *, force: bool = False, formats: Sequence[str] = ("docx", "pdf"), as_of: dt.date = DEMO_AS_OF,
    started: Any = None, done: Any = None,
) -> Any:  # fmt: skip
    """The Pizza Alliance sample rolled up into ``out_dir``: federation.json, federation.xlsx and the
    federation report in ``formats``."""
    from fitsm_audit.publish.federation import run_federation

    folder = federation_sample()
    hooks = {k: v for k, v in (("started", started), ("done", done)) if v is not None}
    return run_federation(
        str(folder / FEDERATION_MEMBERS), out_dir, as_of=as_of, edition=EDITION, formats=["json", "xlsx", *formats],
        force=force, book=[str(folder / FEDERATION_BOOK)], **hooks,
    )  # fmt: skip
