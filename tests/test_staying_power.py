"""Staying power of the document commands (issue 17; publish/staged.py): killed at a random
moment, run twice at once into one folder, or out of disk space or permission, a run leaves its
output folder as it was or complete, with a manifest that is true; the next run succeeds.

Every document command is run as a user runs it (a subprocess of the installed CLI); the old and
the new outputs differ (another --as-of), so "as it was" and "complete" can be told apart.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fitsm_audit.publish.manifest import MANIFEST, check_manifest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "pizza-delivery.xlsx"
MEMBERS = ROOT / "samples" / "federation" / "members"
OLD, NEW = "2026-11-30", "2026-12-31"

# every command that writes a folder of documents, with the arguments of one run (-o is added)
COMMANDS: dict[str, list[str]] = {
    "report": ["report", str(SAMPLE), "--format", "docx"],
    "plan": ["plan", str(SAMPLE), "--format", "docx"],
    "sla": ["sla", str(SAMPLE), "--format", "docx"],
    "catalogue": ["catalogue", str(SAMPLE), "--format", "docx"],
    "service-report": ["service-report", str(SAMPLE), "--format", "pdf"],  # four PDFs: the rendering pool
    "demo": ["demo", "--format", "docx"],
    "federation": ["federation", str(MEMBERS), "--format", "json,xlsx", "--jobs", "1"],
}


def command(name: str, out: Path, as_of: str, force: bool = True) -> list[str]:
    return [sys.executable, "-m", "fitsm_audit", *COMMANDS[name], "-o", str(out), "--as-of", as_of, "-q",
            *(["--force"] if force else [])]  # fmt: skip


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)


def files(folder: Path) -> dict[str, str]:
    """Every visible file of the folder with its SHA-256."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
    }  # fmt: skip


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def assert_consistent(folder: Path, old: dict[str, str], new: dict[str, str]) -> None:
    """Each file is whole, as the old run or the new one wrote it, and the manifest (when there
    is one) lists no file with other bytes than its own."""
    for name, sha in files(folder).items():
        assert sha in (old.get(name), new.get(name)), f"{name} is neither the old nor the new file"
    if (folder / MANIFEST).exists():
        assert check_manifest(folder) == []


Reference = tuple[Path, dict[str, str], dict[str, str], float]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory):
    """Per command, made on first use: the folder of a run as of OLD, its files, the files of a
    run as of NEW and how long that took."""
    made: dict[str, Reference] = {}
    base = tmp_path_factory.mktemp("reference")

    def get(name: str) -> Reference:
        if name not in made:
            old_dir, new_dir = base / f"{name}-old", base / f"{name}-new"
            assert run(command(name, old_dir, OLD)).returncode in (0, 1)
            start = time.perf_counter()
            assert run(command(name, new_dir, NEW)).returncode in (0, 1)
            made[name] = (old_dir, files(old_dir), files(new_dir), time.perf_counter() - start)
        return made[name]

    return get


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_killed_run_leaves_the_folder_as_it_was_or_complete(name: str, reference, tmp_path: Path) -> None:
    old_dir, old, new, seconds = reference(name)
    folder = tmp_path / "out"
    shutil.copytree(old_dir, folder)
    rng = random.Random(f"{name}-{os.getpid()}-{time.time_ns()}")
    for _ in range(2):
        moment = seconds * rng.uniform(0.1, 0.9)
        proc = subprocess.Popen(command(name, folder, NEW), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)  # fmt: skip
        time.sleep(moment)
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its rendering workers, at once
        proc.wait()
        assert_consistent(folder, old, new)
    done = run(command(name, folder, NEW))
    assert done.returncode in (0, 1), done.stderr
    got = files(folder)
    assert all(got.get(n) == sha for n, sha in new.items())  # the new run, whole
    assert all(n in new or got[n] == old.get(n) for n in got)  # and what only the old run wrote
    if MANIFEST in new:
        assert check_manifest(folder) == []
    assert hidden(folder) == []  # no staging folder or journal left behind


