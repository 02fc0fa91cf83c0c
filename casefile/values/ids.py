"""Record ids and digests: hex strings, made by the writer."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import StringConstraints


def new_id() -> str:
    return uuid.uuid4().hex


RECORD_ID_PATTERN = r"^[0-9a-f]{8,64}$"
RecordId = Annotated[str, StringConstraints(pattern=RECORD_ID_PATTERN)]
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]  # a SHA-256, hex
