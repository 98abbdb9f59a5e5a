"""Every write to sessions, participants and the board's control goes through here.

Board writes lock the session's row first: that orders them, gives each its sequence number and
makes checks such as "is this statement active" hold until commit. Note writes are in
note_services.py (re-exported here); the
reads both use (the row lock, revealed statements) are in reads.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from focusgroup.errors import DomainError
from statements.models import Statement, Study
from statements.profile import profile_check

from .errors import BoardError
from .events import event_append, note_data
from .models import BoardEvent, Note, Participant, Session, Step
from .models.board import new_invite_token, new_join_code
from .note_services import note_create, note_delete, note_edit, note_move
from .palette import next_free_color
from .reads import (
    parse_uuid,
    participant_data,
    revealed_statement_ids,
    sealed_statements,
    session_lock,
)

# Note writes live in note_services.py; callers find every write here.
__all__ = ["note_create", "note_delete", "note_edit", "note_move", "session_lock"]
__all__ += ["participant_data", "revealed_statement_ids"]

MAX_STEP_SECONDS = 3 * 3600


@transaction.atomic
def session_create(*, study: Study, name: str, held_on: dt.date | None = None) -> Session:
    """Add a session at the end of the study's sessions; its name is new in the study.

    The study's row is locked first, so two creates of one name wait for each other and the
    second is refused with the message below instead of hitting the database constraint.
    """
    Study.objects.select_for_update().filter(pk=study.pk).first()
    if study.sessions.filter(name=name).exists():
        message = _("This study already has a session with that name.")
        raise DomainError("name_taken", message, field="name")
    return Session.objects.create(
        study=study, name=name, held_on=held_on, position=study.sessions.count()
    )


def _joined(session: Session, participant: Participant) -> None:
    """Tell the board a participant has joined: consented, on the board from now on."""
    event_append(
        session=session,
        type="participant.joined",
        payload={"participant": participant_data(participant)},
    )


@transaction.atomic
def participant_create(
    *,
    session: Session,
    profile: dict[str, Any] | None = None,
    consented_at: dt.datetime | None = None,
) -> Participant:
    """Add a participant: the next P-number of the study and a colour free in the session."""
    profile_check(study_id=session.study_id, profile=profile)
    Study.objects.select_for_update().filter(pk=session.study_id).first()
    session = session_lock(session.pk)
    number = (
        Participant.objects.filter(study_id=session.study_id).aggregate(m=Max("number"))["m"] or 0
    ) + 1
    used = Participant.objects.filter(session=session, removed_at__isnull=True).values_list(
        "color", flat=True
    )
    participant = Participant.objects.create(
        study_id=session.study_id,
        session=session,
        code=f"P{number}",
        number=number,
        color=next_free_color(used),
        profile=profile or {},
        consented_at=consented_at,
    )
    if consented_at is not None:
        _joined(session, participant)
    return participant


@transaction.atomic
def participant_complete(
    *, participant: Participant, profile: dict[str, Any], consented_at: dt.datetime
) -> Participant:
    """A pre-registered participant consents and fills the characterization form.

    The access token is replaced: the personal link that carried the old one (seen on the
    console, perhaps forwarded) is used up, and only the joining browser holds the new one.
    """
    profile_check(study_id=participant.study_id, profile=profile)
    session = session_lock(participant.session_id)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.removed_at is not None:
        raise BoardError("removed", _("This participant was removed from the session."))
    first_time = participant.consented_at is None
    participant.profile = profile
    participant.consented_at = consented_at
    participant.access_token = new_invite_token()
    participant.save(update_fields=["profile", "consented_at", "access_token"])
    if first_time:
        _joined(session, participant)
    return participant


@transaction.atomic
def participant_token_rotate(*, participant: Participant) -> Participant:
    """Give the participant a new access token: the old one (a personal link, or the browser
    that held it) stops working. The moderator's "new personal link" and its use both call it."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.removed_at is not None:
        raise BoardError("removed", _("This participant was removed from the session."))
    participant.access_token = new_invite_token()
    participant.save(update_fields=["access_token"])
    return participant


