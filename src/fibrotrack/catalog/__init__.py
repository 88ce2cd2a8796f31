"""The catalog: built-in trackables, body sites and caffeine servings (pure data and lookups)."""

from .body_sites import BODY_SITES, TWITCH_SITES, WPI_AREA_CODES, WPI_AREAS, BodySite, body_site, is_body_site
from .caffeine import SERVINGS, Serving, serving, servings_to_mg
from .trackables import (
    ALIASES,
    BUILTIN,
    Trackable,
    builtin_trackable,
    canonical_code,
    custom_trackable,
    finite_number,
    medication_code,
    medication_trackable,
    resolve_trackable,
)

__all__ = [
    "ALIASES",
    "BODY_SITES",
    "BUILTIN",
    "SERVINGS",
    "TWITCH_SITES",
    "WPI_AREAS",
    "WPI_AREA_CODES",
    "BodySite",
    "Serving",
    "Trackable",
    "body_site",
    "builtin_trackable",
    "canonical_code",
    "custom_trackable",
    "finite_number",
    "is_body_site",
    "medication_code",
    "medication_trackable",
    "resolve_trackable",
    "serving",
    "servings_to_mg",
]
