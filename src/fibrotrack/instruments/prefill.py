"""Pre-fill the WPI question from the pain a person has already logged.

Each logged pain observation may carry a body site; twitch sites name the WPI area they lie in (e.g.
``calf_left`` → ``lower_leg_left``), and hands, feet, eyelids and face lie in none (the WPI has no hand,
foot or face area, clinical REFERENCE.md §1.1). Pre-fill is a suggestion the person confirms, so it never
fails: unknown or non-area codes are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..catalog.body_sites import WPI_AREA_CODES, body_site, is_body_site


def prefill_wpi(sites: Iterable[Any]) -> list[str]:
    """Return the distinct WPI area codes that ``sites`` (body-site codes of past-week pain) fall in.

    The result is in WPI form order. Codes that are unknown, not strings, or outside every WPI area are
    ignored.
    """
    areas: set[str] = set()
    for code in sites:
        if isinstance(code, str) and is_body_site(code):
            area = body_site(code).wpi_area
            if area is not None:
                areas.add(area)
    return [code for code in WPI_AREA_CODES if code in areas]
