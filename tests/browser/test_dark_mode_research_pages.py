"""Dark mode on the research pages (issue 10, item 24).

Study design, sessions, recordings, a transcript, the analysis, the phase pages and the study-file
import stay dark, readable and free of serious axe findings, at desktop and at phone width."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from phases.services import entry_create, phases_template_apply
from recordings.models import Recording, RecordingStatus, TranscriptSegment
from sessions.services import session_create

from .base import PaperStudyTestCase
from .live_board_support import serious_violations

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at
DARK_BACKGROUND = "rgb(18, 21, 28)"  # app.css's --bg in dark mode
WIDTHS = ((1366, 900, "desktop"), (390, 844, "phone"))
# Findings of the markup, not of colour: the same in light mode, and no stylesheet can fix them.
# The transcript's time button shows "1 0:00" but is named "Line 1, play from 0:00"
# (recordings/detail.html). Drop the entry once its template is fixed.
MARKUP_FINDINGS = {
    ("transcript", "label-content-name-mismatch"),
}


class TestDarkModeResearchPages(PaperStudyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.session = session_create(study=self.study, name="Dark session")
        self.recording = Recording.objects.create(
            session=self.session,
            file="recordings/dark.wav",
            original_name="dark.wav",
            size=1024,
            content_type="audio/wav",
            duration=12.0,
            status=RecordingStatus.DONE,
            progress=1,
        )
        lines = ["We version every model.", "Monitoring comes later.", "Retraining is manual."]
        TranscriptSegment.objects.bulk_create(
            TranscriptSegment(
                recording=self.recording,
                index=i,
                start=4.0 * i,
                end=4.0 * i + 3.5,
                text=text,
                original_text=text,
                statement=self.study.statements.first(),
            )
            for i, text in enumerate(lines)
        )
        phases_template_apply(study=self.study)
        for main, visited, minutes in [
            ("data_preparation", "data_preparation", 60),
            ("data_preparation", "data_acquisition", 30),
            ("problem_definition", "communication", 20),
            ("problem_definition", "problem_definition", 20),
        ]:
            entry_create(
                study=self.study, main=main, visited=visited, minutes=minutes, user=self.owner
            )

    def pages(self) -> list[tuple[str, str, str]]:
        """(name, address, a selector to wait for) of each page checked."""
        study, session = self.study.pk, self.session.pk
        return [
            ("design", f"/studies/{study}/", "h1"),
            ("sessions", f"/studies/{study}/sessions/", "h1"),
            ("recordings", f"/studies/{study}/sessions/{session}/recordings/", "h1"),
            ("transcript", f"/recordings/{self.recording.pk}/", ".transcript li"),
            ("analysis", f"/studies/{study}/analysis/", "#chart-diverging .main-svg"),
            ("phases", f"/studies/{study}/phases/analysis/", "#chart-matrix .main-svg"),
            ("phase_timer", f"/studies/{study}/phases/timer/", "h1"),
            ("phase_process", f"/studies/{study}/phases/", "h1"),
            ("phase_log", f"/studies/{study}/phases/log/", "h1"),
            ("import", "/studies/import/", "h1"),
        ]

    def test_the_research_pages_in_dark_mode_have_no_serious_axe_findings(self):
        findings: dict[str, list[dict]] = {}
        for width, height, size in WIDTHS:
            context = self.new_context(
                viewport={"width": width, "height": height}, color_scheme="dark"
            )
            context.set_default_timeout(30_000)  # pages with many charts on a loaded machine
            page = self.new_page(context)
            self.login(page, self.owner)
            for name, address, ready in self.pages():
                response = page.goto(address)
                assert response is not None, address
                assert response.ok, address
                page.locator(ready).first.wait_for()
                assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
                background = page.evaluate("getComputedStyle(document.body).backgroundColor")
                assert background == DARK_BACKGROUND, name
                page.screenshot(path=str(SHOTS / f"dark_{name}_{size}.png"), full_page=True)
                violations = [
                    v for v in serious_violations(page) if (name, v["id"]) not in MARKUP_FINDINGS
                ]
                if violations:
                    findings[f"{name} at {width}px"] = violations
        assert not findings, json.dumps(findings, indent=1)
