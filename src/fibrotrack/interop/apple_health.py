"""Apple Health import: stream ``export.xml`` (or the ``export.zip`` the Health app makes) into daily values.

The file is read with :func:`defusedxml.ElementTree.iterparse` and every top-level element is cleared
as soon as it has been read, so memory stays flat however large the export is (a 1 GB export is
normal after a few years of Apple Watch use). A zip is read from its ``export.xml`` member as a
stream, never extracted. Entity declarations (the "billion laughs" attack) and external entities are
refused by defusedxml and reported as a :class:`~fibrotrack.errors.ValidationError`.

What becomes a daily value (each day is the local calendar day of the record, in the UTC offset the
record itself carries, e.g. ``2024-01-05 23:10:00 +0100``):

==============================================  ==================  =========================================
record type                                      trackable           daily value
==============================================  ==================  =========================================
``HKCategoryTypeIdentifierSleepAnalysis``         ``sleep_hours``     hours asleep (``Asleep``, ``AsleepCore``,
(asleep stages)                                                      ``AsleepDeep``, ``AsleepREM``,
                                                                     ``AsleepUnspecified``), for the morning
                                                                     the sleep ends
``HKCategoryTypeIdentifierSleepAnalysis``         ``time_in_bed_h``   hours in bed, same night rule
(``InBed``)
``HKQuantityTypeIdentifierStepCount``             ``steps``           sum
``HKQuantityTypeIdentifierHeartRate``             ``heart_rate_bpm``  mean of the samples
``HKQuantityTypeIdentifierRestingHeartRate``      ``resting_hr_bpm``  mean
``HKQuantityTypeIdentifierHeartRateVariability``  ``hrv_sdnn_ms``     mean (ms)
``SDNN``
``HKQuantityTypeIdentifierAppleExerciseTime``     ``exertion_min``    sum (minutes)
``HKQuantityTypeIdentifierDietaryCaffeine``       ``caffeine_mg``     sum (mg; g and µg converted)
==============================================  ==================  =========================================

Double counting: an iPhone and a watch both count steps, and several apps may write sleep. Sleep
intervals of a night are merged (their union is counted once, whoever wrote them). Steps and exercise
minutes are summed per source and the day takes the source with the largest total (the Health app
instead picks by a per-person source priority that is not in the export). Caffeine is summed over
all sources (each entry is a drink someone logged). Heart-rate means use every sample.

Rows for a day sit at 12:00 in that day's offset (sleep: at the time the last sleep of the night
ended); source ids are ``apple-health:<trackable>:<YYYY-MM-DD>``. Re-importing a later export therefore
skips days already imported, including a day that was incomplete the first time.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

from ..catalog import Trackable
from ..errors import RowError, ValidationError
from .csv_io import ParsedRow
from .foreign import ForeignImport, make_custom

__all__ = ["FORMAT", "SOURCE", "USER_TRACKABLES", "find_export_member", "parse_apple_health"]

FORMAT = "apple-health"
SOURCE = "import:apple-health"
Progress = Callable[[int, int], None]

SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
ASLEEP = frozenset({"HKCategoryValueSleepAnalysisAsleep", "HKCategoryValueSleepAnalysisAsleepCore",
                    "HKCategoryValueSleepAnalysisAsleepDeep", "HKCategoryValueSleepAnalysisAsleepREM",
                    "HKCategoryValueSleepAnalysisAsleepUnspecified"})
IN_BED = "HKCategoryValueSleepAnalysisInBed"

#: The person's own trackables this importer creates (code → label, unit, low, high).
USER_TRACKABLES: dict[str, tuple[str, str, float, float]] = {
    "steps": ("Steps", "steps", 0, 300_000),
    "heart_rate_bpm": ("Heart rate (daily mean)", "bpm", 0, 300),
    "resting_hr_bpm": ("Resting heart rate", "bpm", 0, 300),
    "hrv_sdnn_ms": ("Heart rate variability (SDNN, daily mean)", "ms", 0, 1000),
    "time_in_bed_h": ("Time in bed", "h", 0, 24),
}
# record type → (trackable, unit written on rows, how a day is formed, accepted units → factor)
_QUANTITIES: dict[str, tuple[str, str, str, dict[str, float]]] = {
    "HKQuantityTypeIdentifierStepCount": ("steps", "steps", "source_sum", {"count": 1.0}),
    "HKQuantityTypeIdentifierHeartRate": ("heart_rate_bpm", "bpm", "mean", {"count/min": 1.0}),
    "HKQuantityTypeIdentifierRestingHeartRate": ("resting_hr_bpm", "bpm", "mean", {"count/min": 1.0}),
    "HKQuantityTypeIdentifierHeartRateVariabilitySDNN": ("hrv_sdnn_ms", "ms", "mean", {"ms": 1.0}),
    "HKQuantityTypeIdentifierAppleExerciseTime": ("exertion_min", "min", "source_sum", {"min": 1.0}),
    "HKQuantityTypeIdentifierDietaryCaffeine": ("caffeine_mg", "mg", "sum",
                                                {"mg": 1.0, "g": 1000.0, "mcg": 0.001, "µg": 0.001}),
}
_TOP_LEVEL_QUIET = frozenset({"ExportDate", "Me"})
_PROGRESS_STEP = 1 << 20
_NOON = time(12, 0)


class _Counting:
    """A read-only stream wrapper that reports bytes read to a progress callback (about every MB)."""

    def __init__(self, raw: IO[bytes], total: int, progress: Progress | None) -> None:
        self.raw, self.total, self.progress = raw, total, progress
        self.count = 0
        self._next = _PROGRESS_STEP
        self._reported = -1

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        if self.count >= self._next:
            self._next = self.count + _PROGRESS_STEP
            self.report()
        return data

    def report(self) -> None:
        """Call the progress callback unless it has already seen the current count."""
        if self.progress is not None and self._reported != self.count:
            self._reported = self.count
            self.progress(self.count, self.total)


@dataclass(slots=True)
class _Day:
    """Running totals for one (trackable, day); ``by_source`` only where sources are compared."""

    first_record: int
    offset: timedelta
    total: float = 0.0
    count: int = 0
    by_source: dict[str, float] | None = None


@dataclass(slots=True)
class _Night:
    first_record: int
    intervals: list[tuple[datetime, datetime]] = field(default_factory=list)


def _instant(raw: str | None, name: str) -> datetime:
    """Parse Apple's ``2024-01-05 23:10:00 +0100`` (an aware datetime in the record's own offset)."""
    if raw and len(raw) == 25 and raw[19] == " ":
        raw = raw[:19] + raw[20:]
    try:
        parsed = datetime.fromisoformat(raw or "")
    except ValueError:
        raise ValidationError(name, f"{raw!r} is not a date-time like 2024-01-05 23:10:00 +0100") from None
    if parsed.tzinfo is None:
        raise ValidationError(name, f"{raw!r} has no UTC offset")
    return parsed


def find_export_member(names: list[str]) -> str | None:
    """Return the ``export.xml`` member of a Health zip.

    ``apple_health_export/export.xml`` (what the Health app writes), else the shallowest ``*/export.xml``.
    """
    if "apple_health_export/export.xml" in names:
        return "apple_health_export/export.xml"
    candidates = sorted((n for n in names if n == "export.xml" or n.endswith("/export.xml")),
                        key=lambda n: (n.count("/"), n))
    return candidates[0] if candidates else None


def parse_apple_health(source: str | os.PathLike[str] | IO[bytes], *,
                       progress: Progress | None = None) -> ForeignImport:
    """Read an Apple Health export (``export.xml`` or the Health app's zip) into daily rows.

    Args:
        source: a path, or a binary file object (a zip must then be seekable).
        progress: called as ``progress(bytes_read, total_bytes)`` about every megabyte and at the end
            (for a zip, bytes of the uncompressed ``export.xml``; ``total_bytes`` is 0 when unknown).

    Raises:
        ValidationError: the file cannot be opened, is not well-formed XML (the message gives the
            line), declares entities or external references (refused), is not an Apple Health export,
            or is a zip without ``export.xml``. Field ``file``.
    """
    try:
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as handle:
                return _parse_handle(handle, progress)
        return _parse_handle(source, progress)
    except OSError as exc:
        raise ValidationError("file", f"cannot read the file: {exc.strerror or exc}") from None


def _parse_handle(handle: IO[bytes], progress: Progress | None) -> ForeignImport:
    head = handle.read(4)
    handle.seek(0)
    if not head:
        raise ValidationError("file", "is empty")
    if head.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(handle)
        except zipfile.BadZipFile as exc:
            raise ValidationError("file", f"is not a readable zip archive ({exc})") from None
        with archive:
            member = find_export_member(archive.namelist())
            if member is None:
                raise ValidationError("file", "the zip holds no export.xml (expected apple_health_export/export.xml)")
            info = archive.getinfo(member)
            with archive.open(info) as stream:
                return _parse_stream(_Counting(stream, info.file_size, progress))
    try:
        total = os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        total = 0
    return _parse_stream(_Counting(handle, total, progress))


def _parse_stream(stream: _Counting) -> ForeignImport:
    reader = _Reader()
    try:
        reader.read(stream)
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise ValidationError("file", f"refused: the XML declares the external entity {exc.name!r} "
                                          f"({exc.sysid or exc.pubid}); external entities are never read") from None
        raise ValidationError("file", f"refused: the XML declares the entity {exc.name!r}; entity declarations can "
                                      "expand to gigabytes (\"billion laughs\"), so such files are not read") from None
    except ExternalReferenceForbidden as exc:
        raise ValidationError("file", f"refused: the XML refers to an external resource ({exc.sysid!r}); "
                                      "external entities are never fetched") from None
    except DefusedXmlException as exc:
        raise ValidationError("file", f"refused: unsafe XML ({exc})") from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        message = str(exc).split(":")[0]
        raise ValidationError("file", f"is not well-formed XML ({message} at line {line}, column {column})") from None
    except zipfile.BadZipFile as exc:
        raise ValidationError("file", f"the zip archive is damaged ({exc})") from None
    stream.report()
    return reader.result()


class _Reader:
    """Streams the XML and keeps only per-day totals."""

    def __init__(self) -> None:
        self.days: dict[tuple[str, date], _Day] = {}
        self.nights: dict[tuple[str, date], _Night] = {}
        self.types: dict[str, str] = {}
        self.skipped: dict[str, str] = {}
        self.errors: list[RowError] = []
        self.records = 0

    def read(self, stream: _Counting) -> None:
        depth = 0
        root = None
        for event, elem in iterparse(stream, events=("start", "end")):
            if event == "start":
                depth += 1
                if root is None:
                    root = elem
                    if elem.tag != "HealthData":
                        raise ValidationError("file", f"is not an Apple Health export (the root element is "
                                                      f"<{elem.tag[:40]}>, expected <HealthData>)")
                continue
            depth -= 1
            if depth != 1:
                continue
            if elem.tag == "Record":
                self.records += 1
                try:
                    self.record(elem.attrib)
                except ValidationError as exc:
                    if len(self.errors) < 1000:
                        self.errors.append(RowError(self.records, exc.field, exc.problem))
            elif elem.tag not in _TOP_LEVEL_QUIET:
                self.skipped.setdefault(elem.tag, "not imported (fibrotrack reads Record elements only)")
            root.clear()  # drop the element just read: memory stays flat
        if root is None:
            raise ValidationError("file", "is empty")

    def record(self, attrs: dict[str, str]) -> None:
        kind = attrs.get("type", "")
        spec = _QUANTITIES.get(kind)
        if spec is not None:
            trackable, _, how, units = spec
            factor = units.get(attrs.get("unit", ""))
            if factor is None:
                raise ValidationError("unit", f"{attrs.get('unit')!r} is not a unit fibrotrack reads for {kind}")
            try:
                value = float(attrs.get("value", "")) * factor
            except ValueError:
                raise ValidationError("value", f"{attrs.get('value')!r} is not a number") from None
            start = _instant(attrs.get("startDate"), "startDate")
            key = (trackable, start.date())
            day = self.days.get(key)
            if day is None:
                day = self.days[key] = _Day(self.records, start.utcoffset() or timedelta(0))
                self.types[trackable] = kind
            day.total += value
            day.count += 1
            if how == "source_sum":
                source = attrs.get("sourceName", "")
                if day.by_source is None:
                    day.by_source = {}
                day.by_source[source] = day.by_source.get(source, 0.0) + value
            return
        if kind == SLEEP:
            stage = attrs.get("value", "")
            trackable = "sleep_hours" if stage in ASLEEP else "time_in_bed_h" if stage == IN_BED else None
            if trackable is None:
                return  # awake spells and unknown stages are not sleep
            start = _instant(attrs.get("startDate"), "startDate")
            end = _instant(attrs.get("endDate"), "endDate")
            if end < start:
                raise ValidationError("endDate", "is before startDate")
            night = self.nights.setdefault((trackable, end.date()), _Night(self.records))
            night.intervals.append((start, end))
            self.types[trackable] = f"{SLEEP} ({'asleep' if trackable == 'sleep_hours' else 'InBed'})"
            return
        if kind not in self.skipped:
            self.skipped[kind] = "not imported (fibrotrack reads sleep, steps, heart rate, HRV, exercise, caffeine)"

    def result(self) -> ForeignImport:
        rows: list[ParsedRow] = []
        for (trackable, on), day in sorted(self.days.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            _, unit, how, _ = _QUANTITIES[self.types[trackable]]
            sources = day.by_source or {}
            if how == "mean":
                value = day.total / day.count
            elif sources:
                value = max(sources.values())
            else:
                value = day.total
            detail: dict[str, Any] = {"original_type": self.types[trackable], "original_records": day.count}
            if len(sources) > 1:
                detail["original_source"] = max(sources, key=lambda s: sources[s])
            at = datetime.combine(on, _NOON, timezone(day.offset))
            rows.append(_row(day.first_record, at, trackable, value, unit, detail))
        for (trackable, on), night in sorted(self.nights.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            hours, woke = _union_hours(night.intervals)
            detail = {"original_type": SLEEP, "original_records": len(night.intervals)}
            rows.append(_row(night.first_record, woke, trackable, hours, "h", detail))
        rows.sort(key=lambda r: (r.at.date(), r.trackable))
        used = sorted({r.trackable for r in rows})
        create: list[Trackable] = [make_custom(code, *USER_TRACKABLES[code])
                                   for code in used if code in USER_TRACKABLES]
        return ForeignImport(
            format=FORMAT, rows=rows, trackables_to_create=create,
            mapped={self.types[code]: code for code in used},
            created=[t.code for t in create], skipped=sorted(self.skipped.items()), errors=self.errors)


def _union_hours(intervals: list[tuple[datetime, datetime]]) -> tuple[float, datetime]:
    """Return the hours covered by the union of the intervals, and the latest end (in its own offset)."""
    ordered = sorted(intervals)
    covered = timedelta(0)
    current_start, current_end = ordered[0]
    for start, end in ordered[1:]:
        if start > current_end:
            covered += current_end - current_start
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    covered += current_end - current_start
    return covered.total_seconds() / 3600.0, max(end for _, end in ordered)


def _row(line: int, at: datetime, trackable: str, value: float, unit: str, detail: dict[str, Any]) -> ParsedRow:
    return ParsedRow(line=line, at=at, trackable=trackable, value=value, unit=unit, body_site=None, detail=detail,
                     source_id=f"apple-health:{trackable}:{at.date().isoformat()}", source=SOURCE)
