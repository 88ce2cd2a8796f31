"""The triage case: what a person reports, validated into a frozen :class:`Case`.

The accepted JSON (every field optional; unknown fields are rejected, naming them)::

    {"symptoms":  {"twitching": 0-10, "weakness": 0-10},
     "weakness":  {"kind": "true_weakness"|"tiredness", "onset": "sudden"|"gradual",
                   "side": "left"|"right"|"both", "sites": [body-site codes],
                   "progression": "hours_days"|"weeks"|"months"|"stable"},
     "twitching": {"sites": [body-site codes], "duration_days": number >= 0},
     "signs":     {<sign name>: true|false, ...},
     "medications": ["atorvastatin 20mg", ...]}

``null`` anywhere means "not known" and is the same as leaving the field out. Missing information is
kept as ``None`` (never guessed as "no"): the rules treat an unknown answer cautiously and the question
flow (:mod:`.questions`) asks for it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from ..catalog.body_sites import body_site
from ..errors import OutOfRangeError, ValidationError

__all__ = [
    "KINDS",
    "ONSETS",
    "PROGRESSIONS",
    "SIDES",
    "SIGN_NAMES",
    "Case",
    "Signs",
    "Symptoms",
    "TwitchingDetail",
    "WeaknessDetail",
    "parse_case",
]

WeaknessKind = Literal["true_weakness", "tiredness"]
Onset = Literal["sudden", "gradual"]
Side = Literal["left", "right", "both"]
Progression = Literal["hours_days", "weeks", "months", "stable"]

KINDS: tuple[str, ...] = ("true_weakness", "tiredness")
ONSETS: tuple[str, ...] = ("sudden", "gradual")
SIDES: tuple[str, ...] = ("left", "right", "both")
PROGRESSIONS: tuple[str, ...] = ("hours_days", "weeks", "months", "stable")

MAX_MEDICATIONS = 100
MAX_MEDICATION_CHARS = 200


@dataclass(frozen=True, slots=True)
class Symptoms:
    """Intensity scores, 0–10 (``None`` = not reported)."""

    twitching: float | None = None
    weakness: float | None = None


@dataclass(frozen=True, slots=True)
class WeaknessDetail:
    """What the weakness is like. ``kind`` separates true weakness ("can't do it at all") from tiredness
    ("can't keep doing it"), REFERENCE.md §4.2."""

    kind: WeaknessKind | None = None
    onset: Onset | None = None
    side: Side | None = None
    sites: tuple[str, ...] = ()
    progression: Progression | None = None


@dataclass(frozen=True, slots=True)
class TwitchingDetail:
    """Where the twitching is and for how many days it has been going on."""

    sites: tuple[str, ...] = ()
    duration_days: float | None = None


@dataclass(frozen=True, slots=True)
class Signs:
    """Yes/no warning signs; ``None`` means not asked or not known."""

    face_droop: bool | None = None
    arm_drift: bool | None = None
    speech_difficulty: bool | None = None
    sudden_vision_change: bool | None = None
    balance_loss: bool | None = None
    swallowing_difficulty: bool | None = None
    breathless_at_rest: bool | None = None
    breathless_lying_flat: bool | None = None
    muscle_wasting: bool | None = None
    rigidity: bool | None = None
    numbness: bool | None = None
    numbness_one_side: bool | None = None
    painful_vision_loss_one_eye: bool | None = None
    bladder_bowel_change: bool | None = None
    saddle_numbness: bool | None = None
    back_pain_into_leg: bool | None = None
    worst_headache: bool | None = None
    confusion: bool | None = None
    dark_urine: bool | None = None
    recent_injury: bool | None = None
    tongue_twitching: bool | None = None
    double_vision: bool | None = None
    excess_salivation: bool | None = None

    def present(self) -> tuple[str, ...]:
        """Return the names of the signs answered "yes", in declaration order."""
        return tuple(name for name in SIGN_NAMES if getattr(self, name) is True)


SIGN_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Signs))


@dataclass(frozen=True, slots=True)
class Case:
    """One validated triage case (see the module docstring for the JSON form).

    The properties interpret the report the same way for every rule: an unknown answer is never read
    as "no" where that would lower the urgency.
    """

    symptoms: Symptoms = field(default_factory=Symptoms)
    weakness: WeaknessDetail = field(default_factory=WeaknessDetail)
    twitching: TwitchingDetail = field(default_factory=TwitchingDetail)
    signs: Signs = field(default_factory=Signs)
    medications: tuple[str, ...] = ()

    # --- interpretation shared by the rules -------------------------------------------------------
    def sign(self, name: str) -> bool:
        """Return True only when the sign was answered "yes"."""
        return getattr(self.signs, name) is True

    @property
    def twitching_reported(self) -> bool:
        """Twitching of any kind: a score above 0, a site, a duration, or tongue twitching."""
        t = self.twitching
        return (
            (self.symptoms.twitching or 0) > 0
            or bool(t.sites)
            or (t.duration_days or 0) > 0
            or self.sign("tongue_twitching")
        )

    @property
    def weakness_reported(self) -> bool:
        """Weakness of any kind, including weakness the person calls tiredness."""
        w = self.weakness
        details = (w.kind, w.onset, w.side, w.progression)
        return (self.symptoms.weakness or 0) > 0 or bool(w.sites) or any(d is not None for d in details)

    @property
    def true_weakness_possible(self) -> bool:
        """Weakness that the person has not called tiredness (unknown kind counts as possible weakness)."""
        return self.weakness_reported and self.weakness.kind != "tiredness"

    @property
    def one_sided_weakness(self) -> bool:
        """Weakness on one side: ``side`` left/right, or (side unknown) every lateral site on one side.

        Applies whatever the ``kind``: tiredness of one limb or one side is not treated as ordinary tiredness.
        """
        if not self.weakness_reported:
            return False
        if self.weakness.side is not None:
            return self.weakness.side in ("left", "right")
        sides = {body_site(code).side for code in self.weakness.sites} - {"midline"}
        return len(sides) == 1

    @property
    def possibly_symmetrical_weakness(self) -> bool:
        """True weakness that is on both sides or whose side is not known."""
        return self.true_weakness_possible and not self.one_sided_weakness

    @property
    def eyelid_only_twitching(self) -> bool:
        """Twitching whose reported sites are all eyelids."""
        sites = self.twitching.sites
        return bool(sites) and all(code.startswith("eyelid_") for code in sites)

    @property
    def tongue_twitching(self) -> bool:
        """Tongue twitching, as a sign or as a twitching site."""
        return self.sign("tongue_twitching") or "tongue" in self.twitching.sites

    # --- output ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return the case in its JSON form, leaving out unknown fields (round-trips through parse_case)."""
        out: dict[str, Any] = {}
        symptoms = {k: v for k, v in (("twitching", self.symptoms.twitching), ("weakness", self.symptoms.weakness))
                    if v is not None}
        if symptoms:
            out["symptoms"] = symptoms
        w = self.weakness
        weakness: dict[str, Any] = {k: v for k, v in (("kind", w.kind), ("onset", w.onset), ("side", w.side))
                                    if v is not None}
        if w.sites:
            weakness["sites"] = list(w.sites)
        if w.progression is not None:
            weakness["progression"] = w.progression
        if weakness:
            out["weakness"] = weakness
        twitching: dict[str, Any] = {}
        if self.twitching.sites:
            twitching["sites"] = list(self.twitching.sites)
        if self.twitching.duration_days is not None:
            twitching["duration_days"] = self.twitching.duration_days
        if twitching:
            out["twitching"] = twitching
        signs = {name: getattr(self.signs, name) for name in SIGN_NAMES if getattr(self.signs, name) is not None}
        if signs:
            out["signs"] = signs
        if self.medications:
            out["medications"] = list(self.medications)
        return out

    def summary(self) -> str:
        """A short one-line description of what was reported, e.g. for a triage event's input summary."""
        parts: list[str] = []
        w = self.weakness
        if self.weakness_reported:
            score = "" if self.symptoms.weakness is None else f" {self.symptoms.weakness:g}/10"
            details = [_SUMMARY_WORDS[d] for d in (w.kind, w.onset, w.side, w.progression) if d is not None]
            details += list(w.sites)
            parts.append(f"weakness{score}" + (f" ({', '.join(details)})" if details else ""))
        if self.twitching_reported:
            score = "" if self.symptoms.twitching is None else f" {self.symptoms.twitching:g}/10"
            details = list(self.twitching.sites)
            if self.twitching.duration_days is not None:
                details.append(f"{self.twitching.duration_days:g} days")
            parts.append(f"twitching{score}" + (f" ({', '.join(details)})" if details else ""))
        yes = self.signs.present()
        if yes:
            parts.append("signs: " + ", ".join(yes))
        if self.medications:
            parts.append("medications: " + ", ".join(self.medications))
        return "; ".join(parts) if parts else "nothing reported"


