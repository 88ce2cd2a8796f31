"""Adaptive follow-up questions: which answers are still worth asking for, given what is known.

:func:`next_questions` is pure and deterministic, so the CLI and the web page drive the same flow:
show the questions, merge the answers into the partial case, call it again, until it returns nothing.

Method. A question is returned when
1. its field is still unknown,
2. it belongs to what was logged (weakness questions once weakness is logged, twitching questions once
   twitching is logged, the two symptom scores while neither is, and the signs related to a sign
   answered "yes", e.g. back pain into a leg after a bladder change), and
3. at least one possible answer would change the urgency: every answer (both booleans, every choice,
   typical numbers and site sets) is tried through :func:`~fibrotrack.triage.engine.evaluate`.

Once the answers so far make the case an emergency, no question is returned: the emergency advice is
shown at once and is never open to being answered away.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..catalog.body_sites import BODY_SITES
from ..errors import ValidationError
from .case import Case, parse_case
from .engine import evaluate
from .levels import EMERGENCY
from .rule import EYELID_TWITCHING_DAYS, PERSISTENT_TWITCHING_DAYS

__all__ = ["QUESTIONS", "Choice", "Question", "next_questions", "question", "set_answer"]

Kind = Literal["bool", "choice", "number", "sites"]


@dataclass(frozen=True, slots=True)
class Choice:
    """One allowed answer: the stored ``value`` and the ``label`` shown."""

    value: str
    label: str

    def to_dict(self) -> dict[str, str]:
        """Return ``{"value", "label"}``."""
        return {"value": self.value, "label": self.label}


@dataclass(frozen=True, slots=True)
class Question:
    """A follow-up question. ``id`` is the case path it fills (``"signs.face_droop"``)."""

    id: str
    text: str
    kind: Kind
    help: str
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"id", "text", "kind", "choices", "help", "minimum", "maximum"}``."""
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "choices": [c.to_dict() for c in self.choices],
            "help": self.help,
            "minimum": self.minimum,
            "maximum": self.maximum,
        }


def _bool(qid: str, text: str, help: str) -> Question:
    return Question(qid, text, "bool", help)


_SITE_CHOICES = tuple(Choice(s.code, s.label) for s in BODY_SITES)
_CALL = "If yes, call emergency services now, even if it goes away."

