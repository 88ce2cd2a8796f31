"""FiRST: 6 yes/no items, score = number of yes, ≥ 5 screens positive (REFERENCE.md §2, Perrot 2010)."""

from __future__ import annotations

import pytest

from fibrotrack.errors import ValidationError
from fibrotrack.instruments import FIRST


@pytest.mark.parametrize("yes, positive", [(0, False), (3, False), (4, False), (5, True), (6, True)])
def test_cutoff_is_5(yes, positive):
    result = FIRST.score({"answers": [True] * yes + [False] * (6 - yes)})
    assert result.score == yes
    assert result.screen_positive is positive  # Perrot 2010: cut-off score of 5


def test_wording_is_a_screen_not_a_diagnosis():
    positive = FIRST.score({"answers": [True] * 6})
    negative = FIRST.score({"answers": [False] * 6})
    assert positive.summary.startswith("Screens positive")
    assert negative.summary.startswith("Does not screen positive")
    for result in (positive, negative):
        assert "not a diagnosis" in result.caveat
        assert "you have" not in result.summary.lower()
    data = positive.to_dict()
    assert {"score", "screen_positive", "reasons", "summary"} <= set(data)


def test_items_match_perrot_french_originals():
    # Verbatim French from REFERENCE.md §2 (djibe/recommandations-medicales, citing Perrot 2010).
    assert len(FIRST.items) == 6
    assert FIRST.items[0].original == "Mes douleurs sont localisées partout dans tout mon corps"
    third = "Mes douleurs sont comme des brûlures, des décharges électriques ou des crampes"
    assert FIRST.items[2].original == third
    assert FIRST.items[5].original.startswith("Mes douleurs ont un retentissement important dans ma vie")
    # Not the mislabelled items of §2 "implementation disagreement".
    assert not any("aggrave au toucher" in item.original for item in FIRST.items)
    assert all("informal" in item.help.lower() for item in FIRST.items)
    assert any("informal translation" in note for note in FIRST.notes)


@pytest.mark.parametrize("answers, field", [
    ({"answers": [True] * 5}, "answers"),
    ({"answers": [True] * 7}, "answers"),
    ({"answers": "yes"}, "answers"),
    ({}, "answers"),
    ({"answers": [True, True, "yes", True, True, True]}, "answers[2]"),
    ({"answers": [True, True, True, 1, True, True]}, "answers[3]"),
    ({"answers": [True] * 6, "item7": True}, "item7"),
])
def test_validation_names_the_item(answers, field):
    with pytest.raises(ValidationError) as info:
        FIRST.score(answers)
    assert info.value.field == field
