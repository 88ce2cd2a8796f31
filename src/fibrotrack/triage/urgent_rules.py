"""URGENT rules: see a doctor today or within days (clinical REFERENCE.md §5, URGENT rows; §6.2).

Advice for a prescribed medicine always says "contact your prescriber", never to stop it.
"""

from __future__ import annotations

from .case import Case
from .levels import URGENT
from .references import (
    ADAM_TWITCHING,
    BLACKBOXRX_FQ,
    CLEVELAND_MS,
    EMPR_FQ,
    FIBROTRACK_OWN_RULE,
    GOODRX_STATIN,
    HEALTHGRADES_TWITCHES,
    MERCK_FINDINGS,
    NG42_HWE,
    NG42_MEDSCAPE,
    NG127_ASHA,
    NG127_FASCICULATION_GPNOTEBOOK,
    NG127_FASCICULATION_NOTEBOOK,
    NG127_SUMMARY,
    NHS_ASHFORD_STROKE,
    USPHARMACIST_MYOPATHY,
    cite,
)
from .rule import Rule, medication_class_ids

__all__ = ["URGENT_RULES"]

_IF_SUDDEN = "If it came on suddenly, call emergency services now, even if it goes away."
_MND = (NG42_MEDSCAPE, NG42_HWE)


def _numb(case: Case) -> bool:
    return case.sign("numbness") or case.sign("numbness_one_side")


def _one_sided_onset_unknown(case: Case) -> bool:
    return case.one_sided_weakness and case.weakness.onset is None


def _one_sided_progressing(case: Case) -> bool:
    return (case.one_sided_weakness and case.weakness.onset != "sudden"
            and case.weakness.progression in ("hours_days", "weeks", None))


def _slow_weakness_swallowing(case: Case) -> bool:
    return (case.weakness_reported and case.sign("swallowing_difficulty")
            and case.weakness.progression in ("months", "stable"))


def _fasciculations_wasting_weakness(case: Case) -> bool:
    wasting_and_weakness = case.sign("muscle_wasting") and case.weakness_reported
    return case.twitching_reported and (wasting_and_weakness or case.sign("rigidity"))


def _tongue(case: Case) -> bool:
    return case.tongue_twitching


def _wasting_or_rigidity(case: Case) -> bool:
    return case.sign("muscle_wasting") or case.sign("rigidity")


def _bulbar(case: Case) -> bool:
    return case.sign("speech_difficulty") or case.sign("swallowing_difficulty")


def _breathlessness(case: Case) -> bool:
    return case.sign("breathless_at_rest") or case.sign("breathless_lying_flat")


def _painful_vision_loss(case: Case) -> bool:
    return case.sign("painful_vision_loss_one_eye")


def _over_hours_days(case: Case) -> bool:
    return case.weakness.progression == "hours_days" and (case.true_weakness_possible or _numb(case))


def _one_sided_numbness(case: Case) -> bool:
    return case.sign("numbness_one_side")


def _fluoroquinolone(case: Case) -> bool:
    return "fluoroquinolone" in medication_class_ids(case) and (case.weakness_reported or _numb(case))


def _dark_urine(case: Case) -> bool:
    return case.sign("dark_urine")


def _injury(case: Case) -> bool:
    return case.sign("recent_injury") and (case.weakness_reported or _numb(case))


def _bladder_bowel(case: Case) -> bool:
    return case.sign("bladder_bowel_change")


