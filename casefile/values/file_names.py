"""File names from outside (an inspector's PDF, a phone's photo) made safe to keep and to
write into a zip: one path component, no control or format character, not hidden, not
too long for a file system."""

from __future__ import annotations

import unicodedata

MAX_NAME_CHARS = 120  # file systems allow 255 bytes; a UTF-8 character may take 4
_UNSAFE = set('/\\:*?"<>|')  # separators, and what Windows refuses when the pack is unzipped there


def sanitised_name(name: str, fallback: str = "attachment") -> str:
    """`name`'s last path component with every unsafe character replaced by `_`, leading
    dots and spaces removed, cut to MAX_NAME_CHARS keeping the extension; `fallback` when
    nothing is left."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    chars = ["_" if ch in _UNSAFE or not (ch.isprintable() or ch == " ") else ch for ch in base]
    clean = " ".join("".join(chars).split()).lstrip(". ")  # no hidden file, no odd spacing
    if len(clean) > MAX_NAME_CHARS:
        stem, dot, ext = clean.rpartition(".")
        ext = ext if dot and stem and len(ext) <= 16 else ""
        clean = clean[: MAX_NAME_CHARS - len(ext) - (1 if ext else 0)].rstrip(". ") + (f".{ext}" if ext else "")
    return clean or fallback


def unique_names(names: list[str]) -> list[str]:
    """`names` with repeats told apart: a second `photo.jpg` becomes `photo-2.jpg`."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in seen:  # case-insensitive file systems unzip them too
            n += 1
            stem, dot, ext = name.rpartition(".")
            candidate = f"{stem}-{n}.{ext}" if dot and stem else f"{name}-{n}"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out
