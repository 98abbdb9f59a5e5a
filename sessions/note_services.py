"""Writes of participants' notes: create, edit, move, delete, each once and never over a newer one.

A note's id comes from the browser, so a resend after a reconnect is recognised and acknowledged
without a second note. Edits, moves and deletes carry the version they were based on: one based
on an old version is refused with the current state, never merged silently.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from focusgroup.text import TextError, text_check
from statements.models import ScaleLevel

from .errors import BoardError
from .events import event_append, note_data
from .models import Note, NoteRevision, Participant, Session, Step
from .models.board import NOTE_TEXT_MAX
from .note_store import CreateContext, create_context, create_stored, fill_checked
from .reads import parse_uuid, session_lock

OPEN_STEPS = frozenset({Step.COMMENT, Step.DISCUSS})
OPEN_STEP_KEYS = tuple(sorted(str(step) for step in OPEN_STEPS))  # for focus_note_create


@dataclass(frozen=True)
class NoteResult:
    """The note after a write, and whether the write was a repeat that changed nothing."""

    note: Note
    duplicate: bool = False


def clean_text(text: Any) -> str:
    """The note's text, trimmed, or a refusal saying what is wrong with it."""
    if not isinstance(text, str):
        raise BoardError(
            "invalid_field", _("'%(field)s' must be a string.") % {"field": "text"}, field="text"
        )
    try:
        text = text_check(text, field="text").strip()
    except TextError as exc:
        raise BoardError(exc.code, exc.message, field="text") from None
    if not text:
        raise BoardError("text_empty", _("A note needs some text."), field="text")
    if len(text) > NOTE_TEXT_MAX:
        raise BoardError(
            "text_too_long",
            _("A note holds at most %(max)s characters; this one has %(count)s.")
            % {"max": NOTE_TEXT_MAX, "count": len(text)},
            field="text",
        )
    return text


