"""ROUTINE rules (book an appointment) and SELF-CARE fallbacks (clinical REFERENCE.md §5, §4.2).

The two self-care rules are *fallbacks*: they fire only when nothing at ``routine`` or above does, and
each says what would change that.
"""

from __future__ import annotations

from .case import Case
from .levels import ROUTINE, SELF_CARE
from .references import (
    ADAM_TWITCHING,
    CLEVELAND_MS,
    DJIBE_FIBROMYALGIA,
    FIBROTRACK_OWN_RULE,
    FPNOTEBOOK_WEAKNESS,
    HEALTHDAY_TWITCHING,
    MEDLINEPLUS_TWITCHING,
    MERCK_FINDINGS,
    MERCK_WEAKNESS,
    NEUROLOGY_2017_BFS,
    NG127_FASCICULATION_GPNOTEBOOK,
    NG127_FASCICULATION_NOTEBOOK,
    NG127_SUMMARY,
    UPTODATE_WEAKNESS,
    cite,
)
from .rule import EYELID_TWITCHING_DAYS, PERSISTENT_TWITCHING_DAYS, Rule, bulbar_or_respiratory

__all__ = ["ROUTINE_RULES", "SELF_CARE_RULES"]

_WHAT_CHANGES = (
    "See a doctor within days if you notice weakness, loss of muscle, twitching that spreads, or muscle "
    "stiffness, and call emergency services if speaking, swallowing or breathing becomes difficult."
)


def _slowly_progressive(case: Case) -> bool:
    return (case.true_weakness_possible and case.weakness.progression == "months"
            and not bulbar_or_respiratory(case))


def _true_weakness(case: Case) -> bool:
    return case.true_weakness_possible


def _persistent_twitching(case: Case) -> bool:
    days = case.twitching.duration_days
    return (case.twitching_reported and days is not None and days >= PERSISTENT_TWITCHING_DAYS
            and not case.eyelid_only_twitching)


def _twitching_with_changes(case: Case) -> bool:
    changes = case.true_weakness_possible or case.sign("muscle_wasting") or case.sign("numbness")
    return case.twitching_reported and changes


def _eyelid(case: Case) -> bool:
    days = case.twitching.duration_days
    eyelid = any(code.startswith("eyelid_") for code in case.twitching.sites)
    return eyelid and days is not None and days > EYELID_TWITCHING_DAYS


def _numbness(case: Case) -> bool:
    return case.sign("numbness")


def _unusual_tiredness(case: Case) -> bool:
    w = case.weakness
    unusual = case.one_sided_weakness or w.onset == "sudden" or w.progression in ("hours_days", "weeks")
    return w.kind == "tiredness" and unusual


def _isolated_twitching(case: Case) -> bool:
    return case.twitching_reported


def _tiredness(case: Case) -> bool:
    return case.weakness_reported and case.weakness.kind == "tiredness"


