"""Bug 9 of the session issue: a highlighted note stays with its statement.

Moving to another statement clears the highlight for everyone (the next statement starts without
one); changing step within the same statement keeps it."""

from __future__ import annotations

import uuid

import pytest

from sessions.models import Session, Step
from sessions.note_services import note_create
from sessions.selectors import board_state, staff_viewer
from sessions.services import note_highlight, session_step_set

from .board_support import make_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def highlighted(study):
    """A session discussing its first statement with one of its notes highlighted."""
    session, people, first = make_board(study)
    note = note_create(
        participant=people[0],
        note_id=str(uuid.uuid4()),
        statement_id=first.pk,
        level="strongly_agree",
        text="Fewer manual steps.",
    ).note
    session_step_set(session=session, statement=first, step=Step.DISCUSS)
    note_highlight(session=session, note_id=str(note.pk))
    return session, first, note


def _shown(session, moderator):
    """The highlight in the board state a browser (re)loads."""
    return board_state(session.pk, staff_viewer(moderator, session))["session"][
        "highlighted_note_id"
    ]


def test_moving_to_the_next_statement_clears_the_highlight(highlighted, study, moderator):
    session, first, note = highlighted
    assert _shown(session, moderator) == str(note.pk)
    second = study.statements.exclude(pk=first.pk).first()
    session_step_set(session=session, statement=second, step=Step.INTRODUCE)
    assert Session.objects.get(pk=session.pk).highlighted_note_id is None
    assert _shown(session, moderator) is None


def test_another_step_of_the_same_statement_keeps_the_highlight(highlighted, moderator):
    session, first, note = highlighted
    session_step_set(session=session, statement=first, step=Step.COMMENT)
    assert _shown(session, moderator) == str(note.pk)
