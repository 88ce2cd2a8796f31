"""Built-in trackables: what a person can log, with unit, valid range, daily aggregation and help.

Codes are stable identifiers stored in observations. Medications are logged as ``med:<name>``
(e.g. ``med:magnesium``); people may define their own trackables (see :func:`custom_trackable`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import UnknownTrackableError, ValidationError
from .body_sites import body_site

Kind = Literal["symptom", "exposure", "medication", "custom"]
Aggregate = Literal["mean", "max", "sum"]

DetailCheck = Callable[[str, Any], Any]


def finite_number(value: Any, *, field: str) -> float:
    """Return ``value`` as a finite float.

    Raises:
        ValidationError: not a number (booleans included), NaN or infinite.
    """
    if isinstance(value, bool):
        raise ValidationError(field, f"{value!r} is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(field, f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise ValidationError(field, f"{value!r} is not a finite number")
    return number


def _count(name: str, value: Any) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"detail.{name}", f"{value!r} is not a whole number") from None
    if not number.is_integer() or number < 0 or number > 100_000:
        raise ValidationError(f"detail.{name}", f"{value!r} must be a whole number from 0 to 100000")
    return int(number)


def _seconds(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"detail.{name}", f"{value!r} is not a number of seconds") from None
    if not math.isfinite(number) or number < 0 or number > 86_400 * 365:
        raise ValidationError(f"detail.{name}", f"{value!r} must be between 0 and one year in seconds")
    return number


def _number(name: str, value: Any, low: float, high: float) -> float:
    number = finite_number(value, field=f"detail.{name}")
    if not low <= number <= high:
        raise ValidationError(f"detail.{name}", f"{value!r} must be between {low:g} and {high:g}")
    return number


def _choice(*options: str) -> DetailCheck:
    def check(name: str, value: Any) -> str:
        if value not in options:
            raise ValidationError(f"detail.{name}", f"{value!r} is not one of {', '.join(options)}")
        return str(value)

    return check


def _text(name: str, value: Any) -> str:
    text = str(value)
    if len(text) > 500:
        raise ValidationError(f"detail.{name}", "is longer than 500 characters")
    return text


@dataclass(frozen=True, slots=True)
class Trackable:
    """A thing a person can log.

    ``low``/``high`` bound ``value`` (inclusive). ``aggregate`` says how several entries on one day
    become that day's value in analysis. ``detail`` maps the allowed detail keys to their checks;
    ``open_detail`` allows any extra keys (stored as text) for imports and user trackables.
    """

    code: str
    label: str
    unit: str
    low: float
    high: float
    kind: Kind
    aggregate: Aggregate
    help: str
    body_sites: bool = False
    detail: Mapping[str, DetailCheck] = field(default_factory=dict)
    open_detail: bool = False

    def to_dict(self) -> dict[str, object]:
        """Return the trackable as a JSON-ready dict (detail keys listed by name)."""
        return {
            "code": self.code,
            "label": self.label,
            "unit": self.unit,
            "low": self.low,
            "high": self.high,
            "kind": self.kind,
            "aggregate": self.aggregate,
            "help": self.help,
            "body_sites": self.body_sites,
            "detail_keys": sorted(self.detail),
        }

    def check_value(self, value: float, *, field: str = "value") -> float:
        """Return ``value`` as a float when it is a finite number in range.

        Raises:
            ValidationError: not a number, not finite, or outside ``low``–``high`` (message names the range).
        """
        number = finite_number(value, field=field)
        if not self.low <= number <= self.high:
            raise ValidationError(
                field,
                f"{number:g} is outside the range {self.low:g}–{self.high:g}{_unit_suffix(self.unit)} for {self.code}",
            )
        return number

    def check_detail(self, detail: Mapping[str, Any] | None) -> dict[str, Any]:
        """Return the detail with each value checked and normalised.

        Raises:
            ValidationError: an unknown key (``detail.<key>``) or a bad value for a known key.
        """
        clean: dict[str, Any] = {}
        for key, value in (detail or {}).items():
            check = self.detail.get(key)
            if check is not None:
                clean[key] = check(key, value)
            elif self.open_detail or key.startswith(("original_", "dose")):
                clean[key] = value if isinstance(value, (int, float, bool)) or value is None else _text(key, value)
            else:
                known = ", ".join(sorted(self.detail)) or "none"
                raise ValidationError(f"detail.{key}", f"unknown detail for {self.code} (known: {known})")
        return clean

    def check_site(self, site: str | None) -> str | None:
        """Return the body-site code when valid for this trackable (or None).

        Raises:
            UnknownBodySiteError: the code is not a catalog site.
            ValidationError: this trackable takes no body site.
        """
        if site is None or site == "":
            return None
        if not self.body_sites:
            raise ValidationError("body_site", f"{self.code} is not logged with a body site")
        return body_site(site).code


def _unit_suffix(unit: str) -> str:
    return "" if unit == "0-10" else f" {unit}"


_SCALE = "0 = none, 10 = worst imaginable"

BUILTIN: tuple[Trackable, ...] = (
    Trackable(
        "twitching", "Muscle twitching", "0-10", 0, 10, "symptom", "max",
        "Involuntary twitches (fasciculations) you can see or feel, e.g. eyelid or calf. " + _SCALE + ".",
        body_sites=True, detail={"count": _count, "duration_s": _seconds},
    ),
    Trackable(
        "weakness", "Muscle weakness", "0-10", 0, 10, "symptom", "max",
        "True weakness is being unable to do a movement at all (can't lift, grip or rise); tiredness is "
        "being unable to keep doing it. " + _SCALE + ".",
        body_sites=True,
        detail={
            "kind": _choice("true_weakness", "tiredness"),
            "onset": _choice("sudden", "gradual"),
            "side": _choice("left", "right", "both"),
        },
    ),
    Trackable("pain", "Pain", "0-10", 0, 10, "symptom", "mean", "Pain intensity. " + _SCALE + ".",
              body_sites=True),
    Trackable("fatigue", "Fatigue", "0-10", 0, 10, "symptom", "mean",
              "Tiredness or lack of energy. " + _SCALE + "."),
    Trackable("sleep_quality", "Sleep quality", "0-10", 0, 10, "exposure", "mean",
              "How well you slept last night: 0 = very poorly, 10 = very well."),
    Trackable("sleep_hours", "Sleep", "h", 0, 24, "exposure", "sum",
              "Hours asleep, counted for the morning the sleep ended."),
    Trackable("stress", "Stress", "0-10", 0, 10, "exposure", "mean", "How stressed you felt. " + _SCALE + "."),
    Trackable("anxiety", "Anxiety", "0-10", 0, 10, "exposure", "mean", "How anxious you felt. " + _SCALE + "."),
    Trackable("caffeine_mg", "Caffeine", "mg", 0, 2000, "exposure", "sum",
              "Caffeine in milligrams; log servings with --serving (coffee, espresso, tea, cola, energy_drink).",
              detail={"servings": lambda k, v: _number(k, v, 0, 50), "serving": _choice("coffee", "espresso", "tea", "cola",
                                                                            "energy_drink")}),
    Trackable("exertion", "Physical exertion", "0-10", 0, 10, "exposure", "max",
              "How hard your body worked today: 0 = rest, 10 = maximal effort."),
    Trackable("exertion_min", "Exercise", "min", 0, 1440, "exposure", "sum", "Minutes of exercise or hard work."),
    Trackable("alcohol_units", "Alcohol", "units", 0, 50, "exposure", "sum",
              "Units of alcohol (one unit = 10 ml / 8 g of pure alcohol)."),
)

# Short names people type; each maps to one canonical code.
ALIASES: Mapping[str, str] = {"caffeine": "caffeine_mg", "alcohol": "alcohol_units", "sleep": "sleep_hours"}

_BUILTIN_BY_CODE = {t.code: t for t in BUILTIN}
_MED_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")
_CUSTOM_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def medication_trackable(code: str) -> Trackable:
    """Return the trackable for a medication code ``med:<name>`` (value = amount taken, in doses).

    Raises:
        ValidationError: the name after ``med:`` is empty or has characters other than a-z, 0-9, _ and -.
    """
    name = code.removeprefix("med:")
    if not _MED_NAME.match(name):
        raise ValidationError("trackable", f"medication name {name!r} must be lower-case letters, digits, _ or -")
    return Trackable(
        f"med:{name}", f"Medication: {name.replace('_', ' ')}", "dose", 0, 100_000, "medication", "sum",
        "A medicine or supplement taken; value = number of doses (put the strength in detail dose=…).",
    )


def medication_code(name: str) -> str:
    """Return the ``med:<name>`` code for a medicine's display name ("Vitamin D3 1000 IU" → ``med:vitamin_d3_1000_iu``).

    Raises:
        ValidationError: the name has no letters or digits.
    """
    slug = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")[:64]
    if not slug:
        raise ValidationError("name", f"{name!r} has no letters or digits")
    return f"med:{slug}"


def custom_trackable(code: str, label: str, unit: str, low: float, high: float) -> Trackable:
    """Return a user-defined trackable after checking its fields.

    Raises:
        ValidationError: a code that is not lower-case snake case or clashes with a built-in or alias,
            an empty label, or ``low`` not below ``high``.
    """
    if not _CUSTOM_CODE.match(code):
        raise ValidationError("code", f"{code!r} must start with a letter and use a-z, 0-9 and _ (2–40 chars)")
    if code in _BUILTIN_BY_CODE or code in ALIASES:
        raise ValidationError("code", f"{code!r} is a built-in trackable")
    if not label.strip():
        raise ValidationError("label", "must not be empty")
    try:
        low_f, high_f = float(low), float(high)
    except (TypeError, ValueError):
        raise ValidationError("range", "low and high must be numbers") from None
    if not (math.isfinite(low_f) and math.isfinite(high_f)) or low_f >= high_f:
        raise ValidationError("range", f"low ({low}) must be below high ({high})")
    return Trackable(code, label.strip(), unit.strip() or "value", low_f, high_f, "custom", "mean",
                     f"Your own trackable: {label.strip()}.", open_detail=True)


def canonical_code(code: str) -> str:
    """Return the canonical code for ``code`` (resolving aliases such as ``caffeine`` → ``caffeine_mg``)."""
    code = code.strip().lower()
    return ALIASES.get(code, code)


def builtin_trackable(code: str) -> Trackable | None:
    """Return the built-in (or medication) trackable for ``code``, or None when it is not built in.

    Raises:
        ValidationError: a malformed ``med:`` code.
    """
    code = canonical_code(code)
    if code.startswith("med:"):
        return medication_trackable(code)
    return _BUILTIN_BY_CODE.get(code)


def resolve_trackable(code: str, custom: Mapping[str, Trackable] | None = None) -> Trackable:
    """Return the trackable for ``code``: built-in, medication or one of the person's ``custom`` ones.

    Raises:
        UnknownTrackableError: no trackable has that code.
    """
    found = builtin_trackable(code)
    if found is not None:
        return found
    canonical = canonical_code(code)
    if custom and canonical in custom:
        return custom[canonical]
    raise UnknownTrackableError(code)
