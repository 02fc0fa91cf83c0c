"""Records: what a case file holds, as pydantic models (the case, reports, decisions, log
entries, payments, history, seals). No rules: only values below them."""
