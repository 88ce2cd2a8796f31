"""The report's charts, defined once for the web page and the PDF.

Each chart function returns an Altair chart. The web page embeds :func:`chart_spec` (Vega-Lite JSON);
the PDF embeds :func:`chart_svg` (or :func:`chart_png`), rendered by ``vl-convert`` without a browser.
Charts use the DejaVu Sans font shipped in ``report/fonts`` so they look the same everywhere, and the
Okabe–Ito colour-blind-safe palette. Each chart has a plain-language description (``describe_*``)
used as its alt text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import altair as alt
import vl_convert

from ..analysis.series import trailing_mean
from ..catalog import body_site
from ..instruments import PSD_BANDS
from ..instruments.fiqr import BANDS as FIQR_BANDS
from .data import AssessmentPoint, ReportTreatment, SiteCount, SymptomSeries

__all__ = [
    "COLOURS",
    "FONT",
    "assessment_chart",
    "body_site_chart",
    "chart_png",
    "chart_spec",
    "chart_svg",
    "course_chart",
    "describe_assessments",
    "describe_course",
    "describe_sites",
    "font_dir",
]

FONT = "DejaVu Sans"
#: Okabe–Ito colours per symptom (distinguishable with the common colour-vision deficiencies).
COLOURS = {"twitching": "#0072B2", "weakness": "#D55E00", "pain": "#009E73", "fs": "#0072B2", "fiqr": "#CC79A7",
           "treatment": "#E69F00"}
FS_INSTRUMENTS = ("acr2016", "acr2016_clinician", "acr2011", "acr2010", "fs")
_BAND_GREYS = ("#ffffff", "#f4f4f4", "#e9e9e9", "#dedede", "#d3d3d3")


@cache
def font_dir() -> str:
    """Return the directory of the bundled fonts (registered with vl-convert on first use)."""
    path = str(resources.files(__package__).joinpath("fonts"))
    vl_convert.register_font_directory(path)
    return path


def _iso(on: date) -> str:
    return on.isoformat()


_AXIS_WIDTH = 28  # y-axis label area, the same in every stacked panel so the plots line up


def _x(period: tuple[date, date], *, labels: bool) -> alt.X:
    scale = alt.Scale(type="utc", domain=[_iso(period[0]), _iso(period[1] + timedelta(days=1))])
    axis = alt.Axis(format="%-d %b", labelAngle=0, tickCount=8, grid=False, title=None) if labels else None
    return alt.X("on:T", title=None, scale=scale, axis=axis)


Datasets = dict[str, list[dict[str, Any]]]


def _data(datasets: Datasets, name: str, rows: list[dict[str, Any]]) -> Any:
    """Register ``rows`` as a top-level named dataset and return a reference to it.

    Keeping the values out of the chart objects matters: Altair deep-copies and validates inline values
    at every layer and concatenation, which made a year's chart take a second to build.
    """
    datasets[name] = rows
    return alt.NamedData(name=name)


def _top(chart: Any, datasets: Datasets | None = None) -> Any:
    if datasets:
        chart.datasets = datasets
    return (chart.configure(font=FONT).configure_view(stroke=None)
            .configure_axis(labelFontSize=9, titleFontSize=9, labelColor="#333333", titleColor="#333333",
                            domainColor="#999999", tickColor="#999999", gridColor="#eeeeee")
            .configure_title(fontSize=10, anchor="start", color="#222222")
            .configure_legend(labelFontSize=9, titleFontSize=9))


#: Treatment lanes drawn above the course chart; with more treatments, the most recently started are drawn.
MAX_LANES = 6


def _bands(treatments: Sequence[ReportTreatment], period: tuple[date, date]) -> list[dict[str, Any]]:
    shown = [t for t in treatments if t.started_on <= period[1] and (t.stopped_on or period[1]) >= period[0]]
    shown = sorted(sorted(shown, key=lambda t: t.started_on)[-MAX_LANES:], key=lambda t: t.started_on)
    rows = []
    for t in shown:
        start = max(t.started_on, period[0])
        end = min(t.stopped_on or period[1], period[1]) + timedelta(days=1)
        if start < end:
            label = t.name if not t.dose else f"{t.name} ({t.dose})"
            rows.append({"on": _iso(start), "end": _iso(end), "treatment": label,
                         "started": t.started_on >= period[0]})
    return rows


def course_chart(series: Sequence[SymptomSeries], treatments: Sequence[ReportTreatment] = (), *,
                 period_from: date, period_to: date, width: int = 470, height: int = 58) -> Any:
    """Return stacked panels sharing one time axis: treatments as bands (one lane each, at most
    :data:`MAX_LANES`, the most recently started), then one panel per symptom with daily values (thin), the
    trailing 7-day mean (bold) and dashed lines where treatments start.

    Values are on the symptom's 0–10 scale; days without a value are not drawn as zero (the line joins
    logged days).
    """
    period = (period_from, period_to)
    bands = _bands(treatments, period)
    panels = []
    datasets: Datasets = {}
    if bands:
        lanes = alt.Chart(_data(datasets, "treatments", bands))
        y = alt.Y("treatment:N", sort=None, title=None,
                  axis=alt.Axis(labels=False, ticks=False, domain=False, minExtent=_AXIS_WIDTH,
                                maxExtent=_AXIS_WIDTH))
        panels.append(alt.layer(
            lanes.mark_bar(color=COLOURS["treatment"], opacity=0.35, height=11).encode(
                x=_x(period, labels=False), x2="end:T", y=y),
            lanes.mark_text(align="left", baseline="middle", dx=3, fontSize=8, color="#6b4500").encode(
                x=_x(period, labels=False), y=y, text="treatment:N"),
        ).properties(width=width, height=alt.Step(13), title=alt.TitleParams("Treatments", fontSize=9, offset=2)))
    starts = [b for b in bands if b["started"]]
    for position, s in enumerate(series):
        last = position == len(series) - 1
        colour = COLOURS.get(s.trackable, "#555555")
        daily = _data(datasets, f"{s.trackable}-daily", [{"on": _iso(on), "value": v} for on, v in s.points])
        mean = _data(datasets, f"{s.trackable}-mean",
                     [{"on": _iso(on), "value": v} for on, v in trailing_mean(s.points)])
        y = alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, 10]),
                  axis=alt.Axis(values=[0, 5, 10], minExtent=_AXIS_WIDTH, maxExtent=_AXIS_WIDTH, grid=True))
        x = _x(period, labels=last)
        layers = []
        if starts:
            layers.append(alt.Chart(_data(datasets, "starts", starts)).mark_rule(
                color=COLOURS["treatment"], strokeDash=[3, 2], strokeWidth=1).encode(x=x))
        layers.append(alt.Chart(daily).mark_line(strokeWidth=0.7, opacity=0.45, color=colour).encode(x=x, y=y))
        layers.append(alt.Chart(mean).mark_line(strokeWidth=2, color=colour).encode(x=x, y=y))
        title = alt.TitleParams(f"{s.label} (0–10): daily, and 7-day mean", fontSize=9, offset=2)
        panels.append(alt.layer(*layers).properties(width=width, height=height, title=title))
    if not panels:
        return _top(alt.Chart(alt.Data(values=[])).mark_point())
    return _top(alt.vconcat(*panels, spacing=6), datasets)


def body_site_chart(counts: Sequence[SiteCount], *, trackables: Sequence[str] = ("twitching", "pain", "weakness"),
                    top: int = 8, width: int = 170) -> Any:
    """Return one horizontal bar panel per symptom (stacked): days logged at each body site, most frequent first."""
    panels = []
    datasets: Datasets = {}
    for code in trackables:
        rows = [{"site": body_site(c.body_site).label, "days": c.days} for c in counts if c.trackable == code][:top]
        if not rows:
            continue
        panels.append(alt.Chart(_data(datasets, f"{code}-sites", rows)).mark_bar(color=COLOURS.get(code, "#555555"), height=10).encode(
            x=alt.X("days:Q", title=f"days with {code} at the site", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("site:N", title=None, sort="-x", axis=alt.Axis(minExtent=150, maxExtent=150)),
        ).properties(width=width, height=alt.Step(13), title=code.capitalize()))
    if not panels:
        return _top(alt.Chart(alt.Data(values=[])).mark_point())
    return _top(alt.vconcat(*panels, spacing=10), datasets)


def _assessment_rows(points: Sequence[AssessmentPoint]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    fs, fiqr = [], []
    for p in sorted(points, key=lambda p: p.answered_at):
        on = _iso(p.answered_at.date())
        if p.instrument in FS_INSTRUMENTS and p.result.get("fs") is not None:
            met = p.result.get("meets_criteria")
            fs.append({"on": on, "value": p.result["fs"], "instrument": p.instrument,
                       "criteria": "met" if met else "not met" if met is False else "FS only"})
        elif p.instrument == "fiqr" and p.result.get("total") is not None:
            fiqr.append({"on": on, "value": float(p.result["total"])})
    return fs, fiqr


def _score_panel(rows: list[dict[str, Any]], bands: list[dict[str, Any]], *, name: str, datasets: Datasets,
                 title: str, high: float, colour: str, width: int, height: int, shape_by_criteria: bool) -> Any:
    points, band_data = _data(datasets, name, rows), _data(datasets, f"{name}-bands", bands)
    ticks = [0, 10, 20, 30] if high <= 31 else [0, 25, 50, 75, 100]
    axis = alt.Axis(values=ticks, labelOverlap=False, title=None)
    y = alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, high], nice=False), axis=axis)
    background = alt.Chart(band_data).mark_rect().encode(
        y=alt.Y("low:Q", scale=alt.Scale(domain=[0, high], nice=False), axis=axis), y2="high:Q",
        color=alt.Color("band:N", scale=alt.Scale(domain=[b["band"] for b in bands],
                                                   range=list(_BAND_GREYS[:len(bands)])), legend=None))
    labels = alt.Chart(band_data).mark_text(align="right", baseline="middle", dx=-2, fontSize=7,
                                                          color="#777777").encode(
        y=alt.Y("mid:Q", scale=alt.Scale(domain=[0, high], nice=False), axis=axis), x=alt.value(width),
        text="band:N")
    x = alt.X("on:T", title=None, scale=alt.Scale(type="utc", padding=10),
              axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4, grid=False))
    line = alt.Chart(points).mark_line(color=colour, strokeWidth=1.5).encode(x=x, y=y)
    if shape_by_criteria:
        shapes = {"met": "circle", "not met": "triangle-down", "FS only": "square"}
        present = [k for k in shapes if any(r["criteria"] == k for r in rows)]
        dots = alt.Chart(points).mark_point(size=30, filled=True, color=colour).encode(
            x=x, y=y, shape=alt.Shape("criteria:N", title="ACR criteria",
                                      scale=alt.Scale(domain=present, range=[shapes[k] for k in present]),
                                      legend=alt.Legend(orient="right", symbolSize=40,
                                                        symbolFillColor=colour, symbolStrokeColor=colour)))
    else:
        dots = alt.Chart(points).mark_point(size=30, filled=True, color=colour).encode(x=x, y=y)
    return alt.layer(background, labels, line, dots).properties(width=width, height=height, title=title)


def assessment_chart(points: Sequence[AssessmentPoint], *, width: int = 250, height: int = 78) -> Any:
    """Return FS (0–31, Wolfe 2015 bands) and FIQR total (0–100, Salaffi 2020 bands) over time, stacked."""
    fs, fiqr = _assessment_rows(points)
    fs_bands = [{"low": lo, "high": hi + (1 if hi == 31 else 0.999), "mid": (lo + hi + 1) / 2, "band": name}
                for lo, hi, name in PSD_BANDS]
    fs_bands[-1]["high"] = 31
    fiqr_bands = []
    for i, (low, name) in enumerate(FIQR_BANDS):
        high = FIQR_BANDS[i + 1][0] if i + 1 < len(FIQR_BANDS) else 100
        fiqr_bands.append({"low": low, "high": high, "mid": (low + high) / 2, "band": name})
    panels = []
    datasets: Datasets = {}
    if fs:
        panels.append(_score_panel(fs, fs_bands, name="fs", datasets=datasets, title="Fibromyalgia severity (FS, 0–31)", high=31,
                                   colour=COLOURS["fs"], width=width, height=height, shape_by_criteria=True))
    if fiqr:
        panels.append(_score_panel(fiqr, fiqr_bands, name="fiqr", datasets=datasets, title="FIQR total (0–100)", high=100, colour=COLOURS["fiqr"],
                                   width=width, height=height, shape_by_criteria=False))
    if not panels:
        return _top(alt.Chart(alt.Data(values=[])).mark_point())
    return _top(alt.vconcat(*panels, spacing=10).resolve_scale(color="independent", shape="independent",
                                                               x="shared"), datasets)


def describe_course(series: Sequence[SymptomSeries], treatments: Sequence[ReportTreatment] = ()) -> str:
    """Return alt text for :func:`course_chart`: per symptom, days logged and the first and last 7-day means."""
    parts = []
    for s in series:
        means = trailing_mean(s.points)
        if means:
            parts.append(f"{s.label}: {len(s.points)} days logged, 7-day mean {means[0][1]:.1f} at the start "
                         f"and {means[-1][1]:.1f} at the end (0–10)")
        else:
            parts.append(f"{s.label}: {len(s.points)} days logged, too few for a 7-day mean")
    text = "Daily symptom course. " + "; ".join(parts) + "."
    if treatments:
        text += " Treatments, shown as bands above the panels and dashed lines where they start: " + ", ".join(
            f"{t.name} from {t.started_on.isoformat()}" + (f" to {t.stopped_on.isoformat()}" if t.stopped_on else "")
            for t in treatments) + "."
    return text


def describe_sites(counts: Sequence[SiteCount]) -> str:
    """Return alt text for :func:`body_site_chart`: the most frequent sites per symptom."""
    parts = []
    for code in ("twitching", "pain", "weakness"):
        rows = [c for c in counts if c.trackable == code][:5]
        if rows:
            parts.append(f"{code}: " + ", ".join(f"{body_site(c.body_site).label} {c.days} days" for c in rows))
    return "Body sites by days logged. " + ("; ".join(parts) if parts else "No body sites logged") + "."


def describe_assessments(points: Sequence[AssessmentPoint]) -> str:
    """Return alt text for :func:`assessment_chart`: first and latest FS and FIQR totals."""
    fs, fiqr = _assessment_rows(points)
    parts = []
    for name, rows, scale in (("FS", fs, 31), ("FIQR total", fiqr, 100)):
        if rows:
            parts.append(f"{name} {rows[0]['value']:.4g} of {scale} on {rows[0]['on']}, latest "
                         f"{rows[-1]['value']:.4g} on {rows[-1]['on']} ({len(rows)} assessments)")
    return "Questionnaire scores over time. " + ("; ".join(parts) if parts else "No scores yet") + "."


def chart_spec(chart: Any) -> dict[str, Any]:
    """Return the chart's Vega-Lite specification (for the web page's vega-embed), validated by Altair."""
    return chart.to_dict()


def chart_svg(chart: Any) -> str:
    """Return the chart as SVG text, rendered by vl-convert with the bundled fonts (no browser)."""
    font_dir()
    return vl_convert.vegalite_to_svg(chart.to_dict(validate=False))


def chart_png(chart: Any, *, scale: float = 2.0) -> bytes:
    """Return the chart as PNG bytes (``scale`` 2 ≈ 144 dpi at the chart's size)."""
    font_dir()
    return vl_convert.vegalite_to_png(chart.to_dict(validate=False), scale=scale)
