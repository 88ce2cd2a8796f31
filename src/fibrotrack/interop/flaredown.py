"""Flaredown imports: the per-user CSV export and the public research dataset (long format).

Two layouts, detected from the header:

* **per-user export** (the CSV Flaredown e-mails a person): ``Date``, then one column per condition,
  symptom and treatment the person tracked (in that order, headed by name only), then ``Tags`` and
  ``Foods`` (names joined by ``"; "``). Conditions and symptoms hold a 0–4 rating; treatments a dose
  string, ``Taken`` or ``Not Taken``. The header does not say which column is which: the treatment
  block starts at the first column with a cell containing a letter (a dose unit, ``Taken``), since
  Flaredown writes treatments last; the columns before it are ratings. A treatment column holding only
  bare numbers *before* every other treatment column cannot be told from a rating and is read as one
  (its numbers are then checked as 0–4 ratings).
* **research dataset** (Kaggle "Flaredown: Autoimmune Symptom Tracker"): header
  ``user_id,age,sex,country,checkin_date,trackable_id,trackable_type,trackable_name,trackable_value``,
  one row per user × day × trackable, many users in one file; pick one with ``user_id`` (see
  :func:`list_users`), or read everyone in one pass with :func:`iter_users`.

Mapping (documented in ``docs/interop.md``):

* symptoms (and conditions whose name is clearly a symptom) in the synonym table of
  :mod:`.flaredown_names` → built-in trackables; the 0–4 rating is rescaled to 0–10 (× 2.5) and the
  original kept in ``detail`` (``original_value``, ``original_scale: "0-4"``, ``original_name``);
* every other condition or symptom → the person's own trackable ``fd_<name>`` (0–4, not rescaled);
* treatments → ``med:<name>``: value 1 when taken (a dose or ``Taken``), 0 for ``Not Taken``; the
  dose string is kept in ``detail.dose`` with ``dose_amount``/``dose_unit``/``dose_count`` when it
  can be read (:func:`~fibrotrack.interop.dose.parse_dose`);
* tags and foods → own 0/1 trackables ``fd_tag_<name>`` / ``fd_food_<name>`` with value 1 on the days
  they were logged (a day without the tag is not written as 0: Flaredown does not record absence);
* weather rows and unknown trackable types are skipped, each name once, with the reason.

A check-in date has no time: rows are placed at 12:00 local time in ``tz`` (the caller's zone), so
their local date is the check-in date. Source ids are ``flaredown:<user>:<date>:<kind>:<name>``
(``<user>`` is ``me`` for the per-user export), so re-importing a file adds nothing twice.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Any

from ..catalog import Trackable, medication_code
from ..errors import RowError, ValidationError
from .csv_io import ParsedRow
from .dose import parse_dose
from .flaredown_names import CONDITION_NAMES, match_symptom
from .foreign import ForeignImport, make_custom, source_id, trackable_code

__all__ = ["FORMAT", "RESEARCH_HEADER", "SOURCE", "FlaredownUser", "flaredown_layout", "iter_users", "list_users",
           "parse_flaredown"]

FORMAT = "flaredown"
SOURCE = "import:flaredown"
RESEARCH_HEADER = ("user_id", "age", "sex", "country", "checkin_date", "trackable_id", "trackable_type",
                   "trackable_name", "trackable_value")
SEPARATOR = ";"
_RATINGS = {"0", "1", "2", "3", "4"}
_NOON = time(12, 0)
_WEATHER_REASON = ("weather is looked up for a postal code, not logged by the person, and the dataset does not "
                   "state its units")


@dataclass(frozen=True, slots=True)
class FlaredownUser:
    """One person in a research-dataset file: id, demographics as given, and their check-in days."""

    user_id: str
    age: str | None
    sex: str | None
    country: str | None
    checkins: int
    first_on: str
    last_on: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"user_id": self.user_id, "age": self.age, "sex": self.sex, "country": self.country,
                "checkins": self.checkins, "first_on": self.first_on, "last_on": self.last_on}


def _reader(text: str) -> Any:
    """A csv reader over ``text``; its ``line_num`` is the file line a row ends on (rows may span lines)."""
    return csv.reader(io.StringIO(text.lstrip("\ufeff")))


def flaredown_layout(header: list[str]) -> str | None:
    """Return ``"research"``, ``"export"`` or None for a CSV header row."""
    names = [h.strip() for h in header]
    if tuple(n.lower() for n in names) == RESEARCH_HEADER:
        return "research"
    if len(names) >= 3 and names[0].lower() == "date" and [n.lower() for n in names[-2:]] == ["tags", "foods"]:
        return "export"
    return None


def _header(text: str) -> tuple[Any, list[str], str]:
    reader = _reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError("file", "the file is empty") from None
    except csv.Error as exc:
        raise ValidationError("file", f"not a CSV file ({exc})") from None
    layout = flaredown_layout(header)
    if layout is None:
        raise ValidationError("header", "not a Flaredown export (expected Date,…,Tags,Foods or the research "
                                        f"dataset header {','.join(RESEARCH_HEADER)}); got {','.join(header)[:200]}")
    return reader, header, layout


def list_users(text: str) -> list[FlaredownUser]:
    """Return the people in a research-dataset file, most check-in days first.

    Raises:
        ValidationError: not a Flaredown file, or a per-user export (which holds one person and no ids).
    """
    reader, _, layout = _header(text)
    if layout != "research":
        raise ValidationError("file", "a per-user Flaredown export holds one person; import it without a user")
    days: dict[str, set[str]] = {}
    about: dict[str, tuple[str | None, str | None, str | None]] = {}
    for cells in reader:
        if len(cells) != len(RESEARCH_HEADER):
            continue
        user = cells[0].strip()
        days.setdefault(user, set()).add(cells[4].strip())
        if user not in about or not any(about[user]):
            about[user] = tuple(c.strip() or None for c in cells[1:4])  # type: ignore[assignment]
    users = [FlaredownUser(u, *about[u], len(d), min(d), max(d)) for u, d in days.items()]
    return sorted(users, key=lambda u: (-u.checkins, u.user_id))


class _Builder:
    """Collects rows, trackables, mappings and skips for one person."""

    def __init__(self, *, user: str, tz: tzinfo) -> None:
        self.user, self.tz = user, tz
        self.rows: list[ParsedRow] = []
        self.trackables: dict[str, Trackable] = {}
        self.mapped: dict[str, str] = {}
        self.skipped: dict[str, str] = {}
        self.errors: list[RowError] = []

    def at(self, line: int, raw: str) -> datetime:
        try:
            day = date.fromisoformat(raw.strip())
        except ValueError:
            raise ValidationError("date", f"{raw!r} is not a date (YYYY-MM-DD)") from None
        return datetime.combine(day, _NOON, self.tz)

    def add(self, line: int, at: datetime, kind: str, key: str, trackable: str, value: float, *,
            unit: str | None, body_site: str | None = None, detail: dict[str, Any] | None = None,
            mapped_as: str | None = None) -> None:
        """Add one row; ``key`` names the foreign trackable in the source id (and in ``mapped``)."""
        self.mapped.setdefault(mapped_as or key, trackable)
        self.rows.append(ParsedRow(
            line=line, at=at, trackable=trackable, value=value, unit=unit, body_site=body_site,
            detail=detail or {}, source_id=source_id("flaredown", self.user, at.date().isoformat(), kind,
                                                     key.strip().lower()),
            source=SOURCE))

    def custom(self, code: str, label: str, unit: str, low: float, high: float) -> str:
        if code not in self.trackables:
            self.trackables[code] = make_custom(code, label, unit, low, high)
        return code

    def rating(self, line: int, at: datetime, kind: str, name: str, raw: str, *, key: str | None = None) -> None:
        text = raw.strip()
        if text not in _RATINGS:
            try:
                number = float(text)
            except ValueError:
                number = None
            if number is None or not number.is_integer() or str(int(number)) not in _RATINGS:
                raise ValidationError(name, f"{raw!r} is not a Flaredown rating (a whole number 0–4)")
            text = str(int(number))
        rating = int(text)
        key = key or name
        match = match_symptom(name)
        if match is not None:
            detail = {"original_value": rating, "original_scale": "0-4", "original_name": name, **match.detail}
            self.add(line, at, kind, key, match.trackable, rating * 2.5, unit="0-10", body_site=match.body_site,
                     detail=detail)
            return
        is_condition = kind == "condition" or " ".join(name.lower().split()) in CONDITION_NAMES
        label = f"{name.strip()} (condition)" if is_condition else name.strip()
        code = self.custom(trackable_code("fd", name), label, "0-4", 0, 4)
        self.add(line, at, kind, key, code, float(rating), unit="0-4",
                 detail={"original_name": name, "original_kind": kind})

    def treatment(self, line: int, at: datetime, name: str, raw: str, *, empty_means_taken: bool,
                  key: str | None = None) -> None:
        text = raw.strip()
        if not text and not empty_means_taken:
            return
        code = medication_code(name)
        detail: dict[str, Any] = {"original_name": name}
        if text.lower() in ("not taken", "not_taken", "false"):
            value = 0.0
            detail["original_value"] = text
        else:
            value = 1.0
            if text and text.lower() not in ("taken", "true"):
                detail["dose"] = text[:120]
                detail.update(parse_dose(text))
            elif text:
                detail["original_value"] = text
        self.add(line, at, "treatment", key or name, code, value, unit="dose", detail=detail)

    def flag(self, line: int, at: datetime, kind: str, name: str) -> None:
        label = {"tag": "Tag", "food": "Food"}[kind]
        code = self.custom(trackable_code(f"fd_{kind}", name), f"{label}: {name.strip()}", "yes/no", 0, 1)
        self.add(line, at, kind, name, code, 1.0, unit="yes/no", detail={"original_name": name},
                 mapped_as=f"{kind}:{name.strip()}")

    def skip(self, name: str, reason: str) -> None:
        self.skipped.setdefault(name, reason)

    def result(self) -> ForeignImport:
        return ForeignImport(
            format=FORMAT, rows=self.rows, trackables_to_create=list(self.trackables.values()),
            mapped=dict(self.mapped), created=list(self.trackables), skipped=list(self.skipped.items()),
            errors=self.errors)


def parse_flaredown(text: str, *, tz: tzinfo, user_id: str | None = None) -> ForeignImport:
    """Read a Flaredown per-user export or one person of the research dataset (layout auto-detected).

    Args:
        text: the CSV file's text.
        tz: the person's time zone (a tzinfo); each check-in is placed at 12:00 local time that day.
        user_id: research dataset only: whose rows to read. May be omitted when the file holds one person.

    Raises:
        ValidationError: not a Flaredown file (field ``header``); for the research layout, ``user_id``
            missing while the file holds several people, or not found (field ``user``).
    """
    reader, header, layout = _header(text)
    if layout == "export":
        return _parse_export(reader, header, tz=tz)
    return _parse_research(text, reader, tz=tz, user_id=user_id)


def _rows(reader: Any, build: _Builder) -> Iterator[list[str]]:
    """Yield the rows of ``reader``; a CSV syntax error ends the file with a row error (as csv_io does)."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            build.errors.append(RowError(reader.line_num, "row", f"malformed CSV ({exc})"))
            return


