"""The analysis and wrap-up pages of the paper's study in a browser.

Checked at 390 and 1366 px: the split count of the agreement chart, participants left out of the
grids listed apart, labels in the cell dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from sessions.services import participant_create, participant_remove

from .base import PaperStudyTestCase

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp")  # noqa: S108 - a look for people, not data
WIDTHS = (390, 1366)


class TestAnalysisCounts(PaperStudyTestCase):
    def setUp(self):
        super().setUp()
        self.session = self.study.sessions.get(name="Focus group 1")
        removed = participant_create(session=self.session, profile={"job_title": "Visitor"})
        participant_remove(session=self.session, participant_id=removed.pk)
        self.removed = removed.code
        self.never = participant_create(session=self.session).code

    def page_at(self, width: int):
        page = self.new_page(self.new_context(viewport={"width": width, "height": 900}))
        self.login(page, self.analyst)
        return page

    def test_the_split_and_the_participants_apart_on_the_analysis_page(self):
        for width in WIDTHS:
            page = self.page_at(width)
            page.goto(f"/studies/{self.study.pk}/analysis/")
            page.locator("#chart-diverging .main-svg").first.wait_for()
            assert "more than N" in page.locator("#count-explanation").inner_text()
            page.get_by_role("link", name="participants, split among their levels").click()
            page.wait_for_url("**by=split**")
            page.locator("#chart-diverging .main-svg").first.wait_for()
            assert "adds up to N" in page.locator("#count-explanation").inner_text()
            assert "Participants (split)" in page.locator("#chart-diverging").inner_text()
            header = page.locator("#statement-S1 table.grid thead").inner_text().split()
            assert header == ["Level", "P1", "P2", "P3", "P4", "P5", "P6"]
            apart = page.locator("table.participants tbody.apart").inner_text()
            assert f"{self.removed}\tRemoved: not counted" in apart
            assert f"{self.never}\tNever joined: not counted" in apart
            page.get_by_label("P5, Partially agree: 1 note").first.click()
            dialog = page.get_by_role("dialog")
            dialog.get_by_text("P5 · S1: Deployment frequency · Partially agree").wait_for()
            page.screenshot(path=str(SHOTS / f"analysis_dialog_{width}.png"))
            dialog.get_by_role("button", name="Close").click()
            for part in ("chart", "participants"):
                section = page.locator(f"section[aria-labelledby='{part}-title']")
                section.screenshot(path=str(SHOTS / f"analysis_{part}_{width}.png"))
            assert page.evaluate("document.documentElement.scrollWidth") <= width

    def test_the_wrap_up_counts_only_who_took_part(self):
        url = reverse("analysis-session-wrapup", args=[self.study.pk, self.session.pk])
        for width in WIDTHS:
            page = self.page_at(width)
            page.goto(url)
            page.get_by_role("heading", name="Participation").wait_for()
            counts = page.locator(".wrapup-counts").inner_text()
            assert "3 participants took part" in counts.replace("\n", " ")
            note = page.get_by_text("Not counted:").inner_text()
            assert f"{self.removed} (removed)" in note
            assert f"{self.never} (never joined)" in note
            summary = page.locator("#summary-S1").inner_text()
            assert summary.startswith("Three participants provided comments strongly agreeing")
            page.screenshot(path=str(SHOTS / f"wrapup_{width}.png"))
            page.locator("section[aria-labelledby='participation-title']").screenshot(
                path=str(SHOTS / f"wrapup_participation_{width}.png")
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= width
