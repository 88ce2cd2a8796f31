"""Generate Apple Health ``export.xml`` files for tests, written line by line (never held in memory).

``write_export(path, days=…)`` writes a small, realistic export with every record type fibrotrack
reads (and a few it ignores); ``target_bytes=`` keeps adding days of step and heart-rate samples until
the file reaches that size, for the memory test. ``zip_export`` wraps a file the way the Health app
does (``apple_health_export/export.xml``). Run as a script to make a file by hand::

    python tests/interop/apple_export_gen.py export.xml --mb 300
"""

from __future__ import annotations

import argparse
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
]>
<HealthData locale="en_GB">
 <ExportDate value="2024-02-01 08:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1980-05-04"
     HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""
FOOTER = "</HealthData>\n"
#: Samples per day for size tests: about 1,200 records (≈ 400 kB) a day, so 1 GB is about 7 years, as with a
#: real Apple Watch export (heart rate every few minutes, steps from two devices).
DENSE_SAMPLES = 400
TZ = timezone(timedelta(hours=1))
DEVICE = ("&lt;&lt;HKDevice: 0x283a1c2d0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
          "hardware:Watch6,1, software:10.2&gt;")


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S %z")


def record(kind: str, start: datetime, end: datetime, *, value: str | None, unit: str | None = None,
           source: str = "Apple Watch", children: str = "") -> str:
    """Return one ``<Record>`` element as Apple writes it (one line, or a few with children)."""
    attrs = [f'type="{kind}"', f'sourceName="{source}"', 'sourceVersion="10.2"', f'device="{DEVICE}"']
    if unit:
        attrs.append(f'unit="{unit}"')
    attrs += [f'creationDate="{_stamp(end)}"', f'startDate="{_stamp(start)}"', f'endDate="{_stamp(end)}"']
    if value is not None:
        attrs.append(f'value="{value}"')
    if children:
        return f" <Record {' '.join(attrs)}>\n{children} </Record>\n"
    return f" <Record {' '.join(attrs)}/>\n"


def day_records(day: date, *, samples: int = 4) -> list[str]:
    """Return one day of every record type fibrotrack reads, plus types it ignores.

    Per day: a night of sleep ending that morning (core, deep, REM and an awake spell, in bed 23:00–07:00),
    ``samples`` step counts from the iPhone and from the watch (the watch counts more), heart rate samples,
    a resting heart rate, an HRV sample with beat-to-beat children, 30 exercise minutes and two coffees.
    """
    night = datetime.combine(day - timedelta(days=1), datetime.min.time(), TZ) + timedelta(hours=23)
    out = [
        record("HKCategoryTypeIdentifierSleepAnalysis", night, night + timedelta(hours=8),
               value="HKCategoryValueSleepAnalysisInBed", source="iPhone"),
        record("HKCategoryTypeIdentifierSleepAnalysis", night + timedelta(minutes=20), night + timedelta(hours=3),
               value="HKCategoryValueSleepAnalysisAsleepCore"),
        record("HKCategoryTypeIdentifierSleepAnalysis", night + timedelta(hours=3), night + timedelta(hours=4),
               value="HKCategoryValueSleepAnalysisAsleepDeep"),
        record("HKCategoryTypeIdentifierSleepAnalysis", night + timedelta(hours=4), night + timedelta(hours=4.5),
               value="HKCategoryValueSleepAnalysisAwake"),
        record("HKCategoryTypeIdentifierSleepAnalysis", night + timedelta(hours=4.5), night + timedelta(hours=6),
               value="HKCategoryValueSleepAnalysisAsleepREM"),
        record("HKCategoryTypeIdentifierSleepAnalysis", night + timedelta(hours=6), night + timedelta(hours=7),
               value="HKCategoryValueSleepAnalysisAsleepUnspecified"),
    ]
    noon = datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=8)
    for i in range(samples):
        start = noon + timedelta(minutes=15 * i)
        end = start + timedelta(minutes=10)
        out.append(record("HKQuantityTypeIdentifierStepCount", start, end, value="500", unit="count",
                          source="iPhone"))
        out.append(record("HKQuantityTypeIdentifierStepCount", start, end, value="600", unit="count"))
        motion = '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n'
        out.append(record("HKQuantityTypeIdentifierHeartRate", start, start, value=str(60 + 10 * (i % 3)),
                          unit="count/min", children=motion))
    out.append(record("HKQuantityTypeIdentifierRestingHeartRate", noon, noon + timedelta(hours=10), value="58",
                      unit="count/min"))
    beats = "".join(f'   <InstantaneousBeatsPerMinute bpm="{60 + k}" time="8:0{k}:00.00 am"/>\n' for k in range(3))
    out.append(record("HKQuantityTypeIdentifierHeartRateVariabilitySDNN", noon, noon + timedelta(minutes=1),
                      value="42.5", unit="ms",
                      children=f"  <HeartRateVariabilityMetadataList>\n{beats}  </HeartRateVariabilityMetadataList>\n"))
    out.append(record("HKQuantityTypeIdentifierAppleExerciseTime", noon, noon + timedelta(minutes=30), value="30",
                      unit="min"))
    for hour in (1, 5):
        out.append(record("HKQuantityTypeIdentifierDietaryCaffeine", noon + timedelta(hours=hour),
                          noon + timedelta(hours=hour), value="95", unit="mg", source="Caffeine Tracker"))
    out.append(record("HKQuantityTypeIdentifierBodyMass", noon, noon, value="64.2", unit="kg", source="Scale"))
    return out


def _day_template(samples: int) -> str:
    """One day of records with the dates replaced by ``@P@`` (the day before) and ``@D@`` (the day)."""
    reference = date(2001, 1, 2)
    block = "".join(day_records(reference, samples=samples))
    return block.replace((reference - timedelta(days=1)).isoformat(), "@P@").replace(reference.isoformat(), "@D@")


def write_export(path: Path, *, days: int = 3, start_on: date = date(2024, 1, 5), samples: int = 4,
                 target_bytes: int | None = None) -> Path:
    """Write an export of ``days`` days (or, with ``target_bytes``, as many days as reach that size).

    Days are written from a template (the same records, new dates), so a gigabyte takes seconds.
    """
    template = _day_template(samples)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER)
        written = len(HEADER)
        day = 0
        while day < days or (target_bytes is not None and written < target_bytes):
            on = start_on + timedelta(days=day)
            block = template.replace("@P@", (on - timedelta(days=1)).isoformat()).replace("@D@", on.isoformat())
            out.write(block)
            written += len(block)
            day += 1
        out.write(' <ActivitySummary dateComponents="2024-01-05" activeEnergyBurned="410"/>\n')
        out.write(FOOTER)
    return path


def zip_export(xml_path: Path, zip_path: Path, *, member: str = "apple_health_export/export.xml") -> Path:
    """Zip ``xml_path`` as the Health app does (plus the CDA file it always adds)."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(xml_path, member)
        archive.writestr(member.replace("export.xml", "export_cda.xml"), "<ClinicalDocument/>")
    return zip_path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=1.0, help="target size in MB")
    args = parser.parse_args()
    write_export(args.out, days=1, samples=DENSE_SAMPLES, target_bytes=int(args.mb * 1_000_000))
    print(args.out, args.out.stat().st_size)
