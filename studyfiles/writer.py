"""Writing a checked study file: the whole study in one transaction, all or nothing.

The study, its sessions, participants and notes are written here; the version-2 parts go through
their apps' services (studyfiles/parts/), in the same transaction."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sessions.models import Note, NoteRevision, Participant, Session, end_of_day
from sessions.palette import next_free_color
from statements.models import Study
from statements.services import LevelSpec, profile_field_add, statement_add, study_create
from statements.services.presets import NO_SCALE

from .parts import coding, phases
from .validation import SessionIn, StudyIn

BATCH_SIZE = 1000


@transaction.atomic
def study_write(*, spec: StudyIn, owner: AbstractBaseUser | None) -> Study:
    """Create the study of a validated file with its sessions, participants, notes and the
    version-2 parts (codebook, codings, memos, phases, phase scenarios and log)."""
    study = study_create(
        title=spec.title,
        owner=owner,
        description=spec.description,
        consent_text=spec.consent_text,
        # A study of phase tracking alone has no scale.
        scale=[LevelSpec(lv.key, lv.label, lv.off_scale) for lv in spec.scale] or NO_SCALE,
    )
    for field in spec.profile_fields:
        profile_field_add(
            study=study,
            key=field.key,
            label=field.label,
            type=field.type,
            choices=field.choices,
            required=field.required,
        )
    for statement in spec.statements:
        statement_add(study=study, key=statement.key, title=statement.title, text=statement.text)
    note_ids = _write_sessions(study=study, spec=spec) if spec.sessions else {}
    if "coding" in spec.parts:
        memos = coding.phase_memos(spec.parts["coding"])
        phases.write(study=study, part=spec.parts["phases"], memos=memos)
        coding.write(study=study, part=spec.parts["coding"], note_ids=note_ids)
    return study


def _write_sessions(*, study: Study, spec: StudyIn) -> dict[str, uuid.UUID]:
    """Write the sessions with their participants and notes; the file's note ids to the notes'
    primary keys.

    A session's notes are numbered 1, 2, … (Note.seq, creation order within the session) and its
    sequence (Session.last_seq) is left at the last of them, so that a session imported as
    planned and then run live numbers its events and notes after the imported notes.
    """
    sessions = Session.objects.bulk_create(
        Session(
            study=study,
            name=s.name,
            held_on=s.held_on,
            position=i,
            last_seq=len(s.notes),
            **_held(s),
        )
        for i, s in enumerate(spec.sessions)
    )
    participants = _write_participants(study=study, spec=spec, sessions=sessions)
    levels = {lv.key: lv for lv in study.scale_levels.all()}
    statements = {st.key: st for st in study.statements.all()}
    notes: list[Note] = []
    revisions: list[NoteRevision] = []
    for session, s in zip(sessions, spec.sessions, strict=True):
        for place, n in enumerate(s.notes, start=1):
            # A note the file gives no time has none: null, never the time of the import.
            note = Note(
                id=uuid.uuid4(),
                session=session,
                statement=statements[n.statement],
                participant=participants[n.participant],
                level=levels[n.level],
                text=n.text,
                created_at=n.created_at,
                updated_at=n.created_at,
                seq=place,
                file_id=n.id,
            )
            notes.append(note)
            revisions.append(
                NoteRevision(
                    note=note,
                    kind=NoteRevision.Kind.CREATE,
                    version=1,
                    level=note.level,
                    text=note.text,
                    created_at=n.created_at,
                )
            )
    Note.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    NoteRevision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    return {note.file_id: note.id for note in notes if note.file_id}


def _write_participants(
    *, study: Study, spec: StudyIn, sessions: list[Session]
) -> dict[str, Participant]:
    """Write the sessions' participants, numbered in file order; their codes to them."""
    # Given colours are kept; a participant without one gets a colour nobody in the study has.
    used = [p.color for s in spec.sessions for p in s.participants if p.color]
    participants: dict[str, Participant] = {}
    number = 0
    for session, s in zip(sessions, spec.sessions, strict=True):
        for p in s.participants:
            number += 1
            color = p.color or next_free_color(used)
            used.append(color)
            participants[p.code] = Participant(
                study=study,
                session=session,
                code=p.code,
                number=number,
                color=color,
                profile=p.profile,
            )
    Participant.objects.bulk_create(participants.values(), batch_size=BATCH_SIZE)
    return participants


def _held(session: SessionIn) -> dict[str, Any]:
    """A session of the file that holds notes and has a date took place: it comes in Ended, its
    invites and board closed. It ended at its last note when the file gives times, else (all
    that is known) by the end of the day it was held. Other sessions come in as planned ones."""
    if not (session.notes and session.held_on):
        return {}
    times = [n.created_at for n in session.notes if n.created_at is not None]
    ended_at = max(times) if times else end_of_day(session.held_on)
    return {"ended_at": ended_at, "invites_open": False, "locked": True}
