"""A participant withdraws from their board in a real browser.

Their note leaves the others' boards live, and the owner finds the withdrawal in the audit trail."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from sessions.models import Note
from sessions.services import session_create
from statements.models import RevealPolicy
from statements.services import study_update
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import add_note, board_texts, choose_step, join, note

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("WITHDRAWAL_SHOTS", "/tmp/fg_withdrawal")  # noqa: S108 - to look at
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


class TestWithdrawal(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")
        self.study = make_study(owner=self.owner, statements=2)
        study_update(study=self.study, reveal_policy=RevealPolicy.LIVE)
        self.session = session_create(study=self.study, name="Session 1")
        self.invite = reverse("join-consent", args=[self.session.invite_token])
        self.console_url = reverse("session-console", args=[self.study.pk, self.session.pk])

    def test_a_withdrawn_participants_note_leaves_the_other_boards_live(self):
        console = self.new_page(self.new_context(viewport=DESKTOP))
        self.login(console, self.owner)
        console.goto(self.console_url)
        console.locator("#conn.conn-online").wait_for()
        leaver = self.new_page(self.new_context(viewport=PHONE))
        stayer = self.new_page(self.new_context(viewport=DESKTOP))
        assert join(leaver, self.invite) == "P1"
        assert join(stayer, self.invite) == "P2"
        statement = self.study.statements.first()
        choose_step(console, statement.pk, "2 · Add comments")
        add_note(leaver, "Strongly agree", "P1 private: I will withdraw")
        add_note(stayer, "Partially agree", "P2 stays")
        note(stayer, "P1 private: I will withdraw").wait_for()
        note(console, "P1 private: I will withdraw").wait_for()

        console.screenshot(path=f"{SHOTS}_console_desktop.png")
        leaver.screenshot(path=f"{SHOTS}_board_phone.png")
        leaver.get_by_role("link", name="Withdraw consent").click()
        leaver.get_by_role("heading", name="Withdraw your consent").wait_for()
        leaver.screenshot(path=f"{SHOTS}_confirm_phone.png", full_page=True)
        leaver.set_viewport_size(DESKTOP)
        leaver.screenshot(path=f"{SHOTS}_confirm_desktop.png", full_page=True)
        leaver.get_by_role("button", name="Withdraw my consent").click()
        leaver.get_by_role("heading", name="Your consent is withdrawn").wait_for()

        # Live, without a reload: the note is gone from the other participant and the console.
        note(stayer, "P1 private: I will withdraw").wait_for(state="detached")
        note(console, "P1 private: I will withdraw").wait_for(state="detached")
        assert board_texts(stayer) == ["P2 stays"]
        assert not Note.objects.filter(text__contains="P1 private").exists()
        stayer.screenshot(path=f"{SHOTS}_other_board.png")

        console.goto(reverse("study-audit", args=[self.study.pk]))
        row = console.locator("ul.audit li", has_text="Recorded a withdrawal of consent")
        row.wait_for()
        assert "participant P1" in row.inner_text()
        assert "P1 private" not in console.content()
        console.screenshot(path=f"{SHOTS}_audit_desktop.png", full_page=True)
        console.set_viewport_size(PHONE)
        console.screenshot(path=f"{SHOTS}_audit_phone.png", full_page=True)
