"""The CENT 2015 section of a self-experiment report: the checklist items that apply to one person.

CENT 2015 (Vohra et al. 2015, BMJ 350:h1738; explanation: Shamseer et al. 2015, BMJ 350:h1793) extends
CONSORT 2010 to N-of-1 trials and keeps its item numbers. Each entry below carries its item number.
Items about eligibility, setting, ethics, registration and funding describe a study, not one person's
experiment, and are left out; harms (item 19) are not collected by the experiment itself.
"""

from __future__ import annotations

from typing import Any

from .experiments_design import ExperimentDesign
from .experiments_report import POSTERIOR

__all__ = ["GUIDELINE", "cent_section"]

GUIDELINE = "CENT 2015 (Vohra et al. 2015, BMJ 350:h1738)"


def _why_ended(status: str, changes: Any, analysed_until: Any) -> str:
    if status == "stopped_early":
        return f"stopped early on {changes.stopped_on.isoformat()}, before the planned end"
    if status == "in_progress":
        return f"still running; interim look on {analysed_until.isoformat()}"
    if status == "not_started":
        return "not started"
    return "completed as planned" if not changes.extended else "completed after being extended"


def cent_section(design: ExperimentDesign, *, status: str, primary: Any, per_protocol: Any, days: Any,
                 adherence: Any, changes: Any, model: Any, analysed_until_on: Any, outcome_label: str,
                 **_: Any) -> dict[str, Any]:
    """Return the CENT items of a report as a JSON-ready dict (keys name the item; ``item`` gives its number)."""
    cond = design.conditions
    edits = [e.to_dict() for e in changes.edits]
    return {
        "guideline": GUIDELINE,
        "title": {"item": "1a", "text": f"N-of-1 trial: {cond.b_label.lower()} vs {cond.a_label.lower()} "
                                        f"for {outcome_label}"},
        "objective": {"item": "2b", "text": f"Does {cond.b_label.lower()} change {outcome_label} compared with "
                                            f"{cond.a_label.lower()}?"},
        "design": {"item": "3a", "type": "randomised block-pair crossover (each pair: one A and one B period)",
                   "pairs_planned": design.pairs_planned, "pairs": design.pairs, "periods": 2 * design.pairs,
                   "period_days": design.period_days, "washout_days": design.washout_days,
                   "washout": f"first {design.washout_days} days of each period not analysed "
                              f"({cond.washout_reason})", "run_in_days": 0},
        "changes_after_start": {"item": "3b/6b", "edited_after_start": changes.edited_after_start,
                                "extended": changes.extended, "edits": edits},
        "interventions": {"item": "5", "A": {"label": cond.a_label, "instruction": cond.a_instruction},
                          "B": {"label": cond.b_label, "instruction": cond.b_instruction},
                          "adherence": adherence.to_dict()},
        "outcome": {"item": "6a", "code": design.outcome, "label": outcome_label, "unit": "points (0-10)",
                    "daily_value": "the day's entries aggregated by the catalog rule (max for twitching and "
                                   "weakness, mean for pain and fatigue)"},
        "sample_size": {"item": "7a", "text": f"{design.pairs_planned} pairs chosen by the person; the power "
                                              "preview shows the chance of detecting moderate and large effects"},
        "interim_and_stopping": {"item": "7b", "text": "no formal stopping rule; interim looks are labelled",
                                 "stopped_early": changes.stopped_early},
        "randomisation": {"item": "8a/8b", "method": "numpy.random.default_rng(seed).random(pairs); pair i is BA "
                                                     "when u[i] < 0.5, otherwise AB",
                          "seed": design.seed, "orders": list(design.orders),
                          "restriction": "blocked in pairs: every pair has one A and one B period"},
        "allocation_concealment": {"item": "9", "text": "the calendar is generated at the start and stored; it is "
                                                        "not concealed from the person"},
        "blinding": {"item": "11a", "text": "none: the person knows the condition each day"},
        "statistical_methods": {"item": "12a", "model": None if model is None else model.method,
                                "carryover": "washout days excluded", "period_effects": "pair fixed effects",
                                "within_person_correlation": "AR(1) errors, REML, Kenward-Roger correction",
                                "posterior": POSTERIOR},
        "additional_analyses": {"item": "12b", "per_protocol": "drops analysed days answered 'not followed'",
                                "conventional_fgls": "reported for comparison only"},
        "flow": {"item": "13a", "periods_planned": 2 * design.pairs, "pairs_complete": days.pairs_complete,
                 "days": days.to_dict()},
        "dates": {"item": "14a", "start_on": design.start_on.isoformat(), "planned_end_on": design.end_on.isoformat(),
                  "analysed_until_on": None if analysed_until_on is None else analysed_until_on.isoformat()},
        "why_ended": {"item": "14b", "status": status, "text": _why_ended(status, changes, analysed_until_on)},
        "numbers_analysed": {"item": "16", "A": days.analysed_a, "B": days.analysed_b},
        "estimate": {"item": "17a", "primary": None if primary is None else primary.to_dict()},
        "ancillary": {"item": "18", "per_protocol": None if per_protocol is None else per_protocol.to_dict()},
        "harms": {"item": "19", "text": "not collected by the experiment; red-flag symptoms are checked at every "
                                        "check-in"},
    }
