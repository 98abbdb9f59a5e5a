"""Reads of the live board: who is asking, the snapshot a viewer may see, and missed events."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from statements.permissions import CAN_RUN_SESSIONS, CAN_VIEW, study_role

from .events import event_data, note_data
from .models import NOTE_ORDER, BoardEvent, Note, Participant, Session
from .reads import participant_data, revealed_statement_ids, sealed_statements
from .visibility import (
    BoardRules,
    Viewer,
    note_for_viewer,
    note_visible,
    participant_id_for_viewer,
    replay_note_ids,
    replayed_for_viewer,
)

# A browser further behind than this gets a fresh snapshot instead of a replay.
REPLAY_LIMIT = 500


def participant_for_token(session_id: int, token: Any) -> Participant | None:
    """The participant holding this access token in this session, if still allowed in.

    A forged token, a removed participant or an ended session give None.
    """
    if not isinstance(token, str) or not token:
        return None
    return (
        Participant.objects.select_related("session")
        .filter(
            session_id=session_id,
            access_token=token,
            removed_at__isnull=True,
            consented_at__isnull=False,
            session__ended_at__isnull=True,
        )
        .first()
    )


def staff_viewer(user: AbstractBaseUser | AnonymousUser, session: Session) -> Viewer | None:
    """The viewer of a study member (owner, moderator, analyst), or None for anyone else."""
    role = study_role(user, session.study_id)
    if role not in CAN_VIEW:
        return None
    return Viewer(role=role, can_run=role in CAN_RUN_SESSIONS)


def board_rules(session: Session) -> BoardRules:
    """The visibility rules of the session as they stand now."""
    return BoardRules(
        reveal_policy=session.study.reveal_policy,
        show_codes=session.study.show_codes_to_participants,
        revealed=set(revealed_statement_ids(session)),
        sealed=sealed_statements(session),
    )


def session_rules(session_id: int) -> BoardRules:
    """The visibility rules of a session, read afresh (after the study's settings changed)."""
    return board_rules(Session.objects.select_related("study").get(pk=session_id))


def board_state(session_id: int, viewer: Viewer) -> dict[str, Any]:
    """Everything the viewer may see of the board, consistent with its last sequence number."""
    with transaction.atomic():
        # Holding the row lock keeps writers out while the snapshot is read.
        session = Session.objects.select_for_update().select_related("study").get(pk=session_id)
        rules = board_rules(session)
        study = session.study
        notes = [
            note_data(n)
            for n in Note.objects.filter(
                session=session, deleted_at__isnull=True, participant__withdrawn_at__isnull=True
            )
            .select_related("participant", "level")
            .order_by(*NOTE_ORDER)
        ]
        participants = list(Participant.objects.filter(session=session, removed_at__isnull=True))
        totals: dict[int, int] = {}
        for note in notes:
            totals[note["statement_id"]] = totals.get(note["statement_id"], 0) + 1
        me: dict[str, Any] = {"role": viewer.role, "can_run": viewer.can_run}
        if viewer.participant_id is not None:
            mine = next(p for p in participants if p.pk == viewer.participant_id)
            me = {**participant_data(mine), "role": "participant", "can_run": False}
        return {
            "session": _session_header(session, rules),
            "statements": [
                {"id": s.pk, "key": s.key, "title": s.title, "text": s.text}
                for s in study.statements.all()
            ],
            "levels": [
                {"key": lv.key, "label": lv.label, "off_scale": lv.off_scale}
                for lv in study.scale_levels.all()
            ],
            "participants": _people_for_viewer(participants, viewer, rules),
            "me": me,
            "notes": [
                note_for_viewer(n, viewer, rules) for n in notes if note_visible(n, viewer, rules)
            ],
            "note_totals": {str(k): v for k, v in totals.items()},
        }


def _session_header(session: Session, rules: BoardRules) -> dict[str, Any]:
    """The session's part of a snapshot: its step, lock, highlight and visibility rules."""
    study = session.study
    return {
        "id": session.pk,
        "name": session.name,
        "active_statement_id": session.active_statement_id,
        "step": session.step,
        "step_deadline": session.step_deadline.isoformat() if session.step_deadline else None,
        "locked": session.locked,
        "ended": session.ended_at is not None,
        "timer_closes_notes": study.timer_closes_notes,
        "highlighted_note_id": str(session.highlighted_note_id)
        if session.highlighted_note_id
        else None,
        "last_seq": session.last_seq,
        "revealed": sorted(rules.revealed),
        "sealed": {str(k): v for k, v in sorted(rules.sealed.items())},
        "reveal_policy": study.reveal_policy,
        "show_codes": study.show_codes_to_participants,
    }


def _people_for_viewer(
    participants: list[Participant], viewer: Viewer, rules: BoardRules
) -> list[dict[str, Any]]:
    """The session's participants as the viewer may see them: members see everyone and who has
    consented; a participant sees those who consented, others under an alias."""
    people = [
        participant_data(p) | ({"consented": p.consented_at is not None} if viewer.is_staff else {})
        for p in participants
        if viewer.is_staff or p.consented_at is not None
    ]
    if viewer.is_staff:
        return people
    # Others carry an alias, never their database id (and no code when anonymous).
    return [
        p
        if p["id"] == viewer.participant_id
        else {
            **p,
            "id": participant_id_for_viewer(p["id"], viewer),
            "code": p["code"] if rules.show_codes else None,
        }
        for p in people
    ]


def events_after(session_id: int, after_seq: int, viewer: Viewer) -> list[dict[str, Any]] | None:
    """The events after a sequence number, filtered for the viewer; None when too far behind."""
    session = Session.objects.select_related("study").get(pk=session_id)
    if after_seq > session.last_seq or session.last_seq - after_seq > REPLAY_LIMIT:
        return None
    rules = board_rules(session)
    events = [
        event_data(e)
        for e in BoardEvent.objects.filter(session_id=session_id, seq__gt=after_seq).order_by("seq")
    ]
    current: dict[str, dict[str, Any]] = {}
    if not viewer.is_staff:
        # A replay shows others' notes as their rows are now: stored payloads keep old texts.
        ids = replay_note_ids(events)
        current = {
            str(n.pk): note_data(n)
            for n in Note.objects.filter(
                session_id=session_id, pk__in=ids, participant__withdrawn_at__isnull=True
            ).select_related("participant", "level")
        }
    return [replayed_for_viewer(e, current, viewer, rules) for e in events]


def events_between(session_id: int, after_seq: int, before_seq: int | None) -> list[dict[str, Any]]:
    """Stored events strictly between two sequence numbers (or every one after the first, with
    None), unfiltered (the caller filters)."""
    events = BoardEvent.objects.filter(session_id=session_id, seq__gt=after_seq)
    if before_seq is not None:
        events = events.filter(seq__lt=before_seq)
    events = events.order_by("seq")[: REPLAY_LIMIT + 1]
    return [event_data(e) for e in events]
