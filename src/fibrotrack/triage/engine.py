"""Evaluate a case against every rule: :func:`evaluate` → frozen :class:`TriageResult`.

Method:
1. every non-fallback rule whose predicate is true fires;
2. if none of them is at ``routine`` or above, the self-care fallbacks are tried;
3. ``urgency`` is the most urgent level that fired (``none`` if nothing did), and ``flags`` lists every
   fired rule, most urgent first, rules of equal urgency in rule-table order.

The rules already take the more urgent reading where the case leaves a deciding fact unknown, so the
result errs on the side of caution. fibrotrack informs; it does not diagnose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import ValidationError
from ..knowledge.sources import Citation
from .case import Case, parse_case
from .emergency_rules import EMERGENCY_RULES
from .levels import HEADLINES, NONE, ROUTINE, Urgency, highest, urgency_rank
from .medication_rules import medication_rules
from .routine_rules import ROUTINE_RULES, SELF_CARE_RULES
from .rule import Rule
from .urgent_rules import URGENT_RULES

__all__ = ["NOTICE", "Flag", "TriageResult", "evaluate", "rule", "rules"]

NOTICE = ("fibrotrack informs; it does not diagnose. If you are worried about a symptom, contact a "
          "healthcare professional whatever this says.")


@cache
def rules() -> tuple[Rule, ...]:
    """Return every rule in evaluation order: emergency, urgent, routine, medication, self-care."""
    table = EMERGENCY_RULES + URGENT_RULES + ROUTINE_RULES + medication_rules() + SELF_CARE_RULES
    seen: set[str] = set()
    for r in table:
        if r.id in seen:
            raise ValidationError("rule.id", f"duplicate rule id {r.id!r}")
        seen.add(r.id)
    return table


def rule(rule_id: str) -> Rule:
    """Return the rule with this id.

    Raises:
        ValidationError: no such rule (the problem lists the known ids).
    """
    for r in rules():
        if r.id == rule_id:
            return r
    raise ValidationError("rule", f"unknown rule {rule_id!r}; known: {', '.join(r.id for r in rules())}")


@dataclass(frozen=True, slots=True)
class Flag:
    """One fired rule: its id, urgency, advice and source."""

    rule: str
    urgency: Urgency
    advice: str
    source: Citation

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"rule", "urgency", "advice", "source"}``."""
        return {"rule": self.rule, "urgency": self.urgency, "advice": self.advice, "source": self.source.to_dict()}


@dataclass(frozen=True, slots=True)
class TriageResult:
    """The outcome of triage: the overall ``urgency`` and every fired rule, most urgent first."""

    urgency: Urgency
    flags: tuple[Flag, ...]

    @property
    def headline(self) -> str:
        """What the urgency level asks the person to do, in one sentence."""
        return HEADLINES[self.urgency]

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ids of the fired rules, in flag order."""
        return tuple(f.rule for f in self.flags)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"urgency", "headline", "flags": [{"rule", "urgency", "advice", "source"}], "notice"}``."""
        return {
            "urgency": self.urgency,
            "headline": self.headline,
            "flags": [f.to_dict() for f in self.flags],
            "notice": NOTICE,
        }


def evaluate(case: Case | Mapping[str, Any]) -> TriageResult:
    """Triage a case (a :class:`Case`, or its JSON form, which is validated first).

    Raises:
        ValidationError: the JSON form is invalid (see :func:`~fibrotrack.triage.case.parse_case`).
    """
    if not isinstance(case, Case):
        case = parse_case(case)
    table = rules()
    fired = [r for r in table if not r.fallback and r.condition(case)]
    if not fired or urgency_rank(highest(r.urgency for r in fired)) < urgency_rank(ROUTINE):
        fired += [r for r in table if r.fallback and r.condition(case)]
    order = {r.id: i for i, r in enumerate(table)}
    fired.sort(key=lambda r: (-urgency_rank(r.urgency), order[r.id]))
    flags = tuple(Flag(r.id, r.urgency, r.advice, r.source) for r in fired)
    return TriageResult(highest(f.urgency for f in flags) if flags else NONE, flags)
