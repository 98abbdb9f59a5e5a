"""The speakers panel in Chromium.

A three-voice conversation transcribed and its voices found; the moderator listens to a voice, says
who each voice is in one step (every line follows), gives a range of lines one speaker and corrects
one line, at 1366 px and at 390 px."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from recordings import services
from recordings.models import Recording, TranscriptSegment
from recordings.tasks import transcribe_recording
from sessions.services import participant_create, session_create
from tests.factories import make_study, make_user
from tests.recordings.conversation import conversation

from .base import BrowserTestCase

pytestmark = pytest.mark.browser
MEDIA = Path(tempfile.mkdtemp(prefix="fg-sp-media-"))
TALK = Path(tempfile.mkdtemp(prefix="fg-sp-talk-"))
SHOTS = Path(tempfile.gettempdir()) / "fg_d_screens"  # to look at (not compared)


def _codes(page) -> list[str]:
    """The speaker code shown on each transcript line, in order ("" where none)."""
    return page.locator("li.line").evaluate_all(
        "lines => lines.map(l => (l.querySelector('.speaker') || {textContent: ''}).textContent)"
    )


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@override_settings(MEDIA_ROOT=MEDIA)
class TestSpeakersPage(BrowserTestCase):
    def _transcribed(self):
        moderator = make_user("mia")
        study = make_study(owner=make_user("olga"), moderator=moderator, title="MLOps study")
        session = session_create(study=study, name="Session 1")
        for _ in range(3):
            participant_create(session=session)
        path, _ = conversation(TALK, voices=("slt", "rms", "awb"), minutes=1.0, seed=3)
        recording = services.recording_create(
            session=session,
            uploaded_file=SimpleUploadedFile(path.name, path.read_bytes(), "audio/wav"),
            uploaded_by=moderator,
        )
        # The worker's task, in process and off Playwright's event-loop thread.
        outcome = []
        run = threading.Thread(
            target=lambda: outcome.append(transcribe_recording(recording.pk, str(recording.run_id)))
        )
        run.start()
        run.join()
        assert outcome == ["done"]
        return moderator, Recording.objects.get(pk=recording.pk)

    def _listen_to_voice_2(self, page):
        """Listening to a voice moves the player to its clip."""
        listen = page.get_by_role("button", name="Listen to Voice 2")
        start = float(listen.get_attribute("data-start"))
        page.wait_for_function("() => document.getElementById('player').readyState >= 1")
        listen.click()
        page.wait_for_function(
            f"() => Math.abs(document.getElementById('player').currentTime - {start}) < 1.5"
        )

    def _confirm_every_voice(self, page, recording):
        """Who each voice is, in one step: every line of a voice takes its code (shown, stored)."""
        voices = {"Voice 1": "P1", "Voice 2": "P2", "Voice 3": "P3"}
        for voice, code in voices.items():
            page.get_by_label(f"Who is {voice}").select_option(label=f"Participant {code}")
        page.get_by_role("button", name="Confirm speakers").click()
        page.get_by_text("3 voices detected.").wait_for()
        shown = _codes(page)
        stored = [
            segment.speaker.code if segment.speaker else ""
            for segment in TranscriptSegment.objects.filter(recording=recording)
            .select_related("speaker__participant")
            .order_by("index")
        ]
        assert shown == stored
        assert set(shown) == {"P1", "P2", "P3"}  # each voice speaks somewhere
        return shown

    def test_listen_confirm_reassign_a_range_and_correct_a_line(self):
        moderator, recording = self._transcribed()
        page = self.new_page()
        self.login(page, moderator)
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"/recordings/{recording.pk}/")
        page.get_by_text("3 voices detected.").wait_for()
        lines = page.locator("li.line")
        count = lines.count()
        assert count >= 6
        self._listen_to_voice_2(page)
        shown = self._confirm_every_voice(page, recording)

        # A range of lines, one speaker: those lines change and no other.
        page.get_by_text("Give a range of lines one speaker").click()
        page.get_by_label("From line").fill("2")
        page.get_by_label("to line").fill("4")
        page.locator("#range-speaker").select_option(label="Voice 1 (P1)")
        page.get_by_role("button", name="Apply to the lines").click()
        page.get_by_text("3 voices detected.").wait_for()
        after = _codes(page)
        assert after[1:4] == ["P1", "P1", "P1"]
        assert after[:1] + after[4:] == shown[:1] + shown[4:]

        # One line corrected by hand.
        other = next(code for code in ("P2", "P3") if code != after[-1])
        last = lines.nth(count - 1)
        last.get_by_text("Edit").click()
        last.get_by_label("Speaker").select_option(label=f"Voice {other[1]} ({other})")
        last.get_by_role("button", name="Save line").click()
        page.wait_for_function(
            "code => { const lines = document.querySelectorAll('li.line');"
            " const shown = lines[lines.length - 1].querySelector('.speaker');"
            " return shown && shown.textContent === code; }",
            arg=other,
        )
        final = TranscriptSegment.objects.filter(recording=recording).order_by("index").last()
        assert final.speaker.code == other

        # At 390 px the panel stacks and nothing scrolls sideways.
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "speakers-1366.png"), full_page=True)
        assert _no_sideways_scroll(page)
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        page.get_by_text("3 voices detected.").wait_for()
        assert _no_sideways_scroll(page)
        assert page.get_by_role("button", name="Confirm speakers").is_visible()
        page.screenshot(path=str(SHOTS / "speakers-390.png"), full_page=True)
