"""Charts: one Altair definition, served as Vega-Lite JSON to the web and rendered to SVG/PNG for the PDF."""

from __future__ import annotations

import json

from fibrotrack.report import assessment_chart, body_site_chart, chart_png, chart_spec, chart_svg, course_chart
from fibrotrack.report.charts import describe_assessments, describe_course, describe_sites


def _charts(data):
    return {
        "course": course_chart(data.series, data.treatments, period_from=data.period_from, period_to=data.period_to),
        "sites": body_site_chart(data.body_sites),
        "scores": assessment_chart(data.assessments),
    }


def test_the_web_gets_vega_lite_json(report_data):
    for name, chart in _charts(report_data).items():
        spec = chart_spec(chart)
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/"), name
        assert spec["config"]["font"] == "DejaVu Sans"
        json.dumps(spec)  # plain JSON, ready for vega-embed


def test_the_same_chart_renders_to_svg_and_png_without_a_browser(report_data):
    chart = _charts(report_data)["course"]
    svg = chart_svg(chart)
    assert svg.startswith("<svg") and "Muscle twitching (0–10)" in svg and "Magnesium (300 mg)" in svg
    png = chart_png(chart, scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_the_course_chart_has_a_panel_per_symptom_and_a_treatment_lane(report_data):
    spec = chart_spec(_charts(report_data)["course"])
    titles = [panel["title"]["text"] for panel in spec["vconcat"]]
    assert titles == ["Treatments", "Muscle twitching (0–10): daily, and 7-day mean",
                      "Muscle weakness (0–10): daily, and 7-day mean", "Pain (0–10): daily, and 7-day mean"]


def test_descriptions_give_alt_text_with_the_numbers(report_data):
    course = describe_course(report_data.series, report_data.treatments)
    assert "Muscle twitching:" in course and "7-day mean" in course and "Magnesium from 2024-07-02" in course
    assert describe_sites(report_data.body_sites).startswith("Body sites by days logged. twitching:")
    scores = describe_assessments(report_data.assessments)
    assert "FS" in scores and "FIQR total" in scores


def test_empty_data_still_gives_charts():
    assert chart_svg(body_site_chart([])).startswith("<svg")
    assert chart_svg(assessment_chart([])).startswith("<svg")
    assert describe_sites([]) == "Body sites by days logged. No body sites logged."
