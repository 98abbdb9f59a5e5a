"""A study can let the step's timer close notes (issue 10, item 6).

After the deadline no note is written, and the board is told so in its snapshot."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from sessions.errors import BoardError
from sessions.models import Note, Session
from sessions.note_services import note_create
from sessions.selectors import board_state
from sessions.visibility import Viewer
from statements.services import study_update

from .board_support import make_board

pytestmark = pytest.mark.django_db


def write(participant, statement):
    return note_create(
        participant=participant,
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level="strongly_agree",
        text="Late thought",
    )


def past_deadline(session) -> None:
    Session.objects.filter(pk=session.pk).update(
        step_deadline=timezone.now() - dt.timedelta(seconds=1)
    )


def test_when_the_study_says_so_notes_close_once_the_timer_ran_out(study):
    study_update(study=study, timer_closes_notes=True)
    session, (p1, *_), statement = make_board(study)
    past_deadline(session)
    with pytest.raises(BoardError) as refused:
        write(p1, statement)
    assert refused.value.code == "time_up"
    assert Note.objects.count() == 0


def test_by_default_the_timer_only_shows_time_and_notes_stay_open(study):
    session, (p1, *_), statement = make_board(study)
    past_deadline(session)
    write(p1, statement)
    assert Note.objects.count() == 1


def test_before_the_deadline_notes_are_open_even_when_the_timer_closes_them(study):
    study_update(study=study, timer_closes_notes=True)
    session, (p1, *_), statement = make_board(study)
    Session.objects.filter(pk=session.pk).update(
        step_deadline=timezone.now() + dt.timedelta(minutes=5)
    )
    write(p1, statement)
    assert Note.objects.count() == 1


def test_the_board_snapshot_tells_participants_whether_the_timer_closes_notes(study):
    session, (p1, *_), _statement = make_board(study)
    viewer = Viewer(participant_id=p1.pk)
    assert board_state(session.pk, viewer)["session"]["timer_closes_notes"] is False
    study_update(study=study, timer_closes_notes=True)
    assert board_state(session.pk, viewer)["session"]["timer_closes_notes"] is True