URGENT_RULES: tuple[Rule, ...] = (
    Rule(
        "one_sided_weakness_onset_unknown", URGENT, _one_sided_onset_unknown,
        f"Weakness on one side or in one limb needs to be seen by a doctor today. {_IF_SUDDEN}",
        cite("§5", NG127_SUMMARY, NHS_ASHFORD_STROKE,
             note="When the onset is not known, one-sided weakness is treated as possibly sudden: at least "
                  "urgent, and the advice says when to call emergency services."),
    ),
    Rule(
        "one_sided_weakness_progressing", URGENT, _one_sided_progressing,
        "Weakness of one limb or one side that is getting worse over hours or days needs urgent assessment, "
        f"including a brain scan. See a doctor today. {_IF_SUDDEN}",
        cite("§5", NG127_SUMMARY,
             note="NICE: very rapidly (hours to days) progressive weakness of one limb or one side. 'weeks' "
                  "and an unknown course are treated as possibly rapid; sudden onset is the emergency "
                  "sudden_weakness rule."),
    ),
    Rule(
        "slow_weakness_with_swallowing", URGENT, _slow_weakness_swallowing,
        "Slowly worsening weakness together with any trouble swallowing needs an urgent referral. See a "
        "doctor within days. If you choke, cannot swallow or struggle to breathe, call emergency services.",
        cite("§5", NG127_SUMMARY),
    ),
    Rule(
        "fasciculations_wasting_weakness", URGENT, _fasciculations_wasting_weakness,
        "Twitching together with muscle wasting and weakness, or with muscle stiffness (rigidity), should be "
        "checked soon. See a doctor within days and ask about a referral to a neurologist.",
        cite("§5", NG127_FASCICULATION_GPNOTEBOOK, NG127_FASCICULATION_NOTEBOOK),
    ),
    Rule(
        "tongue_twitching", URGENT, _tongue,
        "Twitching of the tongue should be checked by a doctor within days; ask about a referral to a "
        "neurologist.",
        cite("§5", *_MND, MERCK_FINDINGS),
    ),
    Rule(
        "wasting_or_rigidity", URGENT, _wasting_or_rigidity,
        "Visible loss of muscle (wasting) or new muscle stiffness should be checked by a doctor within days; "
        "ask about a referral to a neurologist.",
        cite("§5", *_MND,
             note="NICE NG42 lists weakness, wasting, twitching, cramps or stiffness among the ways motor "
                  "neurone disease may first present, and asks for referral without delay."),
    ),
    Rule(
        "bulbar_symptoms", URGENT, _bulbar,
        "Slurred speech or trouble swallowing that has been getting worse needs an urgent referral to check "
        "the nerves that control speech and swallowing. See a doctor within days. If it started suddenly, "
        "or you choke or struggle to breathe, call emergency services.",
        cite("§5", NG127_ASHA, *_MND),
    ),
    Rule(
        "breathlessness", URGENT, _breathlessness,
        "Breathlessness at rest or when lying flat should be seen by a doctor today. If you are struggling to "
        "breathe, or it is getting worse, call emergency services now.",
        cite("§5", *_MND,
             note="NICE NG42 lists breathlessness and breathlessness lying flat among motor neurone disease "
                  "presentations; with weakness it is the emergency weakness_with_breathlessness rule."),
    ),
    Rule(
        "painful_vision_loss_one_eye", URGENT, _painful_vision_loss,
        "Painful loss of vision in one eye should be seen by a doctor today. If the vision loss was sudden, "
        "call emergency services now.",
        cite("§5", CLEVELAND_MS, MERCK_FINDINGS),
    ),
    Rule(
        "weakness_or_numbness_over_hours_days", URGENT, _over_hours_days,
        "Weakness or numbness that has come on over hours to days should be seen by a doctor today. "
        f"{_IF_SUDDEN}",
        cite("§5", CLEVELAND_MS, MERCK_FINDINGS),
    ),
    Rule(
        "one_sided_numbness", URGENT, _one_sided_numbness,
        f"Numbness on one side of the body should be seen by a doctor today. {_IF_SUDDEN}",
        cite("§5", HEALTHGRADES_TWITCHES, NHS_ASHFORD_STROKE,
             note="With twitching or weakness it is the emergency muscle_symptoms_one_sided rule."),
    ),
    Rule(
        "fluoroquinolone_weakness", URGENT, _fluoroquinolone,
        "New weakness, tendon pain, tingling or numbness while taking a fluoroquinolone antibiotic (such as "
        "ciprofloxacin or levofloxacin): contact your prescriber promptly, today. Do not change your other "
        "medicines on your own.",
        cite("§5", BLACKBOXRX_FQ, EMPR_FQ,
             note="Counts any weakness report, including one the person calls tiredness (the boxed warning "
                  "concerns worsening muscle weakness)."),
    ),
    Rule(
        "dark_urine", URGENT, _dark_urine,
        "Dark (tea- or cola-coloured) urine with muscle pain or weakness can mean muscle breakdown "
        "(rhabdomyolysis), for example on a statin. Tell a healthcare professional right away, today.",
        cite("§5", GOODRX_STATIN, USPHARMACIST_MYOPATHY,
             note="Muscle pain is part of fibromyalgia, so dark urine alone is enough for this rule."),
    ),
    Rule(
        "injury_new_weakness_or_numbness", URGENT, _injury,
        "New weakness or numbness after an injury should be checked by a doctor today or within days. If it "
        "came on suddenly or after a head injury, call emergency services now.",
        cite("§5", ADAM_TWITCHING, note=FIBROTRACK_OWN_RULE
             + " A.D.A.M. lists damage to the nerve that leads to a muscle among the causes of twitching."),
    ),
    Rule(
        "bladder_bowel_change", URGENT, _bladder_bowel,
        "A new change in bladder or bowel control should be seen by a doctor today. If you also have back "
        "pain spreading into a leg, or numbness between your legs, call emergency services now.",
        cite("§5", NG127_SUMMARY, note=FIBROTRACK_OWN_RULE
             + " It catches a bladder or bowel change before the other cauda equina signs are known."),
    ),
)
