"""REFERENCE.md §9 worked examples A–N and the PSD band boundaries.

Reference rule (REFERENCE.md §1.5):
    dx2010 = ((wpi>=7 && ss2010>=5) || (3<=wpi<=6 && ss2010>=9)) && dur3m && !otherDisorderExplainsPain
    dx2011 = ((wpi>=7 && sss>=5) || (3<=wpi<=6 && sss>=9)) && dur3m && !otherDisorderExplainsPain
    dx2016 = ((wpi>=7 && sss>=5) || (4<=wpi<=6 && sss>=9)) && regions16>=4 && dur3m
    FS = wpi + sss; bands 0-3 none, 4-7 mild, 8-11 moderate, 12-19 severe, 20-31 very severe
"""

from __future__ import annotations

import json

import pytest

from fibrotrack.instruments import ACR2010, ACR2011, ACR2016, ACR2016_CLINICIAN, FS, psd_band


A_AREAS = "shL shR uaL uaR hipL hipR ulL ulR neck ub lb"
ALL_19 = "jawL shL uaL laL jawR shR uaR laR hipL ulL llL hipR ulR llR neck ub lb chest abd"

# id, areas, (F,U,C), band, (H,A,D), duration, other, WPI, regions, SS2010, SSS, 2010, 2011, GP, 2016, FS, FS band
EXAMPLES = [
    ("A", A_AREAS, (3, 2, 2), 2, (1, 0, 1), True, False, 11, 5, 9, 9, True, True, True, True, 20, "very severe"),
    ("B", "neck shL hipR", (3, 3, 2), 1, (1, 0, 0), True, False, 3, 3, 9, 9, True, True, False, False, 12, "severe"),
    ("C", "shL shR hipL hipR", (3, 3, 2), 1, (1, 0, 0), True, False, 4, 4, 9, 9, True, True, True, True, 13,
     "severe"),
    ("D", "shL shR hipL hipR neck lb", (3, 3, 2), 0, (0, 0, 0), True, False, 6, 5, 8, 8, False, False, True, False,
     14, "severe"),
    ("E", "jawL jawR neck ub lb chest abd", (2, 2, 1), 0, (0, 0, 0), True, False, 7, 1, 5, 5, True, True, False,
     False, 12, "severe"),
    ("F", "jawL jawR shL shR uaL uaR laL laR neck ub lb chest abd", (3, 3, 3), 3, (1, 1, 1), True, False, 13, 3, 12,
     12, True, True, False, False, 25, "very severe"),
    ("G", "shL shR hipL hipR chest abd", (3, 3, 3), 0, (0, 0, 0), True, False, 6, 4, 9, 9, True, True, True, True,
     15, "severe"),
    ("H", "shL shR ulL llR lb", (3, 2, 2), 3, (1, 0, 0), True, False, 5, 5, 10, 8, True, False, True, False, 13,
     "severe"),
    ("I", A_AREAS, (3, 2, 2), 2, (1, 0, 1), True, True, 11, 5, 9, 9, False, False, True, True, 20, "very severe"),
    ("J", A_AREAS, (3, 2, 2), 2, (1, 0, 1), False, False, 11, 5, 9, 9, False, False, True, False, 20, "very severe"),
    ("K", "shL shR hipL hipR neck ub lb", (1, 1, 1), 1, (1, 0, 0), True, False, 7, 5, 4, 4, False, False, True, False,
     11, "moderate"),
    ("L", ALL_19, (3, 3, 3), 3, (1, 1, 1), True, False, 19, 5, 12, 12, True, True, True, True, 31, "very severe"),
    ("M", "", (0, 0, 0), 0, (0, 0, 0), True, False, 0, 0, 0, 0, False, False, False, False, 0, "none"),
    ("N", "shL uaL shR hipL ulL llL hipR", (2, 1, 1), 1, (0, 0, 1), True, False, 7, 4, 5, 5, True, True, True, True,
     12, "severe"),
]


def _answers(acr, version, spec, fuc, band, had, duration, other):
    return acr.answers(version, acr.areas(spec), fuc, band=band, had=tuple(bool(x) for x in had), duration=duration,
                       other=other)


