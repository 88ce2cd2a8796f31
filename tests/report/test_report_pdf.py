"""The clinician PDF: renders a year in under 5 s, fits two A4 pages, is not blank, is accessible (PDF/UA-1,
PDF/A-2a, title, alt text) and says what it is and is not."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from fibrotrack.report import STATEMENT, RedFlag, ReportData, ReportPerson, ReportTreatment, render_pdf, report_context

A4_POINTS = (595.276, 841.89)


def _text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _info(pdf: bytes, tmp_path) -> dict[str, str]:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@pytest.fixture(scope="module")
def year_pdf(report_data) -> tuple[bytes, float]:
    started = time.perf_counter()
    pdf = render_pdf(report_data)
    return pdf, time.perf_counter() - started


def test_a_year_renders_in_under_five_seconds(report_data, year_pdf):
    pdf, first = year_pdf
    started = time.perf_counter()
    render_pdf(report_data)
    again = time.perf_counter() - started
    print(f"report for {report_data.days_in_period} days: first {first:.2f} s, again {again:.2f} s")
    assert pdf.startswith(b"%PDF-")
    assert first < 5.0 and again < 5.0


def test_at_most_two_a4_pages_and_the_first_is_not_blank(year_pdf, tmp_path, rasterise):
    pages = rasterise(year_pdf[0], tmp_path)
    assert 1 <= len(pages) <= 2
    width, height, pixels = pages[0]
    assert abs(width / height - A4_POINTS[0] / A4_POINTS[1]) < 0.01
    inked = sum(1 for p in pixels if p < 160) / len(pixels)
    assert inked > 0.03, f"page 1 is nearly blank ({inked:.1%} dark pixels)"


def test_the_report_says_who_when_and_what_it_is(report_data, year_pdf, tmp_path):
    text = " ".join(_text(year_pdf[0], tmp_path).split())
    for expected in ("Ann Example", "1 Jan 2024 – 31 Dec 2024", STATEMENT, "Fibromyalgia criteria and severity",
                     "Does not meet the criteria", "FIQR", "Twitching, weakness and pain over the period",
                     "Pain body map", "Red flags raised", "Urgent", "weakness sudden one side", "Magnesium",
                     "Strong for", "Suspected triggers", "(+0.2 to +0.8)", "Caffeine on/off",
                     "Data completeness", "Sources", "Wolfe", "Bennett", "Macfarlane"):
        assert expected in text, expected


def test_accessible_pdf_metadata(year_pdf, tmp_path):
    pdf = year_pdf[0]
    info = _info(pdf, tmp_path)
    assert info["Title"] == "fibrotrack clinician summary: Ann Example, 1 Jan 2024 to 31 Dec 2024"
    assert info["Tagged"] == "yes" and info["Page size"].startswith("595.276 x 841.89")
    assert b"pdfuaid:part>1<" in pdf  # PDF/UA-1
    assert b"pdfaid:part>2<" in pdf and b"pdfaid:conformance>A<" in pdf  # PDF/A-2a


def test_every_chart_has_alt_text(report_data):
    context = report_context(report_data)
    assert set(context["alt"]) == {"course", "sites", "scores"}
    assert all(len(text) > 40 for text in context["alt"].values())


def test_a_report_with_almost_nothing_in_it_renders_one_page(tmp_path, rasterise):
    empty = ReportData(person=ReportPerson("New Person"), period_from=date(2025, 1, 1), period_to=date(2025, 1, 31),
                       days_logged=0, generated_at=datetime(2025, 2, 1, tzinfo=timezone.utc))
    pdf = render_pdf(empty)
    assert len(rasterise(pdf, tmp_path)) == 1
    assert STATEMENT in " ".join(_text(pdf, tmp_path).split())


def test_long_lists_are_cut_to_keep_two_pages(report_data, tmp_path, rasterise):
    flags = tuple(RedFlag(datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(days=7 * n),
                          ("urgent", "routine")[n % 2], (f"rule_{n}",)) for n in range(40))
    treatments = tuple(ReportTreatment(f"Treatment {n}", "medication", date(2024, 1, 1) + timedelta(days=n), None,
                                       "10 mg", None, ({"change": -0.1 * n, "ci": [-1, 1], "sentence": "A change."},))
                       for n in range(20))
    triggers = tuple({"sentence": f"Exposure {n} went with more twitching.", "effect": 0.1 * n, "ci": [0, 1],
                      "label": "suspected"} for n in range(20))
    crowded = replace(report_data, red_flags=flags, treatments=treatments, triggers=triggers,
                      experiments=tuple({"verdict": f"Experiment {n}."} for n in range(10)))
    pdf = render_pdf(crowded)
    assert len(rasterise(pdf, tmp_path)) <= 2
    text = " ".join(_text(pdf, tmp_path).split())
    shown = len(re.findall(r"rule \d+", text))
    assert 1 <= shown < 40 and f"and {40 - shown} earlier" in text
    assert re.search(r"and \d+ earlier treatments", text) and re.search(r"and \d+ more suspicions", text)


@pytest.mark.parametrize("name", ["Esc\x1bape", "李小龍", "Zoë 🙂", "tab\tand\u200bzero-width"])
def test_text_the_font_cannot_show_is_replaced_not_fatal(name, tmp_path):
    # A name or treatment typed with a control character, a script DejaVu Sans lacks, or an emoji must not
    # stop the report: Typst refuses undisplayable text in a PDF/UA document.
    data = ReportData(person=ReportPerson(name), period_from=date(2025, 1, 1), period_to=date(2025, 1, 31),
                      days_logged=0, generated_at=datetime(2025, 2, 1, tzinfo=timezone.utc),
                      treatments=(ReportTreatment(f"{name} tea", "other", date(2025, 1, 2), None, None, None, ()),))
    text = " ".join(_text(render_pdf(data), tmp_path).split())
    assert STATEMENT in text
    assert (name[:2] in text) if name[0].isascii() else ("???" in text)


def test_chart_labels_the_font_cannot_show_are_replaced_too(report_data, tmp_path):
    odd = tuple(replace(t, name=f"{t.name} \U0009786e李") for t in report_data.treatments)
    assert odd, "the fixture has treatments, so the course chart labels them"
    text = " ".join(_text(render_pdf(replace(report_data, treatments=odd)), tmp_path).split())
    assert odd[0].name.split()[0] in text
