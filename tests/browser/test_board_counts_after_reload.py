"""After a reload the board's note counts match the notes it shows (issue 10, bug 10).

The page starts from its stored copy and resyncs from its last event, so no new snapshot brings
the totals: the stored copy's own running totals must be the ones shown, not the totals of the
first snapshot it was built from (which said "0 notes").
"""

from __future__ import annotations

import threading

import pytest
from django.urls import reverse

from sessions.services import session_create, session_step_set
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import add_note, join

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def shown_counts(page) -> list[tuple[str, str, int]]:
    """Each statement's key, the count its heading shows, and the notes drawn in its lanes."""
    return page.evaluate(
        """() => [...document.querySelectorAll(".stmt")].map((section) => [
          section.querySelector(".stmt-key").textContent,
          section.querySelector(".stmt-count").textContent,
          section.querySelectorAll(".note").length,
        ])"""
    )


class TestBoardCountsAfterReload(BrowserTestCase):
    def test_the_counts_shown_after_a_reload_match_the_notes_on_the_board(self):
        study = make_study(owner=make_user("olga"), statements=2)
        session = session_create(study=study, name="Session 1")
        # The board's broadcast uses async_to_sync: run it off Playwright's event-loop thread.
        step = threading.Thread(
            target=session_step_set,
            kwargs={"session": session, "statement": study.statements.first(), "step": "comment"},
        )
        step.start()
        step.join()
        page = self.new_page(self.new_context(**PHONE))
        join(page, reverse("join-consent", args=[session.invite_token]))
        add_note(page, "Strongly agree", "Versioning helped us")
        add_note(page, "Partially agree", "Rollbacks got easier")
        page.locator(".note.mine:not(.unsaved)").nth(1).wait_for()
        before = shown_counts(page)
        assert before == [["S1", "2 notes", 2], ["S2", "0 notes", 0]]

        page.reload()
        page.locator("#conn.conn-online").wait_for()
        page.locator(".stmt.is-active .note").nth(1).wait_for()
        assert shown_counts(page) == before
