"""Questionnaires and clinical scales: ACR fibromyalgia criteria (2010/2011/2016), FS, FIQR, FiRST and MRC.

Pure core: every instrument is constant data with ``validate(answers)`` and ``score(answers)``; results are
frozen, unrounded and have ``to_dict()``. Look instruments up with :func:`get_instrument`. Each rule cites
clinical REFERENCE.md and its primary source; see ``docs/instruments.md``.
"""

from .acr import ACR2010, ACR2011, ACR2016, ACR2016_CLINICIAN, AcrCriteria, AcrResult
from .acr_survey import PSD_BANDS, REGIONS, painful_regions, psd_band, wpi
from .base import Citation, Instrument, Item, Result
from .fiqr import FIQR, FiqrResult, fiqr_band
from .first import FIRST, FirstResult
from .fs import FS, FsResult
from .mrc import MRC, MUSCLE_GROUPS, MrcGrade, MrcResult
from .prefill import prefill_wpi
from .registry import INSTRUMENTS, get_instrument, list_instruments
from .schedule import DEFAULT_CADENCE, Due, Trend, TrendPoint, next_due, trend

__all__ = [
    "ACR2010",
    "ACR2011",
    "ACR2016",
    "ACR2016_CLINICIAN",
    "DEFAULT_CADENCE",
    "FIQR",
    "FIRST",
    "FS",
    "INSTRUMENTS",
    "MRC",
    "MUSCLE_GROUPS",
    "PSD_BANDS",
    "REGIONS",
    "AcrCriteria",
    "AcrResult",
    "Citation",
    "Due",
    "FiqrResult",
    "FirstResult",
    "FsResult",
    "Instrument",
    "Item",
    "MrcGrade",
    "MrcResult",
    "Result",
    "Trend",
    "TrendPoint",
    "fiqr_band",
    "get_instrument",
    "list_instruments",
    "next_due",
    "painful_regions",
    "prefill_wpi",
    "psd_band",
    "trend",
    "wpi",
]
