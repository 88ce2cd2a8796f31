"""The body map: an SVG front and back figure whose regions are the catalog's body sites.

Each figure is drawn on a 200 × 450 grid centred on x = 100. Regions are written once for the
side that appears on the viewer's left and mirrored (x → 200 − x) for the other side: on the front
view the viewer's left is the person's *right*; on the back view it is the person's *left*.

Every catalog site (19 WPI areas + 15 twitch sites) appears exactly once, so each can be one labelled
control. Sites that are inside a WPI area but seen from behind (hips/buttocks, back of the thigh,
calf) are on the back view; everything else is on the front view. :func:`body_map` returns the regions
for a set of allowed sites (all sites for the diary, the 19 WPI areas for the ACR criteria); the other
shapes are drawn as inert outline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..catalog import BODY_SITES, WPI_AREA_CODES, body_site

VIEW_WIDTH = 200
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _mirror_path(d: str) -> str:
    """Mirror an absolute-coordinate path (commands M, L, Q, C, H, V, Z) across x = 100."""
    out: list[str] = []
    for command, args in re.findall(r"([MLQCHVZ])([^MLQCHVZ]*)", d):
        numbers = [float(n) for n in _NUMBER.findall(args)]
        if command == "H":
            numbers = [VIEW_WIDTH - n for n in numbers]
        elif command != "V":
            numbers = [VIEW_WIDTH - n if i % 2 == 0 else n for i, n in enumerate(numbers)]
        out.append(command + " ".join(f"{n:g}" for n in numbers))
    return " ".join(out)

Shape = tuple  # ("path", "M… Z") or ("ellipse", cx, cy, rx, ry)

# Shapes for the side drawn on the viewer's left (x < 100), or centred shapes (mirror=False).
_FRONT: tuple[tuple[str, Shape, bool], ...] = (
    ("face", ("path", "M100 4 C84 4 70 14 70 32 L70 50 L100 50 Z"), True),
    ("jaw", ("path", "M70 50 C71 64 84 78 100 78 L100 50 Z"), True),
    ("eyelid", ("ellipse", 87, 32, 9, 6), True),
    ("tongue", ("ellipse", 100, 62, 10, 6), False),
    ("neck", ("path", "M89 78 L111 78 L111 92 L89 92 Z"), False),
    ("shoulder_girdle", ("path", "M90 92 L70 95 Q55 99 51 116 L76 116 L76 106 L90 102 Z"), True),
    ("chest", ("path", "M90 102 L110 102 L124 106 L124 162 L76 162 L76 106 Z"), False),
    ("abdomen", ("path", "M76 162 L124 162 L127 224 L73 224 Z"), False),
    ("upper_arm", ("path", "M51 119 L73 119 L69 180 L45 178 Z"), True),
    ("lower_arm", ("path", "M45 182 L69 184 L62 246 L40 244 Z"), True),
    ("hand", ("path", "M40 248 L62 250 L61 272 Q54 284 44 280 L39 266 Z"), True),
    ("thumb", ("path", "M39 252 L27 258 L25 271 L33 274 L38 264 Z"), True),
    ("upper_leg", ("path", "M74 257 L99 257 L97 340 L76 340 Z"), True),
    ("lower_leg", ("path", "M76 345 L97 345 L94 420 L79 420 Z"), True),
    ("foot", ("path", "M78 424 L95 424 L97 444 L64 444 Q63 432 78 424 Z"), True),
)
_FRONT_INERT: tuple[Shape, ...] = (("path", "M73 224 L127 224 L130 254 L70 254 Z"),)

_BACK: tuple[tuple[str, Shape, bool], ...] = (
    ("upper_back", ("path", "M89 92 L111 92 L128 95 Q144 99 149 116 L124 116 L124 162 L76 162 L76 116 "
                            "L51 116 Q56 99 72 95 Z"), False),
    ("lower_back", ("path", "M76 162 L124 162 L127 224 L73 224 Z"), False),
    ("hip", ("path", "M73 224 L100 224 L100 264 L73 264 Q70 244 73 224 Z"), True),
    ("thigh", ("path", "M74 268 L99 268 L97 340 L76 340 Z"), True),
    ("calf", ("path", "M76 345 L97 345 L94 420 L79 420 Z"), True),
)
_ARM_AND_FOOT: tuple[Shape, ...] = (
    ("path", "M51 119 L73 119 L69 180 L45 178 Z"), ("path", "M45 182 L69 184 L62 246 L40 244 Z"),
    ("path", "M40 248 L62 250 L61 272 Q54 284 44 280 L39 266 Z"),
    ("path", "M78 424 L95 424 L97 444 L64 444 Q63 432 78 424 Z"),
)
_BACK_INERT: tuple[Shape, ...] = (
    ("ellipse", 100, 41, 30, 37),
    ("path", "M89 78 L111 78 L111 92 L89 92 Z"),
    *_ARM_AND_FOOT,
    *(("path", _mirror_path(shape[1])) for shape in _ARM_AND_FOOT),
)



def _mirror(shape: Shape) -> Shape:
    if shape[0] == "ellipse":
        _, cx, cy, rx, ry = shape
        return ("ellipse", VIEW_WIDTH - cx, cy, rx, ry)
    return ("path", _mirror_path(shape[1]))


def _d(shape: Shape) -> str:
    """Return SVG path data for a shape (ellipses as two arcs)."""
    if shape[0] == "path":
        return shape[1]
    _, cx, cy, rx, ry = shape
    return f"M{cx - rx:g} {cy:g} A{rx:g} {ry:g} 0 1 0 {cx + rx:g} {cy:g} A{rx:g} {ry:g} 0 1 0 {cx - rx:g} {cy:g} Z"


@dataclass(frozen=True, slots=True)
class Region:
    """One drawn site: its catalog ``code`` and ``label`` and SVG path data ``d`` in its view's grid."""

    code: str
    label: str
    d: str