@transaction.atomic
def participant_remove(*, session: Session, participant_id: int) -> Participant:
    """Remove a participant: their link and browser stop working; their notes stay as data."""
    session = session_lock(session.pk)
    participant = Participant.objects.filter(pk=participant_id, session=session).first()
    if participant is None:
        message = _("No participant %(id)s in this session.") % {"id": participant_id}
        raise BoardError("participant_not_found", message)
    if participant.removed_at is None:
        participant.removed_at = timezone.now()
        participant.save(update_fields=["removed_at"])
        event_append(
            session=session,
            type="participant.removed",
            payload={"participant_id": participant.pk},
        )
    return participant


@transaction.atomic
def session_invites_set(*, session: Session, open: bool, regenerate: bool = False) -> Session:
    """Open or close the invite link; regenerating revokes the old link and join code."""
    session = session_lock(session.pk)
    session.invites_open = open
    if regenerate:
        session.invite_token = new_invite_token()
        session.join_code = new_join_code()
    session.save(update_fields=["invites_open", "invite_token", "join_code"])
    return session


@transaction.atomic
def session_step_set(
    *,
    session: Session,
    statement: Statement | int,
    step: Step | str,
    actor: AbstractBaseUser | None = None,
    duration_seconds: int | None = None,
    keep_private: bool = True,
) -> BoardEvent:
    """Make a statement active at a step; the event stores the statement, step and server time.

    Reaching the discuss step reveals the statement's notes to everyone, for good. Stepping back
    from a revealed statement (to add comments again) keeps the notes written from then on
    private until its next discussion, unless the moderator chooses otherwise (keep_private).
    """
    session = session_lock(session.pk)
    _refuse_if_ended(session)
    statement_id = statement if isinstance(statement, int) else statement.pk
    _check_step(session, statement_id, step, duration_seconds, keep_private)
    now = timezone.now()
    revealed, sealed, newly_revealed = _reveal_after_step(session, statement_id, step, keep_private)
    if session.active_statement_id != statement_id:
        session.highlighted_note = None
    session.active_statement_id = statement_id
    session.step = step
    session.step_deadline = (
        now + dt.timedelta(seconds=duration_seconds) if duration_seconds else None
    )
    if session.started_at is None:
        session.started_at = now
    session.save(
        update_fields=[
            "active_statement",
            "step",
            "step_deadline",
            "highlighted_note",
            "started_at",
        ]
    )
    payload: dict[str, Any] = {
        "statement_id": statement_id,
        "step": step,
        "deadline": session.step_deadline.isoformat() if session.step_deadline else None,
        "revealed": sorted(revealed),
        "actor": getattr(actor, "username", None),
    }
    if sealed:
        payload["sealed"] = {str(key): seq for key, seq in sorted(sealed.items())}
    if newly_revealed:
        payload["notes"] = _statement_notes(session, statement_id)
    return event_append(session=session, type="step.set", payload=payload)


def _reveal_after_step(
    session: Session, statement_id: int, step: str, keep_private: bool
) -> tuple[set[int], dict[int, int], bool]:
    """The revealed statements and the sealed ones (statement -> first private note's number)
    once this step is set, and whether it reveals the statement's notes now."""
    revealed = set(revealed_statement_ids(session))
    sealed = sealed_statements(session)
    newly_revealed = step == Step.DISCUSS and (
        statement_id not in revealed or statement_id in sealed
    )
    if step == Step.DISCUSS:
        revealed.add(statement_id)
        sealed.pop(statement_id, None)
    elif (
        statement_id in revealed
        and statement_id not in sealed
        and keep_private
        and session.study.reveal_policy != "live"
    ):
        # Notes created after this event (whose number is the next one) stay private.
        sealed[statement_id] = session.last_seq + 1
    return revealed, sealed, newly_revealed


def _check_step(
    session: Session, statement_id: int, step: Any, duration_seconds: Any, keep_private: Any
) -> None:
    """Refuse a step.set whose statement, step, duration or keep_private is not acceptable."""
    if not Statement.objects.filter(pk=statement_id, study_id=session.study_id).exists():
        raise BoardError(
            "unknown_statement",
            _("Statement %(id)s is not in this study.") % {"id": statement_id},
            field="statement_id",
        )
    if step not in Step.values:
        raise BoardError(
            "invalid_field",
            _("Step must be one of %(steps)s, not %(step)s.")
            % {"steps": ", ".join(Step.values), "step": repr(step)},
            field="step",
        )
    if duration_seconds is not None and not (0 < duration_seconds <= MAX_STEP_SECONDS):
        raise BoardError(
            "invalid_field",
            _("duration_seconds must be between 1 and %(max)s.") % {"max": MAX_STEP_SECONDS},
            field="duration_seconds",
        )
    if not isinstance(keep_private, bool):
        raise BoardError(
            "invalid_field",
            _("'%(field)s' must be true or false.") % {"field": "keep_private"},
            field="keep_private",
        )


