"""``fitsm-audit demo``: check, assess and every document on the packaged pizza delivery sample."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitsm_audit.documents.manifest import (
    MANIFEST,
    build_manifest,
    file_sha256,
    manifest_bytes,
)
from fitsm_audit.documents.publish import (
    Written,
    refuse_existing,
    target_paths,
    write_documents,
    write_file,
    written,
)

SAMPLE = "pizza-delivery.xlsx"
DEMO_AS_OF = dt.date(2026, 11, 30)  # the date the sample's data is written for
EDITION = "2"
DATA_FILES = ("check.json", "assessment.json")


@dataclass
class DemoResult:
    out_dir: Path
    outputs: list[Written]
    manifest: Path
    check_summary: dict[str, int]
    groups_met: int
    groups_in_scope: int
    gaps: int


@contextlib.contextmanager
def sample_path() -> Iterator[Path]:
    """The packaged sample workbook as a real file (extracted when installed zipped)."""
    from importlib.resources import as_file

    from fitsm_audit.errors import UsageError
    from fitsm_audit.resources import package_file

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
) -> DemoResult:
    """Everything the tool produces for the sample, plus manifest.json, into ``out_dir``."""
    from fitsm_audit.assess import assess
    from fitsm_audit.documents.build import DOCUMENT_KINDS, documents_for
    from fitsm_audit.pipeline import read_sms

    with sample_path() as path:
        check = read_sms([str(path)], as_of)
        inputs = [(SAMPLE, file_sha256(path))]
    findings = [f.to_dict() for f in check.findings]
    result = assess(check.dataset, edition=EDITION, as_of=as_of, findings=findings)
    assessment = result.to_dict()
    docs = documents_for(
        DOCUMENT_KINDS, check.dataset, as_of, assessment=assessment, findings=findings
    )
    data_paths = [out_dir / name for name in (*DATA_FILES, MANIFEST)]
    refuse_existing([*target_paths(docs, out_dir, formats), *data_paths], force)

    outputs: list[Written] = []
    for name, payload in zip(DATA_FILES, (check.to_dict(), assessment), strict=False):
        data = (json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n").encode()
        write_file(out_dir / name, data, force=force)
        outputs.append(written(out_dir / name, data, name.removesuffix(".json"), "data", "json"))
    outputs += write_documents(docs, out_dir, formats, force=force, signer=signer)
    manifest = build_manifest(outputs, out_dir, as_of=as_of, inputs=inputs, edition=EDITION)
    write_file(out_dir / MANIFEST, manifest_bytes(manifest), force=force)
    in_scope = [g for g in assessment["groups"] if g.get("in_scope")]
    return DemoResult(
        out_dir=out_dir,
        outputs=outputs,
        manifest=out_dir / MANIFEST,
        check_summary=dict(check.summary),
        groups_met=sum(1 for g in in_scope if g.get("met")),
        groups_in_scope=len(in_scope),
        gaps=len(result.gaps()),
    )


REBUILD_FOLDER = Path("samples") / "pizza-delivery-documents"


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the committed sample documents: ``python -m fitsm_audit.documents.demo [DIR]``."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else REBUILD_FOLDER
    result = run_demo(target, force=True, formats=("docx", "pdf", "html"))
    print(f"wrote {len(result.outputs) + 1} files to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
