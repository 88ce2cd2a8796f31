"""The daily check-in form: which trackables it asks about, in what order, with which follow-ups.

Shared by the interactive CLI check-in and the web page, so both ask the same questions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FormItem:
    """One check-in question: the trackable it fills, the prompt, and whether it asks for body sites."""

    trackable: str
    prompt: str
    sites: bool = False
    count: bool = False
    weakness_detail: bool = False


CHECKIN_FORM: tuple[FormItem, ...] = (
    FormItem("twitching", "Muscle twitching today, 0-10", sites=True, count=True),
    FormItem("weakness", "Muscle weakness today, 0-10", sites=True, weakness_detail=True),
    FormItem("pain", "Pain today, 0-10", sites=True),
    FormItem("fatigue", "Fatigue today, 0-10"),
    FormItem("sleep_hours", "Hours slept last night"),
    FormItem("sleep_quality", "Sleep quality last night, 0 (very poor) - 10 (very good)"),
    FormItem("stress", "Stress today, 0-10"),
    FormItem("anxiety", "Anxiety today, 0-10"),
    FormItem("caffeine_mg", "Caffeine today, in mg (or use servings below)"),
    FormItem("exertion", "Physical exertion today, 0 (rest) - 10 (maximal)"),
)

WEAKNESS_KIND_HELP = (
    "True weakness: you cannot do the movement at all (can't lift, grip or stand up). "
    "Tiredness: you can do it but cannot keep doing it."
)