@pytest.mark.parametrize(
    "ex, spec, fuc, band, had, duration, other, wpi, regions, ss2010, sss, dx10, dx11, gp, dx16, fs, fs_band",
    EXAMPLES, ids=[e[0] for e in EXAMPLES],
)
def test_reference_example(ex, spec, fuc, band, had, duration, other, wpi, regions, ss2010, sss, dx10, dx11, gp,
                           dx16, fs, fs_band, acr):
    r10 = ACR2010.score(_answers(acr, "acr2010", spec, fuc, band, had, duration, other))
    r11 = ACR2011.score(_answers(acr, "acr2011", spec, fuc, band, had, duration, other))
    r16 = ACR2016.score(_answers(acr, "acr2016", spec, fuc, band, had, duration, other))
    r16c = ACR2016_CLINICIAN.score(_answers(acr, "acr2016_clinician", spec, fuc, band, had, duration, other))
    rfs = FS.score(_answers(acr, "fs", spec, fuc, band, had, duration, other))

    for result in (r10, r11, r16, r16c, rfs):
        assert result.wpi == wpi
    for result in (r10, r11, r16, r16c):
        assert result.generalized_pain_regions == regions
        assert result.generalized_pain is gp
        assert result.fs == fs
        assert result.fs_band == fs_band
        assert result.sss_three_items == sss
    assert r10.sss == ss2010  # 2010 result reports the SS2010 (clinician band)
    assert r11.sss == r16.sss == r16c.sss == rfs.sss == sss
    assert r10.meets_criteria is dx10
    assert r11.meets_criteria is dx11
    assert r16.meets_criteria is dx16
    assert r16c.meets_criteria is dx16  # same rule, clinician form
    assert (rfs.fs, rfs.fs_band) == (fs, fs_band)


@pytest.mark.parametrize("ex", [e for e in EXAMPLES], ids=[e[0] for e in EXAMPLES])
def test_2010_outcome_does_not_need_the_three_items(ex, acr):
    # The 2010 form has no headache/abdomen/depression items; without them the outcome is unchanged, FS is None.
    _, spec, fuc, band, _had, duration, other, wpi, _r, ss2010, _s, dx10, *_ = ex
    result = ACR2010.score(acr.answers("acr2010", acr.areas(spec), fuc, band=band, had=None, duration=duration,
                                       other=other))
    assert (result.wpi, result.sss, result.meets_criteria) == (wpi, ss2010, dx10)
    assert result.fs is None and result.fs_band is None and result.sss_three_items is None
    assert any("FS not computed" in reason for reason in result.reasons)


REQUIRED_KEYS = {"instrument", "wpi", "sss", "generalized_pain_regions", "generalized_pain", "meets_criteria", "fs",
                 "fs_band", "reasons"}


@pytest.mark.parametrize("instrument", [ACR2010, ACR2011, ACR2016, ACR2016_CLINICIAN], ids=lambda i: i.code)
def test_result_dict_has_required_keys_and_is_json(instrument, acr):
    result = instrument.score(_answers(acr, instrument.code, A_AREAS, (3, 2, 2), 2, (1, 0, 1), True, False))
    data = result.to_dict()
    assert REQUIRED_KEYS <= set(data)
    assert data["instrument"] == instrument.code
    assert isinstance(data["reasons"], list) and all(isinstance(r, str) for r in data["reasons"])
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize(
    "fs, band",
    # Wolfe 2015 (REFERENCE.md §1.4): none 0–3, mild 4–7, moderate 8–11, severe 12–19, very severe 20–31
    [(0, "none"), (3, "none"), (4, "mild"), (7, "mild"), (8, "moderate"), (11, "moderate"), (12, "severe"),
     (19, "severe"), (20, "very severe"), (31, "very severe")],
)
def test_psd_band_boundaries(fs, band):
    assert psd_band(fs) == band


@pytest.mark.parametrize("bad", [-1, 32, 3.5, "12", True, None])
def test_psd_band_rejects_out_of_scale(bad):
    from fibrotrack.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        psd_band(bad)
    assert info.value.field == "fs"


def test_fs_reasons_name_the_band_and_source(acr):
    result = FS.score(_answers(acr, "fs", "shL shR hipL hipR neck lb", (3, 3, 2), 0, (0, 0, 0), True, False))
    assert result.fs == 14 and result.fs_band == "severe"
    assert "FS 14 is in the severe band (12–19) of Wolfe 2015" in result.reasons
    assert "Wolfe" in result.fs_band_source and "2015" in result.fs_band_source
    assert "not a diagnosis" in result.caveat
