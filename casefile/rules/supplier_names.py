"""Supplier identity: one supplier, however its name is typed. Pure functions, no I/O.

"Xiamen Guangda Lighting Co., Ltd.", "XIAMEN GUANGDA LIGHTING CO LTD" and
"Xiamen  Guangda Lighting Company Limited" are one supplier: `normalise` gives them one
key. The key keeps every meaningful word (place, trade name, trade: "lighting" and
"textiles" are two factories) and drops only what does not tell suppliers apart: case,
width (fullwidth letters from a Chinese keyboard), punctuation, spacing, and the legal
form at the end ("Co., Ltd.", "Company Limited", "Inc", "LLC", "有限公司"...).

A partial name is not a match: "Guangda" is a suggestion for "Xiamen Guangda Lighting",
never the same supplier. When two spellings that the key cannot join are one supplier
("Guangda Lighting (Xiamen)"), the user merges them; `merge_map` and `canonical` are the
pure part of that recorded action.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, model_validator

from casefile.values.text import Line

__all__ = ["Merge", "canonical", "known_suppliers", "merge_map", "normalise", "same_supplier", "suggest"]

# Legal forms dropped from the end of a name, as words after punctuation is gone
# ("L.L.C." -> "l l c"), one at a time, so "Co., Ltd." is "ltd" then "co". Forms of
# several words are those whose first word alone is no legal form ("private").
_LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(form.split())
            for form in (
                "ltd", "limited", "co", "company", "inc", "incorporated", "corp", "corporation",
                "llc", "l l c", "plc", "gmbh", "pte ltd", "pvt ltd", "private limited", "sdn bhd",
            )
        ),
        key=len,
        reverse=True,
    )
)
# The same in Chinese, written without spaces at the end of the name (simplified and
# traditional): joint-stock limited company, limited liability company, limited company.
_CJK_LEGAL_FORMS: tuple[str, ...] = (
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "公司",
)
_APOSTROPHES = "'\u2019\u02bc`"  # O'Brien and OBrien are one name


def _is_cjk(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))


def _words(name: str) -> list[str]:
    """Case, width, punctuation and spacing gone: the words of a name."""
    # NFKC again after casefold: folding can undo the normal form (Unicode's caseless matching)
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    text = text.replace("&", " and ")
    text = "".join(ch for ch in text if ch not in _APOSTROPHES)
    text = "".join(ch if ch.isalnum() or unicodedata.category(ch)[0] == "M" else " " for ch in text)
    words: list[str] = []
    for word in text.split():
        # Chinese is written without spaces: "厦门 光大照明" is "厦门光大照明".
        if words and _is_cjk(words[-1][-1]) and _is_cjk(word[0]):
            words[-1] += word
        else:
            words.append(word)
    return words


def _drop_legal_form(words: list[str]) -> list[str]:
    """Drop legal forms from the end, never the whole name ("Co., Ltd." alone stays)."""
    while True:
        form = next((f for f in _LEGAL_FORMS if tuple(words[-len(f):]) == f), None)
        if form is not None:
            if len(form) == len(words):
                return words
            words = words[: -len(form)]
            continue
        last = words[-1]
        cjk = next((f for f in _CJK_LEGAL_FORMS if last.endswith(f)), None)
        if cjk is None:
            return words
        if last != cjk:
            words = words[:-1] + [last[: -len(cjk)]]
        elif len(words) > 1:
            words = words[:-1]
        else:
            return words


def normalise(name: str) -> str:
    """The supplier key: its meaningful words, lower case, single spaces ("" for none).

    >>> normalise("Xiamen Guangda Lighting Co., Ltd.")
    'xiamen guangda lighting'
    """
    words = _words(name)
    return " ".join(_drop_legal_form(words)) if words else ""


def same_supplier(a: str, b: str) -> bool:
    """Whether two spellings name one supplier (a name with no words matches nothing)."""
    key = normalise(a)
    return bool(key) and key == normalise(b)


# --- merges -------------------------------------------------------------------------

class Merge(BaseModel):
    """The user said: `alias` is the same supplier as `canonical` (spelled that way)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    alias: Line
    canonical: Line

    @model_validator(mode="after")
    def _named(self) -> "Merge":
        for field in ("alias", "canonical"):
            if not normalise(getattr(self, field)):
                raise ValueError(f"{field}: {getattr(self, field)!r} has no letters or digits to match on")
        return self