def test_two_runs_at_once_end_with_one_consistent_set(reference, tmp_path: Path) -> None:
    _, old, new, _ = reference("plan")
    folder = tmp_path / "out"
    procs = [subprocess.Popen(command("plan", folder, as_of), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True) for as_of in (OLD, NEW)]  # fmt: skip
    for p in procs:
        p.wait(timeout=600)
        assert p.returncode in (0, 1), p.stderr.read() if p.stderr else ""
    got = files(folder)
    assert got in (old, new)  # all of one run, none mixed
    assert check_manifest(folder) == []
    manifest = json.loads((folder / MANIFEST).read_text())
    assert sorted(e["path"] for e in manifest["outputs"]) == sorted(n for n in got if n != MANIFEST)
    assert hidden(folder) == []


def test_a_second_run_without_force_waits_then_refuses(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    procs = [subprocess.Popen(command("plan", folder, as_of, force=False), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for as_of in (OLD, NEW)]  # fmt: skip
    codes, errors = [], []
    for p in procs:
        p.wait(timeout=600)
        codes.append(p.returncode)
        errors.append(p.stderr.read() if p.stderr else "")
    assert sorted(codes)[1] == 2, errors  # one wrote, the other found its files and refused
    assert any("already exists; use --force" in e for e in errors)
    assert check_manifest(folder) == []
    assert hidden(folder) == []


# ------------------------------------------------------------------ full disk, read-only folder
def _in_process(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from fitsm_audit.cli import cli
    from fitsm_audit.cli.base import run_guarded

    code = run_guarded(cli, args)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("where", "error"),
    [("fsync", errno.ENOSPC), ("mkdtemp", errno.EACCES), ("mkdtemp", errno.EROFS)],
)
def test_a_full_disk_or_read_only_folder_is_one_line_and_changes_nothing(
    where: str, error: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import fitsm_audit.publish.staged as staged

    folder = tmp_path / "out"
    args = ["report", str(SAMPLE), "-o", str(folder), "--as-of", OLD, "--format", "docx", "-q"]
    code, _ = _in_process(args, monkeypatch, capsys)
    assert code == 0
    before = files(folder)

    def fail(*_a: object, **_k: object) -> None:
        raise OSError(error, os.strerror(error))

    if where == "fsync":
        monkeypatch.setattr(staged.os, "fsync", fail)
    else:
        monkeypatch.setattr(staged.tempfile, "mkdtemp", fail)
    code, err = _in_process([*args[:5], NEW, *args[6:], "--force"], monkeypatch, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"fitsm-audit: cannot write into {folder}"), err
    assert ("no space left" in lines[0]) == (error == errno.ENOSPC)
    assert files(folder) == before  # nothing replaced, nothing half-written
    assert hidden(folder) == []


def test_a_new_folder_that_cannot_be_written_is_not_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import fitsm_audit.publish.staged as staged

    def fail(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(staged.os, "fsync", fail)
    code, err = _in_process(["plan", str(SAMPLE), "-o", str(tmp_path / "new"), "--format", "docx", "-q"],
                            monkeypatch, capsys)  # fmt: skip
    assert code == 2 and "no space left on the disk" in err
    assert list(tmp_path.iterdir()) == []


ROOTLY = os.geteuid() == 0 and shutil.which("unshare") is not None and sys.platform.startswith("linux")


def _unshared(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True, timeout=600,
                          check=False)  # fmt: skip


@pytest.mark.skipif(not ROOTLY, reason="a real small or read-only file system needs root and unshare")
def test_a_real_full_disk(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    cli = " ".join(command("report", disk / "out", OLD, force=False)).replace("docx", "docx,pdf")  # 470 KB
    done = _unshared(f"mount -t tmpfs -o size=200k tmpfs {disk} && {cli}; echo rc=$?; ls -A {disk}/out 2>&1")
    assert "rc=2" in done.stdout, done.stdout + done.stderr
    assert done.stderr.strip().count("\n") == 0 and "no space left on the disk" in done.stderr
    listing = done.stdout.split("rc=2", 1)[1].split()
    assert listing == [] or listing[0].startswith("ls:"), listing  # not even the folder is left


@pytest.mark.skipif(not ROOTLY, reason="a real read-only file system needs root and unshare")
def test_a_real_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    cli = " ".join(command("plan", folder, OLD, force=False))
    done = _unshared(f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && {cli}; echo rc=$?")
    assert "rc=2" in done.stdout, done.stdout + done.stderr
    assert done.stderr.strip().count("\n") == 0 and "read-only" in done.stderr
    assert list(folder.iterdir()) == []
