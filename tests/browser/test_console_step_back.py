"""The console's choice when stepping back from Discuss: new notes private (default) or live."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sessions.services import session_create
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import add_note, choose_step, join, note, record_frames

pytestmark = pytest.mark.browser
SHOTS = "/tmp/fg_board_console"  # noqa: S108 - screenshots to look at


class TestConsoleStepBack(BrowserTestCase):
    def setUp(self) -> None:
        self.moderator = make_user("mona")
        self.study = make_study(owner=make_user("olga"), moderator=self.moderator, statements=2)
        self.session = session_create(study=self.study, name="Session 1")
        self.statement = self.study.statements.first()

    def step(self, console, label: str) -> None:
        choose_step(console, self.statement.pk, label)
        console.locator(".step-btn[aria-pressed=true]", has_text=label).wait_for()

    def test_notes_written_after_stepping_back_stay_private_unless_the_moderator_unticks(self):
        console = self.new_page(self.new_context(viewport={"width": 1366, "height": 900}))
        self.login(console, self.moderator)
        console.goto(reverse("session-console", args=[self.study.pk, self.session.pk]))
        console.locator("#conn.conn-online").wait_for()
        invite = reverse("join-consent", args=[self.session.invite_token])
        p1, p2 = (
            self.new_page(self.new_context(viewport={"width": 390, "height": 844}))
            for _ in range(2)
        )
        frames = record_frames(p2)
        join(p1, invite)
        join(p2, invite, years="9")
        keep = console.get_by_label(
            "Back from Discuss: keep new notes private until the next discussion"
        )
        assert keep.is_checked()  # private is the default
        self.step(console, "2 · Add comments")
        add_note(p1, "Strongly agree", "Before the discussion")
        self.step(console, "3 · Discuss")
        note(p2, "Before the discussion").wait_for()
        self.step(console, "2 · Add comments")
        add_note(p1, "Strongly agree", "Kept private after stepping back")
        console.locator(".note", has_text="Kept private after stepping back").wait_for()
        p1.locator(".note.mine:not(.unsaved)", has_text="Kept private").wait_for()
        console.screenshot(path=f"{SHOTS}_1366.png", full_page=True)
        p2.screenshot(path=f"{SHOTS}_participant_390.png", full_page=True)
        assert "Kept private after stepping back" not in p2.content() + "".join(frames)
        # Unticked: the moderator lets notes show live after the next step back.
        self.step(console, "3 · Discuss")
        note(p2, "Kept private after stepping back").wait_for()
        keep.uncheck()
        self.step(console, "2 · Add comments")
        add_note(p1, "Strongly agree", "Shown live this time")
        note(p2, "Shown live this time").wait_for()
        console.set_viewport_size({"width": 390, "height": 844})
        console.screenshot(path=f"{SHOTS}_390.png", full_page=True)
