"""A new note is checked by PostgreSQL's focus_note_create and by refuse_create, which agree.

The database stores the note only if every check passes; note_services.refuse_create says why
not. Each refusal here must come with its code and leave nothing behind: no note, no event, no
sequence number."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from sessions.errors import BoardError
from sessions.models import BoardEvent, Note, Session, Step
from sessions.services import note_create
from statements.models import Statement

from .board_support import make_board

pytestmark = pytest.mark.django_db(transaction=True)  # autocommit, as the socket's writer


def _removed(session, people, statement):
    people[0].removed_at = timezone.now()
    people[0].save(update_fields=["removed_at"])
    return {}


def _id_taken(session, people, statement):
    note_id = uuid.uuid4()
    note_create(
        participant=people[1],
        note_id=note_id,
        statement_id=statement.pk,
        level="strongly_disagree",
        text="b",
    )
    return {"note_id": note_id}


def _locked(session, people, statement):
    Session.objects.filter(pk=session.pk).update(locked=True)
    return {}


def _not_active(session, people, statement):
    other = Statement.objects.filter(study_id=session.study_id).exclude(pk=statement.pk).first()
    return {"statement_id": other.pk}


def _step_closed(session, people, statement):
    Session.objects.filter(pk=session.pk).update(step=Step.INTRODUCE)
    return {}


def _time_up(session, people, statement, *, closes=True):
    session.study.timer_closes_notes = closes
    session.study.save(update_fields=["timer_closes_notes"])
    Session.objects.filter(pk=session.pk).update(step_deadline=timezone.now())
    return {}


CASES = [
    (_removed, "removed"),
    (_id_taken, "id_taken"),
    (lambda *board: {"level": "nope"}, "unknown_level"),
    (_locked, "board_locked"),
    (_not_active, "statement_not_active"),
    (_step_closed, "step_closed"),
    (_time_up, "time_up"),
]


@pytest.mark.parametrize(("arrange", "code"), CASES, ids=[code for _, code in CASES])
def test_a_refused_note_gets_its_reason_and_leaves_nothing_behind(study, arrange, code):
    session, people, statement = make_board(study)
    args = {
        "note_id": uuid.uuid4(),
        "statement_id": statement.pk,
        "level": "strongly_agree",
        "text": "Refused",
    }
    args.update(arrange(session, people, statement))
    before = (Note.objects.count(), BoardEvent.objects.count())
    last_seq = Session.objects.get(pk=session.pk).last_seq
    with pytest.raises(BoardError) as refused:
        note_create(participant=people[0], **args)
    assert refused.value.code == code
    assert (Note.objects.count(), BoardEvent.objects.count()) == before
    assert Session.objects.get(pk=session.pk).last_seq == last_seq
    assert not Note.objects.filter(text="Refused").exists()


def test_a_timer_that_does_not_close_notes_lets_them_in_after_its_deadline(study):
    session, people, statement = make_board(study)
    _time_up(session, people, statement, closes=False)
    Session.objects.filter(pk=session.pk).update(
        step_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    created = note_create(
        participant=people[0],
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level="strongly_disagree",
        text="Late but welcome",
    )
    assert created.note.seq == Session.objects.get(pk=session.pk).last_seq
    assert BoardEvent.objects.get(seq=created.note.seq, session=session).type == "note.created"
