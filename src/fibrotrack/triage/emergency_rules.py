"""EMERGENCY rules: call emergency services now (clinical REFERENCE.md §5, EMERGENCY rows).

Each predicate sits next to its data. Where the case leaves something unknown that would decide between
two levels, the predicate takes the more urgent reading and the rule's ``note`` says so.
"""

from __future__ import annotations

from .case import Case
from .levels import EMERGENCY
from .references import (
    ACCESSMEDICINE_AIRWAY,
    EASTSIDE_BE_FAST,
    HEALTHGRADES_TWITCHES,
    KOB_BE_FAST,
    MERCK_FINDINGS,
    NG127_RECOMMENDATIONS,
    NG127_SUMMARY,
    NHS_ASHFORD_STROKE,
    NHS_BARTON_FAST,
    NWAS_STROKE,
    cite,
)
from .rule import Rule, possibly_rapid

__all__ = ["EMERGENCY_RULES"]

_CALL = "Call emergency services now, even if the symptom goes away."
_BE_FAST = (KOB_BE_FAST, EASTSIDE_BE_FAST)
_FAST = (NHS_BARTON_FAST, NHS_ASHFORD_STROKE, NWAS_STROKE)


def _balance(case: Case) -> bool:
    return case.sign("balance_loss")


def _eyes(case: Case) -> bool:
    return case.sign("sudden_vision_change") or case.sign("double_vision")


def _face(case: Case) -> bool:
    return case.sign("face_droop")


def _arm(case: Case) -> bool:
    return case.sign("arm_drift")


def _speech(case: Case) -> bool:
    return case.sign("speech_difficulty")


def _sudden_weakness(case: Case) -> bool:
    return case.weakness.onset == "sudden" and (case.true_weakness_possible or case.one_sided_weakness)


def _muscle_symptoms_one_sided(case: Case) -> bool:
    muscle = case.twitching_reported or case.weakness_reported
    one_sided_numbness = muscle and case.sign("numbness_one_side")
    one_sided_weakness = (case.twitching_reported and case.one_sided_weakness
                          and case.weakness.onset != "gradual")
    return one_sided_numbness or one_sided_weakness


def _confusion_or_headache(case: Case) -> bool:
    return case.sign("confusion") or case.sign("worst_headache")


def _rapid_symmetrical(case: Case) -> bool:
    return case.possibly_symmetrical_weakness and case.weakness.progression in ("hours_days", "weeks")


def _breathless(case: Case) -> bool:
    return case.weakness_reported and (case.sign("breathless_at_rest") or case.sign("breathless_lying_flat"))


def _airway(case: Case) -> bool:
    return case.weakness_reported and case.sign("swallowing_difficulty") and possibly_rapid(case)


def _cauda_equina(case: Case) -> bool:
    bladder = case.sign("bladder_bowel_change")
    saddle = case.sign("saddle_numbness")
    sourced = case.sign("back_pain_into_leg") and (bladder or saddle)
    return sourced or saddle or (bladder and case.weakness_reported)


def _botulism(case: Case) -> bool:
    return (case.weakness_reported and case.sign("double_vision")
            and (case.sign("speech_difficulty") or case.sign("swallowing_difficulty")))


def _organophosphate(case: Case) -> bool:
    return (case.weakness_reported or case.twitching_reported) and case.sign("excess_salivation")


