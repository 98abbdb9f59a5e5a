"""Reads of an analysis: a whole study's grid data in a fixed number of queries, whatever its size.

One query shape for the page, the API and the CLI: levels, statements, profile fields, sessions,
participants, then the live notes (deleted_at NULL) as plain values.
"""

from __future__ import annotations

from typing import Any

from sessions.models import Note, Participant, Session
from statements.models import ProfileField, ScaleLevel, Statement, Study

from .dataset import Level, NoteRow, ParticipantInfo, ProfileFieldInfo, StatementInfo, StudyData
from .filters import AnalysisFilters, parse_filters


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
    levels = [Level(key=k, label=lbl, off_scale=off) for _, k, lbl, off in level_rows]
    level_keys = {pk: key for pk, key, _, _ in level_rows}
    statement_rows = list(
        Statement.objects.filter(study=study)
        .order_by("position", "id")
        .values_list("id", "key", "title", "text")
    )
    statements = [StatementInfo(key=k, title=t, text=x, id=pk) for pk, k, t, x in statement_rows]
    statement_keys = {pk: key for pk, key, _, _ in statement_rows}
    profile_fields = [
        ProfileFieldInfo(key=k, label=lbl)
        for k, lbl in ProfileField.objects.filter(study=study)
        .order_by("position", "id")
        .values_list("key", "label")
    ]
    session_rows = list(
        Session.objects.filter(study=study).order_by("position", "id").values_list("id", "name")
    )
    session_names = dict(session_rows)
    participant_qs = Participant.objects.filter(study=study).exclude(withdrawal="erased")
    if filters.session:
        participant_qs = participant_qs.filter(session__name=filters.session)
    participants: list[ParticipantInfo] = []
    participant_codes: dict[int, str] = {}
    for pk, code, session_id, profile in participant_qs.order_by(
        "number", "code", "id"
    ).values_list("id", "code", "session_id", "profile"):
        profile = profile or {}
        if _profile_matches(profile, filters):
            participants.append(
                ParticipantInfo(code=code, session=session_names[session_id], profile=profile)
            )
            participant_codes[pk] = code
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
    for row in notes_qs.order_by("created_at", "seq").values_list(*fields):
        code = participant_codes.get(row[1])
        if code is None:
            continue
        notes.append(
            NoteRow(
                session=session_names[row[0]],
                participant=code,
                statement=statement_keys[row[2]],
                level=level_keys[row[3]],
                text=row[4] if with_text else "",
                created_at=row[5] if with_text else None,
                updated_at=row[6] if with_text else None,
                id=str(row[7]) if with_text else "",
            )
        )
    return StudyData(
        title=study.title,
        levels=levels,
        statements=statements,
        participants=participants,
        notes=notes,
        profile_fields=profile_fields,
        sessions=[name for _, name in session_rows],
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
        for pk, session, text, created, updated in qs.order_by("created_at", "seq").values_list(
            "id", "session__name", "text", "created_at", "updated_at"
        )
    ]


def session_participation(*, session: Session) -> dict[str, Any]:
    """Who took part in a session and how much: per joined participant their live notes and the
    statements they wrote on; removed and never-joined participants listed apart."""
    people = list(
        Participant.objects.filter(session=session)
        .order_by("number", "id")
        .values("id", "code", "color", "consented_at", "removed_at")
    )
    counts: dict[int, dict[str, Any]] = {}
    for pid, statement_id in Note.objects.filter(
        session=session, deleted_at__isnull=True
    ).values_list("participant_id", "statement_id"):
        entry = counts.setdefault(pid, {"notes": 0, "statements": set()})
        entry["notes"] += 1
        entry["statements"].add(statement_id)
    joined, apart = [], []
    for person in people:
        entry = counts.get(person["id"], {"notes": 0, "statements": set()})
        row = {**person, "notes": entry["notes"], "statements": len(entry["statements"])}
        if person["removed_at"] is None and person["consented_at"] is not None:
            joined.append(row)
        else:
            row["why"] = "removed" if person["removed_at"] is not None else "never joined"
            apart.append(row)
    return {
        "joined": joined,
        "apart": apart,
        "notes": sum(row["notes"] for row in joined),
        "writers": sum(1 for row in joined if row["notes"]),
    }
