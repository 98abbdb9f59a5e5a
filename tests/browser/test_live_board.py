"""A moderator and three participants run a statement through its three steps in real browsers."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from sessions.models import BoardEvent, Note
from sessions.services import session_create
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import (
    add_note,
    board_texts,
    join,
    note,
    note_action,
    record_frames,
    record_responses,
    serious_violations,
)

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("BOARD_SHOTS", "/tmp/fg_board")  # noqa: S108 - screenshots to look at


class TestLiveBoard(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")
        self.moderator = make_user("mona")
        self.study = make_study(owner=self.owner, moderator=self.moderator, statements=3)
        self.session = session_create(study=self.study, name="Session 1")
        self.statement = self.study.statements.first()
        self.invite = reverse("join-consent", args=[self.session.invite_token])
        self.console_url = reverse("session-console", args=[self.study.pk, self.session.pk])

    def open_console(self):
        page = self.new_page(self.new_context(viewport={"width": 1366, "height": 900}))
        self.login(page, self.moderator)
        page.goto(self.console_url)
        page.locator("#conn.conn-online").wait_for()
        return page

    def step(self, console, step_label: str, minutes: str = "") -> None:
        """The explicit choice of statement and step (the Next button is tested on phones)."""
        if console.locator("details.explicit").get_attribute("open") is None:
            console.locator("details.explicit summary").click()
        console.get_by_label("Statement", exact=True).select_option(str(self.statement.pk))
        console.get_by_label("Timer for Add comments (minutes, optional)").fill(minutes)
        console.get_by_role("button", name=step_label, exact=True).click()
        console.locator(".step-btn[aria-pressed=true]", has_text=step_label).wait_for()

    def join_three(self, console):
        """Three participants join (P1, P2, P3), their sockets' frames and HTTP answers kept."""
        pages, frames, bodies = [], [], []
        for years in ("3", "7", "12"):
            page = self.new_page(self.new_context(viewport={"width": 1366, "height": 900}))
            frames.append(record_frames(page))
            bodies.append(record_responses(page))
            assert join(page, self.invite, years=years) == f"P{len(pages) + 1}"
            pages.append(page)
        # Everyone online, as the console shows.
        console.locator(".online-cell.is-online").nth(2).wait_for()
        return pages, frames, bodies

    def introduce(self, console, pages) -> None:
        """Step 1: the statement is shown large; notes are closed."""
        self.step(console, "1 · Introduce")
        for page in pages:
            page.locator(".stage-introduce .stage-text", has_text="Statement text 1.").wait_for()
            assert page.get_by_role("button", name="Add note in Strongly agree").count() == 0

    def comment(self, console, pages) -> None:
        """Step 2: notes open; each writes one, by mouse or keyboard, and moves it."""
        p1, p2, p3 = pages
        p1.screenshot(path=f"{SHOTS}_participant_introduce.png")
        self.step(console, "2 · Add comments", minutes="2")
        p1.locator(".countdown", has_text="left").wait_for()
        add_note(p1, "Strongly agree", "P1 secret: pipelines first")
        add_note(p2, "Strongly agree", "P2 secret: too costly")
        # P3 writes with the keyboard alone: the button, the text, Ctrl+Enter to save.
        p3.get_by_role("button", name="Add note in No opinion").focus()
        p3.keyboard.press("Enter")
        p3.keyboard.type("P3 secret: unsure")
        p3.keyboard.press("Control+Enter")
        for page in pages:
            page.locator(".note.mine:not(.unsaved)").wait_for()
        # P2 drags its note to another column.
        p2.locator(".note.mine").drag_to(p2.locator(".lane.open[data-level=partially_disagree]"))
        p2.locator(".lane[data-level=partially_disagree] .note.mine:not(.unsaved)").wait_for()
        p2.get_by_text("2 notes from others, hidden until the discussion.").wait_for()
        # P1 moves its note with the keyboard alone.
        p1.locator(".note.mine").focus()
        p1.keyboard.press("Alt+ArrowRight")
        p1.locator(".lane[data-level=partially_agree] .note.mine:not(.unsaved)").wait_for()
        console.locator(".lane[data-level=partially_agree] .note", has_text="P1 secret").wait_for()
        console.locator(".posted-cell", has_text="✓ Posted").nth(2).wait_for()
        assert console.locator(".note .note-code", has_text="P3").count() == 1

    @staticmethod
    def assert_nothing_leaked_before_the_reveal(pages, frames, bodies) -> None:
        """Each sees only its own notes: no other participant's text in P2's DOM or traffic."""
        _p1, p2, p3 = pages
        p2_before = p2.content() + "".join(frames[1]) + "".join(bodies[1])
        assert "P2 secret" in p2_before
        assert "P1 secret" not in p2_before
        assert "P3 secret" not in p2_before
        assert "P1 secret" not in p3.content() + "".join(frames[2])
        p2.screenshot(path=f"{SHOTS}_participant_comment.png", full_page=True)

    def discuss(self, console, pages) -> None:
        """Step 3: everything revealed; highlight and flag as unclear, and the rewrite."""
        _p1, p2, p3 = pages
        self.step(console, "3 · Discuss")
        for page in pages:
            note(page, "P1 secret").wait_for()
            note(page, "P3 secret").wait_for()
        # Anonymous by default: the others' codes are not shown to participants.
        assert note(p2, "P1 secret").locator(".note-code").inner_text() == "Another participant"
        note_action(console, "P2 secret", "Highlight")
        for page in pages:
            page.locator(".stage-highlight", has_text="P2 secret").wait_for()
        note_action(console, "P3 secret", "Mark unclear")
        p3.get_by_text("The moderator asks you to rewrite this note.").wait_for()
        note_action(p3, "P3 secret", "Edit")
        p3.get_by_label("Edit your note").fill("P3 rewritten: unsure about costs")
        p3.get_by_role("button", name="Save").click()
        for page in [*pages, console]:
            note(page, "P3 rewritten").wait_for()
            page.locator(".note.unsaved").wait_for(state="detached")
        p2.screenshot(path=f"{SHOTS}_participant_discuss.png", full_page=True)
        console.screenshot(path=f"{SHOTS}_console_discuss.png", full_page=True)

    def test_a_moderator_and_three_participants_run_one_statement_through_three_steps(self):
        console = self.open_console()
        pages, frames, bodies = self.join_three(console)
        self.introduce(console, pages)
        self.comment(console, pages)
        self.assert_nothing_leaked_before_the_reveal(pages, frames, bodies)
        self.discuss(console, pages)
        expected = [
            "P1 secret: pipelines first",
            "P2 secret: too costly",
            "P3 rewritten: unsure about costs",
        ]
        for page in [*pages, console]:
            assert board_texts(page) == expected
        assert sorted(Note.objects.values_list("text", flat=True)) == expected
        steps = list(
            BoardEvent.objects.filter(session=self.session, type="step.set").values_list(
                "statement_id", "step"
            )
        )
        assert steps == [(self.statement.pk, s) for s in ("introduce", "comment", "discuss")]
        # Accessibility of the participant board and the console, as they are now.
        assert serious_violations(pages[0]) == []
        assert serious_violations(console) == []

    def test_a_note_written_offline_survives_a_reload_and_reaches_everyone_once_back(self):
        console = self.open_console()
        author_page = self.new_page()
        other_page = self.new_page()
        join(author_page, self.invite)
        join(other_page, self.invite)
        self.step(console, "2 · Add comments")
        author_page.locator(".stage-comment").wait_for()
        # The page is kept for an offline reload once the service worker has cached it.
        author_page.wait_for_function(
            "async () => !!(await caches.match(location.pathname))", polling=200
        )
        context = author_page.context
        context.set_offline(True)
        author_page.locator("#conn.conn-offline").wait_for()
        add_note(author_page, "Strongly disagree", "Written offline")
        written = note(author_page, "Written offline")
        written.locator(".unsaved-tag").wait_for()
        note_action(author_page, "Written offline", "Edit")
        author_page.get_by_label("Edit your note").fill("Written offline, then edited")
        author_page.get_by_role("button", name="Save").click()
        author_page.get_by_text("1 change not yet saved").wait_for()

        author_page.reload()
        kept = note(author_page, "Written offline, then edited")
        kept.locator(".unsaved-tag").wait_for()
        assert author_page.locator("#conn").get_attribute("class") == "conn conn-offline"
        assert Note.objects.count() == 0

        context.set_offline(False)
        author_page.locator("#conn.conn-online").wait_for()
        kept.locator(".unsaved-tag").wait_for(state="detached")
        author_page.get_by_text("1 change not yet saved").wait_for(state="detached")
        console.locator(".note", has_text="Written offline, then edited").wait_for()

        self.step(console, "3 · Discuss")
        note(other_page, "Written offline, then edited").wait_for()
        assert [p.locator(".note").count() for p in (author_page, other_page, console)] == [1, 1, 1]
        for page in (author_page, other_page, console):
            assert board_texts(page) == ["Written offline, then edited"]
        stored = Note.objects.get()
        assert (stored.text, stored.level.key) == (
            "Written offline, then edited",
            "strongly_disagree",
        )
        assert stored.revisions.count() == 1  # created once, never duplicated