_SUMMARY_WORDS = {
    "true_weakness": "true weakness", "tiredness": "tiredness", "sudden": "sudden onset",
    "gradual": "gradual onset", "left": "left side", "right": "right side", "both": "both sides",
    "hours_days": "worse over hours-days", "weeks": "worse over weeks", "months": "worse over months",
    "stable": "not getting worse",
}


# --- parsing ------------------------------------------------------------------------------------------
_TOP = ("symptoms", "weakness", "twitching", "signs", "medications")
_SYMPTOMS = ("twitching", "weakness")
_WEAKNESS = ("kind", "onset", "side", "sites", "progression")
_TWITCHING = ("sites", "duration_days")


def _object(value: Any, path: str, known: tuple[str, ...]) -> dict[str, Any]:
    """Check ``value`` is a JSON object with only ``known`` keys; return it without null values."""
    if not isinstance(value, Mapping):
        raise ValidationError(path, f"must be a JSON object, not {type(value).__name__}")
    prefix = "" if path == "case" else f"{path}."
    for key in value:
        if key not in known:
            hint = difflib.get_close_matches(str(key), known, n=1)
            problem = f"unknown field (did you mean {hint[0]!r}?)" if hint else "unknown field"
            raise ValidationError(f"{prefix}{key}", f"{problem}; known fields: {', '.join(known)}")
    return {k: v for k, v in value.items() if v is not None}


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(path, f"must be a number, not {value!r}")
    if not math.isfinite(value):
        raise ValidationError(path, f"must be a finite number, not {value!r}")
    return value


