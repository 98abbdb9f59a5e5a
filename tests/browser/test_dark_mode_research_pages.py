"""Dark mode on the research pages (issue 10, item 24).

Study design, sessions, recordings, a transcript, the analysis, the phase pages and the study-file
import stay dark, readable and free of serious axe findings, at desktop and at phone width."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from phases.services import phases_template_apply
from sessions.services import session_create

from .base import PaperStudyTestCase
from .data import log_shifts, transcribed_recording
from .live_board_support import serious_violations

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at
DARK_BACKGROUND = "rgb(18, 21, 28)"  # app.css's --bg in dark mode
WIDTHS = ((1366, 900, "desktop"), (390, 844, "phone"))


class TestDarkModeResearchPages(PaperStudyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.session = session_create(study=self.study, name="Dark session")
        lines = ["We version every model.", "Monitoring comes later.", "Retraining is manual."]
        statement = self.study.statements.first()
        self.recording = transcribed_recording(self.session, "dark.wav", lines, statement)
        phases_template_apply(study=self.study)
        log_shifts(self.study, self.owner)

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
                violations = serious_violations(page)  # every rule, none skipped
                if violations:
                    findings[f"{name} at {width}px"] = violations
        assert not findings, json.dumps(findings, indent=1)
