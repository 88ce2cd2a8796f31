"""HTML form ⇄ service arguments: the check-in form and instrument forms.

The pages never validate what a service validates. A form is turned into the service's arguments as
typed (numbers stay text), the service raises :class:`~fibrotrack.errors.ValidationError` naming the
bad field (``entries[2].value``), and :meth:`CheckinForm.field_for` maps that name back to the form
control, so the error is shown next to it with everything else the person typed kept.

Check-in field names: one per :data:`~fibrotrack.diary.checkin_form.CHECKIN_FORM` trackable (its
code), ``<code>_sites`` (body sites), ``twitching_count``, ``weakness_kind``/``_onset``/``_side``,
``serving_<code>`` (caffeine servings), ``caffeine_none``, ``med`` (medicines taken, by name),
``note``, ``on`` (the day, default today) and ``triage.<question id>`` (red-flag answers).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..catalog import SERVINGS, medication_code, resolve_trackable
from ..diary.checkin_form import CHECKIN_FORM
from ..errors import ValidationError
from ..instruments import Instrument
from ..triage import QUESTIONS, question, set_answer

FORM_LEVEL = "_form"
SCALE_CODES = tuple(i.trackable for i in CHECKIN_FORM if resolve_trackable(i.trackable).unit == "0-10")
WEAKNESS_DETAIL = ("kind", "onset", "side")
# Red-flag questions that the check-in form asks itself (answered in the main form, not the red-flag box).
FORM_QUESTIONS: Mapping[str, str] = {
    "symptoms.twitching": "twitching",
    "symptoms.weakness": "weakness",
    "weakness.kind": "weakness_kind",
    "weakness.onset": "weakness_onset",
    "weakness.side": "weakness_side",
    "weakness.sites": "weakness_sites",
    "twitching.sites": "twitching_sites",
}
_QUESTION_IDS = frozenset(q.id for q in QUESTIONS)
_ENTRY_FIELD = re.compile(r"^entries\[(\d+)\]\.(.+)$")


def _positive(raw: str) -> bool:
    try:
        number = float(raw)
    except ValueError:
        return False
    return math.isfinite(number) and number > 0



@dataclass(slots=True)
class CheckinForm:
    """What the person typed into the check-in form, as text (the form is re-shown from this)."""

    values: dict[str, str] = field(default_factory=dict)
    sites: dict[str, list[str]] = field(default_factory=dict)
    servings: dict[str, str] = field(default_factory=dict)
    meds: list[str] = field(default_factory=list)
    triage: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: Any) -> CheckinForm:
        """Read a submitted form (Starlette ``FormData`` or a mapping of lists)."""

        def many(name: str) -> list[str]:
            got = form.getlist(name) if hasattr(form, "getlist") else form.get(name, [])
            return [str(v) for v in (got if isinstance(got, list) else [got]) if str(v).strip()]

        def one(name: str) -> str:
            got = many(name)
            return got[-1].strip() if got else ""

        names = [*(i.trackable for i in CHECKIN_FORM), "twitching_count", "note", "on", "caffeine_none",
                 *(f"weakness_{k}" for k in WEAKNESS_DETAIL)]
        values = {n: one(n) for n in names if one(n)}
        sites = {i.trackable: list(dict.fromkeys(many(f"{i.trackable}_sites"))) for i in CHECKIN_FORM if i.sites}
        servings = {s.code: one(f"serving_{s.code}") for s in SERVINGS if one(f"serving_{s.code}")}
        keys = form.keys() if hasattr(form, "keys") else []
        triage = {k.removeprefix("triage."): one(k) for k in keys
                  if k.startswith("triage.") and k.removeprefix("triage.") in _QUESTION_IDS and one(k)}
        return cls(values, {k: v for k, v in sites.items() if v}, servings, list(dict.fromkeys(many("med"))), triage)

    # --- service arguments ------------------------------------------------------------------------
    def entries(self, medicines: Mapping[str, str | None] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        """Return the check-in entries (as :func:`fibrotrack.services.diary.checkin` takes them) and, per
        entry, which form control each of its fields came from.

        ``medicines`` maps the names of the person's active medicines to their dose (kept in detail).
        """
        entries: list[dict[str, Any]] = []
        origins: list[dict[str, str]] = []
        for item in CHECKIN_FORM:
            code = item.trackable
            raw = self.values.get(code, "")
            if not raw:
                continue
            origin = {"value": code, "trackable": code, "body_site": f"{code}_sites"}
            detail: dict[str, Any] = {}
            positive = _positive(raw)
            if item.count and positive and self.values.get("twitching_count"):
                detail["count"] = self.values["twitching_count"]
                origin["detail.count"] = "twitching_count"
            if item.weakness_detail and positive:
                for key in WEAKNESS_DETAIL:
                    if self.values.get(f"weakness_{key}"):
                        detail[key] = self.values[f"weakness_{key}"]
                        origin[f"detail.{key}"] = f"weakness_{key}"
            sites = self.sites.get(code, []) if item.sites and positive else []
            for site in sites or [None]:
                entry: dict[str, Any] = {"trackable": code, "value": raw}
                if site:
                    entry["site"] = site
                if detail:
                    entry["detail"] = dict(detail)
                entries.append(entry)
                origins.append(origin)
        for serving in SERVINGS:
            raw = self.servings.get(serving.code, "")
            if raw and raw != "0":
                entries.append({"trackable": "caffeine_mg", "value": raw, "serving": serving.code})
                origins.append({"value": f"serving_{serving.code}", "serving": f"serving_{serving.code}"})
        if self.values.get("caffeine_none") and not any(e["trackable"] == "caffeine_mg" for e in entries):
            entries.append({"trackable": "caffeine_mg", "value": 0})
            origins.append({"value": "caffeine_none"})
        doses = medicines or {}
        for name in self.meds:
            try:
                code = medication_code(name)
            except ValidationError as exc:
                raise ValidationError("med", exc.problem) from None
            entry = {"trackable": code, "value": 1}
            if doses.get(name):
                entry["detail"] = {"dose": doses[name]}
            entries.append(entry)
            origins.append({"value": "med", "trackable": "med"})
        if self.values.get("note") and entries:
            entries[-1]["note"] = self.values["note"]
            origins[-1] = {**origins[-1], "note": "note"}
        return entries, origins

    def triage_answers(self, *, strict: bool) -> dict[str, Any]:
        """Return the red-flag answers as a partial triage case.

        Yes/no answers become booleans, numbers floats. With ``strict`` a number that does not parse
        is passed on as text (so the service names it); otherwise it is left out.
        """
        case: dict[str, Any] = {}
        for qid, raw in self.triage.items():
            kind = question(qid).kind
            if kind == "bool":
                if raw not in ("yes", "no"):
                    continue
                value: Any = raw == "yes"
            elif kind == "number":
                try:
                    value = float(raw)
                except ValueError:
                    if not strict:
                        continue
                    value = raw
            elif kind == "sites":
                continue
            else:
                value = raw
            set_answer(case, qid, value)
        return case

    def at(self, today: date) -> str | None:
        """The ``at`` argument: None for today (now), else the chosen ``YYYY-MM-DD`` as typed."""
        raw = self.values.get("on", "")
        return None if not raw or raw == today.isoformat() else raw

    def field_for(self, error_field: str, origins: Sequence[Mapping[str, str]]) -> str:
        """Return the form control a service error names (``entries[3].value`` → ``sleep_hours``)."""
        match = _ENTRY_FIELD.match(error_field)
        if match:
            index, rest = int(match.group(1)), match.group(2)
            if index < len(origins):
                origin = origins[index]
                return origin.get(rest) or origin.get(rest.split(".")[0]) or origin["value"]
            return FORM_LEVEL
        if error_field.startswith("triage."):
            qid = error_field.removeprefix("triage.")
            return FORM_QUESTIONS.get(qid, f"triage.{qid}") if qid in _QUESTION_IDS else FORM_LEVEL
        if error_field == "at":
            return "on"
        if error_field in ("note", "med"):
            return error_field
        return FORM_LEVEL

    def to_dict(self) -> dict[str, Any]:
        """Return the form state as JSON-ready data."""
        return {"values": dict(self.values), "sites": {k: list(v) for k, v in self.sites.items()},
                "servings": dict(self.servings), "meds": list(self.meds), "triage": dict(self.triage)}


def form_from_observations(observations: Iterable[Any], *, medicines: Iterable[str]) -> CheckinForm:
    """Return a check-in form filled from one day's observations (the "same as yesterday" starting point).

    Each trackable takes the day's aggregate (the catalog's ``aggregate``: max, mean or sum), rounded
    to a whole number on 0–10 scales and to half hours for sleep; sites are those logged with a value
    above 0; caffeine is given as servings when it was logged as servings; medicines are ticked when
    a ``med:`` entry matches one of ``medicines``. Notes are not copied.
    """
    by_code: dict[str, list[Any]] = {}
    for obs in observations:
        by_code.setdefault(obs.trackable, []).append(obs)
    form = CheckinForm()
    for item in CHECKIN_FORM:
        found = by_code.get(item.trackable, [])
        if not found:
            continue
        spec = resolve_trackable(item.trackable)
        numbers = [o.value for o in found]
        if item.trackable == "caffeine_mg":
            counted = [o for o in found if o.detail.get("serving") and o.detail.get("servings") is not None]
            for o in counted:
                key = o.detail["serving"]
                total = float(form.servings.get(key, 0)) + float(o.detail["servings"])
                form.servings[key] = f"{total:g}"
            rest = [o.value for o in found if o not in counted]
            if rest:
                form.values["caffeine_mg"] = f"{sum(rest):g}"
            elif not counted:
                form.values["caffeine_none"] = "1"
            continue
        value = {"max": max, "sum": sum}.get(spec.aggregate, lambda v: sum(v) / len(v))(numbers)
        value = round(value) if spec.unit == "0-10" else round(value * 2) / 2
        form.values[item.trackable] = f"{value:g}"
        if item.sites:
            sites = sorted({o.body_site for o in found if o.body_site and o.value > 0})
            if sites:
                form.sites[item.trackable] = sites
        if item.count:
            counts = [int(o.detail["count"]) for o in found if "count" in o.detail]
            if counts:
                form.values["twitching_count"] = str(max(counts))
        if item.weakness_detail:
            for key in WEAKNESS_DETAIL:
                details = [o.detail[key] for o in found if key in o.detail]
                if details:
                    form.values[f"weakness_{key}"] = details[-1]
    codes = {o for o in by_code if o.startswith("med:")}
    form.meds = [name for name in medicines if _med_code(name) in codes]
    return form


def _med_code(name: str) -> str | None:
    try:
        return medication_code(name)
    except ValidationError:
        return None


# --- instruments ---------------------------------------------------------------------------------

@dataclass(slots=True)
class InstrumentForm:
    """What the person answered on an instrument form, by item id, as typed."""

    raw: dict[str, Any]

    @classmethod
    def from_form(cls, instrument: Instrument, form: Any) -> InstrumentForm:
        """Read a submitted instrument form (area lists are ticked boxes named after the item id)."""
        raw: dict[str, Any] = {}
        for item in instrument.items:
            if item.kind == "area_list":
                raw[item.id] = [str(v) for v in form.getlist(item.id)]
            else:
                value = str(form.get(item.id, "")).strip()
                if value:
                    raw[item.id] = value
        return cls(raw)

    def values(self, instrument: Instrument) -> dict[str, Any]:
        """Return values by item id for :func:`~fibrotrack.instruments.forms.assemble_answers`.

        Yes/No become booleans and whole numbers ints; anything else is passed on as typed, so the
        scorer names the item and says what is wrong.
        """
        out: dict[str, Any] = {}
        for item in instrument.items:
            value = self.raw.get(item.id)
            if value is None:
                continue
            if item.kind == "bool":
                out[item.id] = {"yes": True, "no": False}.get(value, value)
            elif item.kind == "int_range":
                out[item.id] = int(value) if re.fullmatch(r"-?\d{1,6}", value) else value
            else:
                out[item.id] = value
        return out

    @staticmethod
    def field_for(instrument: Instrument, error_field: str) -> str:
        """Return the item id a scorer error names (``answers[2]`` → ``answers[2]``, ``pain_areas[3]`` →
        ``pain_areas``), or the form-level marker."""
        ids = {item.id for item in instrument.items}
        if error_field in ids:
            return error_field
        stem = error_field.split("[", 1)[0].split(".", 1)[0]
        if stem in ids:
            return stem
        for item in instrument.items:
            if item.key == stem:
                return item.id
        return FORM_LEVEL
