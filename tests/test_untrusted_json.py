"""Untrusted JSON is refused when it nests deeper than the bound, and only then: a file
nested to exhaust memory or the stack must not get past `load_json`, and one within the
bound must not be turned away."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st

from casefile.values.untrusted import load_json

_json = st.recursive(st.none() | st.integers() | st.text(max_size=3),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3),
                     max_leaves=30)


def _nesting(value) -> int:
    if isinstance(value, dict):
        value = list(value.values())
    elif not isinstance(value, list):
        return 0
    return 1 + max((_nesting(v) for v in value), default=0)


@given(_json, st.integers(min_value=0, max_value=6))
def test_refused_exactly_when_nested_past_the_bound(value, bound):
    text = json.dumps(value)
    if _nesting(value) > bound:
        with pytest.raises(ValueError, match=f"nested deeper than {bound} levels"):
            load_json(text, max_depth=bound)
    else:
        assert load_json(text, max_depth=bound) == value


def test_a_deep_file_is_refused_at_the_default_bound():
    assert load_json("[" * 32 + "]" * 32) == json.loads("[" * 32 + "]" * 32)
    with pytest.raises(ValueError, match="nested deeper than 32 levels"):
        load_json("[" * 33 + "]" * 33)
    with pytest.raises(ValueError, match="nested deeper"):
        load_json('{"a":' * 100_000 + "1" + "}" * 100_000)
