"""Charts for the web pages, defined with Altair and drawn in the browser by the vendored vega-embed.

Every function returns an Altair chart; :func:`spec` turns it into the Vega-Lite JSON the page embeds.
Charts set no text or axis colours, so the page can draw them in its light or dark scheme (vega-embed's
``dark`` theme); marks use the Okabe–Ito colour-blind-safe palette, with neutral grey for exposures and
a light band for treatments. No chart carries information by colour alone: each is drawn next to a text
summary and a data table with the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import altair as alt

from ..analysis.series import trailing_mean

#: Okabe–Ito colours per symptom (the same palette the clinician report uses).
COLOURS = {"twitching": "#0072B2", "weakness": "#D55E00", "pain": "#009E73", "fatigue": "#CC79A7"}
EXPOSURE_COLOUR = "#808080"
TREATMENT_COLOUR = "#E69F00"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Point = tuple[date, float | None]


def _iso(on: date) -> str:
    return on.isoformat()


def _finish(chart: Any) -> Any:
    return (chart.properties(background="transparent").configure_view(stroke=None)
            .configure_axis(labelFontSize=12, titleFontSize=12, titleFontWeight="normal")
            .configure_legend(labelFontSize=12, titleFontSize=12))


def calendar_heatmap(points: Sequence[Point], *, label: str, high: float = 10) -> Any:
    """A calendar: one square per day (columns are weeks, rows weekdays), darker for higher values.

    Days without a value are drawn as empty outlined squares.
    """
    rows = []
    for on, value in points:
        monday = on - timedelta(days=on.weekday())
        rows.append({"on": _iso(on), "week": _iso(monday), "weekday": WEEKDAYS[on.weekday()], "value": value})
    x = alt.X("week:O", title=None, axis=alt.Axis(labelExpr="timeFormat(toDate(datum.value), '%d %b')",
                                                  labelAngle=0, labelOverlap=True, ticks=False, domain=False))
    y = alt.Y("weekday:O", sort=list(WEEKDAYS), title=None, axis=alt.Axis(ticks=False, domain=False))
    base = alt.Chart(alt.Data(values=rows))
    empty = base.mark_rect(fill=None, stroke=EXPOSURE_COLOUR, strokeOpacity=0.5, strokeWidth=0.75).encode(x=x, y=y)
    filled = base.transform_filter("isValid(datum.value)").mark_rect(stroke=None).encode(
        x=x, y=y,
        color=alt.Color("value:Q", title=label, scale=alt.Scale(domain=[0, high], scheme="blues"),
                        legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=160)),
        tooltip=[alt.Tooltip("on:T", title="Day", format="%a %d %b %Y"), alt.Tooltip("value:Q", title=label)],
    )
    return _finish(alt.layer(empty, filled).properties(width="container", height=7 * 18,
                                                        description=f"Calendar of daily {label}"))


def symptom_chart(points: Sequence[Point], *, code: str, label: str, period: tuple[date, date],
                  exposure: Sequence[Point] = (), exposure_label: str = "",
                  treatments: Sequence[dict[str, Any]] = (), height: int = 170) -> Any:
    """One symptom's daily values (thin line and dots) and 7-day mean (thick line) on its 0–10 scale, with an
    exposure as grey bars on its own right-hand axis and treatments as shaded bands."""
    colour = COLOURS.get(code, "#0072B2")
    x = alt.X("on:T", title=None, scale=alt.Scale(domain=[_iso(period[0]), _iso(period[1] + timedelta(days=1))]),
              axis=alt.Axis(format="%d %b", labelAngle=0, tickCount=6, grid=False))
    y = alt.Y("value:Q", title=f"{label} (0–10)", scale=alt.Scale(domain=[0, 10]),
              axis=alt.Axis(values=[0, 5, 10], orient="left"))
    daily = [{"on": _iso(on), "value": v} for on, v in points if v is not None]
    mean = [{"on": _iso(on), "value": v} for on, v in trailing_mean(points)]
    layers = []
    bands = [t for t in treatments if t["start"] <= t["end"]]
    if bands:
        rows = [{"on": t["start"], "end": t["end"], "name": t["name"]} for t in bands]
        band = alt.Chart(alt.Data(values=rows))
        layers.append(band.mark_rect(color=TREATMENT_COLOUR, opacity=0.16).encode(
            x=x, x2="end:T", tooltip=[alt.Tooltip("name:N", title="Treatment")]))
        layers.append(band.mark_text(align="left", baseline="top", dx=3, dy=2, fontSize=11).encode(
            x=x, y=alt.value(0), text="name:N"))
    symptom_layers = [
        alt.Chart(alt.Data(values=daily)).mark_line(color=colour, strokeWidth=1, opacity=0.55).encode(x=x, y=y),
        alt.Chart(alt.Data(values=daily)).mark_point(color=colour, filled=True, size=14, opacity=0.7).encode(
            x=x, y=y, tooltip=[alt.Tooltip("on:T", title="Day", format="%a %d %b"), alt.Tooltip("value:Q", title=label)]),
        alt.Chart(alt.Data(values=mean)).mark_line(color=colour, strokeWidth=3).encode(x=x, y=y),
    ]
    symptom = alt.layer(*layers, *symptom_layers)
    exposure_rows = [{"on": _iso(on), "amount": v} for on, v in exposure if v is not None]
    if exposure_rows:
        bars = alt.Chart(alt.Data(values=exposure_rows)).mark_bar(color=EXPOSURE_COLOUR, opacity=0.45).encode(
            x=x, y=alt.Y("amount:Q", title=exposure_label, axis=alt.Axis(orient="right", grid=False)),
            tooltip=[alt.Tooltip("on:T", title="Day", format="%a %d %b"), alt.Tooltip("amount:Q", title=exposure_label)])
        chart = alt.layer(bars, symptom).resolve_scale(y="independent")
    else:
        chart = symptom
    return _finish(chart.properties(width="container", height=height, description=f"Daily {label}"))


def score_chart(rows: Sequence[dict[str, Any]], *, title: str, high: float) -> Any:
    """An assessment score over time: ``rows`` are ``{"on": ISO date, "value": number}``."""
    x = alt.X("on:T", title=None, scale=alt.Scale(padding=12), axis=alt.Axis(format="%d %b %Y", labelAngle=0, tickCount=5))
    y = alt.Y("value:Q", title=title, scale=alt.Scale(domain=[0, high], nice=False))
    base = alt.Chart(alt.Data(values=list(rows)))
    chart = alt.layer(base.mark_line(color=COLOURS["twitching"], strokeWidth=2).encode(x=x, y=y),
                      base.mark_point(color=COLOURS["twitching"], filled=True, size=60).encode(
                          x=x, y=y, tooltip=[alt.Tooltip("on:T", title="Date"), alt.Tooltip("value:Q", title=title)]))
    return _finish(chart.properties(width="container", height=160, description=title))


def spec(chart: Any) -> dict[str, Any]:
    """The chart's Vega-Lite JSON (not re-validated against the schema on every request; tests validate it)."""
    return chart.to_dict(validate=False)
