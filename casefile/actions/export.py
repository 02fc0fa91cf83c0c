"""Writing a file the user names (`casefile export --output FILE`, `export --pack FILE.zip`,
`attachment --output FILE`), never over the workspace's own files, a device or an
existing file unless asked to.

The content goes to a temp file with an unpredictable name, created exclusively (0600) in
the target's folder, fsynced, then linked into place (which cannot replace a file that
appeared meanwhile) or, with `force`, renamed over the old file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO, Callable

from casefile.records.case_state import CaseState
from casefile.rules.dossier import dossier
from casefile.rules.evidence import DOSSIER_NAME, MANIFEST_NAME, manifest, pack_entries
from casefile.rules.settings import load_settings
from casefile.store.protocol import CaseStore
from casefile.values.errors import InputError, StorageError
from casefile.values.untrusted import describe_os_error


def write_export(ws, target: Path | str, content: str | bytes, *, force: bool = False, flag: str = "--output") -> Path:
    """Write `content` (text as UTF-8) to `target`; returns the path written. InputError for
    a target that must not be written, StorageError when the disk refuses."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return write_with(ws, target, lambda f: f.write(data), force=force, flag=flag)


def write_pack(ws: CaseStore, state: CaseState, target: Path | str, *, force: bool = False, flag: str = "--pack") -> Path:
    """The evidence pack of `state`: a zip of the dossier (Markdown), every attachment under
    its own (sanitised) name, and MANIFEST.sha256, which `sha256sum -c` verifies after
    unzipping. Each attachment is read (one at a time) and checked against its sealed
    SHA-256 as it goes in: one that was changed raises AttachmentDamaged, and no pack is left."""
    text = dossier(state, home=load_settings(ws.root).home_currency).encode("utf-8")
    files = pack_entries(state)

    def fill(f: BinaryIO) -> None:
        with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr(DOSSIER_NAME, text)
            for name, a in files:
                info = zipfile.ZipInfo(name, date_time=a.attached_at.timetuple()[:6])
                info.external_attr = 0o644 << 16  # a plain readable file once unzipped
                # PDFs and photos are compressed already: stored as they are, quick and exact
                z.writestr(info, ws.read_attachment(state.po, a), compress_type=zipfile.ZIP_STORED)
            digests = [(DOSSIER_NAME, hashlib.sha256(text).hexdigest())] + [(n, a.sha256) for n, a in files]
            z.writestr(MANIFEST_NAME, manifest(digests))

    return write_with(ws, target, fill, force=force, flag=flag)


def write_with(ws, target: Path | str, fill: Callable[[BinaryIO], object], *, force: bool = False,
               flag: str = "--output") -> Path:
    """Write what `fill` writes to the file object it is handed into `target`; as write_export."""
    path = Path(target).expanduser()
    try:
        resolved = path.resolve()
        root = ws.root.resolve()
    except (OSError, RuntimeError) as exc:  # 3.11 raises RuntimeError for a symlink loop
        raise InputError(f"{flag}: {path}: {describe_os_error(exc) if isinstance(exc, OSError) else 'a symbolic link loop'}") from None
    if resolved == root or resolved.is_relative_to(root):
        raise InputError(
            f"{flag}: {path} is inside the workspace {root}, whose files only Casefile writes; "
            f"give a file outside it, e.g. ~/{path.name}"
        )
    exists = _check_existing(path, resolved, force, flag)
    folder = resolved.parent
    if not folder.is_dir():
        raise InputError(f"{flag}: the folder {folder} does not exist; create it or give another path")
    fd, tmp = _temp_in(folder, resolved, flag)
    try:
        try:
            fill(_Out(fd))
            os.fsync(fd)
        finally:
            os.close(fd)
        if exists:
            os.replace(tmp, resolved)  # `force`: the old file goes, a reader never sees half
        else:
            _link_new(tmp, resolved, flag)
    except InputError:
        raise
    except OSError as exc:
        raise StorageError(resolved, exc, saved=False) from None
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
    return resolved


class _Out:
    """The temp file as a forward-only stream (zipfile then writes without seeking back),
    every byte through os.write."""

    def __init__(self, fd: int) -> None:
        self.fd, self.written = fd, 0

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        size = view.nbytes
        while view:
            view = view[os.write(self.fd, view):]
        self.written += size
        return size

    def tell(self) -> int:
        return self.written

    def flush(self) -> None:
        pass


def _check_existing(path: Path, resolved: Path, force: bool, flag: str) -> bool:
    try:
        st = os.stat(resolved)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise InputError(f"{flag}: {path}: {describe_os_error(exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{flag}: {path} is a folder; give a file name in it")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{flag}: {path} is a device, FIFO or socket, not a file; give a file name")
    if not force:
        raise InputError(f"{flag}: {path} already exists; give another name, or --force to replace it")
    return True


def _temp_in(folder: Path, resolved: Path, flag: str) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=f".{resolved.name}.", suffix=".tmp", dir=folder)  # O_EXCL, 0600
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise InputError(f"{flag}: cannot create a file in {folder} ({describe_os_error(exc)}); give another folder") from None
        raise StorageError(resolved, exc, saved=False) from None


def _link_new(tmp: str, resolved: Path, flag: str) -> None:
    """Put the new file in place without replacing one that appeared since the check."""
    exists = InputError(f"{flag}: {resolved} already exists; give another name, or --force to replace it")
    try:
        os.link(tmp, resolved)
        return
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
            raise
    # a file system without hard links: claim the name exclusively, then rename over the claim
    try:
        os.close(os.open(resolved, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
    except FileExistsError:
        raise exists from None
    os.replace(tmp, resolved)
