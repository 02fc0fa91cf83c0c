"""`print_json` writes what `json.dumps(indent=2)` writes, byte for byte, for the documents
Casefile prints (string keys, no floats): scripts read the agenda and the supplier record,
and the fast encoder must not change a byte of them."""

from __future__ import annotations

import json

from hypothesis import given, strategies as st

from tui.commands.common import indented_json

_scalars = st.none() | st.booleans() | st.integers() | st.text()
_keys = st.text()
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                       | st.dictionaries(_keys, inner, max_size=4), max_leaves=20)


@given(_values)
def test_indented_json_is_json_dumps_indent_2(value):
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


@given(st.dictionaries(st.text(), st.lists(st.dictionaries(_keys, _scalars, max_size=4), max_size=5), max_size=3))
def test_a_list_of_objects_is_written_as_json_dumps_indent_2_writes_it(value):
    # the agenda's shape: objects of scalars in a list, strings that may look like JSON
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