def _is_text(value: str) -> bool:
    """True for a cell only a treatment column holds: a dose with a unit, ``Taken`` or ``Not Taken``."""
    return any(ch.isalpha() for ch in value)


def _parse_export(reader: Any, header: list[str], *, tz: tzinfo) -> ForeignImport:
    names = [h.strip() for h in header[1:-2]]
    lines: list[tuple[int, list[str]]] = []
    build = _Builder(user="me", tz=tz)
    for cells in _rows(reader, build):
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            build.errors.append(RowError(line, "row", f"has {len(cells)} fields; the header has {len(header)}"))
            continue
        lines.append((line, cells))
    first_treatment = next((i for i in range(len(names))
                            if any(_is_text(cells[1 + i]) for _, cells in lines)), len(names))
    seen: Counter[str] = Counter()
    keys = []
    for name in names:  # the same name may head a condition and a symptom column
        seen[name.lower()] += 1
        keys.append(name if seen[name.lower()] == 1 else f"{name}#{seen[name.lower()]}")
    for line, cells in lines:
        try:
            at = build.at(line, cells[0])
        except ValidationError as exc:
            build.errors.append(RowError(line, "Date", exc.problem))
            continue
        for i, name in enumerate(names):
            raw = cells[1 + i]
            try:
                if i >= first_treatment:
                    build.treatment(line, at, name, raw, empty_means_taken=False, key=keys[i])
                elif raw.strip():
                    build.rating(line, at, "rating", name, raw, key=keys[i])
            except ValidationError as exc:
                build.errors.append(RowError(line, name, exc.problem))
        for kind, cell in (("tag", cells[-2]), ("food", cells[-1])):
            for item in dict.fromkeys(p.strip() for p in cell.split(SEPARATOR) if p.strip()):
                build.flag(line, at, kind, item)
    return build.result()


