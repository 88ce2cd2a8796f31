"""Registry, public API and the shape of every instrument's description."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import fibrotrack.instruments as instruments
from fibrotrack.errors import ValidationError
from fibrotrack.instruments import INSTRUMENTS, Instrument, get_instrument, list_instruments

CODES = ["acr2016", "acr2011", "fs", "fiqr", "first", "acr2016_clinician", "acr2010", "mrc"]
PACKAGE = Path(instruments.__file__).parent


def test_codes_in_listing_order():
    assert [i.code for i in INSTRUMENTS] == CODES
    assert list_instruments() == INSTRUMENTS


@pytest.mark.parametrize("code", CODES)
def test_get_instrument(code):
    instrument = get_instrument(code)
    assert isinstance(instrument, Instrument) and instrument.code == code


@pytest.mark.parametrize("bad", ["acr2012", "", "FIQR", None])
def test_unknown_instrument(bad):
    with pytest.raises(ValidationError) as info:
        get_instrument(bad)
    assert info.value.field == "instrument"
    assert info.value.problem.startswith(f"unknown instrument {bad!r}; known: acr2016, acr2011")


def test_list_by_audience():
    assert [i.code for i in list_instruments(audience="clinician")] == ["acr2016_clinician", "acr2010", "mrc"]
    assert all(i.audience == "self_report" for i in list_instruments(audience="self_report"))
    with pytest.raises(ValidationError):
        list_instruments(audience="patient")


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.code)
def test_description_is_complete_and_cited(instrument):
    data = instrument.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["audience"] in ("self_report", "clinician")
    assert data["title"] and data["version"] and data["recall"]
    assert data["citation"]["url"].startswith("http")
    assert data["citation"]["section"].startswith("REFERENCE.md §")
    ids = [item["id"] for item in data["items"]]
    assert len(ids) == len(set(ids))
    assert all(item["kind"] in ("area_list", "int_range", "bool") for item in data["items"])


def test_instruments_are_frozen():
    with pytest.raises(AttributeError):
        get_instrument("fiqr").code = "x"  # type: ignore[misc]


def test_all_is_sorted_and_importable():
    names = instruments.__all__
    # constants, then classes, then functions; each group alphabetical (as in fibrotrack.catalog)
    group = lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n)  # noqa: E731
    assert names == sorted(names, key=group)
    assert len(names) == len(set(names))
    for name in names:
        assert getattr(instruments, name) is not None


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_modules_are_small_and_pure(module):
    text = module.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 400
    for forbidden in ("datetime.now", "date.today", "import random", "sqlalchemy", "open(", "assert "):
        assert forbidden not in text, f"{module.name} uses {forbidden}"
    for layer in ("storage", "services", "web", "cli"):
        assert f"from ..{layer}" not in text and f"fibrotrack.{layer}" not in text


def test_docs_cover_every_instrument():
    docs = Path(__file__).resolve().parents[2] / "docs" / "instruments.md"
    text = docs.read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in text, code
    assert "REFERENCE.md" in text
