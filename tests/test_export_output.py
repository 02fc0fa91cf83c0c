"""`casefile export --output FILE`: never over the workspace's own files or a device, no
predictable temp name, new files 0600, an existing file only with --force."""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import casefile.actions.export
from tui.cli import main

pytest_plugins = ["figures"]

PO = "PO/2026/114"
_held: list[str] = []


@pytest.fixture
def opened(ws, case):
    ws.create(case)
    return ws


def export(ws, capsys, *argv: str) -> tuple[int, str]:
    code = main(["--data", str(ws.root), "export", PO, *argv])
    return code, capsys.readouterr().err


def workspace_files(ws) -> dict:
    return {p: p.read_bytes() for p in ws.root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("where", ["case file", "index shard", "workspace.json", "new file in cases/",
                                   "the workspace folder", "symlink into cases/"])
def test_never_writes_into_the_workspace(opened, capsys, tmp_path, where):
    shard = f"{hashlib.sha256(PO.encode()).hexdigest()[:2]}.json"
    target = {
        "case file": opened.case_path(PO), "index shard": opened.index_dir / shard,
        "workspace.json": opened.root / "workspace.json", "new file in cases/": opened.cases_dir / "x.md",
        "the workspace folder": opened.root, "symlink into cases/": tmp_path / "innocent.md",
    }[where]
    if where == "symlink into cases/":
        target.symlink_to(opened.case_path(PO))
    before = workspace_files(opened)
    code, err = export(opened, capsys, "--output", str(target), "--force")
    assert code == 2 and err.count("\n") == 1 and "inside the workspace" in err
    assert workspace_files(opened) == before
    _held.append(where)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_never_writes_onto_a_device(opened, capsys, device):
    code, err = export(opened, capsys, "--output", device, "--force")
    assert code == 2 and "device" in err
    _held.append(device)


def test_a_fifo_is_refused_without_waiting(opened, capsys, tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code, err = export(opened, capsys, "--output", str(fifo), "--force")
    assert code == 2 and "FIFO" in err
    _held.append("fifo")


def test_a_new_file_is_0600_whatever_the_umask(opened, capsys, tmp_path):
    old = os.umask(0)
    try:
        code, _ = export(opened, capsys, "--output", str(tmp_path / "d.md"))
    finally:
        os.umask(old)
    assert code == 0 and stat.S_IMODE(os.stat(tmp_path / "d.md").st_mode) == 0o600
    assert (tmp_path / "d.md").read_text(encoding="utf-8").startswith("# Case file: PO/2026/114")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_an_existing_file_is_replaced_only_with_force(opened, capsys, tmp_path):
    target = tmp_path / "d.md"
    target.write_text("my notes", encoding="utf-8")
    code, err = export(opened, capsys, "--output", str(target))
    assert code == 2 and "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "my notes"
    assert export(opened, capsys, "--output", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Case file")
    _held.append("existing file without --force")


def test_the_old_predictable_temp_name_is_never_used(opened, capsys, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    # the temp name the old code used, planted by someone who can write to the folder
    (tmp_path / f".d.md.{os.getpid()}.tmp").symlink_to(victim)
    assert export(opened, capsys, "--output", str(tmp_path / "d.md"))[0] == 0
    assert victim.read_text(encoding="utf-8") == "precious"
    _held.append("planted temp-name symlink")


def test_a_disk_that_refuses_the_write_exits_1_and_leaves_nothing(opened, capsys, tmp_path, monkeypatch):
    def full_disk(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(casefile.actions.export.os, "write", full_disk)
    code, err = export(opened, capsys, "--output", str(tmp_path / "d.md"))
    assert code == 1 and "No space left" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == [opened.root]


def test_a_real_write_refusal_in_a_child_process_exits_1(opened, tmp_path):
    """No monkeypatch: the kernel refuses the write (a 1 KB file size limit, EFBIG, as a
    full disk's ENOSPC would), and the command exits 1 with one line, leaving no file."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the writer
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run([sys.executable, "-m", "tui", "--data", str(opened.root), "export", PO, "--output",
                           str(out / "d.md")], capture_output=True, text=True, preexec_fn=limit, timeout=120,
                          cwd=Path(casefile.actions.export.__file__).parents[2])
    assert done.returncode == 1, done.stderr
    assert done.stdout == "" and done.stderr.count("\n") == 1
    assert "could not write (File too large); nothing was saved" in done.stderr
    assert list(out.iterdir()) == []


def test_export_figure(figure):
    if _held:
        figure(f"export --output: {len(_held)} hostile targets tried, {len(_held)} refused or harmless "
               "(workspace files, devices, FIFO, existing file, planted temp symlink)")
