"""Pre-filling the WPI from logged pain sites (catalog body sites → WPI areas)."""

from __future__ import annotations

from fibrotrack.instruments import prefill_wpi


def test_twitch_sites_map_to_their_area_and_duplicates_collapse():
    assert prefill_wpi(["calf_left", "lower_leg_left", "thigh_right"]) == ["lower_leg_left", "upper_leg_right"]


def test_result_is_in_wpi_form_order():
    assert prefill_wpi(["abdomen", "neck", "jaw_right", "jaw_left"]) == ["jaw_left", "jaw_right", "neck", "abdomen"]


def test_sites_outside_every_area_and_unknown_codes_are_ignored():
    # REFERENCE.md §1.1: the WPI has no hand, foot or face area.
    assert prefill_wpi(["hand_left", "foot_right", "eyelid_left", "tongue"]) == []
    assert prefill_wpi(["nonsense", "", None, 7, ["neck"], "neck"]) == ["neck"]  # never fails


def test_accepts_any_iterable():
    assert prefill_wpi(site for site in ("chest", "chest")) == ["chest"]
    assert prefill_wpi([]) == []
