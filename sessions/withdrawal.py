"""A participant withdraws consent: one service, one transaction, what the study's setting says.

Both policies (``Study.withdrawal_policy``):
- the participant's code becomes a neutral one (W1, W2, … in the study's order of withdrawal),
  their profile is emptied, their access token replaced and they are removed from the board
  (their socket is told and closed; other browsers drop their notes live);
- the texts (and the old code) in the session's stored board events are emptied: the events keep
  their place in the sequence, so replays and the alignment of recordings stay exact;
- a highlighted note of theirs is cleared;
- the audit trail records who recorded it and counts, never the erased content.

``erase``: their notes and every revision are deleted, the transcript speakers mapped to them are
deleted (their lines keep their words, attributed to no one). The participant row stays as a
tombstone (so that P-numbers are never reused), shown nowhere: not on pages, in the API, in
analysis or in the study file.

``anonymise``: their notes stay as marks (statement, column, times) under the neutral code, with
the text replaced by WITHDRAWN_TEXT, in the notes and in every revision; the grids, tables,
exports and the study file count them. Their transcript speakers stay, renamed neutrally and
mapped to no participant. The live board no longer shows them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.audit import audit_record
from statements.models import AuditAction, Study, WithdrawalPolicy

from .errors import BoardError
from .events import event_append, note_data
from .models import BoardEvent, Note, NoteRevision, Participant, Session, Withdrawal
from .models.board import new_invite_token
from .services import session_lock
from .signals import participant_withdrawn

WITHDRAWN_TEXT = "(withdrawn)"
NOTE_EVENTS = ("note.created", "note.edited", "note.moved", "note.deleted", "note.flagged")


@dataclass(frozen=True)
class WithdrawalResult:
    """What a withdrawal did (the counts are those written to the audit trail)."""

    participant: Participant
    policy: str
    notes: int
    revisions: int
    events: int
    speakers: int


def _neutral_code(study_id: int) -> str:
    taken = set(Participant.objects.filter(study_id=study_id).values_list("code", flat=True))
    number = Participant.objects.filter(study_id=study_id).exclude(withdrawal="").count() + 1
    while f"W{number}" in taken:
        number += 1
    return f"W{number}"


def _scrub_note(note: dict[str, Any], participant_id: int, code: str) -> bool:
    if note.get("participant_id") != participant_id:
        return False
    note["text"] = ""
    note["code"] = code
    return True


def _scrub_events(session_id: int, participant_id: int, code: str) -> int:
    """Empty the participant's texts and old code in the session's stored events."""
    changed = []
    events = BoardEvent.objects.filter(
        session_id=session_id, type__in=[*NOTE_EVENTS, "step.set", "participant.joined"]
    )
    for event in events.iterator():
        payload = event.payload
        touched = False
        if event.type in NOTE_EVENTS:
            touched = _scrub_note(payload.get("note") or {}, participant_id, code)
        elif event.type == "step.set":
            for note in payload.get("notes") or ():
                touched = _scrub_note(note, participant_id, code) or touched
        elif (payload.get("participant") or {}).get("id") == participant_id:
            payload["participant"]["code"] = code
            touched = True
        if touched:
            changed.append(event)
    BoardEvent.objects.bulk_update(changed, ["payload"], batch_size=500)
    return len(changed)


def _speakers(participant: Participant, erase: bool) -> int:
    """Transcript attribution lives in recordings (above this app): it answers the signal with
    the number of speakers it erased or made neutral."""
    answers = participant_withdrawn.send(sender=Participant, participant=participant, erase=erase)
    return sum(count for _receiver, count in answers if isinstance(count, int))


@transaction.atomic
def participant_withdraw(
    *,
    participant: Participant,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    by_participant: bool = False,
) -> WithdrawalResult:
    """Withdraw the participant's consent: erase or anonymise their data as the study says.

    `by_participant` means the participant asked from their board; otherwise `actor` is the
    study member who recorded it.
    """
    Study.objects.select_for_update().filter(pk=participant.study_id).first()
    session = session_lock(participant.session_id)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.withdrawn_at is not None:
        raise BoardError("already_withdrawn", _("This participant has already withdrawn."))
    erase = session.study.withdrawal_policy == WithdrawalPolicy.ERASE
    old_code, code = participant.code, _neutral_code(session.study_id)
    notes = list(Note.objects.filter(participant=participant).select_related("level"))
    note_ids = {note.pk for note in notes}
    events = _scrub_events(session.pk, participant.pk, code)
    revision_count = _scrub_notes(participant, erase)
    speakers = _speakers(participant, erase)
    _neutralise(participant, code, erase)
    _announce(session, participant, notes, note_ids)
    policy = WithdrawalPolicy.ERASE if erase else WithdrawalPolicy.ANONYMISE
    result = WithdrawalResult(
        participant=participant,
        policy=policy.value,
        notes=len(notes),
        revisions=revision_count,
        events=events,
        speakers=speakers,
    )
    audit_record(
        study=session.study,
        action=AuditAction.PARTICIPANT_WITHDRAW,
        actor=None if by_participant else actor,
        actor_label=f"participant {old_code}" if by_participant else "",
        target=f"participant {old_code} of session {session.name}",
        details={
            "policy": result.policy,
            "by": "participant" if by_participant else "member",
            "notes": result.notes,
            "revisions": result.revisions,
            "events": result.events,
            "speakers": result.speakers,
        },
    )
    return result


def _neutralise(participant: Participant, code: str, erase: bool) -> None:
    """The participant under a neutral code, with no profile, no way in, and withdrawn now."""
    now = timezone.now()
    participant.code, participant.profile = code, {}
    participant.access_token = new_invite_token()
    participant.removed_at = participant.removed_at or now
    participant.withdrawal = Withdrawal.ERASED if erase else Withdrawal.ANONYMISED
    participant.withdrawn_at = now
    participant.save(
        update_fields=[
            "code",
            "profile",
            "access_token",
            "removed_at",
            "withdrawal",
            "withdrawn_at",
        ]
    )


def _scrub_notes(participant: Participant, erase: bool) -> int:
    """Delete the participant's notes (erase) or blank their texts; the revisions affected."""
    revisions = NoteRevision.objects.filter(note__participant=participant)
    if erase:
        count = revisions.count()
        Note.objects.filter(participant=participant).delete()  # revisions cascade
        return count
    count = revisions.update(text=WITHDRAWN_TEXT)
    Note.objects.filter(participant=participant).update(text=WITHDRAWN_TEXT, flagged_unclear=False)
    return count


def _announce(
    session: Session, participant: Participant, notes: list[Note], note_ids: set[Any]
) -> None:
    """Live: other browsers drop the notes and a highlight of one; the participant's own socket
    is closed (participant.removed)."""
    totals = Counter(
        Note.objects.filter(
            session=session, deleted_at__isnull=True, participant__withdrawn_at__isnull=True
        ).values_list("statement_id", flat=True)
    )
    for note in notes:
        if note.deleted_at is not None:
            continue
        note.participant = participant
        gone = {**note_data(note), "text": "", "deleted": True, "flagged_unclear": False}
        event_append(
            session=session,
            type="note.deleted",
            payload={"note": gone, "note_total": totals[note.statement_id]},
            statement_id=note.statement_id,
        )
    if session.highlighted_note_id in note_ids:
        session.highlighted_note = None
        Session.objects.filter(pk=session.pk).update(highlighted_note=None)
        event_append(session=session, type="note.highlighted", payload={"note_id": None})
    event_append(
        session=session,
        type="participant.removed",
        payload={"participant_id": participant.pk, "withdrawn": True},
    )
