"""Triage: red-flag rules over a reported case → a frozen TriageResult, plus the adaptive question flow
and the medication map. Pure: no I/O beyond reading the packaged medication map."""

from .case import SIGN_NAMES, Case, parse_case
from .engine import NOTICE, Flag, TriageResult, evaluate, rule, rules
from .levels import HEADLINES, URGENCY_LEVELS, Urgency, urgency_rank
from .medications import (
    MedicationClass,
    MedicationFinding,
    MedicationReview,
    classify_medication,
    medication_class,
    medication_classes,
    review_medications,
)
from .questions import QUESTIONS, Choice, Question, next_questions, question, set_answer
from .rule import EYELID_TWITCHING_DAYS, PERSISTENT_TWITCHING_DAYS, Rule

__all__ = [
    "EYELID_TWITCHING_DAYS",
    "HEADLINES",
    "NOTICE",
    "PERSISTENT_TWITCHING_DAYS",
    "QUESTIONS",
    "SIGN_NAMES",
    "URGENCY_LEVELS",
    "Case",
    "Choice",
    "Flag",
    "MedicationClass",
    "MedicationFinding",
    "MedicationReview",
    "Question",
    "Rule",
    "TriageResult",
    "Urgency",
    "classify_medication",
    "evaluate",
    "medication_class",
    "medication_classes",
    "next_questions",
    "parse_case",
    "question",
    "review_medications",
    "rule",
    "rules",
    "set_answer",
    "urgency_rank",
]