EMERGENCY_RULES: tuple[Rule, ...] = (
    Rule(
        "be_fast_face", EMERGENCY, _face,
        f"A face drooping on one side can be a sign of stroke. {_CALL}",
        cite("§5", *_BE_FAST, *_FAST),
    ),
    Rule(
        "be_fast_arm", EMERGENCY, _arm,
        f"One arm drifting down, or suddenly weak or numb, can be a sign of stroke. {_CALL}",
        cite("§5", *_BE_FAST, *_FAST),
    ),
    Rule(
        "be_fast_speech", EMERGENCY, _speech,
        f"Slurred or garbled speech can be a sign of stroke. {_CALL}",
        cite("§5", *_BE_FAST, *_FAST,
             note="fibrotrack cannot tell when speech trouble began, so it always treats it as a possible stroke "
                  "sign; speech that has worsened slowly also fires the urgent bulbar_symptoms rule."),
    ),
    Rule(
        "be_fast_eyes", EMERGENCY, _eyes,
        f"Sudden blurred, double or lost vision can be a sign of stroke. {_CALL}",
        cite("§5", *_BE_FAST, NHS_ASHFORD_STROKE),
    ),
    Rule(
        "be_fast_balance", EMERGENCY, _balance,
        f"A sudden loss of balance or coordination can be a sign of stroke. {_CALL}",
        cite("§5", *_BE_FAST),
    ),
    Rule(
        "sudden_weakness", EMERGENCY, _sudden_weakness,
        "Weakness that comes on suddenly, even in one hand only, may be caused by a stroke or a mini-stroke "
        f"(TIA). {_CALL}",
        cite("§5", NG127_SUMMARY, NG127_RECOMMENDATIONS, NHS_ASHFORD_STROKE,
             note="Sudden weakness that the person calls tiredness still counts when it is on one side."),
    ),
    Rule(
        "muscle_symptoms_one_sided", EMERGENCY, _muscle_symptoms_one_sided,
        "Twitching or weakness together with numbness or weakness on one side of the body can be a sign of "
        f"stroke. {_CALL}",
        cite("§5", HEALTHGRADES_TWITCHES,
             note="Twitching with one-sided weakness counts unless the weakness is known to have come on "
                  "gradually (then the urgent one-sided weakness rules apply)."),
    ),
    Rule(
        "confusion_or_worst_headache", EMERGENCY, _confusion_or_headache,
        "Confusion or a change in alertness, or the worst headache of your life, can be a sign of stroke. "
        f"{_CALL}",
        cite("§5", HEALTHGRADES_TWITCHES,
             note="The source lists these signs alongside muscle twitches; fibrotrack applies them whether or "
                  "not muscle symptoms are reported (conservative)."),
    ),
    Rule(
        "rapid_symmetrical_weakness", EMERGENCY, _rapid_symmetrical,
        "Weakness on both sides that is getting worse over hours, days or a few weeks needs immediate "
        "assessment, including of breathing and swallowing. Call emergency services or go to an emergency "
        "department now.",
        cite("§5", NG127_SUMMARY,
             note="NICE: rapidly progressive (within 4 weeks) symmetrical limb weakness. 'weeks' counts as "
                  "rapid, and weakness whose side is unknown is treated as possibly symmetrical."),
    ),
    Rule(
        "weakness_with_breathlessness", EMERGENCY, _breathless,
        "Weakness with breathlessness at rest or when lying flat can mean the breathing muscles are "
        "affected. Call emergency services now.",
        cite("§5", NG127_SUMMARY, ACCESSMEDICINE_AIRWAY),
    ),
    Rule(
        "airway_risk", EMERGENCY, _airway,
        "Trouble swallowing or choking together with weakness that is getting worse can put your airway at "
        "risk. Call emergency services now.",
        cite("§5", NG127_SUMMARY, ACCESSMEDICINE_AIRWAY,
             note="Weakness whose rate of worsening is unknown is treated as possibly rapid; slowly worsening "
                  "weakness with swallowing trouble is the urgent slow_weakness_with_swallowing rule."),
    ),
    Rule(
        "cauda_equina", EMERGENCY, _cauda_equina,
        "Back pain spreading into a leg with new bladder, bowel or sexual problems, or numbness between the "
        "legs or around the bottom, can mean the nerves at the base of the spine are being squashed (cauda "
        "equina). Go to an emergency department or call emergency services now.",
        cite("§5", NG127_SUMMARY,
             note="fibrotrack also applies this to numbness between the legs on its own, and to a new bladder "
                  "or bowel change together with weakness (conservative)."),
    ),
    Rule(
        "botulism_pattern", EMERGENCY, _botulism,
        "Weakness with double vision and slurred speech or trouble swallowing can be a sign of botulism or "
        "another serious nerve or muscle problem. Call emergency services now.",
        cite("§5", MERCK_FINDINGS),
    ),
    Rule(
        "organophosphate_pattern", EMERGENCY, _organophosphate,
        "Weakness or twitching with a lot of saliva or drooling can be a sign of poisoning (for example by "
        "insecticides) or of a weak swallow that puts your airway at risk. Call emergency services now.",
        cite("§5", MERCK_FINDINGS, ACCESSMEDICINE_AIRWAY,
             note="fibrotrack asks only about excess saliva; the full pattern also has small pupils, cramps "
                  "and diarrhoea."),
    ),
)