ROUTINE_RULES: tuple[Rule, ...] = (
    Rule(
        "slowly_progressive_weakness", ROUTINE, _slowly_progressive,
        "Weakness that has slowly worsened over months should be assessed by a doctor, who may refer you "
        "for a nerve and muscle assessment. Book an appointment, and act sooner if you develop trouble "
        "speaking, swallowing or breathing.",
        cite("§5", NG127_SUMMARY),
    ),
    Rule(
        "true_weakness", ROUTINE, _true_weakness,
        "Real loss of strength (you cannot do something at all, rather than not being able to keep doing "
        "it) should be examined by a doctor and not put down to fibromyalgia. Book an appointment. Get help "
        "at once if it comes on suddenly, is on one side, or comes with trouble speaking, swallowing or "
        "breathing.",
        cite("§4.2", FPNOTEBOOK_WEAKNESS, UPTODATE_WEAKNESS, MERCK_WEAKNESS, DJIBE_FIBROMYALGIA,
             note="In fibromyalgia the examination is normal; objective weakness, wasting or progression "
                  "needs medical evaluation. Weakness of unknown kind is treated as possibly true weakness."),
    ),
    Rule(
        "persistent_twitching", ROUTINE, _persistent_twitching,
        f"Twitching that has gone on for {PERSISTENT_TWITCHING_DAYS} days or more is worth checking with your "
        f"doctor. Book an appointment. It is usually harmless. {_WHAT_CHANGES}",
        cite("§5", MEDLINEPLUS_TWITCHING, HEALTHDAY_TWITCHING, ADAM_TWITCHING,
             note=f"MedlinePlus: contact your provider for 'long-term or persistent muscle twitches'; "
                  f"fibrotrack reads that as {PERSISTENT_TWITCHING_DAYS} days or more, since benign twitches "
                  "usually last no more than a few days. Eyelid-only twitching uses the 3-month rule."),
    ),
    Rule(
        "twitching_with_weakness_or_muscle_change", ROUTINE, _twitching_with_changes,
        "Twitching together with weakness, loss of muscle or a change in feeling should be checked by a "
        "doctor. Book an appointment.",
        cite("§5", MEDLINEPLUS_TWITCHING, HEALTHDAY_TWITCHING),
    ),
    Rule(
        "eyelid_twitching_over_3_months", ROUTINE, _eyelid,
        "Eyelid twitching that has lasted more than 3 months should be checked by a doctor. Book an "
        "appointment, and go sooner if both eyes close tightly on their own or the twitching spreads.",
        cite("§5", NG127_FASCICULATION_NOTEBOOK,
             note=f"More than 3 months is counted as more than {EYELID_TWITCHING_DAYS} days."),
    ),
    Rule(
        "numbness", ROUTINE, _numbness,
        "New numbness or a change in feeling is worth checking with a doctor. Book an appointment. If it came "
        "on over hours to days, see a doctor today; if it is on one side or came on suddenly, call emergency "
        "services now.",
        cite("§5", CLEVELAND_MS, note=FIBROTRACK_OWN_RULE
             + " The case does not record how numbness came on; numbness coming on over hours to days is "
               "urgent (possible MS), so numbness of unknown course is at least routine."),
    ),
    Rule(
        "unusual_tiredness", ROUTINE, _unusual_tiredness,
        "Tiredness that is on one side, came on suddenly or is getting worse over days or weeks should be "
        "checked by a doctor: muscles that tire quickly with use can be a sign of a treatable nerve-muscle "
        "condition. Book an appointment, and get help at once if it came on suddenly on one side or comes "
        "with drooping eyelids, double vision, or trouble speaking, swallowing or breathing.",
        cite("§4.3", MERCK_FINDINGS, FPNOTEBOOK_WEAKNESS, note=FIBROTRACK_OWN_RULE
             + " Merck lists fatigability on repeated testing as a finding suggesting myasthenia gravis."),
    ),
)

SELF_CARE_RULES: tuple[Rule, ...] = (
    Rule(
        "isolated_twitching", SELF_CARE, _isolated_twitching,
        "Twitching on its own, without weakness, loss of muscle, stiffness, or trouble speaking, swallowing "
        "or breathing, is very common and usually harmless (benign fasciculations). It is often brought on "
        "by stress or anxiety, caffeine, lack of sleep or exercise, and usually settles within a few days. "
        f"Keep monitoring. Book an appointment if it lasts {PERSISTENT_TWITCHING_DAYS} days or more (more "
        f"than 3 months for an eyelid). {_WHAT_CHANGES}",
        cite("§5", NG127_FASCICULATION_GPNOTEBOOK, ADAM_TWITCHING, NEUROLOGY_2017_BFS,
             note="NICE: do not routinely refer isolated fasciculations."),
        fallback=True,
    ),
    Rule(
        "tiredness_not_weakness", SELF_CARE, _tiredness,
        "You described tiredness: you can do things but cannot keep doing them. That is fatigue, which is "
        "common in fibromyalgia, rather than true weakness (not being able to do something at all, even "
        "when rested). Keep monitoring and pace your activity. Book an appointment if you find you cannot "
        "do something at all or it keeps getting worse, and get help at once if it comes on suddenly, is on "
        "one side, or comes with trouble speaking, swallowing or breathing.",
        cite("§4.2", FPNOTEBOOK_WEAKNESS, MERCK_WEAKNESS, UPTODATE_WEAKNESS),
        fallback=True,
    ),
)