def _version(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BoardError(
            "invalid_field",
            _("'%(field)s' must be a positive integer.") % {"field": "base_version"},
            field="base_version",
        )
    return value


def _writer(participant: Participant) -> tuple[Session, Participant]:
    session = session_lock(participant.session_id)
    participant = Participant.objects.get(pk=participant.pk)
    if participant.removed_at is not None:
        raise BoardError("removed", _("You were removed from this session."))
    return session, participant


def _check_open(session: Session, statement_id: int, now: datetime | None = None) -> None:
    if session.locked:
        raise BoardError("board_locked", _("The moderator has locked the board for now."))
    if session.active_statement_id != statement_id:
        raise BoardError(
            "statement_not_active",
            _("Notes can only be written on the active statement."),
            field="statement_id",
        )
    if session.step not in OPEN_STEPS:
        raise BoardError(
            "step_closed",
            _("Notes are closed during the '%(step)s' step.") % {"step": Step(session.step).label},
        )
    if (
        session.step_deadline is not None
        and session.study.timer_closes_notes
        and (now or timezone.now()) >= session.step_deadline
    ):
        raise BoardError("time_up", _("Time is up: the moderator's timer has closed the notes."))


def _level(study_id: int, key: Any) -> ScaleLevel:
    if not isinstance(key, str):
        raise BoardError("invalid_field", _("'level' must be a column key."), field="level")
    level = ScaleLevel.objects.filter(study_id=study_id, key=key).first()
    if level is None:
        raise BoardError(
            "unknown_level", _("No column '%(key)s' in this study.") % {"key": key}, field="level"
        )
    return level


def _own_note(session: Session, participant: Participant, note_id: Any) -> Note:
    note = (
        Note.objects.select_for_update()
        .select_related("participant", "level")
        .filter(pk=parse_uuid(note_id, "note_id"), session=session)
        .first()
    )
    if note is None:
        raise BoardError(
            "note_not_found", _("No note %(id)s on this board.") % {"id": note_id}, field="note_id"
        )
    if note.participant_id != participant.pk:
        raise BoardError("not_your_note", _("You can only change your own notes."), field="note_id")
    return note


def _total(session: Session, statement_id: int) -> int:
    """The statement's notes on the board: anonymised marks of withdrawn participants are not.
    Two counts rather than a join, as in focus_note_create (migration 0009)."""
    notes = Note.objects.filter(session=session, statement_id=statement_id, deleted_at__isnull=True)
    withdrawn = Participant.objects.filter(session=session, withdrawn_at__isnull=False)
    return (
        notes.count()
        - notes.filter(participant__in=list(withdrawn.values_list("pk", flat=True))).count()
    )


def _record(session: Session, note: Note, kind: str, event: str) -> None:
    NoteRevision.objects.create(
        note=note,
        kind=kind,
        version=note.version,
        level=note.level,
        text=note.text,
        created_at=note.updated_at,
    )
    event_append(
        session=session,
        type=event,
        payload={"note": note_data(note), "note_total": _total(session, note.statement_id)},
        statement_id=note.statement_id,
    )


def _stale(note: Note, base_version: int) -> None:
    if note.deleted_at is not None:
        raise BoardError(
            "note_not_found", _("This note was deleted."), field="note_id", current=note_data(note)
        )
    if base_version != note.version:
        raise BoardError(
            "stale_version",
            _(
                "This note changed since you opened it (you had version %(base)s, "
                "it is now version %(version)s); here is its current text."
            )
            % {"base": base_version, "version": note.version},
            field="base_version",
            current=note_data(note),
        )


def new_note(
    *, participant: Participant, note_id: Any, statement_id: Any, level: Any, text: Any
) -> Note:
    """A new note from what its writer sent, not yet checked against its session; or a refusal
    saying which field is wrong."""
    note_uuid = parse_uuid(note_id, "id")
    text = clean_text(text)
    if isinstance(statement_id, bool) or not isinstance(statement_id, int):
        raise BoardError(
            "invalid_field",
            _("'%(field)s' must be an integer.") % {"field": "statement_id"},
            field="statement_id",
        )
    if not isinstance(level, str):
        raise BoardError("invalid_field", _("'level' must be a column key."), field="level")
    now = timezone.now()
    return Note(
        id=note_uuid,
        statement_id=statement_id,
        participant=participant,
        level=ScaleLevel(study_id=participant.study_id, key=level),
        text=text,
        created_at=now,
        updated_at=now,
    )


def note_create(
    *, participant: Participant, note_id: Any, statement_id: Any, level: Any, text: Any
) -> NoteResult:
    """Post a note on the active statement; the same id again is acknowledged, not doubled."""
    fields = {"note_id": note_id, "statement_id": statement_id, "level": level, "text": text}
    try:
        return _note_create(new_note(participant=participant, **fields))
    except IntegrityError:
        # Two sends of the same note raced and the other one was stored first: a duplicate.
        return _note_create(new_note(participant=participant, **fields))


def _note_create(note: Note) -> NoteResult:
    if connection.vendor == "postgresql":
        # One statement, checked and stored by the database (note_store.create_stored); a
        # savepoint only inside a caller's transaction, for the duplicate's retry.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            context, stored = create_stored(note, OPEN_STEP_KEYS)
        if stored:
            return NoteResult(note)
        refused = refuse_create(context, note)
        if refused is None:
            raise RuntimeError(f"The database refused note {note.id}, which passes every check.")
        return refused
    with transaction.atomic():  # the embedded SQLite: the ORM's statements
        context = create_context(note.participant_id, note.id, note.level.key)
        refused = refuse_create(context, note)
        if refused is not None:
            return refused
        fill_checked(note, context, seq=context.session.last_seq + 1)
        note.save(force_insert=True)
        _record(context.session, note, NoteRevision.Kind.CREATE, "note.created")
    return NoteResult(note)


def refuse_create(context: CreateContext, note: Note) -> NoteResult | None:
    """Why a new note cannot be stored (raised), the note itself if it was stored before (sent
    again), or None if it can be. focus_note_create (migration 0009) checks the same, in order."""
    if context.participant.removed_at is not None:
        raise BoardError("removed", _("You were removed from this session."))
    if context.author is not None:
        if context.author != context.participant.pk:
            raise BoardError("id_taken", _("This note id is already used."), field="id")
        existing = Note.objects.select_related("participant", "level").get(pk=note.id)
        return NoteResult(existing, duplicate=True)
    if context.level_pk is None:
        raise BoardError(
            "unknown_level",
            _("No column '%(key)s' in this study.") % {"key": note.level.key},
            field="level",
        )
    _check_open(context.session, note.statement_id, note.created_at)
    return None


@transaction.atomic
def note_edit(
    *, participant: Participant, note_id: Any, text: Any, base_version: Any
) -> NoteResult:
    """Rewrite one's own note; the same text again is acknowledged without a new version.

    During the discuss step a note flagged unclear can still be rewritten by its author.
    """
    text = clean_text(text)
    base_version = _version(base_version)
    session, participant = _writer(participant)
    note = _own_note(session, participant, note_id)
    if note.deleted_at is None and note.text == text and base_version >= note.version - 1:
        return NoteResult(note, duplicate=True)
    _stale(note, base_version)
    _check_open(session, note.statement_id)
    note.text = text
    note.version += 1
    note.flagged_unclear = False
    note.updated_at = timezone.now()
    note.save(update_fields=["text", "version", "flagged_unclear", "updated_at"])
    _record(session, note, NoteRevision.Kind.EDIT, "note.edited")
    return NoteResult(note)


@transaction.atomic
def note_move(
    *, participant: Participant, note_id: Any, level: Any, base_version: Any
) -> NoteResult:
    """Move one's own note to another column; each move is kept in the note's history."""
    base_version = _version(base_version)
    session, participant = _writer(participant)
    note = _own_note(session, participant, note_id)
    level_obj = _level(session.study_id, level)
    if note.deleted_at is None and note.level_id == level_obj.pk:
        return NoteResult(note, duplicate=True)
    _stale(note, base_version)
    _check_open(session, note.statement_id)
    note.level = level_obj
    note.version += 1
    note.updated_at = timezone.now()
    note.save(update_fields=["level", "version", "updated_at"])
    _record(session, note, NoteRevision.Kind.MOVE, "note.moved")
    return NoteResult(note)


@transaction.atomic
def note_delete(*, participant: Participant, note_id: Any, base_version: Any) -> NoteResult:
    """Delete one's own note (kept, marked deleted, for the record); twice is acknowledged."""
    base_version = _version(base_version)
    session, participant = _writer(participant)
    note = _own_note(session, participant, note_id)
    if note.deleted_at is not None:
        return NoteResult(note, duplicate=True)
    _stale(note, base_version)
    _check_open(session, note.statement_id)
    note.version += 1
    note.deleted_at = note.updated_at = timezone.now()
    note.save(update_fields=["version", "deleted_at", "updated_at"])
    _record(session, note, NoteRevision.Kind.DELETE, "note.deleted")
    return NoteResult(note)
