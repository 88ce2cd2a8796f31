"""Turning answers given one item at a time (a form, a prompt) into an instrument's answer JSON.

Shared by the interactive CLI and the web form, so both build the same answers the scorer validates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .base import Instrument

_LIST_ITEM = re.compile(r"^(?P<key>[a-z_0-9]+)\[(?P<index>\d+)\]$")
_GRADE_ITEM = re.compile(r"^grades\.(?P<group>[a-z_]+)\.(?P<side>left|right)$")


def assemble_answers(instrument: Instrument, values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the answer JSON for ``instrument`` from ``values`` keyed by item id.

    ``key[i]`` items become lists (unanswered positions are ``None``); ``grades.<group>.<side>`` items
    (MRC) become ``{"muscle_group", "side", "grade"}`` entries; other ids are top-level keys. Items
    missing from ``values`` (or ``None``) are left out, so the scorer reports a missing required item.
    """
    answers: dict[str, Any] = {}
    lists: dict[str, dict[int, Any]] = {}
    sizes: dict[str, int] = {}
    for item in instrument.items:
        match = _LIST_ITEM.match(item.id)
        if match:
            key, index = match.group("key"), int(match.group("index"))
            sizes[key] = max(sizes.get(key, 0), index + 1)
            if values.get(item.id) is not None:
                lists.setdefault(key, {})[index] = values[item.id]
            continue
        grade = _GRADE_ITEM.match(item.id)
        if grade:
            if values.get(item.id) is not None:
                answers.setdefault("grades", []).append(
                    {"muscle_group": grade.group("group"), "side": grade.group("side"), "grade": values[item.id]})
            continue
        if values.get(item.id) is not None:
            answers[item.id] = values[item.id]
    for key, size in sizes.items():
        if key in lists:
            answers[key] = [lists[key].get(i) for i in range(size)]
    return answers