def merge_map(merges: Iterable[Merge]) -> dict[str, str]:
    """Every key a merge names -> the name its supplier goes by, merges read in order.

    Merges chain (A into B, then B into C: A is C), and a later merge wins (A into B,
    then B into A: both are A).
    """
    parent: dict[str, str] = {}
    spelling: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for m in merges:
        target = normalise(m.canonical)
        old_alias, old_target = root(normalise(m.alias)), root(target)
        parent[old_alias] = target
        parent[old_target] = target
        parent[target] = target
        spelling[target] = m.canonical
    return {key: spelling[root(key)] for key in parent}


def canonical(name: str, merges: Iterable[Merge] | Mapping[str, str] = ()) -> str:
    """The name a supplier goes by after the user's merges; else `name` as typed (trimmed).
    Pass `merge_map(...)` instead of the merges when asking for many names."""
    mapping = merges if isinstance(merges, Mapping) else merge_map(merges)
    return mapping.get(normalise(name), name.strip())


# --- suggestions while typing -------------------------------------------------------

def known_suppliers(names: Iterable[str], merges: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    """The suppliers of `names` (the cases' own spellings), each once under the name it goes
    by after the merges; and every key it can be typed as (a merged-away spelling too) ->
    that name. A spelling merged away is never offered: its supplier is, by its merged name."""
    shown: list[str] = []
    by_key: dict[str, str] = {}
    for name in names:
        key = normalise(name)
        if not key:
            continue
        goes_by = canonical(name, merges)
        supplier = normalise(goes_by)
        if supplier not in by_key:
            shown.append(goes_by)
            by_key[supplier] = goes_by
        by_key.setdefault(key, by_key[supplier])
    for alias, name in merges.items():
        if normalise(name) in by_key:
            by_key.setdefault(alias, by_key[normalise(name)])
    return shown, by_key


_MIN_SUBSTRING = 2  # characters typed before a match inside a word counts ("光大")


def suggest(
    typed: str,
    known_names: Sequence[str],
    limit: int = 5,
    merges: Iterable[Merge] | Mapping[str, str] = (),
) -> list[str]:
    """Known suppliers for what is typed so far, best first, one name per supplier.

    Ranked: the same supplier; then names starting with what is typed; then names with
    a word starting with each typed word; then names containing it (Chinese has no
    spaces). Within a rank, shorter names first, then alphabetical. Where several known
    names are one supplier (same key, or merged), the first in `known_names` stands for
    it, under its merged name, and each of its spellings can find it.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a whole number of at least 1; got {limit!r}")
    typed_key = normalise(typed)
    if not typed_key:
        return []
    mapping = merges if isinstance(merges, Mapping) else merge_map(merges)
    names, by_key = known_suppliers(known_names, mapping)
    shown = {normalise(name): name for name in names}  # supplier key -> the name it is shown under
    spellings = [(key, normalise(name)) for key, name in by_key.items()]  # (a key it is found by, supplier key)
    best: dict[str, tuple[int, int, str]] = {}
    for key, supplier in spellings:
        rank = _rank(typed_key, key)
        if rank is not None:
            best[supplier] = min(best.get(supplier, (rank, len(key), key)), (rank, len(key), key))
    ranked = sorted(best, key=best.__getitem__)
    return [shown[supplier] for supplier in ranked[:limit]]


def _rank(typed_key: str, key: str) -> int | None:
    if key == typed_key:
        return 0
    if key.startswith(typed_key):
        return 1
    key_words = key.split()
    if all(any(k.startswith(t) for k in key_words) for t in typed_key.split()):
        return 2
    flat = typed_key.replace(" ", "")
    if len(flat) >= _MIN_SUBSTRING and flat in key.replace(" ", ""):
        return 3
    return None
