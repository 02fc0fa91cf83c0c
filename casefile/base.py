"""Shared pieces of the domain models."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from casefile import clock


def new_id() -> str:
    return uuid.uuid4().hex


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


RECORD_ID_PATTERN = r"^[0-9a-f]{8,64}$"
RecordId = Annotated[str, StringConstraints(pattern=RECORD_ID_PATTERN)]
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]  # a SHA-256, hex


class Record(Model):
    """An appended record. The id is made by the writer, so a retried write is a no-op."""

    id: RecordId = Field(default_factory=new_id)


def _no_control(v: str) -> str:
    if v.isprintable():  # fast path: no Cc/Cf/Cs/Co/Cn (nor separators) anywhere
        return v
    for i, ch in enumerate(v):
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\n\t":
            raise ValueError(f"contains a control character (U+{ord(ch):04X}) at position {i + 1}")
    return v


def _single_line(v: str) -> str:
    if "\n" in v or "\t" in v:
        raise ValueError("must be a single line")
    return v


Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_control), AfterValidator(_single_line),
]
OptionalLine = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200),
    AfterValidator(_no_control), AfterValidator(_single_line),
]
Text = Annotated[
    str, StringConstraints(max_length=20_000), AfterValidator(_no_control),
]
Count = Annotated[int, Field(ge=0, strict=True)]
Positive = Annotated[int, Field(ge=1, strict=True)]
Timestamp = datetime


def stamp() -> datetime:
    return clock.now()
