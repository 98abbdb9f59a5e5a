"""A moderator runs a session on a wide screen.

At 1366x900 the console opens on the invite (link, copy button, large code, QR), Next goes through
a statement, End session opens the wrap-up page. A participant writes with the keyboard alone and
drags a note with the mouse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from sessions.services import session_create
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import join, serious_violations

pytestmark = pytest.mark.browser
WIDE = {"viewport": {"width": 1366, "height": 900}}
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at


class TestConsoleRun(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")
        self.study = make_study(owner=self.owner, statements=2)
        self.session = session_create(study=self.study, name="Session 1")
        self.invite = reverse("join-consent", args=[self.session.invite_token])

    def test_a_moderator_invites_runs_a_statement_with_next_and_ends_on_the_wrap_up(self):
        context = self.new_context(**WIDE)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        console = self.new_page(context)
        self.login(console, self.owner)
        console.goto(reverse("session-console", args=[self.study.pk, self.session.pk]))
        console.locator("#conn.conn-online").wait_for()
        # The console opens on the invite: link, copy, the code large, a QR code (server SVG).
        invite = console.locator("details.invite-panel[open]")
        invite.get_by_label("Invite link").wait_for()
        assert invite.locator(".join-code").inner_text() == self.session.join_code
        assert invite.locator("svg.qr[role=img] title").text_content() == "Invite link QR code"
        invite.get_by_role("button", name="Copy link").click()
        console.get_by_text("Link copied.").wait_for()
        assert console.evaluate("navigator.clipboard.readText()").endswith(self.invite)
        console.screenshot(path=str(SHOTS / "fg_console_invite.png"))
        assert serious_violations(console) == []

        page = self.new_page(self.new_context(**WIDE))
        join(page, self.invite)
        console.get_by_role("button", name="Next: S1, Introduce").click()
        console.get_by_role("button", name="Next: S1, Add comments").click()
        # Keyboard alone: Tab to the add button, type, Ctrl+Enter; then Alt+→ moves the note.
        page.get_by_role("button", name="Add note in Strongly agree").focus()
        page.keyboard.press("Enter")
        page.keyboard.type("Typed with the keyboard")
        page.keyboard.press("Control+Enter")
        page.locator(".note.mine:not(.unsaved)").focus()
        page.keyboard.press("Alt+ArrowRight")
        page.locator(".lane[data-level=partially_agree] .note.mine:not(.unsaved)").wait_for()
        # The mouse drags it to the off-scale column.
        page.locator(".note.mine").drag_to(page.locator(".is-active .lane[data-level=no_opinion]"))
        page.locator(".lane[data-level=no_opinion] .note.mine:not(.unsaved)").wait_for()
        page.screenshot(path=str(SHOTS / "fg_board_wide.png"))
        assert serious_violations(page) == []

        console.get_by_role("button", name="Next: S1, Discuss").click()
        console.locator(".note", has_text="Typed with the keyboard").wait_for()
        console.get_by_role("button", name="Next: S2, Introduce").wait_for()
        console.screenshot(path=str(SHOTS / "fg_console_run.png"))
        console.on("dialog", lambda dialog: dialog.accept())
        console.get_by_role("button", name="End session").click()
        console.get_by_role("heading", name="Wrap-up of Session 1").wait_for()
        console.get_by_text("1 participant, 1 note").wait_for()
        console.screenshot(path=str(SHOTS / "fg_wrapup.png"), full_page=True)
        assert serious_violations(console) == []
        page.get_by_text("The session has ended. Thank you for taking part.").wait_for()
