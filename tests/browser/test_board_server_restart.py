"""A browser whose server was killed and restarted is served at once by the new server.

The test runs its own uvicorn (on a free port, on the test database) and kills it with SIGKILL
as a crash would, keeps it down until the browser's reconnection back-off has grown, starts it
again, and writes a note: the note is saved as soon as it is written, not at the browser's next
scheduled retry. Notes are stored once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import pytest
from django.conf import settings
from django.urls import reverse

from sessions.models import Note, Step
from sessions.services import session_create, session_step_set
from tests.factories import make_study, make_user
from tests.sessions.server_support import ROOT, free_port, start_uvicorn, stop

from .base import BrowserTestCase
from .live_board_support import add_note, join

pytestmark = pytest.mark.browser
# What the page shows of a saved note: the note, no longer marked "not yet saved", and no
# change waiting in the count of unsaved changes.
SAVED = """(text) => {
  const notes = [...document.querySelectorAll("#board-app .note")]
    .filter((node) => node.querySelector(".note-text")?.textContent === text);
  const waiting = document.getElementById("pending-count").textContent.trim();
  return notes.length === 1 && !notes[0].classList.contains("unsaved") && waiting === "";
}"""


class TestBoardAfterServerRestart(BrowserTestCase):
    def setUp(self) -> None:
        self.study = make_study(owner=make_user("olga"), statements=1)
        self.session = session_create(study=self.study, name="Session 1")
        session_step_set(
            session=self.session, statement=self.study.statements.first(), step=Step.COMMENT
        )
        self.static = tempfile.mkdtemp(prefix="fg-static-")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env={**os.environ, "STATIC_ROOT": self.static},
            check=True,
        )
        self.port = free_port()
        self.server = self.start()
        self.addCleanup(lambda: stop(self.server))

    def start(self):
        config = settings.CHANNEL_LAYERS["default"].get("CONFIG", {})
        return start_uvicorn(
            self.port,
            redis_url=settings.REDIS_URL,
            prefix=f"{config.get('prefix', 'focusgroup')}-restart",
            extra_env={"STATIC_ROOT": self.static},
        )

    def test_a_note_written_after_a_server_restart_is_saved_at_once(self):
        context = self.browser.new_context(base_url=f"http://127.0.0.1:{self.port}")
        context.set_default_timeout(15_000)
        self.addCleanup(context.close)
        page = context.new_page()
        join(page, reverse("join-consent", args=[self.session.invite_token]))
        add_note(page, "Strongly agree", "Before the restart")
        page.wait_for_function(SAVED, arg="Before the restart")

        stop(self.server, kill=True)
        page.locator("#conn.conn-connecting").wait_for()
        time.sleep(6)  # down long enough for the browser's retries to space out
        self.server = self.start()
        add_note(page, "Strongly agree", "Right after the restart")
        # Saved as soon as it is written: the browser reconnects for it instead of waiting for
        # its next scheduled retry (up to 5 s apart before the fix).
        page.wait_for_function(SAVED, arg="Right after the restart", timeout=1_500)
        page.locator("#conn.conn-online").wait_for()
        texts = sorted(Note.objects.filter(session=self.session).values_list("text", flat=True))
        assert texts == ["Before the restart", "Right after the restart"]
