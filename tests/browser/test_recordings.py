"""A moderator uploads a recording and reads its transcript in a browser.

The moderator watches the upload and transcription progress, opens the transcript, clicks a line
and the player jumps there; search narrows the lines. Speakers found again while the transcript is
open replace it only where its reader is not using it."""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from sessions.services import session_create, session_step_set
from tests.factories import make_study, make_user
from tests.recordings.speech import speech_file
from tests.recordings.worker import Worker, purge_queue

from .base import BrowserTestCase

pytestmark = [pytest.mark.browser, pytest.mark.worker]
MEDIA = Path(tempfile.mkdtemp(prefix="fg-d-media-"))
SPEECH = Path(tempfile.mkdtemp(prefix="fg-d-speech-"))
SHOTS = Path(tempfile.gettempdir()) / "fg_d_screens"


@override_settings(MEDIA_ROOT=MEDIA)
class TestRecordings(BrowserTestCase):
    def setUp(self):
        super().setUp()
        purge_queue()
        self.worker = Worker(media_root=MEDIA).start()
        self.addCleanup(self.worker.stop)
        self.addCleanup(purge_queue)
        SHOTS.mkdir(exist_ok=True)

    def running_session(self):
        """A moderator, and a session of theirs running with S1's comment step on the board."""
        moderator = make_user("mia")
        study = make_study(owner=make_user("olga"), moderator=moderator, title="MLOps study")
        session = session_create(study=study, name="Session 1")
        session.started_at = timezone.now()
        session.save(update_fields=["started_at"])
        # The board's broadcast uses async_to_sync: run it off Playwright's event-loop thread.
        step = threading.Thread(
            target=session_step_set,
            kwargs={"session": session, "statement": study.statements.first(), "step": "comment"},
        )
        step.start()
        step.join()
        return moderator, study, session

    def upload_slowly_watching_the_bar(self, page, audio):
        """Upload `audio` over a slowed network: the progress bar shows a value between the ends."""
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 20,
                "downloadThroughput": -1,
                "uploadThroughput": 400 * 1024,
            },
        )
        page.get_by_label("Recording files").set_input_files(str(audio))
        page.get_by_role("button", name="Upload").click()
        seen = set()
        for _ in range(200):
            seen.add(page.evaluate("document.getElementById('upload-bar').value"))
            if page.url.endswith("/recordings/") and "uploaded" in page.content():
                break
            page.wait_for_timeout(25)
        assert any(0 < value < 100 for value in seen), seen
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )

    def test_upload_progress_transcript_and_clicking_a_line_plays_from_there(self):
        moderator, study, session = self.running_session()
        audio = speech_file(["monitoring", "versioning", "retraining"], SPEECH, "wav")
        page = self.new_page()
        self.login(page, moderator)
        page.goto(f"/studies/{study.pk}/sessions/{session.pk}/recordings/")
        self.upload_slowly_watching_the_bar(page, audio)
        page.get_by_text("uploaded; transcription queued").wait_for()
        page.screenshot(path=str(SHOTS / "recordings-list-processing.png"), full_page=True)
        page.locator(".status-done").wait_for(timeout=180_000)
        # The speakers step runs after the transcription; a transcript's page left alone reloads
        # itself when it ends. Open the page once it has, so that reload cannot race the test.
        page.wait_for_function(
            "() => !document.querySelector('tr[data-status-url][data-speakers=processing]')",
            timeout=180_000,
        )
        page.screenshot(path=str(SHOTS / "recordings-list-done.png"), full_page=True)

        page.get_by_role("link", name=audio.name).click()
        page.get_by_role("heading", name="Transcript").wait_for()
        transcript_url = page.url
        # The lines come after the heading in the page, and count() does not wait for them.
        page.wait_for_load_state("domcontentloaded")
        lines = page.locator("li.line")
        line_count = lines.count()
        assert line_count >= 3
        page.wait_for_function("() => document.getElementById('player').readyState >= 1")
        third = lines.nth(2)
        start = float(third.get_attribute("data-start"))
        assert start > 5
        third.locator(".text").click()
        page.wait_for_function(
            f"() => Math.abs(document.getElementById('player').currentTime - {start}) < 1.5"
        )
        assert "current" in (third.get_attribute("class") or "")
        # The line carries what was on the board then, and links to it.
        assert third.get_by_role("link", name="S1 · comment").is_visible()
        page.screenshot(path=str(SHOTS / "transcript.png"), full_page=True)

        page.get_by_label("Search").fill("dataset")
        visible = [line for line in lines.all() if line.is_visible()]
        assert visible
        assert all(re.search("dataset", v.inner_text(), re.I) for v in visible)
        assert page.locator("#search-count").inner_text().endswith(f"of {lines.count()} lines")

        page.set_viewport_size({"width": 420, "height": 900})
        page.get_by_label("Search").fill("")
        page.screenshot(path=str(SHOTS / "transcript-narrow.png"), full_page=True)

        # From a line to the board at that moment, and on to the statement's discussion.
        page.set_viewport_size({"width": 1280, "height": 800})
        third.get_by_role("link", name="S1 · comment").click()
        page.get_by_role("heading", name=re.compile("The board at")).wait_for()
        assert "Statement text 1." in page.content()
        page.screenshot(path=str(SHOTS / "segment-board.png"), full_page=True)
        page.get_by_role("link", name="Every part of the transcripts on this statement").click()
        page.get_by_role("heading", name="S1 in the transcripts").wait_for()
        assert page.locator("ol.transcript li").count() == line_count
        page.screenshot(path=str(SHOTS / "statement-transcript.png"), full_page=True)
        self.check_speakers_found_again_while_the_transcript_is_open(page, transcript_url)

    def check_speakers_found_again_while_the_transcript_is_open(self, page, transcript_url):
        """A transcript's page left alone shows the new speakers by itself, but a page in use
        (here: searched) offers them rather than reload under its reader."""
        self.detect_speakers_again(page, transcript_url)
        page.wait_for_event("load", timeout=180_000)
        assert "Detecting speakers" not in page.locator("#speakers-state").inner_text()
        assert page.locator("#transcript-updated").is_hidden()
        self.detect_speakers_again(page, transcript_url)
        page.evaluate("window.fgMarker = 'still this page'")
        page.get_by_label("Search").fill("dataset")
        page.locator("#transcript-updated").wait_for(timeout=180_000)
        assert page.evaluate("window.fgMarker") == "still this page"
        assert page.get_by_label("Search").input_value() == "dataset"
        assert page.locator("#speakers-state").inner_text() == "Finished: show the update above."
        page.screenshot(path=str(SHOTS / "transcript-updated.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "transcript-updated-narrow.png"))
        with page.expect_event("load"):
            page.get_by_role("button", name="Show it").click()
        assert page.evaluate("window.fgMarker") is None
        assert "Detecting speakers" not in page.locator("#speakers-state").inner_text()
        assert page.locator("#transcript-updated").is_hidden()

    def detect_speakers_again(self, page, transcript_url):
        """Queue speaker detection from the transcript's page; it is back, polling, on return."""
        page.goto(transcript_url)
        page.get_by_role(
            "button", name=re.compile("Detect speakers again|Retry speaker detection")
        ).click()
        page.get_by_text("Speaker detection queued.").wait_for()
        page.wait_for_load_state("load")  # so that the next load is the page's own reload
        assert "Detecting speakers" in page.locator("#speakers-state").inner_text()

    def test_a_file_that_is_not_audio_is_refused_on_the_page_with_its_name(self):
        owner = make_user("olga")
        study = make_study(owner=owner, title="MLOps study")
        session = session_create(study=study, name="Session 1")
        fake = SPEECH / "minutes.mp3"
        fake.write_text("Minutes of the meeting, not a recording.\n" * 100)
        page = self.new_page()
        self.login(page, owner)
        page.goto(f"/studies/{study.pk}/sessions/{session.pk}/recordings/")
        page.get_by_label("Recording files").set_input_files(str(fake))
        page.get_by_role("button", name="Upload").click()
        error = page.locator("#upload-errors li")
        error.wait_for()
        assert "“minutes.mp3” cannot be used" in error.inner_text()
        assert "not audio" in error.inner_text()
        assert page.get_by_text("No recordings yet.").is_visible()
        assert page.get_by_role("button", name="Upload").is_enabled()
        page.screenshot(path=str(SHOTS / "upload-refused.png"), full_page=True)
