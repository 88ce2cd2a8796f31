"""Reading the dose strings people type in other apps ("8.0 mg", "3 x 5mg", "1/2 tablet", "1000 IU")."""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["parse_dose"]

_NUMBER = r"\d+(?:[.,]\d+)?"
_DOSE = re.compile(
    rf"^\s*(?:(?P<count>{_NUMBER})\s*[x×*]\s*)?"  # "3 x" (how many)
    rf"(?P<amount>{_NUMBER}|\d+\s*/\s*\d+)"  # "5", "0,5" or "1/2"
    r"\s*(?P<unit>[^\W\d_][\w/.%µμ]*|%)?\s*$",  # "mg", "IU", "tablets", "mg/ml"
    re.IGNORECASE,
)
# Count words are stored singular so "1 tablet" and "2 tablets" share a unit.
_SINGULAR = {"tablets": "tablet", "tabs": "tablet", "tab": "tablet", "capsules": "capsule", "caps": "capsule",
             "pills": "pill", "drops": "drop", "puffs": "puff", "sprays": "spray", "patches": "patch",
             "units": "unit", "doses": "dose", "sachets": "sachet", "teaspoons": "teaspoon", "tsp": "teaspoon",
             "μg": "µg", "mcg": "µg", "ug": "µg"}
_LOWER = {"mg", "g", "µg", "ml", "l", "iu", "tablet", "capsule", "pill", "drop", "puff", "spray", "patch", "unit",
          "dose", "sachet", "teaspoon"}


def _number(text: str) -> float:
    if "/" in text:
        top, bottom = (float(p) for p in text.split("/"))
        return top / bottom if bottom else math.nan
    return float(text.replace(",", "."))


def parse_dose(text: str | None) -> dict[str, Any]:
    """Return the parsed amount of a dose string, or ``{}`` when it cannot be read.

    ``"8.0 mg"`` → ``{"dose_amount": 8.0, "dose_unit": "mg"}``; ``"3 x 5mg"`` → ``{"dose_amount": 15.0,
    "dose_unit": "mg", "dose_count": 3}`` (the total taken, and how many); ``"1/2 tablet"`` → 0.5 tablet.
    Units are kept as written except that common ones are lower-cased and made singular
    (``"Tablets"`` → ``tablet``, ``mcg`` → ``µg``); ``IU`` stays ``IU``. A bare number has no unit.
    """
    if not text:
        return {}
    match = _DOSE.match(text)
    if not match:
        return {}
    amount = _number(match["amount"].replace(" ", ""))
    count = _number(match["count"]) if match["count"] else None
    if not math.isfinite(amount) or amount < 0 or (count is not None and (count <= 0 or not count.is_integer())):
        return {}
    parsed: dict[str, Any] = {"dose_amount": amount * (count or 1)}
    unit = match["unit"]
    if unit:
        lowered = unit.lower()
        lowered = _SINGULAR.get(lowered, lowered)
        parsed["dose_unit"] = "IU" if lowered == "iu" else lowered if lowered in _LOWER else unit
    if count is not None:
        parsed["dose_count"] = int(count)
    return parsed