@dataclass(frozen=True, slots=True)
class View:
    """A front or back figure: ``regions`` (controls, in reading order) and ``inert`` outline paths."""

    name: str
    regions: tuple[Region, ...]
    inert: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BodyMap:
    """Both views for one set of allowed sites."""

    views: tuple[View, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """Every site that is a control, in reading order."""
        return tuple(r.code for v in self.views for r in v.regions)


def _expand(parts: Iterable[tuple[str, Shape, bool]], *, viewer_left: str) -> list[tuple[str, Shape]]:
    """Return (site code, shape) for every part, the mirrored side included, viewer's left first."""
    other = "left" if viewer_left == "right" else "right"
    found: list[tuple[str, Shape]] = []
    for stem, shape, paired in parts:
        if paired:
            found.append((f"{stem}_{viewer_left}", shape))
            found.append((f"{stem}_{other}", _mirror(shape)))
        else:
            found.append((stem, shape))
    return found


def _view(name: str, parts: list[tuple[str, Shape]], inert: tuple[Shape, ...], allowed: frozenset[str]) -> View:
    regions = tuple(Region(code, body_site(code).label, _d(shape)) for code, shape in parts if code in allowed)
    outline = tuple(_d(s) for s in inert) + tuple(_d(shape) for code, shape in parts if code not in allowed)
    return View(name, regions, outline)


@cache
def body_map(allowed: frozenset[str] | None = None) -> BodyMap:
    """Return the front and back views with ``allowed`` sites as controls (default: every catalog site)."""
    allowed = allowed if allowed is not None else frozenset(s.code for s in BODY_SITES)
    front = _expand(_FRONT, viewer_left="right")
    back = _expand(_BACK, viewer_left="left")
    return BodyMap((_view("Front", front, _FRONT_INERT, allowed), _view("Back", back, _BACK_INERT, allowed)))


def wpi_map() -> BodyMap:
    """The map for the ACR widespread pain index: the 19 WPI areas only."""
    return body_map(frozenset(WPI_AREA_CODES))


def all_sites_drawn() -> set[str]:
    """Every site code the drawing covers (used by a test: it must equal the catalog)."""
    return {code for view in body_map().views for code in (r.code for r in view.regions)}
