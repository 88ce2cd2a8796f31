"""Body sites: the 19 areas of the ACR widespread pain index (WPI) plus finer twitch sites.

The 19 WPI areas and their 2016 "generalized pain" regions follow clinical REFERENCE.md §1.1
(Wolfe 2016, J Rheum Dis Table 4): jaws, chest and abdomen count toward the WPI but never toward a
region. Twitch sites are finer places people feel fasciculations (eyelid, calf, thumb, …); each names
the WPI area it lies in, if any, so pain logged at a twitch site can pre-fill the WPI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import UnknownBodySiteError

Region = Literal["left_upper", "right_upper", "left_lower", "right_lower", "axial"]


@dataclass(frozen=True, slots=True)
class BodySite:
    """One place on the body.

    ``wpi_area`` is the WPI area code this site counts as (itself for a WPI area, ``None`` for a site
    outside the 19 areas, e.g. hands and feet); ``region`` is its 2016 generalized-pain region or
    ``None`` where the 2016 rule excludes it (jaw, chest, abdomen) or it is not a WPI area.
    """

    code: str
    label: str
    kind: Literal["wpi", "twitch"]
    side: Literal["left", "right", "midline"]
    wpi_area: str | None
    region: Region | None

    def to_dict(self) -> dict[str, object]:
        """Return the site as a JSON-ready dict."""
        return {
            "code": self.code,
            "label": self.label,
            "kind": self.kind,
            "side": self.side,
            "wpi_area": self.wpi_area,
            "region": self.region,
        }


def _wpi(code: str, label: str, side: str, region: Region | None) -> BodySite:
    return BodySite(code, label, "wpi", side, code, region)  # type: ignore[arg-type]


# The order is the WPI form's order (REFERENCE.md §1.1 table, rows 1–19).
WPI_AREAS: tuple[BodySite, ...] = (
    _wpi("jaw_left", "Jaw, left", "left", None),
    _wpi("shoulder_girdle_left", "Shoulder girdle, left", "left", "left_upper"),
    _wpi("upper_arm_left", "Upper arm, left", "left", "left_upper"),
    _wpi("lower_arm_left", "Lower arm, left", "left", "left_upper"),
    _wpi("jaw_right", "Jaw, right", "right", None),
    _wpi("shoulder_girdle_right", "Shoulder girdle, right", "right", "right_upper"),
    _wpi("upper_arm_right", "Upper arm, right", "right", "right_upper"),
    _wpi("lower_arm_right", "Lower arm, right", "right", "right_upper"),
    _wpi("hip_left", "Hip (buttock, trochanter), left", "left", "left_lower"),
    _wpi("upper_leg_left", "Upper leg, left", "left", "left_lower"),
    _wpi("lower_leg_left", "Lower leg, left", "left", "left_lower"),
    _wpi("hip_right", "Hip (buttock, trochanter), right", "right", "right_lower"),
    _wpi("upper_leg_right", "Upper leg, right", "right", "right_lower"),
    _wpi("lower_leg_right", "Lower leg, right", "right", "right_lower"),
    _wpi("neck", "Neck", "midline", "axial"),
    _wpi("upper_back", "Upper back", "midline", "axial"),
    _wpi("lower_back", "Lower back", "midline", "axial"),
    _wpi("chest", "Chest", "midline", None),
    _wpi("abdomen", "Abdomen", "midline", None),
)


def _twitch(code: str, label: str, side: str, wpi_area: str | None) -> BodySite:
    region = next((a.region for a in WPI_AREAS if a.code == wpi_area), None)
    return BodySite(code, label, "twitch", side, wpi_area, region)  # type: ignore[arg-type]


TWITCH_SITES: tuple[BodySite, ...] = (
    _twitch("eyelid_left", "Eyelid, left", "left", None),
    _twitch("eyelid_right", "Eyelid, right", "right", None),
    _twitch("face_left", "Face, left", "left", None),
    _twitch("face_right", "Face, right", "right", None),
    _twitch("tongue", "Tongue", "midline", None),
    _twitch("hand_left", "Hand, left", "left", None),
    _twitch("hand_right", "Hand, right", "right", None),
    _twitch("thumb_left", "Thumb, left", "left", None),
    _twitch("thumb_right", "Thumb, right", "right", None),
    _twitch("thigh_left", "Thigh, left", "left", "upper_leg_left"),
    _twitch("thigh_right", "Thigh, right", "right", "upper_leg_right"),
    _twitch("calf_left", "Calf, left", "left", "lower_leg_left"),
    _twitch("calf_right", "Calf, right", "right", "lower_leg_right"),
    _twitch("foot_left", "Foot, left", "left", None),
    _twitch("foot_right", "Foot, right", "right", None),
)

BODY_SITES: tuple[BodySite, ...] = WPI_AREAS + TWITCH_SITES
WPI_AREA_CODES: tuple[str, ...] = tuple(a.code for a in WPI_AREAS)
_BY_CODE = {s.code: s for s in BODY_SITES}


def body_site(code: str, *, field: str = "body_site") -> BodySite:
    """Return the body site with this code.

    Raises:
        UnknownBodySiteError: the code is not in the catalog (``field`` names the input).
    """
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownBodySiteError(code, field=field) from None


def is_body_site(code: str) -> bool:
    """Return True when ``code`` is a catalog body site."""
    return code in _BY_CODE
