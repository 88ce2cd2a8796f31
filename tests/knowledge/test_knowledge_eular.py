"""EULAR 2016 lookups (clinical REFERENCE.md §7): common names map to the verified rows."""

from __future__ import annotations

import pytest

from fibrotrack.knowledge import eular_recommendation, eular_recommendations

# (therapy, level, grade, strength, agreement) from the ARD 2016 table, copied from REFERENCE.md §7.
TABLE = [
    ("Aerobic and strengthening exercise", "Ia", "A", "strong for", "100%"),
    ("Cognitive behavioural therapies", "Ia", "A", "weak for", "100%"),
    ("Multicomponent therapies", "Ia", "A", "weak for", "93%"),
    ("Defined physical therapies: acupuncture or hydrotherapy", "Ia", "A", "weak for", "93%"),
    ("Meditative movement (qigong, yoga, tai chi) and mindfulness-based stress reduction", "Ia", "A", "weak for",
     "71–73%"),
    ("Amitriptyline (low dose)", "Ia", "A", "weak for", "100%"),
    ("Duloxetine or milnacipran", "Ia", "A", "weak for", "100%"),
    ("Tramadol", "Ib", "A", "weak for", "100%"),
    ("Pregabalin", "Ia", "A", "weak for", "94%"),
    ("Cyclobenzaprine", "Ia", "A", "weak for", "75%"),
]


def test_verified_table_matches_the_reference():
    rows = {r.therapy: r for r in eular_recommendations()}
    for therapy, level, grade, strength, agreement in TABLE:
        row = rows[therapy]
        assert (row.level, row.grade, row.strength, row.agreement, row.verified) == (
            level, grade, strength, agreement, True)


@pytest.mark.parametrize(
    ("name", "row_id", "strength"),
    [
        ("exercise", "exercise", "strong for"),
        ("Walking", "exercise", "strong for"),
        ("amitriptyline 10mg at night", "amitriptyline", "weak for"),
        ("Duloxetine", "duloxetine_or_milnacipran", "weak for"),
        ("milnacipran", "duloxetine_or_milnacipran", "weak for"),
        ("pregabalin 75 mg capsules", "pregabalin", "weak for"),
        ("Tramadol", "tramadol", "weak for"),
        ("CBT", "cognitive_behavioural_therapies", "weak for"),
        ("cognitive behavioral therapy", "cognitive_behavioural_therapies", "weak for"),
        ("yoga", "meditative_movement_and_mbsr", "weak for"),
        ("Tai-Chi", "meditative_movement_and_mbsr", "weak for"),
        ("tai chi", "meditative_movement_and_mbsr", "weak for"),
        ("acupuncture", "acupuncture_or_hydrotherapy", "weak for"),
        ("hydrotherapy", "acupuncture_or_hydrotherapy", "weak for"),
        ("cyclobenzaprine", "cyclobenzaprine", "weak for"),
        ("oxycodone", "strong_opioids", "strong against"),
        ("Morphine 10 mg", "strong_opioids", "strong against"),
        ("oxycodone/paracetamol", "strong_opioids", "strong against"),
        ("biofeedback", "biofeedback", "weak against"),
    ],
)
def test_lookup(name, row_id, strength):
    row = eular_recommendation(name)
    assert row is not None and row.id == row_id and row.strength == strength
    assert row.sources


def test_exercise_is_the_only_strong_for():
    assert [r.id for r in eular_recommendations() if r.strength == "strong for"] == ["exercise"]


def test_tramadol_is_not_a_strong_opioid():
    assert eular_recommendation("tramadol 50mg").id == "tramadol"


@pytest.mark.parametrize("name", ["codeine", "nsaids", "massage", "breathing exercises", "", "vitamin d"])
def test_unrated_or_unverified_from_memory_names_give_none(name):
    assert eular_recommendation(name) is None


def test_unverified_rows_are_flagged_and_carry_no_grading():
    unverified = [r for r in eular_recommendations() if not r.verified]
    assert {r.id for r in unverified} == {"capsaicin", "hypnotherapy", "chiropractic"}
    for r in unverified:
        assert r.level is None and r.grade is None and r.agreement is None
        assert "unverified" in r.strength and "UNVERIFIED" in (r.note or "")
        assert r.to_dict()["verified"] is False


def test_only_the_2016_version_is_used():
    for r in eular_recommendations():
        assert "2016" in r.version
        assert all("180341" not in s.url for s in r.sources)  # the 2007 ARD table
        assert r.to_dict()["version"] == r.version
