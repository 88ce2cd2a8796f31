"""Which Flaredown names mean a fibrotrack trackable: the synonym table and the body-site phrases.

Flaredown lets people name their own conditions and symptoms, so only a small, conservative table
maps to built-in trackables; every other name becomes the person's own trackable. A name maps to a
body site only when the side is known ("Left eye twitch" → ``eyelid_left``); otherwise the site word
is kept in ``detail.original_site`` and ``body_site`` stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..catalog import is_body_site

__all__ = ["CONDITION_NAMES", "SYMPTOM_SYNONYMS", "NameMatch", "match_symptom"]

#: Lower-case Flaredown symptom names → built-in trackable (rated 0–4 in Flaredown, 0–10 here).
SYMPTOM_SYNONYMS: dict[str, str] = {
    # twitching (fasciculation)
    "twitching": "twitching", "twitches": "twitching", "twitch": "twitching", "muscle twitching": "twitching",
    "muscle twitches": "twitching", "muscle twitch": "twitching", "fasciculation": "twitching",
    "fasciculations": "twitching", "muscle fasciculations": "twitching",
    # weakness
    "weakness": "weakness", "muscle weakness": "weakness", "weak muscles": "weakness",
    # fatigue
    "fatigue": "fatigue", "tiredness": "fatigue", "exhaustion": "fatigue",
    # pain (whole body, no site)
    "pain": "pain", "muscle pain": "pain", "body pain": "pain", "widespread pain": "pain", "body aches": "pain",
    "aches": "pain", "myalgia": "pain", "joint pain": "pain",
    # mood exposures
    "anxiety": "anxiety", "stress": "stress",
}

#: Names that are diagnoses (Flaredown "conditions"): their 0–4 rating is disease activity, not pain,
#: so they always become the person's own trackable, labelled as a condition.
CONDITION_NAMES = frozenset({
    "fibromyalgia", "chronic fatigue syndrome", "me/cfs", "cfs", "myalgic encephalomyelitis", "depression",
    "anxiety disorder", "irritable bowel syndrome", "ibs", "migraine", "hypothyroidism", "lupus",
    "rheumatoid arthritis", "benign fasciculation syndrome", "ehlers-danlos syndrome", "pots",
})

# Site words → catalog site prefix; lateral sites need "left"/"right" to become a body site.
_TWITCH_SITES = {"eye": "eyelid", "eyelid": "eyelid", "eyelids": "eyelid", "calf": "calf", "calves": "calf",
                 "thigh": "thigh", "hand": "hand", "thumb": "thumb", "foot": "foot", "feet": "foot",
                 "face": "face", "tongue": "tongue"}
_PAIN_SITES = {"neck": "neck", "upper back": "upper_back", "lower back": "lower_back", "low back": "lower_back",
               "chest": "chest", "abdominal": "abdomen", "abdomen": "abdomen", "shoulder": "shoulder_girdle",
               "hip": "hip", "jaw": "jaw", "upper arm": "upper_arm", "lower arm": "lower_arm",
               "forearm": "lower_arm", "upper leg": "upper_leg", "lower leg": "lower_leg"}
_SIDE = r"(?:(?P<side>left|right)\s+)?"
_TWITCH = re.compile(
    rf"^{_SIDE}(?P<site>{'|'.join(sorted(_TWITCH_SITES, key=len, reverse=True))})\s+(?:muscle\s+)?"
    r"(?:twitch|twitches|twitching|fasciculations?|spasms?)$"
)
_PAIN = re.compile(rf"^{_SIDE}(?P<site>{'|'.join(sorted(_PAIN_SITES, key=len, reverse=True))})\s+pain$")


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A Flaredown name matched to a built-in trackable, with the body site when known."""

    trackable: str
    body_site: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def _site(prefix: str, side: str | None) -> str | None:
    """Return the catalog site for a prefix and side, or None when the side is needed but unknown."""
    if is_body_site(prefix):
        return prefix
    if side and is_body_site(f"{prefix}_{side}"):
        return f"{prefix}_{side}"
    return None


def match_symptom(name: str) -> NameMatch | None:
    """Return the built-in trackable a Flaredown symptom name means, or None for the person's own trackable.

    Matching is case-insensitive on the whole name (after collapsing spaces): the synonym table, then
    "<side> <site> twitch…" and "<side> <site> pain" phrases.
    """
    key = " ".join(name.lower().replace("_", " ").split())
    if key in CONDITION_NAMES:
        return None
    if key in SYMPTOM_SYNONYMS:
        return NameMatch(SYMPTOM_SYNONYMS[key])
    for pattern, sites, trackable in ((_TWITCH, _TWITCH_SITES, "twitching"), (_PAIN, _PAIN_SITES, "pain")):
        found = pattern.match(key)
        if found:
            prefix = sites[found["site"]]
            site = _site(prefix, found["side"])
            if site is not None:
                return NameMatch(trackable, site)
            return NameMatch(trackable, None, {"original_site": prefix})
    return None
