"""The board on a phone (390x844, touch).

The active statement is the page, its columns are lanes that fit the width, notes are added and
moved by touch, and the moderator runs the statement from a phone with the Next button."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from sessions.models import Note
from sessions.models.board import NOTE_TEXT_MAX
from sessions.services import session_create
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import join, note, note_action, serious_violations

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at


def touch_drag(page, source, target) -> None:
    """A finger drag from one element to another, as Chromium's touch events (CDP)."""
    start, end = source.bounding_box(), target.bounding_box()
    x0, y0 = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    x1, y1 = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]}
    )
    for i in range(1, 11):
        x, y = x0 + (x1 - x0) * i / 10, y0 + (y1 - y0) * i / 10
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


class TestPhoneBoard(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")
        self.study = make_study(owner=self.owner, statements=3)
        self.session = session_create(study=self.study, name="Session 1")
        self.first, self.second = self.study.statements.all()[:2]
        self.invite = reverse("join-consent", args=[self.session.invite_token])

    def console(self):
        page = self.new_page(self.new_context(**PHONE))
        self.login(page, self.owner)
        page.goto(reverse("session-console", args=[self.study.pk, self.session.pk]))
        page.locator("#conn.conn-online").wait_for()
        return page

    def next(self, console, expected: str) -> None:
        console.get_by_role("button", name=expected).click()
        console.locator("#ctl-status", has_text=expected.split(", ", 1)[1]).wait_for()

    def assert_the_active_statement_is_the_page(self, writer) -> None:
        """Its text on top, then its lanes, the others below and collapsed."""
        active = writer.locator(".stmt.is-active")
        active.get_by_role("button", name="Add note in Strongly agree").wait_for()
        stage_box = writer.locator("#stage").bounding_box()
        active_box = active.bounding_box()
        later_box = writer.locator(f".stmt[data-statement='{self.second.pk}']").bounding_box()
        assert stage_box["y"] < active_box["y"] < later_box["y"]
        assert writer.evaluate("document.documentElement.scrollWidth") <= 390
        lane_name = active.locator(".lane-name").first
        assert lane_name.evaluate("n => getComputedStyle(n).position") == "sticky"
        assert lane_name.is_visible()
        # Other statements are collapsed until asked for.
        assert not writer.locator(f"#lanes-{self.second.pk}").is_visible()

    @staticmethod
    def add_delete_undo_and_move_by_touch(writer, other):
        """Adding by touch (the other sees that someone writes, not what), deleting with an
        undo that sends nothing, moving from the note's menu and by dragging its grip."""
        active = writer.locator(".stmt.is-active")
        writer.get_by_role("button", name="Add note in Strongly agree").tap()
        editor = writer.get_by_label("Your note in Strongly agree")
        assert editor.get_attribute("maxlength") == str(NOTE_TEXT_MAX)  # the model's limit
        editor.fill("Written on a phone")
        other.get_by_text("Someone is writing…").wait_for()
        writer.get_by_role("button", name="Save").tap()
        mine = note(writer, "Written on a phone")
        writer.locator(".note.mine:not(.unsaved)").wait_for()
        assert "Written on a phone" not in other.content()
        other.get_by_text("1 note from others, hidden until the discussion.").wait_for()
        writer.screenshot(path=str(SHOTS / "fg_phone_board.png"))
        note_action(writer, "Written on a phone", "Delete")
        writer.get_by_role("button", name="Undo").tap()
        mine.wait_for()
        assert Note.objects.get().deleted_at is None
        mine.get_by_role("button", name="Actions for note").tap()
        mine.get_by_role("button", name="Move to Partially agree").tap()
        writer.locator(".lane[data-level=partially_agree] .note.mine:not(.unsaved)").wait_for()
        touch_drag(
            writer,
            writer.locator(".note.mine .note-grip"),
            active.locator(".lane[data-level=strongly_agree] .lane-add"),
        )
        writer.locator(".lane[data-level=strongly_agree] .note.mine:not(.unsaved)").wait_for()
        assert Note.objects.get().level.key == "strongly_agree"

    @staticmethod
    def lock_and_unlock(console, writer) -> None:
        """A locked board says so and offers no add button."""
        console.get_by_role("button", name="Lock the board").click()
        writer.get_by_text("The board is locked: notes are closed for now.").wait_for()
        assert writer.get_by_role("button", name="Add note in Strongly agree").count() == 0
        console.get_by_role("button", name="Unlock the board").click()
        writer.get_by_role("button", name="Add note in Strongly agree").wait_for()

    def discuss_then_the_next_statement(self, console, writer, other) -> None:
        self.next(console, "Next: S1, Discuss")
        note(other, "Written on a phone").wait_for()
        console.screenshot(path=str(SHOTS / "fg_phone_console.png"), full_page=True)
        assert serious_violations(writer) == []
        assert serious_violations(console) == []
        note_action(console, "Written on a phone", "Highlight")
        other.locator(".stage-highlight", has_text="Written on a phone").wait_for()
        self.next(console, "Next: S2, Introduce")
        writer.locator(".stage-introduce .stage-text", has_text="Statement text 2.").wait_for()
        # Bug 9: the highlight does not carry over to the next statement's stage.
        for page in (writer, other, console):
            page.locator(".stage-introduce").wait_for()
            assert page.locator(".stage-highlight").count() == 0
        # The past statement is collapsed below, its notes one tap away.
        past = writer.locator(f".stmt[data-statement='{self.first.pk}']")
        past.get_by_role("button", name="Show notes").tap()
        note(writer, "Written on a phone").wait_for()

    @staticmethod
    def end(console, writer) -> None:
        """The participant's board says so; the moderator lands on the wrap-up."""
        console.on("dialog", lambda dialog: dialog.accept())
        console.get_by_role("button", name="End session").click()
        console.get_by_role("heading", name="Wrap-up of Session 1").wait_for()
        writer.get_by_text("The session has ended. Thank you for taking part.").wait_for()
        assert writer.get_by_role("button", name="Add note in Strongly agree").count() == 0
        assert console.evaluate("document.documentElement.scrollWidth") <= 390
        console.screenshot(path=str(SHOTS / "fg_phone_wrapup.png"), full_page=True)
        assert serious_violations(console) == []

    def test_participants_and_the_moderator_run_a_statement_on_phones(self):
        console = self.console()
        writer, other = (
            self.new_page(self.new_context(**PHONE)),
            self.new_page(self.new_context(**PHONE)),
        )
        assert join(writer, self.invite) == "P1"
        assert join(other, self.invite) == "P2"
        other.get_by_text("2 participants online").wait_for()
        assert console.evaluate("document.documentElement.scrollWidth") <= 390
        self.next(console, "Next: S1, Introduce")
        writer.locator(".stage-introduce .stage-text", has_text="Statement text 1.").wait_for()
        assert writer.get_by_role("button", name="Add note in Strongly agree").count() == 0
        self.next(console, "Next: S1, Add comments")
        self.assert_the_active_statement_is_the_page(writer)
        self.add_delete_undo_and_move_by_touch(writer, other)
        self.lock_and_unlock(console, writer)
        self.discuss_then_the_next_statement(console, writer, other)
        self.end(console, writer)

    def test_a_removed_participant_sees_no_add_button_and_the_board_stops_reconnecting(self):
        console = self.console()
        page = self.new_page(self.new_context(**PHONE))
        join(page, self.invite)
        self.next(console, "Next: S1, Introduce")
        self.next(console, "Next: S1, Add comments")
        page.get_by_role("button", name="Add note in Strongly agree").wait_for()
        sockets = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        console.on("dialog", lambda dialog: dialog.accept())
        console.locator("#people-body").get_by_role("button", name="Remove P1").click()
        page.get_by_text("You were removed from this session").wait_for()
        page.locator("#conn.conn-refused").wait_for()
        assert page.get_by_role("button", name="Add note in Strongly agree").count() == 0
        page.wait_for_timeout(3000)  # longer than the first reconnect delays (0.5 s, 1 s)
        assert sockets == []
