"""Every knowledge entry, triage rule, medication class and EULAR row must cite a source:
a non-empty title and an http(s) address (clinical REFERENCE.md is the only place they come from)."""

from __future__ import annotations

from fibrotrack.knowledge import Source, eular_recommendations, topics
from fibrotrack.triage import medication_classes, rules


def assert_sources(sources, where):
    assert sources, f"{where} has no source"
    for s in sources:
        assert isinstance(s, Source)
        assert s.title.strip(), f"{where}: source without a title"
        assert s.url.startswith(("http://", "https://")), f"{where}: {s.url!r} is not an http(s) address"


def test_every_topic_cites_sources():
    for t in topics():
        assert_sources(t.sources, f"topic {t.id}")
        assert t.sections and all(s.startswith("§") for s in t.sections)
        for code in t.codes:
            assert_sources([code.source], f"topic {t.id} code {code.code}")


def test_every_rule_cites_sources_and_a_section():
    for r in rules():
        assert_sources(r.source.sources, f"rule {r.id}")
        assert r.source.section.startswith("§")


def test_every_medication_class_association_cites_sources():
    for cls in medication_classes():
        assert cls.associations, cls.id
        for a in cls.associations:
            assert_sources(a.citation.sources, f"medication class {cls.id} ({a.symptom})")
            assert a.citation.section.startswith("§6") or a.citation.section == "§5"


def test_every_eular_row_cites_sources():
    for row in eular_recommendations():
        assert_sources(row.sources, f"EULAR row {row.id}")
