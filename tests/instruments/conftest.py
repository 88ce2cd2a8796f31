"""Shared fixtures for instrument tests: ACR answer sets built from the short area names of REFERENCE.md §9."""

from __future__ import annotations

from typing import Any

import pytest

# Short names used in the REFERENCE.md §9 table → WPI area codes.
SHORT = {
    "jawL": "jaw_left", "jawR": "jaw_right",
    "shL": "shoulder_girdle_left", "shR": "shoulder_girdle_right",
    "uaL": "upper_arm_left", "uaR": "upper_arm_right",
    "laL": "lower_arm_left", "laR": "lower_arm_right",
    "hipL": "hip_left", "hipR": "hip_right",
    "ulL": "upper_leg_left", "ulR": "upper_leg_right",
    "llL": "lower_leg_left", "llR": "lower_leg_right",
    "neck": "neck", "ub": "upper_back", "lb": "lower_back", "chest": "chest", "abd": "abdomen",
}


class AcrBuilder:
    """Builds ACR answers: ``areas("shL neck")`` and ``answers(code, pain, (F, U, C), ...)``."""

    @staticmethod
    def areas(spec: str) -> list[str]:
        """Turn "shL shR neck" into WPI area codes."""
        return [SHORT[s] for s in spec.split()]

    @staticmethod
    def answers(
        code: str,
        pain: list[str],
        fuc: tuple[int, int, int],
        *,
        band: int = 0,
        had: tuple[bool, bool, bool] | None = (False, False, False),
        duration: bool = True,
        other: bool | None = False,
    ) -> dict[str, Any]:
        """Answers for an ACR form code (acr2010/acr2011/acr2016/acr2016_clinician/fs)."""
        answers: dict[str, Any] = {
            "pain_areas": list(pain),
            "fatigue": fuc[0],
            "waking_unrefreshed": fuc[1],
            "cognitive": fuc[2],
            "symptoms_3_months": duration,
        }
        if had is not None:
            answers.update(headaches=had[0], lower_abdominal_pain=had[1], depression=had[2])
        if code == "acr2010":
            answers["somatic_band"] = band
        if other is not None:
            answers["other_disorder_explains_pain"] = other
        return answers

    def score(self, instrument: Any, spec: str, fuc: tuple[int, int, int] = (3, 3, 3), **kw: Any) -> Any:
        """Score ``instrument`` on the areas in ``spec``."""
        return instrument.score(self.answers(instrument.code, self.areas(spec), fuc, **kw))


@pytest.fixture
def acr() -> AcrBuilder:
    """The ACR answer builder."""
    return AcrBuilder()