def _statement_notes(session: Session, statement_id: int) -> list[dict[str, Any]]:
    """The statement's live notes as the protocol describes them (revealed with the step)."""
    notes = Note.objects.filter(
        session=session,
        statement_id=statement_id,
        deleted_at__isnull=True,
        participant__withdrawn_at__isnull=True,
    ).select_related("participant", "level")
    return [note_data(n) for n in notes]


def _refuse_if_ended(session: Session) -> None:
    if session.ended_at is not None:
        raise BoardError(
            "session_ended", _("This session has ended: its board can no longer change.")
        )


@transaction.atomic
def session_end(*, session: Session, actor: AbstractBaseUser | None = None) -> BoardEvent:
    """End the session: invites close, the board locks for good, the session is Ended."""
    session = session_lock(session.pk)
    if session.ended_at is not None:
        raise BoardError("session_ended", _("This session has already ended."))
    now = timezone.now()
    session.ended_at = now
    session.invites_open = False
    session.locked = True
    session.step_deadline = None
    session.save(update_fields=["ended_at", "invites_open", "locked", "step_deadline"])
    return event_append(
        session=session,
        type="session.ended",
        payload={"ended_at": now.isoformat(), "actor": getattr(actor, "username", None)},
    )


@transaction.atomic
def session_lock_set(
    *, session: Session, locked: bool, actor: AbstractBaseUser | None = None
) -> BoardEvent:
    """Lock or unlock the board: while locked, no note can be written."""
    session = session_lock(session.pk)
    _refuse_if_ended(session)
    session.locked = locked
    session.save(update_fields=["locked"])
    return event_append(
        session=session,
        type="board.locked",
        payload={"locked": locked, "actor": getattr(actor, "username", None)},
    )


def _note_in_session(session: Session, note_id: Any) -> Note:
    note = (
        Note.objects.select_related("participant", "level")
        .filter(
            pk=parse_uuid(note_id, "note_id"),
            session=session,
            deleted_at__isnull=True,
            participant__withdrawn_at__isnull=True,
        )
        .first()
    )
    if note is None:
        raise BoardError(
            "note_not_found", _("No note %(id)s on this board.") % {"id": note_id}, field="note_id"
        )
    return note


@transaction.atomic
def note_highlight(
    *, session: Session, note_id: Any | None, actor: AbstractBaseUser | None = None
) -> BoardEvent:
    """Highlight a revealed note for everyone (or clear the highlight with None)."""
    session = session_lock(session.pk)
    if note_id is not None:
        note = _note_in_session(session, note_id)
        note_id = note.pk
        bound = sealed_statements(session).get(note.statement_id)
        revealed = note.statement_id in revealed_statement_ids(session) and (
            bound is None or note.seq <= bound
        )
        if not revealed and session.study.reveal_policy != "live":
            raise BoardError(
                "not_revealed",
                _("Only a revealed note can be highlighted: move to the discuss step first."),
                field="note_id",
            )
    session.highlighted_note_id = note_id
    session.save(update_fields=["highlighted_note"])
    return event_append(
        session=session,
        type="note.highlighted",
        payload={
            "note_id": str(note_id) if note_id else None,
            "actor": getattr(actor, "username", None),
        },
    )


@transaction.atomic
def note_flag(
    *, session: Session, note_id: Any, unclear: bool, actor: AbstractBaseUser | None = None
) -> BoardEvent:
    """Flag a note as unclear (its author is asked to rewrite it), or clear the flag."""
    session = session_lock(session.pk)
    note = _note_in_session(session, note_id)
    note.flagged_unclear = unclear
    note.save(update_fields=["flagged_unclear"])
    total = Note.objects.filter(
        session=session,
        statement_id=note.statement_id,
        deleted_at__isnull=True,
        participant__withdrawn_at__isnull=True,
    ).count()
    return event_append(
        session=session,
        type="note.flagged",
        payload={"note": note_data(note), "note_total": total},
        statement_id=note.statement_id,
    )
