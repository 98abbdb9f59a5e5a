"""Reads of an analysis: a whole study's grid data in a fixed number of queries, whatever its size.

One query shape for the page, the API and the CLI: levels, statements, profile fields, sessions,
participants, then the live notes (deleted_at NULL) as plain values.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from sessions.models import NOTE_ORDER, Note, Participant, Session
from statements.models import ProfileField, ScaleLevel, Statement, Study

from .dataset import Level, NoteRow, ParticipantInfo, ProfileFieldInfo, StatementInfo, StudyData
from .filters import AnalysisFilters, parse_filters

# A participant with at least one live note: they took part even without a recorded consent
# (participants imported from a study file have none).
_HAS_NOTES = Exists(Note.objects.filter(participant=OuterRef("pk"), deleted_at__isnull=True))


def participant_apart_reason(
    *,
    removed_at: datetime | None,
    withdrawal: str,
    consented_at: datetime | None,
    has_notes: bool,
    profile: dict[str, Any],
) -> str:
    """Why a participant is left out of grids, N and charts, or "" when they count.

    A moderator's removal excludes them ("removed"); a withdrawal is not a removal (anonymised
    participants keep their marks). An invite nobody used, with no consent, notes or answers,
    is "never joined".
    """
    if removed_at is not None and not withdrawal:
        return "removed"
    if consented_at is None and not has_notes and not profile:
        return "never joined"
    return ""


def study_filter_choices(*, study: Study) -> dict[str, list[str]]:
    """The study's session names and profile field keys (what filters may name): two queries."""
    return {
        "sessions": list(Session.objects.filter(study=study).values_list("name", flat=True)),
        "profile_fields": list(
            ProfileField.objects.filter(study=study).values_list("key", flat=True)
        ),
    }


def analysis_filters_parse(*, study: Study, params: Any) -> AnalysisFilters:
    """Filters from request or command parameters, checked against the study (FilterError)."""
    return parse_filters(params, **study_filter_choices(study=study))


def _profile_matches(profile: dict[str, Any], filters: AnalysisFilters) -> bool:
    if not filters.profile_field:
        return True
    value = profile.get(filters.profile_field)
    return (
        value is not None
        and str(value).strip().casefold() == (filters.profile_value or "").casefold()
    )


def _participants_load(
    *, study: Study, filters: AnalysisFilters, session_names: dict[int, str]
) -> tuple[list[ParticipantInfo], list[ParticipantInfo], dict[int, str]]:
    """Counted participants, those listed apart, and the codes of the counted by id: one query."""
    participant_qs = Participant.objects.filter(study=study).exclude(withdrawal="erased")
    if filters.session:
        participant_qs = participant_qs.filter(session__name=filters.session)
    rows = (
        participant_qs.annotate(has_notes=_HAS_NOTES)
        .order_by("number", "code", "id")
        .values_list(
            "id",
            "code",
            "session_id",
            "profile",
            "removed_at",
            "withdrawal",
            "consented_at",
            "has_notes",
        )
    )
    counted: list[ParticipantInfo] = []
    apart: list[ParticipantInfo] = []
    codes: dict[int, str] = {}
    for pk, code, session_id, profile, removed_at, withdrawal, consented_at, has_notes in rows:
        profile = profile or {}
        if not _profile_matches(profile, filters):
            continue
        info = ParticipantInfo(code=code, session=session_names[session_id], profile=profile)
        why = participant_apart_reason(
            removed_at=removed_at,
            withdrawal=withdrawal,
            consented_at=consented_at,
            has_notes=has_notes,
            profile=profile,
        )
        if why:
            apart.append(dataclasses.replace(info, apart=why))
        else:
            counted.append(info)
            codes[pk] = code
    return counted, apart, codes


def _notes_load(
    *,
    study: Study,
    filters: AnalysisFilters,
    with_text: bool,
    names: dict[str, dict[int, str]],
) -> list[NoteRow]:
    """The live notes of the counted participants (names: session, participant, statement and
    level by id) under the filters: one query."""
    notes_qs = Note.objects.filter(session__study=study, deleted_at__isnull=True)
    if filters.session:
        notes_qs = notes_qs.filter(session__name=filters.session)
    if filters.since:
        notes_qs = notes_qs.filter(created_at__gte=filters.since)
    if filters.until:
        notes_qs = notes_qs.filter(created_at__lte=filters.until)
    fields = ["session_id", "participant_id", "statement_id", "level_id"]
    if with_text:
        fields += ["text", "created_at", "updated_at", "id"]
    notes = []
    for row in notes_qs.order_by(*NOTE_ORDER).values_list(*fields):
        code = names["participant"].get(row[1])
        if code is None:
            continue
        notes.append(
            NoteRow(
                session=names["session"][row[0]],
                participant=code,
                statement=names["statement"][row[2]],
                level=names["level"][row[3]],
                text=row[4] if with_text else "",
                created_at=row[5] if with_text else None,
                updated_at=row[6] if with_text else None,
                id=str(row[7]) if with_text else "",
            )
        )
    return notes


