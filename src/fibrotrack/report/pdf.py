"""The clinician report as a PDF: one or two A4 pages, typeset with Typst (no browser, no system fonts).

:func:`render_pdf` turns :class:`~fibrotrack.report.data.ReportData` into the text the page shows
(:func:`report_context`), renders the three charts of :mod:`.charts` to SVG, and compiles the vendored
template ``template.typ`` with the bundled DejaVu Sans fonts. The PDF is tagged and conforms to
PDF/A-2a and PDF/UA-1 (Typst checks both: a title, a language, alt text on every image), so screen
readers can read it and archives can keep it.

To stay within two pages, long lists are cut (the most recent red flags and treatments, the first
triggers) with a note saying how many were left out; when the page still overflows, fewer entries are
shown (:data:`FIT_LEVELS`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

import typst

from ..catalog import body_site
from ..instruments import get_instrument
from ..instruments.acr_survey import PSD_BAND_SOURCE
from ..instruments.fiqr import BAND_SOURCE as FIQR_BAND_SOURCE
from ..knowledge import EULAR_VERSION
from .charts import (
    FS_INSTRUMENTS,
    assessment_chart,
    body_site_chart,
    chart_svg,
    course_chart,
    describe_assessments,
    describe_course,
    describe_sites,
    font_dir,
)
from .data import AssessmentPoint, RedFlag, ReportData, ReportTreatment, SiteCount, SymptomSeries

__all__ = ["FIT_LEVELS", "MAX_PAGES", "PDF_STANDARDS", "STATEMENT", "Limits", "page_count", "render_pdf",
           "report_context"]

STATEMENT = "fibrotrack informs; it does not diagnose."
#: PDF standards the report conforms to (Typst refuses to compile a document that breaks them).
PDF_STANDARDS = ("a-2a", "ua-1")
MAX_PAGES = 2
URGENCY_TEXT = {"emergency": "Emergency", "urgent": "Urgent", "routine": "Routine", "self_care": "Self-care",
                "none": "None"}
_URGENCY_ORDER = ("emergency", "urgent", "routine", "self_care", "none")
_REGIONS = {"left_upper": "Left upper", "right_upper": "Right upper", "left_lower": "Left lower",
            "right_lower": "Right lower", "axial": "Axial"}


@dataclass(frozen=True, slots=True)
class Limits:
    """How many entries of each list the report shows (the rest are counted in a note)."""

    red_flags: int = 6
    treatments: int = 7
    triggers: int = 6
    experiments: int = 4
    reasons: int = 6


#: Tried in turn until the report fits on :data:`MAX_PAGES` pages.
FIT_LEVELS = (Limits(), Limits(5, 5, 4, 3, 6), Limits(4, 4, 3, 2, 4), Limits(3, 3, 2, 1, 3), Limits(2, 2, 1, 1, 2))
REFERENCE_SOURCE = "fibrotrack clinical reference (clinical/REFERENCE.md), which cites the primary sources above."


def _day(on: date) -> str:
    return f"{on.day} {on:%b %Y}"


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def _interval(ci: Any) -> str:
    if isinstance(ci, Mapping):
        ci = (ci.get("low"), ci.get("high"))
    if isinstance(ci, Sequence) and not isinstance(ci, str) and len(ci) == 2 and None not in ci:
        return f"{_signed(float(ci[0]))} to {_signed(float(ci[1]))}"
    return "interval not available"


def _rule_text(rule: str) -> str:
    return rule.replace("_", " ") if " " not in rule else rule


def _latest(points: Sequence[AssessmentPoint], codes: Sequence[str]) -> AssessmentPoint | None:
    found = [p for p in points if p.instrument in codes]
    return max(found, key=lambda p: p.answered_at) if found else None


def _criteria(points: Sequence[AssessmentPoint], limits: Limits) -> dict[str, Any] | None:
    latest = _latest(points, FS_INSTRUMENTS)
    if latest is None:
        return None
    r = latest.result
    rows = [["WPI (painful areas)", f"{r.get('wpi')} of 19"], ["Symptom severity (SSS)", f"{r.get('sss')} of 12"],
            ["FS (WPI + SSS)", f"{r.get('fs')} of 31, {r.get('fs_band')}"]]
    if r.get("generalized_pain_regions") is not None:
        rows.append(["Generalized pain", f"{r['generalized_pain_regions']} of 5 regions"])
    met = r.get("meets_criteria")
    verdict = ("Meets the criteria" if met else "Does not meet the criteria") if met is not None else \
        f"FS {r.get('fs')} of 31: {r.get('fs_band')}"
    return {"title": get_instrument(latest.instrument).title, "code": latest.instrument,
            "date": _day(latest.answered_at.date()),
            "verdict": verdict, "rows": rows, "reasons": [str(x) for x in r.get("reasons", [])][:limits.reasons],
            "caveat": str(r.get("caveat") or "")}


def _fiqr(points: Sequence[AssessmentPoint]) -> dict[str, Any] | None:
    latest = _latest(points, ("fiqr",))
    if latest is None or latest.result.get("total") is None:
        return None
    r = latest.result
    parts = ", ".join(f"{name} {float(r[name]):.1f} of {top}" for name, top in
                      (("function", 30), ("overall", 20), ("symptoms", 50)) if r.get(name) is not None)
    return {"date": _day(latest.answered_at.date()), "total": f"{float(r['total']):.1f} of 100",
            "band": f"{r.get('band')} (Salaffi 2020 bands)", "parts": parts}


def _pain_map(counts: Sequence[SiteCount]) -> dict[str, Any]:
    by_region: dict[str, list[tuple[str, int]]] = defaultdict(list)
    areas: set[str] = set()
    for count in counts:
        if count.trackable != "pain":
            continue
        site = body_site(count.body_site)
        if site.wpi_area:
            areas.add(site.wpi_area)
        region = _REGIONS.get(site.region or "") or ("Jaw, chest, abdomen" if site.wpi_area else "Outside the 19 areas")
        by_region[region].append((site.label, count.days))
    rows = []
    if by_region:
        for region in [*_REGIONS.values(), "Jaw, chest, abdomen", "Outside the 19 areas"]:
            sites = sorted(by_region.get(region, []), key=lambda x: -x[1])
            if sites or region in _REGIONS.values():
                rows.append([region, ", ".join(f"{label} {days}" for label, days in sites) or "none logged"])
    hit = sum(1 for region in _REGIONS.values() if region in by_region)
    note = (f"Pain logged in {hit} of 5 regions and {len(areas)} of 19 WPI areas in this period (days per area). "
            "ACR 2016 generalized pain needs 4 of 5 regions; this is diary data, not the WPI questionnaire.")
    return {"rows": rows, "note": note}


def _course_note(series: Sequence[SymptomSeries], period_from: date, period_to: date) -> str:
    parts = []
    for s in series:
        first = [v for on, v in s.points if on < period_from + timedelta(days=30)]
        last = [v for on, v in s.points if on > period_to - timedelta(days=30)]
        if first and last:
            parts.append(f"{s.label.lower()} {sum(first) / len(first):.1f} → {sum(last) / len(last):.1f}")
    text = ("Thin lines: daily values (twitching and weakness: the day's highest entry; pain: the day's mean); "
            "bold: 7-day mean; dashed: a treatment starts. Days without an entry are skipped, not counted as 0.")
    if parts:
        text += " Mean of the first vs the last 30 days: " + "; ".join(parts) + "."
    return text


def _red_flags(flags: Sequence[RedFlag], limit: int) -> tuple[list[dict[str, str]], dict[str, str] | None]:
    ordered = sorted(flags, key=lambda f: f.at, reverse=True)
    rows = [{"when": _day(f.at.date()), "urgency": URGENCY_TEXT.get(f.urgency, f.urgency),
             "key": f.urgency if f.urgency in URGENCY_TEXT else "none",
             "rules": "; ".join(_rule_text(r) for r in f.rules) or "—"} for f in ordered[:limit]]
    if not flags:
        return rows, None
    top = min(flags, key=lambda f: (_URGENCY_ORDER.index(f.urgency) if f.urgency in _URGENCY_ORDER else 9,
                                    -f.at.timestamp()))
    count = f"{len(flags)} red flag{'s' if len(flags) != 1 else ''} raised in this period"
    return rows, {"key": top.urgency if top.urgency in URGENCY_TEXT else "none",
                  "text": f"{count}; most urgent: {URGENCY_TEXT.get(top.urgency, top.urgency)} on "
                          f"{_day(top.at.date())} (see Red flags)."}


def _effect(effect: Mapping[str, Any]) -> str:
    sentence = str(effect.get("sentence") or "").strip()
    if effect.get("change") is None:
        return sentence
    measure = f"{_signed(float(effect['change']))} points ({_interval(effect.get('ci'))})"
    return f"{sentence} [{measure}]" if sentence else measure


def _treatments(treatments: Sequence[ReportTreatment], limit: int) -> list[dict[str, Any]]:
    rows = []
    for t in sorted(treatments, key=lambda t: t.started_on, reverse=True)[:limit]:
        period = (f"{_day(t.started_on)} – {_day(t.stopped_on)}" if t.stopped_on else f"since {_day(t.started_on)}")
        rows.append({"name": t.name, "detail": " · ".join(x for x in (t.kind, t.dose) if x), "period": period,
                     "effects": [_effect(e) for e in t.effects], "eular": t.eular or "not rated by EULAR 2016"})
    return rows


def _sources(data: ReportData) -> list[str]:
    sources: list[str] = []
    codes = sorted({p.instrument for p in data.assessments})
    for code in codes:
        text = get_instrument(code).citation.text
        if text not in sources:
            sources.append(text)
    if any(code in FS_INSTRUMENTS for code in codes):
        sources.append(f"FS bands: {PSD_BAND_SOURCE}.")
    if "fiqr" in codes:
        sources.append(f"FIQR bands: {FIQR_BAND_SOURCE}.")
    if data.treatments:
        sources.append(f"{EULAR_VERSION}.")
    sources.extend(s for s in data.sources if s not in sources)
    sources.append(REFERENCE_SOURCE)
    return sources


def report_context(data: ReportData, *, limits: Limits = FIT_LEVELS[0]) -> dict[str, Any]:
    """Return what the report page shows, as JSON-ready text (the web page can reuse it).

    Lists are cut to ``limits`` (the most recent red flags and treatments, the first triggers as the
    insights engine ranked them); the ``*_more`` entries count what was left out.
    """
    about = " · ".join(x for x in (f"born {data.person.birth_year}" if data.person.birth_year else "",
                                   data.person.sex or "") if x)
    flags, top = _red_flags(data.red_flags, limits.red_flags)
    percent = f"{100 * data.days_logged / data.days_in_period:.0f}%"
    per_symptom = ", ".join(f"{s.label.lower()} on {len(s.points)}" for s in data.series)
    return {
        "title": f"fibrotrack clinician summary: {data.person.name}, {_day(data.period_from)} to "
                 f"{_day(data.period_to)}",
        "person": {"name": data.person.name, "about": about},
        "period": {"label": f"{_day(data.period_from)} – {_day(data.period_to)}", "days": data.days_in_period},
        "generated": _day(data.generated_at.date()),
        "statement": STATEMENT,
        "criteria": _criteria(data.assessments, limits),
        "fiqr": _fiqr(data.assessments),
        "course_note": _course_note(data.series, data.period_from, data.period_to),
        "pain_map": _pain_map(data.body_sites),
        "red_flags": flags, "red_flags_more": max(0, len(data.red_flags) - limits.red_flags), "red_flag_top": top,
        "treatments": _treatments(data.treatments, limits.treatments),
        "treatments_more": max(0, len(data.treatments) - limits.treatments),
        "triggers": [{"sentence": str(t.get("sentence") or ""),
                      "effect": (f"{_signed(float(t['effect']))} ({_interval(t.get('ci'))})"
                                 if t.get("effect") is not None else "—"),
                      "label": str(t.get("label") or "suspected")} for t in data.triggers[:limits.triggers]],
        "triggers_more": max(0, len(data.triggers) - limits.triggers),
        "experiments": [str(e.get("verdict") or e.get("sentence") or "")
                        for e in data.experiments[:limits.experiments]],
        "experiments_more": max(0, len(data.experiments) - limits.experiments),
        "completeness": {
            "days_logged": data.days_logged, "percent": percent,
            "text": f"Something was logged on {data.days_logged} of {data.days_in_period} days ({percent})"
                    + (f"; {per_symptom} days" if per_symptom else "") + ". Missing days are not filled in: charts "
                    "and effects use logged days only, and days may be missing more often when symptoms are bad.",
        },
        "sources": _sources(data),
        "alt": {"course": describe_course(data.series, data.treatments), "sites": describe_sites(data.body_sites),
                "scores": describe_assessments(data.assessments)},
    }


_UNDISPLAYABLE = re.compile(r'the text `"((?:[^"\\]|\\.)*)"` could not be displayed')
_TYPST_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\(.)")
REPLACEMENT = "?"


def _typst_text(literal: str) -> str:
    """Return the text of a Typst string literal as printed in an error (``\\u{1b}`` escapes decoded)."""
    return _TYPST_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), literal)


def _printable(value: Any, missing: frozenset[str]) -> Any:
    """Return ``value`` with every string made printable: control and format characters, and characters the
    bundled font cannot show (``missing``), become :data:`REPLACEMENT`. Typst refuses such text in a PDF/UA
    document, and a name or note typed with an unusual character must not stop the report."""
    if isinstance(value, str):
        return "".join(REPLACEMENT if ch in missing or (unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"}
                                                        and ch not in "\n\t\r") else ch for ch in value)
    if isinstance(value, dict):
        return {k: _printable(v, missing) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v, missing) for v in value]
    return value


def page_count(pdf: bytes) -> int:
    """Return the number of pages of a PDF Typst wrote (its page tree's ``/Count``), 0 if not found."""
    found = re.search(rb"/Type\s*/Pages\s*/Count\s+(\d+)", pdf)
    return int(found.group(1)) if found else 0


def render_pdf(data: ReportData) -> bytes:
    """Return the clinician report as PDF bytes (A4, one or two pages, PDF/A-2a and PDF/UA-1).

    When the lists are too long for two pages, fewer entries are shown (:data:`FIT_LEVELS`) and the page
    says how many were left out. The charts are rendered once.

    Raises:
        typst.TypstError: the template failed to compile (a bug, not bad input).
    """
    charts = {
        "course": course_chart(data.series, data.treatments, period_from=data.period_from,
                               period_to=data.period_to) if any(s.points for s in data.series) else None,
        "sites": body_site_chart(data.body_sites) if data.body_sites else None,
        "scores": assessment_chart(data.assessments) if data.assessments else None,
    }
    svgs = {name: chart_svg(chart) for name, chart in charts.items() if chart is not None}
    template = resources.files(__package__).joinpath("template.typ").read_bytes()
    pdf = b""
    missing: frozenset[str] = frozenset()
    for limits in FIT_LEVELS:
        context = report_context(data, limits=limits)
        context["charts"] = {name: name in svgs for name in charts}
        pdf, missing = _compile(template, svgs, context, data, missing)
        if page_count(pdf) <= MAX_PAGES:
            break
    return pdf


def _compile(template: bytes, svgs: Mapping[str, str], context: dict[str, Any], data: ReportData,
             missing: frozenset[str]) -> tuple[bytes, frozenset[str]]:
    """Return the compiled PDF and the characters replaced, replacing characters the font cannot show until Typst accepts the text.

    Typst names one undisplayable text per error; each retry adds its characters to ``missing``. The
    number of retries is bounded by the number of distinct characters in the report.
    """
    while True:
        text = json.dumps(_printable(context, missing))
        try:
            # Chart labels (treatment names) are text in the SVGs, so they get the same replacement.
            inputs = {name: _printable(svg, missing) for name, svg in svgs.items()}
            compiled = typst.compile(template, format="pdf", sys_inputs={**inputs, "data": text},
                                     font_paths=[font_dir()], ignore_system_fonts=True,
                                     pdf_standards=list(PDF_STANDARDS), timestamp=data.generated_at)
            return bytes(compiled), missing  # type: ignore[arg-type]
        except typst.TypstError as error:
            found = _UNDISPLAYABLE.search(str(error))
            chars = frozenset(_typst_text(found.group(1))) - missing - {REPLACEMENT} if found else frozenset()
            if not chars:
                raise
            missing |= chars
