"""The withdrawal service: what erase and anonymise do to every table, in one transaction."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from sessions.errors import BoardError
from sessions.models import BoardEvent, Note, NoteRevision, Participant
from sessions.services import participant_create
from sessions.withdrawal import WITHDRAWN_TEXT, participant_withdraw
from statements.models import AuditEntry
from statements.services import study_update

from .withdrawal_support import EDITED, OTHER, SECRET, board_with_history

pytestmark = pytest.mark.django_db


def _events_text(session) -> str:
    return json.dumps(list(BoardEvent.objects.filter(session=session).values("payload")))


def test_erase_deletes_notes_and_revisions_and_empties_profile_and_event_texts(study, moderator):
    board = board_with_history(study)
    assert SECRET in _events_text(board.session)

    result = participant_withdraw(participant=board.leaver, actor=moderator)

    assert result.policy == "erase"
    assert (result.notes, result.revisions) == (2, 4)  # create, edit, move; create
    assert not Note.objects.filter(participant=board.leaver).exists()
    assert not NoteRevision.objects.filter(note__participant=board.leaver).exists()
    leaver = Participant.objects.get(pk=board.leaver.pk)
    assert leaver.withdrawal == "erased"
    assert leaver.withdrawn_at is not None
    assert leaver.removed_at is not None
    assert leaver.profile == {}
    assert leaver.code == "W1"
    assert leaver.access_token != board.leaver.access_token
    events = _events_text(board.session)
    for text in (SECRET, EDITED, "A second thought of P1", '"P1"'):
        assert text not in events
    assert OTHER in events  # the other participant's notes are untouched
    kept = Note.objects.get(pk=board.stayer_note.pk)
    assert kept.text == OTHER
    board.session.refresh_from_db()
    assert board.session.highlighted_note_id is None


def test_anonymise_keeps_notes_as_marks_under_a_neutral_code_without_texts(study, owner):
    study_update(study=study, withdrawal_policy="anonymise")
    board = board_with_history(study)

    result = participant_withdraw(participant=board.leaver, actor=owner)

    assert result.policy == "anonymise"
    notes = Note.objects.filter(participant=board.leaver).order_by("created_at")
    assert [(n.level.key, n.text) for n in notes] == [
        ("partially_agree", WITHDRAWN_TEXT),
        ("strongly_disagree", WITHDRAWN_TEXT),
    ]
    revisions = NoteRevision.objects.filter(note__participant=board.leaver)
    assert revisions.count() == 4
    assert set(revisions.values_list("text", flat=True)) == {WITHDRAWN_TEXT}
    # The opinion change (strongly agree, then partially agree) is kept as data.
    assert list(
        revisions.filter(note=board.leaver_notes[0]).values_list("level__key", flat=True)
    ) == ["strongly_agree", "strongly_agree", "partially_agree"]
    leaver = Participant.objects.get(pk=board.leaver.pk)
    assert (leaver.code, leaver.profile, leaver.withdrawal) == ("W1", {}, "anonymised")
    events = _events_text(board.session)
    assert SECRET not in events
    assert EDITED not in events
    assert '"P1"' not in events


def test_the_withdrawal_is_audited_with_counts_and_without_content(study, moderator):
    board = board_with_history(study)
    participant_withdraw(participant=board.leaver, actor=moderator)

    entry = AuditEntry.objects.get(action="participant.withdraw")
    assert entry.study == study
    assert entry.actor == moderator
    assert entry.actor_label == "moderator"
    assert entry.target == "participant P1 of session Session 1"
    assert entry.details == {
        "policy": "erase",
        "by": "member",
        "notes": 2,
        "revisions": 4,
        "events": entry.details["events"],
        "speakers": 0,
    }
    assert entry.details["events"] >= 6
    stored = json.dumps(entry.details) + entry.target
    for secret in (SECRET, EDITED, "Nurse", "7"):
        assert secret not in stored


def test_a_participant_withdrawing_themselves_is_the_actor(study):
    board = board_with_history(study)
    participant_withdraw(participant=board.leaver, by_participant=True)
    entry = AuditEntry.objects.get(action="participant.withdraw")
    assert entry.actor is None
    assert entry.actor_label == "participant P1"
    assert entry.details["by"] == "participant"


def test_withdrawing_twice_is_refused_and_changes_nothing(study, owner):
    board = board_with_history(study)
    participant_withdraw(participant=board.leaver, actor=owner)
    last_seq = type(board.session).objects.get(pk=board.session.pk).last_seq
    with pytest.raises(BoardError, match="already withdrawn") as refused:
        participant_withdraw(participant=board.leaver, actor=owner)
    assert refused.value.code == "already_withdrawn"
    assert AuditEntry.objects.filter(action="participant.withdraw").count() == 1
    assert type(board.session).objects.get(pk=board.session.pk).last_seq == last_seq


def test_neutral_codes_follow_the_order_of_withdrawal_and_p_numbers_are_not_reused(study, owner):
    board = board_with_history(study)
    participant_withdraw(participant=board.stayer, actor=owner)
    participant_withdraw(participant=board.leaver, actor=owner)
    codes = dict(Participant.objects.filter(session=board.session).values_list("pk", "code"))
    assert codes == {board.stayer.pk: "W1", board.leaver.pk: "W2"}
    newcomer = participant_create(session=board.session, profile={})
    assert newcomer.code == "P3"


def test_the_live_board_is_told_after_commit_only(study, owner):
    board = board_with_history(study)
    before = board.session.events.count()
    with transaction.atomic():
        sid = transaction.savepoint()
        participant_withdraw(participant=board.leaver, actor=owner)
        transaction.savepoint_rollback(sid)
    assert board.session.events.count() == before
    assert Note.objects.filter(participant=board.leaver).count() == 2
    assert not AuditEntry.objects.filter(action="participant.withdraw").exists()

    participant_withdraw(participant=board.leaver, actor=owner)
    added = list(
        board.session.events.filter(seq__gt=before).order_by("seq").values_list("type", flat=True)
    )
    # Each visible note leaves the board, the highlight is cleared, the participant goes.
    assert added == ["note.deleted", "note.deleted", "note.highlighted", "participant.removed"]
    removed = board.session.events.get(type="participant.removed", seq__gt=before)
    assert removed.payload == {"participant_id": board.leaver.pk, "withdrawn": True}
