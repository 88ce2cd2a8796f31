"""Self-experiments: randomised N-of-1 trials (public API; method in ``docs/experiments.md``).

A person tests a suspicion ("does caffeine make my twitching worse?") by following a randomised
calendar of A (exposure off) and B (exposure on) periods in pairs, with settling-in (washout) days that
are not analysed. The pieces live in small modules:

* :mod:`.experiments_conditions` — conditions, instructions and defaults per exposure; :func:`suggest_experiment`;
* :mod:`.experiments_design` — :func:`design_experiment`, :func:`assignment_on`, :func:`extend`;
* :mod:`.experiments_power` — :func:`power_preview`;
* :mod:`.experiments_analysis` — :func:`analyze_experiment` (GLS with AR(1) errors, REML, Kenward–Roger);
* :mod:`.experiments_report` / :mod:`.experiments_cent` — the report, verdict wording and CENT 2015 items;
* :mod:`.experiments_stats` — the small-sample statistics shared by the analysis, preview and benchmark.

Everything here is pure: dates come in as arguments (``today``), randomness only from a seed.
"""

from __future__ import annotations

from .experiments_analysis import analyze_experiment
from .experiments_conditions import Conditions, conditions_for, suggest_experiment
from .experiments_design import (
    DayAssignment,
    DesignRevision,
    ExperimentDesign,
    ScheduleDay,
    assignment_on,
    design_experiment,
    extend,
)
from .experiments_power import PowerPreview, PowerRow, power_preview
from .experiments_report import (
    AdherenceSummary,
    DaysSummary,
    DesignChanges,
    DesignEdit,
    EffectEstimate,
    ExperimentReport,
    ModelInfo,
    Verdict,
)

__all__ = [
    "AdherenceSummary",
    "Conditions",
    "DayAssignment",
    "DaysSummary",
    "DesignChanges",
    "DesignEdit",
    "DesignRevision",
    "EffectEstimate",
    "ExperimentDesign",
    "ExperimentReport",
    "ModelInfo",
    "PowerPreview",
    "PowerRow",
    "ScheduleDay",
    "Verdict",
    "analyze_experiment",
    "assignment_on",
    "conditions_for",
    "design_experiment",
    "extend",
    "power_preview",
    "suggest_experiment",
]