#: Every question, in the order they are asked.
QUESTIONS: tuple[Question, ...] = (
    Question("symptoms.twitching", "How strong is your muscle twitching, from 0 (none) to 10 (worst)?", "number",
             "Twitching (fasciculation) is a small flicker of a muscle under the skin that you do not control.",
             minimum=0, maximum=10),
    Question("symptoms.weakness", "How much muscle weakness do you have, from 0 (none) to 10 (worst)?", "number",
             "Count anything that feels like weakness; the next questions tell weakness and tiredness apart.",
             minimum=0, maximum=10),
    Question("weakness.kind", "Is it true weakness or tiredness?", "choice",
             "True weakness: you cannot do it at all, even when rested (lift the kettle, climb a step). "
             "Tiredness: you can do it, but you cannot keep doing it.",
             (Choice("true_weakness", "True weakness: I can't do it at all"),
              Choice("tiredness", "Tiredness: I can't keep doing it"))),
    Question("weakness.onset", "Did the weakness come on suddenly or gradually?", "choice",
             "Suddenly means within seconds or minutes. Sudden weakness, even of one hand, can be a stroke: "
             "call emergency services now.",
             (Choice("sudden", "Suddenly (within seconds or minutes)"),
              Choice("gradual", "Gradually (over hours, days or longer)"))),
    Question("weakness.side", "Which side of your body is weak?", "choice",
             "Weakness on one side or in one limb needs to be seen by a doctor today.",
             (Choice("left", "Left side"), Choice("right", "Right side"), Choice("both", "Both sides or all over"))),
    Question("weakness.sites", "Where is the weakness?", "sites",
             "Pick every place that is weak.", _SITE_CHOICES),
    Question("weakness.progression", "How has the weakness changed?", "choice",
             "Weakness that is getting worse over hours, days or a few weeks needs urgent care.",
             (Choice("hours_days", "Getting worse over hours or days"),
              Choice("weeks", "Getting worse over a few weeks (less than about a month)"),
              Choice("months", "Getting worse slowly, over months"),
              Choice("stable", "Not getting worse"))),
    Question("twitching.sites", "Where is the twitching?", "sites",
             "Pick every place that twitches.", _SITE_CHOICES),
    Question("twitching.duration_days", "For how many days have you had the twitching?", "number",
             f"Twitching that lasts {PERSISTENT_TWITCHING_DAYS} days or more (more than "
             f"{EYELID_TWITCHING_DAYS} days for an eyelid) is worth checking with a doctor.", minimum=0),
    _bool("signs.face_droop", "Is one side of your face drooping, for example a lopsided smile?", _CALL),
    _bool("signs.arm_drift", "If you raise both arms, does one drift down, or is one arm suddenly weak or numb?",
          _CALL),
    _bool("signs.speech_difficulty", "Is your speech slurred or garbled, or are words hard to get out?", _CALL),
    _bool("signs.sudden_vision_change", "Have you had sudden blurred vision or a sudden loss of vision?", _CALL),
    _bool("signs.double_vision", "Are you seeing double?", _CALL),
    _bool("signs.balance_loss", "Have you suddenly lost your balance or coordination?", _CALL),
    _bool("signs.breathless_at_rest", "Are you short of breath while resting?",
          "Weakness with breathlessness can mean the breathing muscles are affected."),
    _bool("signs.breathless_lying_flat", "Are you short of breath when you lie flat?",
          "Weakness with breathlessness can mean the breathing muscles are affected."),
    _bool("signs.swallowing_difficulty", "Do you have trouble swallowing, or do you choke on food or drink?",
          "Swallowing trouble with worsening weakness can put your airway at risk."),
    _bool("signs.excess_salivation", "Do you have much more saliva than usual, or are you drooling?",
          "Together with weakness or twitching this needs emergency care."),
    _bool("signs.numbness_one_side", "Is there numbness on one side of your body?",
          "Numbness on one side can be a sign of stroke."),
    _bool("signs.confusion", "Are you confused, unusually drowsy or less alert than usual?", _CALL),
    _bool("signs.worst_headache", "Do you have the worst headache of your life?", _CALL),
    _bool("signs.muscle_wasting", "Has any muscle visibly shrunk or become thinner?",
          "Muscle loss (wasting) with twitching or weakness should be checked by a doctor within days."),
    _bool("signs.rigidity", "Are your muscles stiff or rigid in a way that is new for you?",
          "New muscle stiffness with twitching should be checked by a doctor within days."),
    _bool("signs.tongue_twitching", "Is your tongue twitching?",
          "Look at your tongue resting inside your mouth in a mirror. Tongue twitching should be checked by a "
          "doctor within days."),
    _bool("signs.numbness", "Do you have numbness or a change in feeling?",
          "Twitching with a change in feeling is worth checking with a doctor."),
    _bool("signs.painful_vision_loss_one_eye", "Have you lost vision in one eye, with pain?",
          "Painful vision loss in one eye should be seen by a doctor today."),
    _bool("signs.dark_urine", "Is your urine dark, like tea or cola?",
          "Dark urine with muscle pain or weakness can mean muscle breakdown: tell a healthcare professional today."),
    _bool("signs.recent_injury", "Did this start after an injury, such as a fall, accident or strain?",
          "New weakness or numbness after an injury should be checked by a doctor."),
    _bool("signs.back_pain_into_leg", "Do you have low back pain that spreads into a leg?",
          "With bladder or bowel changes, or numbness between the legs, this is an emergency."),
    _bool("signs.bladder_bowel_change",
          "Have you had a new problem controlling your bladder or bowels, or new sexual problems?",
          "With back pain into a leg, or numbness between the legs, this is an emergency."),
    _bool("signs.saddle_numbness", "Is there numbness between your legs or around your bottom?", _CALL),
)

_BY_ID = {q.id: q for q in QUESTIONS}

