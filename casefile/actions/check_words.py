"""What `check` found, in words: the command line and the check screen say the same."""

from __future__ import annotations

from dataclasses import dataclass

from casefile.store.protocol import CheckResult


@dataclass(frozen=True)
class CheckWords:
    problems: tuple[str, ...]  # each finding, then what to do about it; one a line
    summary: str  # the counts, one line


def check_words(result: CheckResult) -> CheckWords:
    problems = [f"BAD {exc}" for exc in result.bad]
    problems += [f"TAMPERED {problem}" for problem in result.broken_chains + result.damaged_attachments]
    if result.broken_chains:
        problems.append("the balance of each such case stays locked until its file is restored from a backup, or the "
                        "change is accepted: `casefile check --accept PO --reason TEXT`")
    if result.index_unreadable and not result.index_rebuilt:
        problems += [f"INDEX {words}; `casefile check --rebuild-index` rewrites it" for words in result.index_unreadable]
    if result.index_stale and not result.index_rebuilt:
        problems += [f"INDEX {words}" for words in result.index_stale]
        problems.append(f"index out of date for {len(result.index_stale)} case(s) (`list` reads those from their "
                        "files); run `casefile check --rebuild-index`")
    summary = (
        f"checked {result.checked} case file(s): {len(result.bad)} unreadable, "
        f"{len(result.changed)} changed outside Casefile"
        + (f", {len(result.damaged_attachments)} attachment(s) changed or missing" if result.damaged_attachments else "")
        + (f", {len(result.unsealed)} not sealed yet (written by an earlier version; the next change to each "
           "seals it)" if result.unsealed else "")
        + ("; index rebuilt" if result.index_rebuilt else "")
    )
    return CheckWords(tuple(problems), summary)
