"""The timer's cue on a participant's phone when the study's timer closes notes.

A countdown that says notes close, then "Time is up: notes are closed", the stage marked, and the
add buttons gone at zero without waiting for the server. The page's clock is Playwright's, moved on
by hand."""

from __future__ import annotations

import re
import threading

import pytest
from django.urls import reverse

from sessions.models import Step
from sessions.services import session_create, session_step_set
from statements.services import study_update
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import join

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


class TestTimerCue(BrowserTestCase):
    def test_notes_close_when_the_timer_runs_out(self):
        study = make_study(owner=make_user("olga"), statements=2)
        study_update(study=study, timer_closes_notes=True)
        session = session_create(study=study, name="Session 1")
        page = self.new_page(self.new_context(**PHONE))
        page.clock.install()
        join(page, reverse("join-consent", args=[session.invite_token]))
        # The moderator opens notes for 90 s (off Playwright's event-loop thread).
        step = threading.Thread(
            target=session_step_set,
            kwargs={
                "session": session,
                "statement": study.statements.first(),
                "step": Step.COMMENT,
                "duration_seconds": 90,
            },
        )
        step.start()
        step.join()
        countdown = page.locator("#countdown")
        countdown.filter(has_text=re.compile(r"^Notes close in 1:\d\d$")).wait_for()
        add = page.get_by_role("button", name="Add note in Strongly agree")
        add.wait_for()
        assert "time-up" not in (page.locator("#stage").get_attribute("class") or "")

        page.clock.fast_forward("01:31")
        countdown.filter(has_text="Time is up: notes are closed").wait_for()
        assert "time-up" in page.locator("#stage").get_attribute("class")
        page.get_by_text("Time is up: notes are closed.").wait_for()
        add.wait_for(state="detached")
        assert page.get_by_role("button", name=re.compile("^Add note in")).count() == 0
