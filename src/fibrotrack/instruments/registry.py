"""The instruments fibrotrack offers, by code, in the order forms are listed to people."""

from __future__ import annotations

from ..errors import ValidationError
from .acr import ACR2010, ACR2011, ACR2016, ACR2016_CLINICIAN
from .base import Audience, Instrument
from .fiqr import FIQR
from .first import FIRST
from .fs import FS
from .mrc import MRC

#: Every instrument, in listing order: self-report forms first, then clinician forms.
INSTRUMENTS: tuple[Instrument, ...] = (ACR2016, ACR2011, FS, FIQR, FIRST, ACR2016_CLINICIAN, ACR2010, MRC)

_BY_CODE: dict[str, Instrument] = {instrument.code: instrument for instrument in INSTRUMENTS}


def get_instrument(code: str) -> Instrument:
    """Return the instrument with this code.

    Raises:
        ValidationError: unknown code (field ``instrument``), listing the known codes.
    """
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        known = ", ".join(_BY_CODE)
        raise ValidationError("instrument", f"unknown instrument {code!r}; known: {known}") from None


def list_instruments(*, audience: Audience | None = None) -> tuple[Instrument, ...]:
    """Return the instruments in listing order, optionally only those for one ``audience``.

    Raises:
        ValidationError: ``audience`` is not ``"self_report"``, ``"clinician"`` or None.
    """
    if audience is None:
        return INSTRUMENTS
    if audience not in ("self_report", "clinician"):
        raise ValidationError("audience", f"{audience!r} is not self_report or clinician")
    return tuple(i for i in INSTRUMENTS if i.audience == audience)