def _parse_research(text: str, reader: Any, *, tz: tzinfo, user_id: str | None) -> ForeignImport:
    if user_id is None:
        users = list_users(text)
        if len(users) != 1:
            raise ValidationError("user", f"the file holds {len(users)} people; choose one with --user ID "
                                          "(list them with --list-users) or import --all-users")
        user_id = users[0].user_id
    build = _Builder(user=user_id, tz=tz)
    found = False
    for cells in _rows(reader, build):
        if cells and cells[0].strip() == user_id:
            found = True
            _research_row(build, reader.line_num, cells)
    if not found:
        raise ValidationError("user", f"no rows for user {user_id!r} in this file")
    return build.result()


def iter_users(text: str, *, tz: tzinfo) -> Iterator[tuple[FlaredownUser, ForeignImport]]:
    """Yield every person of a research-dataset file with their import, reading the file once (``--all-users``).

    Equivalent to :func:`parse_flaredown` with each id from :func:`list_users`, in the same order, without
    re-reading the file per person. The rows of everyone are grouped first, so memory grows with the file
    (about three times its size); each person's import is built as it is yielded.

    Raises:
        ValidationError: not a research-dataset file, or CSV that cannot be read to the end.
    """
    reader, _, layout = _header(text)
    if layout != "research":
        raise ValidationError("file", "a per-user Flaredown export holds one person; import it without --all-users")
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    scan = _Builder(user="", tz=tz)
    for cells in _rows(reader, scan):
        if cells and any(c.strip() for c in cells):
            groups.setdefault(cells[0].strip(), []).append((reader.line_num, cells))
    if scan.errors:
        raise ValidationError("file", str(scan.errors[0]))
    for user in list_users(text):
        build = _Builder(user=user.user_id, tz=tz)
        for line, cells in groups.pop(user.user_id, []):
            _research_row(build, line, cells)
        yield user, build.result()


