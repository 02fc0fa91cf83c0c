"""Supplier identity (casefile.rules.supplier_names): one supplier, however its name is typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from casefile.rules.supplier_names import Merge, canonical, known_suppliers, merge_map, normalise, same_supplier, suggest
from conftest import examples

GUANGDA = "Xiamen Guangda Lighting Co., Ltd."


@pytest.mark.parametrize("spelling", [
    "XIAMEN GUANGDA LIGHTING CO LTD",
    "Xiamen  Guangda Lighting Company Limited",
    "xiamen guangda lighting co.,ltd",
    "Xiamen Guangda Lighting Co.Ltd.",
    "Xiamen Guangda Lighting Limited",
    "Xiamen Guangda Lighting Ltd",
    "Xiamen Guangda Lighting Co., Ltd",
    " Xiamen\tGuangda-Lighting, Co. Ltd. ",
    "Xiamen Guangda Lighting Inc.",
    "Xiamen Guangda Lighting Corp.",
    "Xiamen Guangda Lighting Corporation",
    "Xiamen Guangda Lighting L.L.C.",
    "Xiamen Guangda Lighting LLC",
    "Xiamen Guangda Lighting",
    "ＸＩＡＭＥＮ　ＧＵＡＮＧＤＡ　ＬＩＧＨＴＩＮＧ　ＣＯ．，ＬＴＤ．",  # fullwidth, ideographic spaces
    "Xiamen Guangda Lighting 有限公司",
])
def test_spellings_of_one_supplier_match(spelling):
    assert same_supplier(GUANGDA, spelling)
    assert normalise(spelling) == "xiamen guangda lighting"


@pytest.mark.parametrize("other", [
    "Guangda",  # a part of the name is a suggestion, never a match
    "Guangzhou Lighting",
    "Xiamen Guangda Textiles Co., Ltd.",  # the trade is a meaningful word
    "Xiamen Guangda Lighting Group Co., Ltd.",
    "Guangda Lighting Xiamen",
])
def test_different_suppliers_do_not_match(other):
    assert not same_supplier(GUANGDA, other)


def test_guangda_is_not_guangzhou_lighting():
    assert not same_supplier("Guangda", "Guangzhou Lighting")


@pytest.mark.parametrize("spelling", ["厦门光大照明股份有限公司", "厦门 光大照明 有限公司", "厦门光大照明有限责任公司",
                                      "厦门光大照明公司", "厦门光大照明"])
def test_chinese_names_match_without_spaces_or_legal_form(spelling):
    assert same_supplier("厦门光大照明有限公司", spelling)
    assert not same_supplier("厦门光大纺织有限公司", spelling)


def test_ampersand_apostrophe_and_punctuation():
    assert same_supplier("A&B Trading Co., Ltd.", "A and B Trading Company Limited")
    assert same_supplier("O'Brien Imports Ltd", "OBrien Imports")
    assert same_supplier("O\u2019Brien Imports Ltd", "O'Brien Imports")
    assert same_supplier("Ningbo (Haoyue) Electrical", "Ningbo Haoyue Electrical")


def test_a_name_that_is_only_a_legal_form_keeps_it():
    assert normalise("Co., Ltd.") == "co"
    assert normalise("Acme Private Limited") == normalise("Acme Pvt. Ltd.") == "acme"
    assert normalise("有限公司") == "有限公司"
    assert normalise("Trading Company") == "trading"


def test_a_name_with_no_letters_matches_nothing():
    assert normalise(" .,- ") == ""
    assert not same_supplier("", "")
    assert not same_supplier("---", "...")


# --- merges --------------------------------------------------------------------------

def test_a_merge_joins_a_spelling_the_key_cannot():
    merges = [Merge(alias="Guangda Lighting (Xiamen)", canonical=GUANGDA)]
    assert canonical("GUANGDA LIGHTING XIAMEN CO LTD", merges) == GUANGDA
    assert canonical("xiamen guangda lighting company limited", merges) == GUANGDA
    assert canonical("  Ningbo Haoyue  ", merges) == "Ningbo Haoyue"  # not merged: as typed, trimmed
    assert merge_map(merges) == {"guangda lighting xiamen": GUANGDA, "xiamen guangda lighting": GUANGDA}


def test_merges_chain_and_a_later_merge_wins():
    a, b, c = "Guangda Lighting (Xiamen)", GUANGDA, "Xiamen Guangda Group"
    chained = [Merge(alias=a, canonical=b), Merge(alias=b, canonical=c)]
    assert {canonical(n, chained) for n in (a, b, c)} == {c}
    reversed_ = [Merge(alias=a, canonical=b), Merge(alias=b, canonical=a)]
    assert {canonical(n, reversed_) for n in (a, b)} == {a}


def test_merging_a_name_into_itself_chooses_the_spelling():
    merges = [Merge(alias="XIAMEN GUANGDA LIGHTING CO LTD", canonical=GUANGDA)]
    assert canonical("Xiamen Guangda Lighting Company Limited", merges) == GUANGDA


def test_a_merge_needs_a_name_to_match_on():
    with pytest.raises(ValidationError, match="alias: '...' has no letters or digits"):
        Merge(alias="...", canonical=GUANGDA)


# --- suggestions ---------------------------------------------------------------------

KNOWN = [
    GUANGDA,
    "Guangzhou Meitai Garment Co., Ltd.",
    "XIAMEN GUANGDA LIGHTING CO LTD",  # the same supplier as the first: shown once
    "Ningbo Haoyue Electrical Appliance Co., Ltd.",
    "Xiamen Huawei Textiles Co., Ltd.",
    "厦门光大照明有限公司",
]


def test_suggestions_rank_the_name_start_before_a_word_inside():
    assert suggest("guang", KNOWN) == ["Guangzhou Meitai Garment Co., Ltd.", GUANGDA]


def test_suggestions_show_one_name_per_supplier_shorter_first():
    assert suggest("xiamen", KNOWN) == ["Xiamen Huawei Textiles Co., Ltd.", GUANGDA]


def test_the_same_supplier_comes_first_whatever_the_spelling():
    assert suggest("XIAMEN GUANGDA LIGHTING COMPANY LIMITED", KNOWN)[0] == GUANGDA


def test_every_typed_word_must_start_a_word_of_the_name():
    assert suggest("xia light", KNOWN) == [GUANGDA]
    assert suggest("xia gar", KNOWN) == []


def test_chinese_matches_inside_the_name():
    assert suggest("光大", KNOWN) == ["厦门光大照明有限公司"]
    assert suggest("光", KNOWN) == []  # one character inside a name is too little


def test_suggestions_follow_merges_and_the_limit():
    merges = [Merge(alias="厦门光大照明有限公司", canonical=GUANGDA)]
    assert suggest("光大", KNOWN, merges=merges) == [GUANGDA]  # found by its merged spelling
    assert suggest("xiamen guangda", KNOWN, merges=merges) == [GUANGDA]
    assert suggest("光大", [GUANGDA], merges=merges) == [GUANGDA]  # the merge alone names the spelling
    assert suggest("co", KNOWN, limit=2) == []  # a legal form alone says nothing
    assert len(suggest("x", KNOWN, limit=1)) == 1


def test_nothing_typed_suggests_nothing():
    assert suggest("", KNOWN) == []
    assert suggest(" , ", KNOWN) == []


@pytest.mark.parametrize("limit", [0, -1, True, 2.5])
def test_the_limit_is_a_whole_number_of_at_least_one(limit):
    with pytest.raises(ValueError, match="limit must be a whole number"):
        suggest("x", KNOWN, limit=limit)


# --- invariants ----------------------------------------------------------------------

WORDS = st.sampled_from(["xiamen", "guangda", "lighting", "ningbo", "haoyue", "textiles", "a", "b", "co",
                         "ltd", "company", "limited", "inc", "厦门", "光大", "有限公司", "9"])
NAMES = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
NOISE = st.sampled_from([" ", "  ", ", ", ".", " - ", "\t", "·", "，"])


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


@settings(max_examples=examples(200, 5000), deadline=None)
@given(st.text(max_size=40))
def test_normalising_twice_changes_nothing(name):
    assert normalise(normalise(name)) == normalise(name)


@settings(max_examples=examples(200, 5000), deadline=None)
@given(NAMES, st.sampled_from(["Co., Ltd.", "CO LTD", "Company Limited", "Ltd", "Inc.", "有限公司"]))
def test_case_width_and_legal_form_never_change_the_supplier(name, form):
    key = normalise(name)
    assert normalise(name.upper()) == key
    assert normalise(_fullwidth(name)) == key
    assert normalise(f"{name} {form}") == key


@settings(max_examples=examples(200, 5000), deadline=None)
@given(st.lists(st.tuples(WORDS, NOISE), min_size=1, max_size=6))
def test_punctuation_and_spacing_between_words_never_change_the_supplier(parts):
    plain = " ".join(w for w, _ in parts)
    noisy = "".join(w + sep for w, sep in parts)
    assert normalise(noisy) == normalise(plain)


@settings(max_examples=examples(200, 5000), deadline=None)
@given(st.lists(NAMES, max_size=8), NAMES)
def test_a_known_supplier_is_suggested_when_its_name_is_typed(known, name):
    if normalise(name):
        assert suggest(name, known + [name], limit=1) == [next(k for k in known + [name] if same_supplier(k, name))]


def test_known_suppliers_offer_each_supplier_once_under_its_merged_name():
    merges = merge_map([Merge(alias="Guangda Lighting (Xiamen)", canonical="Xiamen Guangda Lighting Co., Ltd.")])
    names, by_key = known_suppliers(
        ["Guangda Lighting (Xiamen)", "XIAMEN GUANGDA LIGHTING CO LTD", "Ningbo Textiles", ""], merges)
    assert names == ["Xiamen Guangda Lighting Co., Ltd.", "Ningbo Textiles"]
    assert by_key[normalise("Guangda Lighting (Xiamen)")] == "Xiamen Guangda Lighting Co., Ltd."
    assert by_key[normalise("Xiamen Guangda Lighting")] == "Xiamen Guangda Lighting Co., Ltd."
    assert known_suppliers(["A Co", "A Company"], {}) == (["A Co"], {"a": "A Co"})
