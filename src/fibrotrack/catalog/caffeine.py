"""Caffeine servings → milligrams, each figure with its source.

Figures are typical values for one ordinary serving; real drinks vary widely (brew strength, brand),
so a person can always log milligrams directly instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ValidationError

_MAYO = (
    "Mayo Clinic, 'Caffeine content for coffee, tea, soda and more' "
    "(https://www.mayoclinic.org/healthy-lifestyle/nutrition-and-healthy-eating/in-depth/caffeine/art-20049372)"
)


@dataclass(frozen=True, slots=True)
class Serving:
    """A serving of a caffeinated drink: ``mg`` of caffeine in ``volume_ml`` millilitres, with ``source``."""

    code: str
    label: str
    volume_ml: int
    mg: float
    source: str

    def to_dict(self) -> dict[str, object]:
        """Return the serving as a JSON-ready dict."""
        return {"code": self.code, "label": self.label, "volume_ml": self.volume_ml, "mg": self.mg,
                "source": self.source}


# Mayo Clinic gives ranges; we take the commonly quoted typical value within each range.
SERVINGS: tuple[Serving, ...] = (
    Serving("coffee", "Cup of brewed coffee (8 oz / 240 ml)", 240, 96.0, _MAYO + ": brewed coffee 8 oz, 96 mg"),
    Serving("espresso", "Single espresso (1 oz / 30 ml)", 30, 64.0, _MAYO + ": espresso 1 oz, 64 mg"),
    Serving("tea", "Cup of black tea (8 oz / 240 ml)", 240, 47.0, _MAYO + ": brewed black tea 8 oz, 47 mg"),
    Serving("cola", "Can of cola (12 oz / 355 ml)", 355, 34.0, _MAYO + ": cola 12 oz, 30–40 mg (34 mg taken)"),
    Serving("energy_drink", "Energy drink (8 oz / 240 ml)", 240, 80.0,
            _MAYO + ": energy drink 8 oz, 70–100 mg (80 mg taken, as in a 250 ml can of the leading brand)"),
)
_BY_CODE = {s.code: s for s in SERVINGS}


def serving(code: str) -> Serving:
    """Return the serving called ``code``.

    Raises:
        ValidationError: unknown serving (field ``serving``), listing the known ones.
    """
    try:
        return _BY_CODE[code]
    except KeyError:
        known = ", ".join(_BY_CODE)
        raise ValidationError("serving", f"unknown serving {code!r}; known: {known}") from None


def servings_to_mg(code: str, count: float) -> float:
    """Return the caffeine in ``count`` servings of ``code``, in mg.

    Raises:
        ValidationError: unknown serving, or a negative or absurd count (field ``serving``/``value``).
    """
    if not 0 <= count <= 50:
        raise ValidationError("value", f"{count:g} servings is outside 0–50")
    return serving(code).mg * count
