"""Education topics: the required topics exist, lookups and search work, and unverified facts are marked."""

from __future__ import annotations

import pytest

from fibrotrack.errors import ValidationError
from fibrotrack.knowledge import search, topic, topics

REQUIRED = {"twitching", "true_weakness", "twitching_causes", "weakness_causes", "benign_fasciculation",
            "weakness_in_fibromyalgia", "when_to_seek_care", "eular_2016"}


def test_required_topics_exist_with_short_paragraphs():
    found = {t.id for t in topics()}
    assert REQUIRED <= found
    assert len(found) == len(topics())
    for t in topics():
        assert t.title and t.summary and t.body
        assert all(0 < len(p) <= 900 for p in t.body), t.id


def test_topic_lookup_and_unknown_id():
    assert topic("twitching").title.startswith("What is muscle twitching")
    with pytest.raises(ValidationError) as err:
        topic("nope")
    assert err.value.field == "topic"
    assert "twitching" in err.value.problem and "eular_2016" in err.value.problem


def test_weakness_topic_separates_weakness_fatigue_and_asthenia():
    text = " ".join(topic("true_weakness").body).lower()
    assert "true weakness" in text and "fatigue" in text and "asthenia" in text
    codes = {(c.system, c.code) for c in topic("true_weakness").codes}
    assert ("SNOMED CT", "26544005") in codes
    assert all(c.code != "13791008" for t in topics() for c in t.codes)  # asthenia is not muscle weakness


def test_causes_of_twitching_cover_the_reference_list():
    text = " ".join(topic("twitching_causes").body).lower()
    for cause in ("exercise", "injury", "stress", "anxiety", "medicines", "caffeine", "stimulants", "sleep",
                  "magnesium", "potassium", "motor neurone disease"):
        assert cause in text, cause


def test_causes_of_weakness_cover_the_reference_list():
    text = " ".join(topic("weakness_causes").body).lower()
    for cause in ("stroke", "multiple sclerosis", "nerve", "myopathy", "statins", "corticosteroids"):
        assert cause in text, cause


def test_benign_fasciculation_marks_the_mayo_follow_up_unverified():
    t = topic("benign_fasciculation")
    assert any("Mayo" in note for note in t.unverified)
    assert not any("Mayo" in p for p in t.body)


def test_eular_topic_flags_unverified_rows_and_excludes_2007():
    t = topic("eular_2016")
    assert any("unverified" in note.lower() for note in t.unverified)
    assert all("180341" not in s.url for s in t.sources)  # the 2007 table


def test_search_is_case_insensitive_and_needs_every_word():
    assert {t.id for t in search("CAFFEINE")} >= {"twitching_causes"}
    assert [t.id for t in search("benign fasciculation")][0] == "benign_fasciculation"
    assert search("zzzz-no-such-word") == []
    assert search("   ") == []


def test_topics_are_frozen_and_serialisable():
    t = topic("twitching")
    with pytest.raises(AttributeError):
        t.title = "x"  # type: ignore[misc]
    data = t.to_dict()
    assert data["sources"] and data["sources"][0]["url"].startswith("http")
    assert set(data) == {"id", "title", "summary", "body", "unverified", "sources", "sections", "codes"}


def test_data_files_ship_inside_the_package():
    from importlib import resources

    package = resources.files("fibrotrack.knowledge")
    assert package.joinpath("topics.toml").is_file()
    assert package.joinpath("eular2016.toml").is_file()


def test_docs_describe_every_topic_and_eular_row():
    from pathlib import Path

    from fibrotrack.knowledge import eular_recommendations

    text = (Path(__file__).resolve().parents[2] / "docs" / "knowledge.md").read_text(encoding="utf-8")
    for t in topics():
        assert f"`{t.id}`" in text, t.id
    for row in eular_recommendations():
        assert f"`{row.id}`" in text, row.id
        assert ("UNVERIFIED" in text.split(f"`{row.id}`")[1].split("\n")[0]) != row.verified