def study_data_load(
    *, study: Study, filters: AnalysisFilters | None = None, with_text: bool = True
) -> StudyData:
    """The study's analysis data under the filters; six queries whatever the study's size.

    `with_text=False` leaves note texts and times out (grids need only who, where and which).
    """
    filters = filters or AnalysisFilters()
    level_rows = list(
        ScaleLevel.objects.filter(study=study)
        .order_by("position", "id")
        .values_list("id", "key", "label", "off_scale")
    )
    statement_rows = list(
        Statement.objects.filter(study=study)
        .order_by("position", "id")
        .values_list("id", "key", "title", "text")
    )
    profile_fields = [
        ProfileFieldInfo(key=k, label=lbl, type=kind)
        for k, lbl, kind in ProfileField.objects.filter(study=study)
        .order_by("position", "id")
        .values_list("key", "label", "type")
    ]
    session_rows = list(
        Session.objects.filter(study=study).order_by("position", "id").values_list("id", "name")
    )
    session_names = dict(session_rows)
    participants, apart, codes = _participants_load(
        study=study, filters=filters, session_names=session_names
    )
    names = {
        "session": session_names,
        "participant": codes,
        "statement": {pk: key for pk, key, _, _ in statement_rows},
        "level": {pk: key for pk, key, _, _ in level_rows},
    }
    return StudyData(
        title=study.title,
        levels=[Level(key=k, label=lbl, off_scale=off) for _, k, lbl, off in level_rows],
        statements=[StatementInfo(key=k, title=t, text=x, id=pk) for pk, k, t, x in statement_rows],
        participants=participants,
        notes=_notes_load(study=study, filters=filters, with_text=with_text, names=names),
        profile_fields=profile_fields,
        sessions=[name for _, name in session_rows],
        apart=apart,
    )


def cell_notes_list(
    *,
    study: Study,
    statement: str,
    participant: str,
    level: str,
    filters: AnalysisFilters | None = None,
) -> list[NoteRow]:
    """The live notes of one grid cell (statement, participant, level) under the filters."""
    filters = filters or AnalysisFilters()
    qs = Note.objects.filter(
        session__study=study,
        deleted_at__isnull=True,
        statement__key=statement,
        participant__code=participant,
        level__key=level,
    )
    if filters.session:
        qs = qs.filter(session__name=filters.session)
    if filters.since:
        qs = qs.filter(created_at__gte=filters.since)
    if filters.until:
        qs = qs.filter(created_at__lte=filters.until)
    return [
        NoteRow(
            session=session,
            participant=participant,
            statement=statement,
            level=level,
            text=text,
            created_at=created,
            updated_at=updated,
            id=str(pk),
        )
        for pk, session, text, created, updated in qs.order_by(*NOTE_ORDER).values_list(
            "id", "session__name", "text", "created_at", "updated_at"
        )
    ]


def cell_labels(*, study: Study, statement: str, level: str) -> dict[str, str]:
    """What a cell's statement and level are called ("S1: Title", "Strongly agree"): two queries.

    Raises LookupError naming the key that is not the study's.
    """
    found = Statement.objects.filter(study=study, key=statement).values_list("title").first()
    if found is None:
        raise LookupError(_("No statement %(key)s in this study.") % {"key": repr(statement)})
    label = ScaleLevel.objects.filter(study=study, key=level).values_list("label").first()
    if label is None:
        raise LookupError(_("No level %(key)s in this study's scale.") % {"key": repr(level)})
    return {
        "statement": f"{statement}: {found[0]}" if found[0] else statement,
        "level": label[0],
    }


def session_participation(*, data: StudyData) -> dict[str, Any]:
    """Who took part in a session and how much, from its StudyData (filtered to the session): per
    counted participant their live notes and the statements they wrote on; removed and
    never-joined participants listed apart. No query."""
    notes: dict[str, int] = {}
    statements: dict[str, set[str]] = {}
    for note in data.notes:
        notes[note.participant] = notes.get(note.participant, 0) + 1
        statements.setdefault(note.participant, set()).add(note.statement)
    joined = [
        {
            "code": p.code,
            "notes": notes.get(p.code, 0),
            "statements": len(statements.get(p.code, ())),
        }
        for p in data.participants
    ]
    return {
        "joined": joined,
        "apart": [{"code": p.code, "why": p.apart} for p in data.apart],
        "notes": sum(row["notes"] for row in joined),
        "writers": sum(1 for row in joined if row["notes"]),
    }
