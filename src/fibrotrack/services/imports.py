"""One import for every format: fibrotrack CSV/JSON, FHIR R4 Bundles, Flaredown (both formats) and Apple Health.

The format is detected from the content when not given. Each file (each person, for a multi-person
Flaredown research file) is imported in one transaction: nothing is half-imported, except with
``skip_invalid``, which imports the valid rows and reports every rejected one.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..catalog import Trackable
from ..diary import zone
from ..errors import ValidationError
from ..interop.apple_health import parse_apple_health
from ..interop.detect import detect_format
from ..interop.fhir import ParsedBundle, parse_bundle
from ..interop.flaredown import flaredown_layout, iter_users, list_users, parse_flaredown
from ..interop.foreign import ForeignImport
from ..storage import Database, Repository
from .people import resolve_person, utc_now
from .transfer import ImportSummary, import_diary, import_trackables, import_treatments, store_rows

FORMATS = ("csv", "json", "fhir", "flaredown", "apple-health")
HEAD_BYTES = 64 * 1024
Progress = Callable[[int, int], None]


def _trackable_rows(items: Sequence[Trackable]) -> list[dict[str, Any]]:
    return [{"code": t.code, "label": t.label, "unit": t.unit, "low": t.low, "high": t.high} for t in items]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError("FILE", f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ValidationError("FILE", f"{path} is not UTF-8 text") from None


def detect_file_format(path: Path) -> str:
    """Return the format of the file at ``path`` from its first bytes and its name.

    Raises:
        ValidationError: unreadable, or no known format matches (the message lists the formats).
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise ValidationError("FILE", f"cannot read {path}: {exc.strerror}") from None
    return detect_format(head, filename=path.name)


def import_file(db: Database, *, person: str, path: Path, fmt: str | None = None, skip_invalid: bool = False,
                user: str | None = None, all_users: bool = False,
                progress: Progress | None = None) -> list[ImportSummary]:
    """Import the file at ``path`` and return one summary per person imported.

    ``user`` picks one person of a Flaredown research file (when it holds several, leaving it out lists
    the ids in the error); ``all_users`` imports each as their own person, named ``flaredown-<id>``.

    Raises:
        ValidationError: unknown or undetectable format, a malformed file (the message says where),
            ``--user`` missing or unknown, or without ``skip_invalid`` any invalid row (RowsInvalidError).
    """
    fmt = fmt or detect_file_format(path)
    if fmt not in FORMATS:
        raise ValidationError("format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    if (user or all_users) and fmt != "flaredown":
        raise ValidationError("--user", "--user and --all-users apply to Flaredown research files only")
    if fmt in ("csv", "json"):
        return [import_diary(db, person=person, text=_read_text(path), fmt=fmt, skip_invalid=skip_invalid)]
    if fmt == "fhir":
        return [_import_bundle(db, person=person, bundle=parse_bundle(_read_text(path), skip_invalid=skip_invalid),
                               skip_invalid=skip_invalid)]
    if fmt == "apple-health":
        return [_import_foreign(db, person=person, parsed=parse_apple_health(path, progress=progress),
                                skip_invalid=skip_invalid)]
    return _import_flaredown(db, person=person, text=_read_text(path), user=user, all_users=all_users,
                             skip_invalid=skip_invalid)


def _import_flaredown(db: Database, *, person: str, text: str, user: str | None, all_users: bool,
                      skip_invalid: bool) -> list[ImportSummary]:
    tz = zone(_time_zone(db, person))
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    research = flaredown_layout(next(csv.reader([first]), [])) == "research"
    if not research:
        if user or all_users:
            raise ValidationError("--user", "this is one person's Flaredown export; leave out --user/--all-users")
        return [_import_foreign(db, person=person, parsed=parse_flaredown(text, tz=tz), skip_invalid=skip_invalid)]
    users = list_users(text)
    if all_users:
        return [_import_foreign(db, person=f"flaredown-{who.user_id}", parsed=parsed, skip_invalid=skip_invalid)
                for who, parsed in iter_users(text, tz=tz)]
    if len(users) > 1 and user is None:
        shown = ", ".join(u.user_id for u in users[:20]) + (" …" if len(users) > 20 else "")
        raise ValidationError("--user", f"this file holds {len(users)} people; pick one with --user ID "
                                        f"(or --all-users): {shown}")
    if user is not None and user not in {u.user_id for u in users}:
        raise ValidationError("--user", f"no user {user!r} in this file")
    return [_import_foreign(db, person=person, parsed=parse_flaredown(text, tz=tz, user_id=user),
                            skip_invalid=skip_invalid)]


def _time_zone(db: Database, person: str) -> str:
    with db.unit_of_work() as repo:
        return resolve_person(repo, person, time_zone=db.default_time_zone, now=utc_now()).time_zone


def _import_foreign(db: Database, *, person: str, parsed: ForeignImport, skip_invalid: bool,
                    now: datetime | None = None) -> ImportSummary:
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        created = import_trackables(repo, who.id, _trackable_rows(parsed.trackables_to_create), now=now)
        added, duplicates, errors = store_rows(repo, who.id, parsed.rows, list(parsed.errors),
                                               default_source=f"import:{parsed.format}", skip_invalid=skip_invalid,
                                               now=now)
    return ImportSummary(parsed.format, len(parsed.rows) + len(parsed.errors), added, duplicates, created, 0,
                         tuple(errors), person=who.name, mapped=dict(parsed.mapped), skipped=tuple(parsed.skipped))


def _import_bundle(db: Database, *, person: str, bundle: ParsedBundle, skip_invalid: bool,
                   now: datetime | None = None) -> ImportSummary:
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        created = import_trackables(repo, who.id, _trackable_rows(bundle.trackables), now=now)
        treatments = import_treatments(repo, who.id, [
            {"name": t.name, "kind": t.kind, "dose": t.dose, "started_on": t.started_on.isoformat(),
             "stopped_on": t.stopped_on.isoformat() if t.stopped_on else None, "reason": t.reason}
            for t in bundle.treatments], now=now)
        added, duplicates, errors = store_rows(repo, who.id, bundle.observations, list(bundle.errors),
                                               default_source="import:fhir", skip_invalid=skip_invalid, now=now)
        assessments = _import_assessments(repo, who.id, bundle, now=now)
    return ImportSummary("fhir", len(bundle.observations) + len(bundle.errors), added, duplicates, created,
                         treatments, tuple(errors), person=who.name, assessments_added=assessments)


def _import_assessments(repo: Repository, person_id: int, bundle: ParsedBundle, *, now: datetime) -> int:
    have = {(a.kind, a.at) for a in repo.list_assessments(person_id)}
    added = 0
    for item in bundle.assessments:
        if (item.instrument, item.answered_at) in have:
            continue
        repo.add_assessment(person_id=person_id, instrument=item.instrument, version=item.version,
                            answered_at=item.answered_at, answers=dict(item.answers), result=dict(item.result),
                            now=now)
        added += 1
    return added
