"""Writes to the phase log: one entry (log, correct, delete) and a whole CSV log, all or nothing."""

from __future__ import annotations

import csv
import gc
import io
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.models import Membership, Study

from ..errors import PhaseError
from ..models import PhaseEntry
from .validation import EntryValues, StudyPhases, entry_values

CSV_COLUMNS = ("main", "visited", "minutes", "reason", "at", "by")
CSV_OPTIONAL = ("scenario",)
MAX_CSV_BYTES = 50 * 1024 * 1024


def _member_ids(study: Study) -> dict[str, int]:
    """Usernames of the study's members to their ids: an entry `by` a member is theirs."""
    return dict(Membership.objects.filter(study=study).values_list("user__username", "user_id"))


def entry_from_values(study: Study, values: EntryValues, user_id: int | None) -> PhaseEntry:
    """An unsaved entry of the study from checked values, owned by member `user_id` (or nobody)."""
    return PhaseEntry(
        study=study,
        main=values.main,
        visited=values.visited,
        minutes=values.minutes,
        reason=values.reason,
        scenario=values.scenario,
        at=values.at,
        by=values.by,
        user_id=user_id,
    )


@transaction.atomic
def entry_create(
    *,
    study: Study,
    main,
    visited,
    minutes,
    reason: str = "",
    scenario=None,
    at: datetime | str | None = None,
    by: str = "",
    user: AbstractBaseUser | None = None,
) -> PhaseEntry:
    """Log minutes spent on `visited` while `main` was the focus. Without `by` the entry is the
    user's; with a member's username as `by` it is that member's."""
    label = by or (user.get_username() if user else "")
    values = entry_values(
        StudyPhases(study),
        main=main,
        visited=visited,
        minutes=minutes,
        reason=reason,
        scenario=scenario,
        at=at,
        by=label,
    )
    user_id = _member_ids(study).get(values.by) if values.by else None
    entry = entry_from_values(study, values, user_id)
    entry.save()
    return entry


@transaction.atomic
def entry_update(*, entry: PhaseEntry, **fields) -> PhaseEntry:
    """Correct an entry: any of main, visited, minutes, reason, scenario, at, by."""
    allowed = {"main", "visited", "minutes", "reason", "scenario", "at", "by"}
    unknown = set(fields) - allowed
    if unknown:
        raise PhaseError(
            _("Unknown entry fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    current = {
        "main": entry.main,
        "visited": entry.visited,
        "minutes": entry.minutes,
        "reason": entry.reason,
        "scenario": entry.scenario,
        "at": entry.at,
        "by": entry.by,
    }
    if ("main" in fields or "visited" in fields) and "scenario" not in fields:
        current["scenario"] = None  # a scenario belongs to one shift
    values = entry_values(StudyPhases(entry.study), **{**current, **fields})
    for name in allowed:
        setattr(entry, name, getattr(values, name))
    if "by" in fields:
        entry.user_id = _member_ids(entry.study).get(values.by) if values.by else None
    entry.save()
    return entry


@transaction.atomic
def entry_delete(*, entry: PhaseEntry) -> None:
    entry.delete()


class CsvError(PhaseError):
    """A CSV log refused (code `phase_csv_invalid`, field `file`): the message names the row
    (1 is the header) and column of the first error."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        values = {"row": row, "column": repr(column), "message": message}
        if row and column:
            message = _("Row %(row)s, column %(column)s: %(message)s") % values
        elif row:
            message = _("Row %(row)s: %(message)s") % values
        elif column:
            message = _("Column %(column)s: %(message)s") % values
        super().__init__(message, field="file", code="phase_csv_invalid")
        self.row, self.column = row, column


def _decode(data: bytes) -> str:
    if len(data) > MAX_CSV_BYTES:
        raise CsvError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_CSV_BYTES // (1024 * 1024)}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvError(_("The file is not UTF-8 text."), row=line) from None


def _header(row: list[str]) -> list[str]:
    header = [name.strip().lower() for name in row]
    missing = [c for c in CSV_COLUMNS if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS + CSV_OPTIONAL]
    if missing or unknown or len(set(header)) != len(header):
        expected = ",".join(CSV_COLUMNS) + "[,scenario]"
        detail = (
            _("missing %(columns)s") % {"columns": ", ".join(missing)}
            if missing
            else _("unknown %(columns)s") % {"columns": ", ".join(unknown)}
            if unknown
            else _("a repeated column")
        )
        raise CsvError(
            _("The header must be %(columns)s (%(detail)s).")
            % {"columns": expected, "detail": detail},
            row=1,
        )
    return header


def entries_parse_csv(*, study: Study, data: bytes) -> list[tuple[EntryValues, int | None]]:
    """Check a CSV log: its entries' values and owners; CsvError names the first bad place."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        first = next(reader, None)
        if first is None:
            raise CsvError(_("The file is empty."), row=1)
        header = _header(first)
        phases = StudyPhases(study)
        members = _member_ids(study)
        entries = []
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CsvError(
                    _("%(count)s values where the header has %(expected)s.")
                    % {"count": len(row), "expected": len(header)},
                    row=row_number,
                )
            record = dict(zip(header, row, strict=True))
            try:
                values = entry_values(phases, **record)
            except PhaseError as exc:
                raise CsvError(exc.message, row=row_number, column=exc.field) from None
            entries.append((values, members.get(values.by)))
    except csv.Error as exc:
        raise CsvError(_("Malformed CSV: %(why)s.") % {"why": exc}, row=reader.line_num) from None
    return entries


COPY_COLUMNS = (
    "study_id",
    "main_id",
    "visited_id",
    "minutes",
    "reason",
    "scenario_id",
    "at",
    "by",
    "user_id",
    "created_at",
)


def entries_write(*, study: Study, entries: list[tuple[EntryValues, int | None]]) -> None:
    """Insert checked entries: PostgreSQL's COPY for a large log, bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        PhaseEntry.objects.bulk_create(
            [entry_from_values(study, values, user_id) for values, user_id in entries],
            batch_size=5000,
        )
        return
    now = timezone.now().isoformat()
    table = PhaseEntry._meta.db_table
    with connection.cursor() as cursor:
        columns = ", ".join(connection.ops.quote_name(c) for c in COPY_COLUMNS)
        sql = f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            chunk: list[str] = []
            for v, user_id in entries:
                chunk.append(
                    "\t".join(
                        (
                            str(study.pk),
                            str(v.main.pk),
                            str(v.visited.pk),
                            repr(v.minutes),
                            _copy_text(v.reason),
                            str(v.scenario.pk) if v.scenario else "\\N",
                            v.at.isoformat() if v.at else "\\N",
                            _copy_text(v.by),
                            str(user_id) if user_id else "\\N",
                            now,
                        )
                    )
                )
                if len(chunk) >= 10_000:
                    copy.write("\n".join(chunk) + "\n")
                    chunk = []
            if chunk:
                copy.write("\n".join(chunk) + "\n")


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(text: str) -> str:
    """Text in COPY's text format: backslash, tab and line breaks escaped."""
    return text.translate(_COPY_ESCAPES)


@transaction.atomic
def entries_import_csv(*, study: Study, data: bytes) -> int:
    """Import a CSV log (`main,visited,minutes,reason,at,by[,scenario]`): every row or none."""
    # A 200,000-row log makes as many small objects: the cyclic collector would scan them again
    # and again while they pile up, and none of them is garbage before the import ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        entries = entries_parse_csv(study=study, data=data)
        entries_write(study=study, entries=entries)
    finally:
        if collecting:
            gc.enable()
    return len(entries)