def _research_row(build: _Builder, line: int, cells: list[str]) -> None:
    """Add one research-dataset row (already known to be this person's) to ``build``."""
    if len(cells) != len(RESEARCH_HEADER):
        build.errors.append(RowError(line, "row", f"has {len(cells)} fields; expected {len(RESEARCH_HEADER)}"))
        return
    row = dict(zip(RESEARCH_HEADER, (c.strip() for c in cells)))
    kind, name, raw = row["trackable_type"].lower(), row["trackable_name"], row["trackable_value"]
    if not name:
        build.errors.append(RowError(line, "trackable_name", "is required"))
        return
    try:
        at = build.at(line, row["checkin_date"])
        if kind in ("condition", "symptom"):
            if raw:
                build.rating(line, at, kind, name, raw)
        elif kind == "treatment":
            build.treatment(line, at, name, raw, empty_means_taken=True)
        elif kind in ("tag", "food"):
            build.flag(line, at, kind, name)
        elif kind == "weather":
            build.skip(f"weather:{name}", _WEATHER_REASON)
        else:
            build.skip(f"{row['trackable_type']}:{name}", f"trackable type {row['trackable_type']!r} is not imported")
    except ValidationError as exc:
        field = {"date": "checkin_date", name: "trackable_value"}.get(exc.field, exc.field)
        build.errors.append(RowError(line, field, exc.problem))
