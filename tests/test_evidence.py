"""The inspector's files kept as evidence (issue #11): `attach`, `attachments`,
`attachment --output`, `export --pack`, and `check` catching a stored file changed or
removed behind Casefile's back."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import zipfile

import pytest

import casefile.actions.attach
from reportkit import FIRST_FAILED
from tui.cli import main

PO = "PO/2026/114"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"  # every byte value, as a binary file has


@pytest.fixture
def run(ws, case, capsys, pinned_clock):
    ws.create(case)

    def run(*argv) -> tuple[int, str, str]:
        code = main(["--data", str(ws.root), *map(str, argv)])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.ws = ws
    return run


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "AQI report 2026-11-20.pdf"
    path.write_bytes(PDF)
    return path


def stored(ws) -> list:
    return sorted(p for p in (ws.root / "attachments").rglob("*") if p.is_file())


def test_attach_keeps_the_bytes_as_received_named_by_sha256_read_only_and_private(run, pdf):
    code, out, err = run("attach", PO, pdf, "--note", "the signed report")
    sha = hashlib.sha256(PDF).hexdigest()
    assert code == 0 and err == ""
    assert f"attached to {PO}: AQI report 2026-11-20.pdf ({len(PDF):,} bytes, sha256 {sha})" in out
    [path] = stored(run.ws)
    assert path.name == sha and path.read_bytes() == PDF
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700

    code, out, _ = run("attachments", PO)
    assert code == 0
    [line] = out.splitlines()
    assert line.split()[:3] == [out[:8], f"{len(PDF):,}", sha] and "AQI report 2026-11-20.pdf" in line
    assert "(the signed report)" in line and run.ws.actor in line

    code, out, _ = run("attachments", PO, "--json")
    [item] = json.loads(out)
    assert (item["name"], item["size"], item["sha256"], item["report_id"], item["attached_by"]) == (
        "AQI report 2026-11-20.pdf", len(PDF), sha, None, run.ws.actor)


def test_attaching_the_same_bytes_again_is_a_no_op(run, pdf, tmp_path):
    run("attach", PO, pdf)
    revision = run.ws.load(PO).revision
    copy = tmp_path / "renamed copy.pdf"
    copy.write_bytes(PDF)
    for path in (pdf, copy):
        code, out, _ = run("attach", PO, path)
        assert code == 0 and "already (id" in out and "nothing changed" in out
    assert run.ws.load(PO).revision == revision and len(run.ws.load(PO).attachments) == 1


def test_an_attachment_names_its_report_by_the_short_id_listings_show(run, pdf):
    run("import-report", PO, FIRST_FAILED)
    report = run.ws.load(PO).reports[0]
    assert run("attach", PO, pdf, "--report", report.id[:8])[0] == 0
    assert run.ws.load(PO).attachments[0].report_id == report.id
    _, out, _ = run("attachments", PO)
    assert f"report 2026-11-20 {report.id[:8]}" in out

    code, _, err = run("attach", PO, pdf.with_name("x.pdf"), "--report", "0000")
    assert code == 2  # the file is read first: a missing one is the first thing said
    pdf.with_name("x.pdf").write_bytes(b"other")
    code, _, err = run("attach", PO, pdf.with_name("x.pdf"), "--report", "0000")
    assert code == 2 and f"--report: no report '0000' in {PO}; its reports: {report.id[:8]}" in err
    assert err.count("\n") == 1 and len(run.ws.load(PO).attachments) == 1
    code, _, err = run("attach", PO, pdf.with_name("x.pdf"), "--note", "bell\x07")
    assert code == 2 and "--note: contains a control character (U+0007)" in err


@pytest.mark.parametrize("name, shown", [
    ("photo\x1b[31mred.jpg", "photo_[31mred.jpg"),
    ("bidi\u202etxt.exe.jpg", "bidi_txt.exe.jpg"),
    ("..hidden.pdf", "hidden.pdf"),
    ("back\\slash.pdf", "slash.pdf"),
    ("a" * 250 + ".pdf", "a" * 116 + ".pdf"),
    ("new\nline.pdf", "new_line.pdf"),
])
def test_a_hostile_file_name_is_kept_sanitised_and_never_reaches_the_terminal(run, tmp_path, name, shown):
    path = tmp_path / name
    path.write_bytes(name.encode("utf-8", "surrogateescape"))
    code, out, err = run("attach", PO, path)
    assert code == 0, err
    assert run.ws.load(PO).attachments[0].name == shown
    _, listed, _ = run("attachments", PO)
    assert shown in listed and "\x1b" not in listed + out and "\u202e" not in listed + out


def test_an_undecodable_file_name_is_kept_readable(run, tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.jpg"  # Latin-1 bytes from an old camera
    with open(raw, "wb") as f:
        f.write(b"jpeg")
    assert run("attach", PO, os.fsdecode(raw))[0] == 0
    assert run.ws.load(PO).attachments[0].name == "caf_.jpg"


def test_a_file_above_the_cap_is_refused_saying_the_cap_and_its_size(run, tmp_path, monkeypatch):
    monkeypatch.setattr(casefile.actions.attach, "MAX_BYTES", 1000)
    path = tmp_path / "video.mp4"
    path.write_bytes(b"x" * 1001)
    code, out, err = run("attach", PO, path)
    assert code == 2 and out == ""
    assert "the file is 1,001 bytes; attachments are at most 1,000 bytes" in err and err.count("\n") == 1
    assert not (run.ws.root / "attachments").exists() and run.ws.load(PO).attachments == []
    path.write_bytes(b"x" * 1000)
    assert run("attach", PO, path)[0] == 0


@pytest.mark.timeout(20)
@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "missing"])
def test_only_a_regular_file_is_read(run, tmp_path, kind):
    path = tmp_path / "evidence"
    if kind == "fifo":
        os.mkfifo(path)  # a plain read would wait for a writer forever
    elif kind == "device":
        path = "/dev/zero"  # a read that never ends
    elif kind == "folder":
        path.mkdir()
    code, _, err = run("attach", PO, path)
    assert code == 2 and err.count("\n") == 1
    assert {"fifo": "FIFO", "device": "a device", "folder": "a folder", "missing": "no such file"}[kind] in err


def test_a_copy_out_is_byte_for_byte_and_as_safe_as_an_export(run, pdf, tmp_path):
    run("attach", PO, pdf)
    short = run.ws.load(PO).attachments[0].id[:8]
    out_path = tmp_path / "out" / "copy.pdf"
    out_path.parent.mkdir()
    code, out, err = run("attachment", PO, short[:5], "--output", out_path)
    assert code == 0 and "sha256 verified" in out and out_path.read_bytes() == PDF
    assert stat.S_IMODE(out_path.stat().st_mode) == 0o600 and os.listdir(out_path.parent) == ["copy.pdf"]

    code, _, err = run("attachment", PO, short, "--output", out_path)
    assert code == 2 and "already exists; give another name, or --force to replace it" in err
    assert run("attachment", PO, short, "--output", out_path, "--force")[0] == 0
    code, _, err = run("attachment", PO, short, "--output", run.ws.root / "attachments" / "x.pdf")
    assert code == 2 and "is inside the workspace" in err
    code, _, err = run("attachment", PO, short, "--output", "/dev/null")
    assert code == 2 and "is a device" in err
    code, _, err = run("attachment", PO, "ffff", "--output", tmp_path / "x")
    assert code == 2 and f"no attachment 'ffff' in {PO}; its attachments: {short}" in err


def tamper_cases():
    def append(path):
        os.chmod(path, 0o600)
        with open(path, "ab") as f:
            f.write(b"% one more line")

    def flip(path):
        os.chmod(path, 0o600)
        data = bytearray(path.read_bytes())
        data[100] ^= 1
        path.write_bytes(bytes(data))

    return {"grown": (append, "has grown"), "one bit changed": (flip, "was changed outside Casefile"),
            "removed": (os.unlink, "is missing: it was removed outside Casefile")}


@pytest.mark.parametrize("attack", list(tamper_cases()))
def test_check_exits_1_naming_an_attachment_changed_or_removed_and_reattaching_restores_it(run, pdf, tmp_path, attack):
    run("attach", PO, pdf)
    assert run("check")[0] == 0
    act, words = tamper_cases()[attack]
    act(stored(run.ws)[0])

    code, out, err = run("check")
    assert code == 1 and "1 attachment(s) changed or missing" in out
    assert f"TAMPERED PO {PO}: attachment 'AQI report 2026-11-20.pdf' (id " in err and words in err
    code, _, err = run("attachment", PO, run.ws.load(PO).attachments[0].id, "--output", tmp_path / "c.pdf")
    assert code == 1 and words in err and not (tmp_path / "c.pdf").exists()
    code, _, err = run("export", PO, "--pack", tmp_path / "p.zip")
    assert code == 1 and words in err and not (tmp_path / "p.zip").exists()

    code, out, _ = run("attach", PO, pdf)
    assert code == 0 and "restored" in out
    assert run("check")[0] == 0 and stored(run.ws)[0].read_bytes() == PDF


def test_the_attachment_record_is_sealed_in_the_history(run, pdf):
    run("attach", PO, pdf)
    path = run.ws.case_path(PO)
    tables = json.loads(path.read_bytes())
    tables["attachments"]["1"]["name"] = "harmless.pdf"
    path.write_bytes(json.dumps(tables).encode())
    code, _, err = run("check")
    assert code == 1 and "attachment 1 ('harmless.pdf', id" in err and "was changed outside Casefile" in err


@pytest.mark.skipif(shutil.which("sha256sum") is None or shutil.which("unzip") is None,
                    reason="needs coreutils' sha256sum and unzip")
def test_the_evidence_pack_verifies_with_sha256sum(run, pdf, tmp_path):
    run("import-report", PO, FIRST_FAILED)
    run("attach", PO, pdf, "--report", run.ws.load(PO).reports[0].id)
    photos = tmp_path / "photos"
    photos.mkdir()
    for n, name in enumerate(["shade $(rm -rf ~).jpg", "bad\x1bname.jpg", "AQI report 2026-11-20.pdf"]):
        (photos / name).write_bytes(f"photo {n}".encode())
        assert run("attach", PO, photos / name)[0] == 0
    pack = tmp_path / "evidence.zip"
    code, out, err = run("export", PO, "--pack", pack)
    assert code == 0 and f"evidence pack of {PO} (4 attachment(s)) written to {pack}" in out

    folder = tmp_path / "unzipped"
    subprocess.run(["unzip", "-q", str(pack), "-d", str(folder)], check=True)
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == ["MANIFEST.sha256", "attachments/AQI report 2026-11-20-2.pdf", "attachments/AQI report 2026-11-20.pdf",
                     "attachments/bad_name.jpg", "attachments/shade $(rm -rf ~).jpg", "dossier.md"]
    assert (folder / "attachments" / "AQI report 2026-11-20.pdf").read_bytes() == PDF
    checked = subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK\n") == 5

    dossier = (folder / "dossier.md").read_text()
    assert "## Evidence" in dossier and hashlib.sha256(PDF).hexdigest() in dossier
    (folder / "dossier.md").write_text(dossier + "edited\n")
    assert subprocess.run(["sha256sum", "--quiet", "-c", "MANIFEST.sha256"], cwd=folder,
                          capture_output=True).returncode == 1


def test_a_pack_is_refused_where_an_export_is(run, tmp_path):
    code, _, err = run("export", PO, "--pack", run.ws.root / "cases" / "p.zip")
    assert code == 2 and "is inside the workspace" in err
    code, _, err = run("export", PO, "--pack", tmp_path / "p.zip", "--output", tmp_path / "d.md")
    assert code == 2 and "not both" in err
    assert run("export", PO, "--pack", tmp_path / "p.zip")[0] == 0
    with zipfile.ZipFile(tmp_path / "p.zip") as z:
        assert z.namelist() == ["dossier.md", "MANIFEST.sha256"]
