"""Flaredown imports: the per-user export and the research dataset, mapping, doses, ids and errors."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fibrotrack.catalog import custom_trackable
from fibrotrack.errors import ValidationError
from fibrotrack.interop.dose import parse_dose
from fibrotrack.interop.flaredown import iter_users, list_users, parse_flaredown
from fibrotrack.interop.foreign import MAX_SOURCE_ID_CHARS, source_id, trackable_code

BERLIN = ZoneInfo("Europe/Berlin")

# The per-user export: Date, conditions, symptoms, treatments (headed by name only), then Tags and Foods.
EXPORT = """\ufeffDate,Fibromyalgia,Headache,Eye twitch,Left eyelid twitching,Muscle weakness,Brain fog,Fatigue,\
Lower back pain,Headache,Pregabalin,Magnesium,Zofran
2017-04-26,3,2,1,2,3,4,2,3,1,75.0 mg,Taken,3 x 5mg,tired; stressed,"Coffee, brewed"
2017-04-27,2,,0,1,2,3,3,2,,75.0 mg,Not Taken,,,
2017-04-28,9,1,0,0,1,,2,,,,,,rainy day,
"""
EXPORT = EXPORT.replace("Zofran\n", "Zofran,Tags,Foods\n", 1)

USER_A = "QEVuQwEA+WkNxtp/qkHvN2YmTBBDqg=="
USER_B = "QEVuQwEAO+R1md5HUn8+w1Qpbg7ogw=="
# The research dataset: rows in the shape of the public Kaggle file (two users, every trackable type).
RESEARCH = f"""user_id,age,sex,country,checkin_date,trackable_id,trackable_type,trackable_name,trackable_value
{USER_A},0,female,CA,2017-04-28,3170,Condition,pain in hand joints,4
{USER_A},0,female,CA,2017-04-28,1356,Condition,Headache,2
{USER_A},0,female,CA,2017-04-28,123,Symptom,Joint stiffness,3
{USER_A},0,female,CA,2017-04-28,9363,Weather,icon,rain
{USER_A},0,female,CA,2017-04-28,9363,Weather,temperature_min,54.0
{USER_B},34,female,US,2015-05-26,421,Condition,Fibromyalgia,2
{USER_B},34,female,US,2015-05-26,152,Symptom,Muscle twitching,1
{USER_B},34,female,US,2015-05-26,153,Symptom,Fasciculations,2
{USER_B},34,female,US,2015-05-26,154,Symptom,Tiredness,3
{USER_B},34,female,US,2015-05-26,9890,Treatment,Zofran,8.0 mg
{USER_B},34,female,US,2015-05-26,9891,Treatment,Magnesium,
{USER_B},34,female,US,2015-05-26,1,Tag,tired,
{USER_B},34,female,US,2015-05-26,7,Food,"Cheese, cheddar",
{USER_B},34,female,US,2015-05-26,9363,Weather,humidity,66.0
{USER_B},34,female,US,2015-05-26,77,HBI,general_wellbeing,2
{USER_B},34,female,US,2015-06-14,421,Condition,Fibromyalgia,0
{USER_B},34,female,US,2015-06-14,152,Symptom,Muscle twitching,7
"""


def _by(rows, name):
    return [r for r in rows if r.detail.get("original_name") == name]


# --- per-user export ------------------------------------------------------------------------------


def test_export_maps_symptoms_to_builtins_rescaled_with_the_original_kept():
    result = parse_flaredown(EXPORT, tz=BERLIN)
    weakness = _by(result.rows, "Muscle weakness")[0]
    assert (weakness.trackable, weakness.value, weakness.unit) == ("weakness", 7.5, "0-10")
    assert weakness.detail == {"original_value": 3, "original_scale": "0-4", "original_name": "Muscle weakness"}
    assert [r.value for r in _by(result.rows, "Fatigue")] == [5.0, 7.5, 5.0]
    assert result.mapped["Fatigue"] == "fatigue"


def test_eye_twitch_without_a_side_keeps_the_site_as_a_hint_and_a_side_maps_to_a_body_site():
    result = parse_flaredown(EXPORT, tz=BERLIN)
    unsided = _by(result.rows, "Eye twitch")[0]
    assert (unsided.trackable, unsided.body_site, unsided.detail["original_site"]) == ("twitching", None, "eyelid")
    sided = _by(result.rows, "Left eyelid twitching")[0]
    assert (sided.trackable, sided.body_site, sided.value) == ("twitching", "eyelid_left", 5.0)
    back = _by(result.rows, "Lower back pain")[0]
    assert (back.trackable, back.body_site, back.value) == ("pain", "lower_back", 7.5)


def test_conditions_and_unknown_symptoms_become_own_trackables_on_their_0_to_4_scale():
    result = parse_flaredown(EXPORT, tz=BERLIN)
    fibro = _by(result.rows, "Fibromyalgia")
    assert [(r.trackable, r.value, r.unit) for r in fibro] == [("fd_fibromyalgia", 3.0, "0-4"),
                                                              ("fd_fibromyalgia", 2.0, "0-4")]
    created = {t.code: t for t in result.trackables_to_create}
    assert created["fd_fibromyalgia"].label == "Fibromyalgia (condition)"  # a condition rating is not pain
    assert (created["fd_brain_fog"].low, created["fd_brain_fog"].high, created["fd_brain_fog"].unit) == (0, 4, "0-4")
    assert result.created == [t.code for t in result.trackables_to_create]
    assert not any(r.trackable == "pain" and r.detail.get("original_name") == "Fibromyalgia" for r in result.rows)


def test_a_name_heading_two_columns_gets_two_source_ids():
    result = parse_flaredown(EXPORT, tz=BERLIN)
    headache = [r for r in result.rows if r.trackable == "fd_headache" and r.at.day == 26]
    assert len(headache) == 2
    assert len({r.source_id for r in headache}) == 2
    assert result.mapped["Headache#2"] == "fd_headache"


def test_treatments_value_dose_and_not_taken():
    result = parse_flaredown(EXPORT, tz=BERLIN)
    pregabalin = _by(result.rows, "Pregabalin")
    assert [(r.trackable, r.value) for r in pregabalin] == [("med:pregabalin", 1.0), ("med:pregabalin", 1.0)]
    assert pregabalin[0].detail == {"original_name": "Pregabalin", "dose": "75.0 mg", "dose_amount": 75.0,
                                    "dose_unit": "mg"}
    magnesium = _by(result.rows, "Magnesium")
    assert [(r.value, r.detail["original_value"]) for r in magnesium] == [(1.0, "Taken"), (0.0, "Not Taken")]
    zofran = _by(result.rows, "Zofran")
    assert len(zofran) == 1  # an empty cell is not a check-in of the treatment
    assert zofran[0].detail == {"original_name": "Zofran", "dose": "3 x 5mg", "dose_amount": 15.0,
                                     "dose_unit": "mg", "dose_count": 3}


def test_tags_and_foods_become_yes_no_trackables_on_the_days_they_were_logged():
    result = parse_flaredown(EXPORT, tz=BERLIN)
    tags = sorted((r.trackable, r.at.day) for r in result.rows if r.trackable.startswith("fd_tag_"))
    assert tags == [("fd_tag_rainy_day", 28), ("fd_tag_stressed", 26), ("fd_tag_tired", 26)]
    food = [r for r in result.rows if r.trackable.startswith("fd_food_")]
    assert [(r.trackable, r.value) for r in food] == [("fd_food_coffee_brewed", 1.0)]
    assert {t.code: t.unit for t in result.trackables_to_create}["fd_tag_tired"] == "yes/no"
    assert result.mapped["tag:tired"] == "fd_tag_tired"
    assert result.mapped["food:Coffee, brewed"] == "fd_food_coffee_brewed"


def test_a_check_in_sits_at_noon_local_time_in_the_callers_zone():
    result = parse_flaredown(EXPORT, tz=BERLIN)
    assert {r.at for r in result.rows if r.line == 2} == {datetime(2017, 4, 26, 12, 0, tzinfo=BERLIN)}
    assert all(r.at.timetz() == time(12, 0, tzinfo=BERLIN) for r in result.rows)
    assert all(r.source == "import:flaredown" for r in result.rows)


def test_a_bad_rating_is_a_row_error_with_its_line_and_column():
    result = parse_flaredown(EXPORT, tz=BERLIN)
    assert [(e.line, e.field) for e in result.errors] == [(4, "Fibromyalgia")]
    assert "0–4" in result.errors[0].problem
    assert not [r for r in result.rows if r.line == 4 and r.detail.get("original_name") == "Fibromyalgia"]


def test_source_ids_are_stable_and_unique_so_reimporting_adds_nothing():
    first = parse_flaredown(EXPORT, tz=BERLIN)
    again = parse_flaredown(EXPORT, tz=ZoneInfo("America/New_York"))
    ids = [r.source_id for r in first.rows]
    assert len(ids) == len(set(ids))
    assert ids == [r.source_id for r in again.rows]
    assert "flaredown:me:2017-04-26:rating:muscle weakness" in ids


def test_every_row_passes_the_catalog_check_except_medication_dose_details(catalog_errors):
    result = parse_flaredown(EXPORT, tz=BERLIN)
    rows = [r for r in result.rows if not r.trackable.startswith("med:")]
    assert catalog_errors(rows, result.trackables_to_create) == []


def test_medication_rows_pass_the_catalog_check(catalog_errors):
    result = parse_flaredown(EXPORT, tz=BERLIN)
    rows = [r for r in result.rows if r.trackable.startswith("med:")]
    assert catalog_errors(rows, result.trackables_to_create) == []


def test_a_file_that_is_not_flaredown_is_refused():
    with pytest.raises(ValidationError) as caught:
        parse_flaredown("at,trackable,value\n", tz=BERLIN)
    assert caught.value.field == "header"
    with pytest.raises(ValidationError, match="empty"):
        parse_flaredown("", tz=BERLIN)


def test_a_short_row_or_a_bad_date_is_an_error_not_a_crash():
    text = "Date,Pain,Tags,Foods\n2020-01-01,2\n2020-01-02,3,,\n2020-13-01,1,,\n"
    result = parse_flaredown(text, tz=BERLIN)
    assert [(e.line, e.field) for e in result.errors] == [(2, "row"), (4, "Date")]
    assert [(r.line, r.trackable, r.value) for r in result.rows] == [(3, "pain", 7.5)]


# --- research dataset -----------------------------------------------------------------------------


def test_list_users_gives_each_person_with_their_check_in_days():
    users = list_users(RESEARCH)
    assert [u.user_id for u in users] == [USER_B, USER_A]
    assert (users[0].checkins, users[0].first_on, users[0].last_on, users[0].sex) == (2, "2015-05-26", "2015-06-14",
                                                                                       "female")
    assert users[1].to_dict()["country"] == "CA"


def test_research_file_with_several_people_needs_a_user():
    with pytest.raises(ValidationError) as caught:
        parse_flaredown(RESEARCH, tz=BERLIN)
    assert caught.value.field == "user" and "2 people" in caught.value.problem
    with pytest.raises(ValidationError, match="no rows for user"):
        parse_flaredown(RESEARCH, tz=BERLIN, user_id="nobody")


def test_research_user_rows_are_mapped():
    result = parse_flaredown(RESEARCH, tz=ZoneInfo("America/Chicago"), user_id=USER_B)
    got = sorted((r.trackable, r.value, r.at.date().isoformat()) for r in result.rows)
    assert got == [
        ("fatigue", 7.5, "2015-05-26"),
        ("fd_fibromyalgia", 0.0, "2015-06-14"),
        ("fd_fibromyalgia", 2.0, "2015-05-26"),
        ("fd_food_cheese_cheddar", 1.0, "2015-05-26"),
        ("fd_tag_tired", 1.0, "2015-05-26"),
        ("med:magnesium", 1.0, "2015-05-26"),
        ("med:zofran", 1.0, "2015-05-26"),
        ("twitching", 2.5, "2015-05-26"),
        ("twitching", 5.0, "2015-05-26"),
    ]
    zofran = next(r for r in result.rows if r.trackable == "med:zofran")
    assert (zofran.detail["dose_amount"], zofran.detail["dose_unit"]) == (8.0, "mg")
    assert "dose" not in next(r for r in result.rows if r.trackable == "med:magnesium").detail
    assert [(e.line, e.field) for e in result.errors] == [(18, "trackable_value")]  # twitching rated 7 of 4
    skipped = dict(result.skipped)
    assert set(skipped) == {"weather:humidity", "HBI:general_wellbeing"}
    assert skipped["HBI:general_wellbeing"] == "trackable type 'HBI' is not imported"
    assert "postal code" in skipped["weather:humidity"]
    assert all(r.source_id.startswith(f"flaredown:{USER_B}:") for r in result.rows)


def test_a_single_person_research_file_needs_no_user():
    lines = RESEARCH.splitlines()
    only_a = "\n".join([lines[0], *[line for line in lines if line.startswith(USER_A)]]) + "\n"
    result = parse_flaredown(only_a, tz=BERLIN)
    assert {r.trackable for r in result.rows} == {"fd_pain_in_hand_joints", "fd_headache", "fd_joint_stiffness"}
    assert [name for name, _ in result.skipped] == ["weather:icon", "weather:temperature_min"]


def test_all_users_in_one_pass_equal_one_user_at_a_time():
    together = list(iter_users(RESEARCH, tz=BERLIN))
    assert [user.user_id for user, _ in together] == [USER_B, USER_A]
    for user, result in together:
        assert result == parse_flaredown(RESEARCH, tz=BERLIN, user_id=user.user_id)
    with pytest.raises(ValidationError):
        list(iter_users(EXPORT, tz=BERLIN))


def test_research_rows_pass_the_catalog_check(catalog_errors):
    result = parse_flaredown(RESEARCH, tz=BERLIN, user_id=USER_B)
    rows = [r for r in result.rows if not r.trackable.startswith("med:")]
    assert catalog_errors(rows, result.trackables_to_create) == []


def test_to_dict_summarises_the_import():
    summary = parse_flaredown(RESEARCH, tz=BERLIN, user_id=USER_B).to_dict()
    assert summary["format"] == "flaredown" and summary["rows"] == 9
    assert {"name": "HBI:general_wellbeing", "reason": "trackable type 'HBI' is not imported"} in summary["skipped"]


# --- doses and names ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("8.0 mg", {"dose_amount": 8.0, "dose_unit": "mg"}),
    ("3 x 5mg", {"dose_amount": 15.0, "dose_unit": "mg", "dose_count": 3}),
    ("2 × 500 mg", {"dose_amount": 1000.0, "dose_unit": "mg", "dose_count": 2}),
    ("1000 IU", {"dose_amount": 1000.0, "dose_unit": "IU"}),
    ("2 Tablets", {"dose_amount": 2.0, "dose_unit": "tablet"}),
    ("1/2 tablet", {"dose_amount": 0.5, "dose_unit": "tablet"}),
    ("0,5 mg", {"dose_amount": 0.5, "dose_unit": "mg"}),
    ("10 mcg", {"dose_amount": 10.0, "dose_unit": "µg"}),
    ("2", {"dose_amount": 2.0}),
    ("a little", {}),
    ("Taken", {}),
    ("", {}),
    ("1/0 mg", {}),
])
def test_parse_dose(text, expected):
    assert parse_dose(text) == expected


@given(st.text(min_size=1, max_size=200))
def test_any_name_gives_a_valid_custom_trackable_code(name):
    code = trackable_code("fd_tag", name)
    assert custom_trackable(code, name.strip() or "x", "yes/no", 0, 1).code == code
    assert trackable_code("fd_tag", name) == code


@given(st.lists(st.text(max_size=120), min_size=1, max_size=5))
def test_source_ids_fit_the_database_column(parts):
    sid = source_id(*parts)
    assert len(sid) <= MAX_SOURCE_ID_CHARS
    assert sid == source_id(*parts)
