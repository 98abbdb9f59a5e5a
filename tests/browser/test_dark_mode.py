"""Dark mode on the phone board and the console.

It follows prefers-color-scheme and stays axe-clean on both; after a reload the board's counts
match the notes shown (bug 10)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from sessions.services import session_create
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import add_note, join, serious_violations

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at


class TestDarkMode(BrowserTestCase):
    def test_the_board_and_the_console_in_dark_mode_have_no_serious_axe_findings(self):
        owner = make_user("olga")
        study = make_study(owner=owner, statements=2)
        session = session_create(study=study, name="Session 1")
        console = self.new_page(
            self.new_context(viewport={"width": 1366, "height": 900}, color_scheme="dark")
        )
        self.login(console, owner)
        console.goto(reverse("session-console", args=[study.pk, session.pk]))
        console.locator("#conn.conn-online").wait_for()
        dark_phone = {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark"}
        page = self.new_page(self.new_context(**dark_phone))
        join(page, reverse("join-consent", args=[session.invite_token]))
        console.get_by_role("button", name="Next: S1, Introduce").click()
        console.get_by_role("button", name="Next: S1, Add comments").click()
        add_note(page, "Strongly agree", "Dark and readable")
        page.locator(".note.mine:not(.unsaved)").wait_for()
        # Bug 10: after a reload the statement's count matches the notes shown.
        page.reload()
        page.locator("#conn.conn-online").wait_for()
        page.locator(".stmt.is-active .stmt-count", has_text="1 note").wait_for()
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 21, 28)"
        page.screenshot(path=str(SHOTS / "fg_dark_board.png"))
        assert serious_violations(page) == []
        console.locator(".note", has_text="Dark and readable").wait_for()
        console.screenshot(path=str(SHOTS / "fg_dark_console.png"))
        assert serious_violations(console) == []
