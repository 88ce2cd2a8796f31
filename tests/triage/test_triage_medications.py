"""The medication map: names, doses, brands, classes, the review and the "contact your prescriber" policy."""

from __future__ import annotations

import re

import pytest

from fibrotrack.errors import ValidationError
from fibrotrack.triage import classify_medication, medication_class, medication_classes, review_medications

STOP = re.compile(r"\bstop\b", re.IGNORECASE)


def classes(name):
    return [c.id for c in classify_medication(name)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("atorvastatin", ["statin"]),
        ("Atorvastatin 20mg", ["statin"]),
        ("ATORVASTATIN CALCIUM 40 MG TABLETS", ["statin"]),
        ("Lipitor", ["statin"]),
        ("amlodipine/atorvastatin", ["statin"]),
        ("prednisolone 5 mg", ["corticosteroid"]),
        ("Solu-Medrol", ["corticosteroid"]),
        ("furosemide 40mg", ["diuretic"]),
        ("Lasix", ["diuretic"]),
        ("HCTZ 25", ["diuretic"]),
        ("ciprofloxacin 500 mg", ["fluoroquinolone"]),
        ("Levaquin", ["fluoroquinolone"]),
        ("methylphenidate", ["stimulant"]),
        ("Adderall XR", ["stimulant"]),
        ("caffeine tablets", ["stimulant"]),
        ("ethinyl estradiol / levonorgestrel", ["estrogen"]),
        ("Premarin", ["estrogen"]),
        ("colchicine 500 micrograms", ["colchicine"]),
        ("hydroxychloroquine", ["antimalarial"]),
        ("Plaquenil 200mg", ["antimalarial"]),
        ("chloroquine", ["antimalarial"]),
        ("d-penicillamine", ["penicillamine"]),
        ("AZT", ["zidovudine"]),
        ("salbutamol inhaler", ["beta2_agonist"]),
        ("Symbicort", ["beta2_agonist"]),
        ("sertraline 50mg", ["ssri_snri"]),
        ("duloxetine", ["ssri_snri"]),
        ("vitamin D", []),
        ("paracetamol 500mg", []),
        ("", []),
    ],
)
def test_classify(name, expected):
    assert classes(name) == expected


def test_the_required_classes_exist_with_their_symptoms():
    assert {c.id for c in medication_classes()} == {
        "statin", "corticosteroid", "diuretic", "fluoroquinolone", "stimulant", "estrogen", "colchicine",
        "antimalarial", "penicillamine", "zidovudine", "beta2_agonist", "ssri_snri"}
    for cid in ("corticosteroid", "diuretic", "stimulant", "estrogen"):
        assert "twitching" in medication_class(cid).symptoms
    for cid in ("statin", "corticosteroid", "colchicine", "antimalarial", "penicillamine", "zidovudine",
                "fluoroquinolone"):
        assert "weakness" in medication_class(cid).symptoms


def test_low_confidence_classes_are_marked_unverified():
    for cid in ("beta2_agonist", "ssri_snri"):
        cls = medication_class(cid)
        assert cls.confidence == "low" and not cls.verified
        assert all("UNVERIFIED" in a.text for a in cls.associations)
    assert medication_class("beta2_agonist").symptoms == {"tremor"}
    assert all(c.verified for c in medication_classes() if c.confidence == "known")


def test_advice_says_contact_the_prescriber_and_never_stop():
    for cls in medication_classes():
        assert "prescriber" in cls.advice
        assert not STOP.search(cls.advice), cls.id


def test_review_lists_known_and_unknown_medicines():
    review = review_medications(["Atorvastatin 20mg", "Zyrtec", "  furosemide  ", "salbutamol"])
    assert [f.name for f in review.findings] == ["Atorvastatin 20mg", "Zyrtec", "furosemide", "salbutamol"]
    assert review.not_in_list == ("Zyrtec",)
    assert [f.name for f in review.flagged] == ["Atorvastatin 20mg", "furosemide", "salbutamol"]
    statin = review.findings[0]
    assert statin.in_list and statin.associations and "prescriber" in statin.advice
    assert "not in fibrotrack's list" in review.findings[1].advice.lower()
    data = review.to_dict()
    assert data["not_in_list"] == ["Zyrtec"]
    assert data["medications"][0]["classes"][0]["id"] == "statin"
    assert data["medications"][0]["classes"][0]["associations"][0]["source"]["sources"]
    assert not STOP.search(str([f["advice"] for f in data["medications"]]))


def test_review_of_nothing_is_empty():
    assert review_medications([]).findings == ()


def test_review_rejects_non_names():
    with pytest.raises(ValidationError) as err:
        review_medications(["aspirin", ""])
    assert err.value.field == "medications[1]"


def test_unknown_class_lists_the_known_ones():
    with pytest.raises(ValidationError, match="statin"):
        medication_class("nope")


def test_map_ships_inside_the_package():
    from importlib import resources

    assert resources.files("fibrotrack.triage").joinpath("medications.toml").is_file()
