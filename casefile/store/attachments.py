"""Attachments on disk: `attachments/<case file name>/<sha256>`, each the bytes as received,
read-only and private (0400, or 0440 in a team workspace), written whole (temp file, fsync,
rename). The name is the content's SHA-256, so storing the same bytes again changes
nothing, and a stored file whose bytes no longer hash to its name was changed outside
Casefile."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from casefile.records.po import po_filename
from casefile.store import atomic
from casefile.values.errors import AttachmentDamaged, StorageError
from casefile.values.untrusted import FileTooLarge, describe_os_error, read_regular

if TYPE_CHECKING:
    from casefile.records.attachment import Attachment

FOLDER = "attachments"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class AttachmentFiles:
    def __init__(self, root: Path, file_mode: int, dir_mode: int) -> None:
        self.folder = root / FOLDER
        self.file_mode = file_mode & ~0o222  # read-only: nothing rewrites evidence in place
        self.dir_mode = dir_mode

    @staticmethod
    def case_of_temp(target: str) -> str | None:
        """The case file name (without .json) whose attachment a temp file in the top folder
        was to become ("<case file name>.<sha256>"), or None if it is no temp of ours."""
        case, _, sha256 = target.rpartition(".")
        return case if case and _SHA256.fullmatch(sha256) else None

    def path(self, po: str, sha256: str) -> Path:
        return self.folder / po_filename(po) / sha256

    def put(self, po: str, sha256: str, data: bytes) -> bool:
        """Keep `data` (whose SHA-256 is `sha256`); False when it is stored intact already,
        True when it was written (or restored over a damaged copy)."""
        path = self.path(po, sha256)
        if self._intact(path, sha256, len(data)):
            return False
        try:
            for folder in (self.folder, path.parent):
                if not folder.is_dir():
                    folder.mkdir(exist_ok=True)
                    os.chmod(folder, self.dir_mode)  # the umask may have narrowed it
            # The temp file goes in the top folder: the sweep at open then lists one folder,
            # not one per case (273 ms at 10,000 cases with attachments).
            atomic.atomic_write(path, data, self.file_mode, tmp_folder=self.folder)
        except OSError as exc:
            raise StorageError(path, exc, saved=isinstance(exc, atomic.ReplacedButNotSynced), what=f"PO {po}") from exc
        return True

    def read(self, po: str, attachment: Attachment) -> bytes:
        """The stored bytes, checked against the sealed SHA-256; AttachmentDamaged if not."""
        path = self.path(po, attachment.sha256)
        try:
            data = read_regular(path, attachment.size)
        except FileTooLarge:
            raise AttachmentDamaged(self._words(po, attachment, "has grown: it was changed outside Casefile")) from None
        except FileNotFoundError:
            raise AttachmentDamaged(self._words(po, attachment, "is missing: it was removed outside Casefile")) from None
        except OSError as exc:
            raise AttachmentDamaged(self._words(po, attachment, f"cannot be read ({describe_os_error(exc)})")) from None
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise AttachmentDamaged(self._words(po, attachment, "was changed outside Casefile: its bytes no longer "
                                                                "match the SHA-256 sealed when it was attached"))
        return data

    def problem(self, po: str, attachment: Attachment) -> str | None:
        try:
            self.read(po, attachment)
        except AttachmentDamaged as exc:
            return str(exc)
        return None

    def _intact(self, path: Path, sha256: str, size: int) -> bool:
        try:
            return hashlib.sha256(read_regular(path, size)).hexdigest() == sha256
        except OSError:
            return False

    @staticmethod
    def _words(po: str, a: Attachment, what: str) -> str:
        return (f"PO {po}: attachment {a.name!r} (id {a.id[:8]}, sha256 {a.sha256[:12]}...) {what}; restore it "
                f"from a backup, or attach the original again: `casefile attach {po} FILE`")