def _score(value: Any, path: str) -> float:
    number = _number(value, path)
    if not 0 <= number <= 10:
        raise OutOfRangeError(path, number, 0, 10)
    return number


def _choice(value: Any, path: str, options: tuple[str, ...]) -> Any:
    if not isinstance(value, str) or value not in options:
        raise ValidationError(path, f"{value!r} is not one of {', '.join(options)}")
    return value


def _sites(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValidationError(path, "must be a list of body-site codes")
    codes: list[str] = []
    for i, code in enumerate(value):
        if not isinstance(code, str):
            raise ValidationError(f"{path}[{i}]", f"must be a body-site code, not {code!r}")
        body_site(code, field=f"{path}[{i}]")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _medications(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValidationError(path, "must be a list of medicine names")
    if len(value) > MAX_MEDICATIONS:
        raise ValidationError(path, f"lists more than {MAX_MEDICATIONS} medicines")
    names: list[str] = []
    for i, name in enumerate(value):
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(f"{path}[{i}]", f"must be a non-empty medicine name, not {name!r}")
        if len(name) > MAX_MEDICATION_CHARS:
            raise ValidationError(f"{path}[{i}]", f"is longer than {MAX_MEDICATION_CHARS} characters")
        names.append(" ".join(name.split()))
    return tuple(names)


def parse_case(data: Mapping[str, Any]) -> Case:
    """Validate a case in its JSON form and return a frozen :class:`Case`.

    Raises:
        ValidationError: an unknown field (top-level or nested, named by its dotted path such as
            ``signs.face_drop``), a wrong type (booleans must be JSON booleans, numbers JSON numbers),
            a score outside 0–10 (:class:`~fibrotrack.errors.OutOfRangeError`), a negative or
            non-finite ``twitching.duration_days``, or a body site not in the catalog
            (:class:`~fibrotrack.errors.UnknownBodySiteError`).
    """
    top = _object(data, "case", _TOP)

    s = _object(top.get("symptoms", {}), "symptoms", _SYMPTOMS)
    symptoms = Symptoms(**{k: _score(v, f"symptoms.{k}") for k, v in s.items()})

    w = _object(top.get("weakness", {}), "weakness", _WEAKNESS)
    weakness = WeaknessDetail(
        kind=_choice(w["kind"], "weakness.kind", KINDS) if "kind" in w else None,
        onset=_choice(w["onset"], "weakness.onset", ONSETS) if "onset" in w else None,
        side=_choice(w["side"], "weakness.side", SIDES) if "side" in w else None,
        sites=_sites(w["sites"], "weakness.sites") if "sites" in w else (),
        progression=_choice(w["progression"], "weakness.progression", PROGRESSIONS) if "progression" in w else None,
    )

    t = _object(top.get("twitching", {}), "twitching", _TWITCHING)
    duration = None
    if "duration_days" in t:
        duration = _number(t["duration_days"], "twitching.duration_days")
        if duration < 0:
            raise ValidationError("twitching.duration_days", f"must be 0 or more, not {duration:g}")
    twitching = TwitchingDetail(sites=_sites(t["sites"], "twitching.sites") if "sites" in t else (),
                                duration_days=duration)

    g = _object(top.get("signs", {}), "signs", SIGN_NAMES)
    for name, value in g.items():
        if not isinstance(value, bool):
            raise ValidationError(f"signs.{name}", f"must be true or false, not {value!r}")
    signs = Signs(**g)

    medications = _medications(top["medications"], "medications") if "medications" in top else ()
    return Case(symptoms, weakness, twitching, signs, medications)