_WEAKNESS_QUESTIONS = frozenset({
    "weakness.kind", "weakness.onset", "weakness.side", "weakness.sites", "weakness.progression",
    "signs.face_droop", "signs.arm_drift", "signs.speech_difficulty", "signs.sudden_vision_change",
    "signs.double_vision", "signs.balance_loss", "signs.breathless_at_rest", "signs.breathless_lying_flat",
    "signs.swallowing_difficulty", "signs.excess_salivation", "signs.numbness_one_side", "signs.confusion",
    "signs.worst_headache", "signs.muscle_wasting", "signs.rigidity", "signs.numbness",
    "signs.painful_vision_loss_one_eye", "signs.dark_urine", "signs.recent_injury",
    "signs.back_pain_into_leg", "signs.bladder_bowel_change", "signs.saddle_numbness",
})
_TWITCHING_QUESTIONS = frozenset({
    "twitching.sites", "twitching.duration_days", "symptoms.weakness", "signs.muscle_wasting",
    "signs.speech_difficulty", "signs.swallowing_difficulty", "signs.tongue_twitching", "signs.rigidity",
    "signs.numbness", "signs.excess_salivation",
})
_ENTRY_QUESTIONS = frozenset({"symptoms.twitching", "symptoms.weakness"})
# A "yes" to one sign makes related signs worth asking whatever was logged.
_FOLLOW_UPS: dict[str, frozenset[str]] = {
    "bladder_bowel_change": frozenset({"signs.back_pain_into_leg", "signs.saddle_numbness"}),
    "back_pain_into_leg": frozenset({"signs.bladder_bowel_change", "signs.saddle_numbness"}),
    "painful_vision_loss_one_eye": frozenset({"signs.sudden_vision_change", "signs.double_vision"}),
    "numbness_one_side": frozenset({"signs.face_droop", "signs.arm_drift", "signs.speech_difficulty"}),
    "recent_injury": frozenset({"signs.numbness", "signs.numbness_one_side"}),
}

# Answers tried for the questions that are not yes/no or a choice.
_TRIAL_ANSWERS: dict[str, tuple[Any, ...]] = {
    "symptoms.twitching": (0, 5),
    "symptoms.weakness": (0, 5),
    "twitching.duration_days": (0, PERSISTENT_TWITCHING_DAYS, EYELID_TWITCHING_DAYS + 1),
    "twitching.sites": (["calf_left"], ["eyelid_left"], ["tongue"]),
    "weakness.sites": (["hand_left"], ["hand_right"], ["hand_left", "hand_right"]),
}


def question(question_id: str) -> Question:
    """Return the question with this id.

    Raises:
        ValidationError: no such question.
    """
    try:
        return _BY_ID[question_id]
    except KeyError:
        raise ValidationError("question", f"unknown question {question_id!r}") from None


def set_answer(case: dict[str, Any], question_id: str, value: Any) -> None:
    """Put ``value`` into a raw case dict at the question's dotted id (``signs.face_droop``), in place.

    Returns nothing; intermediate groups are created as needed. The CLI and the web form both build raw
    cases this way before :func:`next_questions` and triage parse them.
    """
    head, _, rest = question_id.partition(".")
    if rest:
        set_answer(case.setdefault(head, {}), rest, value)
    else:
        case[head] = value


def _value(case: Case, path: str) -> Any:
    group, name = path.split(".")
    value = getattr(getattr(case, group), name)
    return None if value == () else value


def _answers(q: Question) -> tuple[Any, ...]:
    if q.kind == "bool":
        return (True, False)
    if q.kind == "choice":
        return tuple(c.value for c in q.choices)
    return _TRIAL_ANSWERS[q.id]


def _with(case: Case, path: str, value: Any) -> Case:
    data = case.to_dict()
    group, name = path.split(".")
    data.setdefault(group, {})[name] = value
    return parse_case(data)


def _relevant(case: Case) -> Callable[[Question], bool]:
    wanted: set[str] = set()
    if case.weakness_reported:
        wanted |= _WEAKNESS_QUESTIONS
    if case.twitching_reported:
        wanted |= _TWITCHING_QUESTIONS
    if not case.weakness_reported and not case.twitching_reported:
        wanted |= _ENTRY_QUESTIONS
    for sign in case.signs.present():
        wanted |= _FOLLOW_UPS.get(sign, frozenset())
    return lambda q: q.id in wanted


def next_questions(partial: Mapping[str, Any]) -> list[Question]:
    """Return the questions still worth asking about a partial case (its JSON form), in asking order.

    Raises:
        ValidationError: ``partial`` is not a valid case (see :func:`~fibrotrack.triage.case.parse_case`).
    """
    case = parse_case(partial)
    current = evaluate(case).urgency
    if current == EMERGENCY:
        return []
    relevant = _relevant(case)
    asked: list[Question] = []
    for q in QUESTIONS:
        if _value(case, q.id) is not None or not relevant(q):
            continue
        if any(evaluate(_with(case, q.id, answer)).urgency != current for answer in _answers(q)):
            asked.append(q)
    return asked
