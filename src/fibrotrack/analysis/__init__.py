"""Analysis core: daily series, trigger discovery, treatment effects, cohort mode and the simulator.

Pure functions on plain data (records, NumPy arrays); no I/O, no clock, randomness only from a seed.
The method is described in ``docs/insights.md``.
"""

from .batch import BatchFit, BatchHac, fgls_ar1_batch, ols_hac_batch
from .cohort import CohortInsights, discover_cohort
from .fdr import bh_qvalues
from .fgls import FglsFit, HacFit, fgls_ar1, ols_hac
from .results import InsightsResult, NotEnoughData, TreatmentEffect, Trigger
from .series import DailySeries, daily_series
from .shrinkage import DEFAULT_PRIOR, PriorCell, ShrinkagePrior
from .simulate import (
    SimRecord,
    SimTruth,
    SimulatedCohort,
    SimulatedDiary,
    TrueTreatment,
    TrueTrigger,
    simulate_cohort,
    simulate_person,
)
from .treatments import treatment_effect
from .triggers import discover_triggers

__all__ = [
    "BatchFit",
    "BatchHac",
    "CohortInsights",
    "DEFAULT_PRIOR",
    "DailySeries",
    "FglsFit",
    "HacFit",
    "InsightsResult",
    "NotEnoughData",
    "PriorCell",
    "ShrinkagePrior",
    "SimRecord",
    "SimTruth",
    "SimulatedCohort",
    "SimulatedDiary",
    "TreatmentEffect",
    "Trigger",
    "TrueTreatment",
    "TrueTrigger",
    "bh_qvalues",
    "daily_series",
    "discover_cohort",
    "discover_triggers",
    "fgls_ar1",
    "fgls_ar1_batch",
    "ols_hac",
    "ols_hac_batch",
    "simulate_cohort",
    "simulate_person",
    "treatment_effect",
]
