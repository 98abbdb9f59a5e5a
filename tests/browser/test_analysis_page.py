"""An analyst opens the analysis of the paper's study: grids, charts drawn, a cell's notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import make_user

from .base import PaperStudyTestCase

pytestmark = pytest.mark.browser

SCREENSHOT = Path("/tmp/analysis_page_e.png")  # noqa: S108 - a look for people, not data


class TestAnalysisPage(PaperStudyTestCase):
    def test_an_analyst_sees_grids_and_charts_and_opens_a_cells_notes(self):
        page = self.new_page(self.new_context(viewport={"width": 1280, "height": 900}))
        self.login(page, self.analyst)
        page.goto(f"/studies/{self.study.pk}/analysis/")
        page.get_by_role("heading", name="Filters").wait_for()
        page.locator("#chart-diverging .main-svg").first.wait_for()
        page.locator("#chart-heatmap .main-svg").first.wait_for()
        assert (
            page.locator("#summary-S1")
            .inner_text()
            .startswith("Four participants provided comments strongly agreeing")
        )
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        page.screenshot(path=str(SCREENSHOT.with_name("analysis_top_e.png")))

        page.get_by_label("P4, Partially agree: 1 note").first.click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_text("Worth it only when the roadmap needs frequent releases.").wait_for()
        dialog.get_by_role("button", name="Close").click()
        assert not dialog.is_visible()

        # The PNG download is rendered by kaleido inside the ASGI server.
        png = page.request.get(page.get_by_role("link", name="PNG").first.get_attribute("href"))
        assert png.status == 200
        assert png.body().startswith(b"\x89PNG")

        # Keyboard: a cell is a link, Enter opens the same dialog.
        page.get_by_label("P3, Strongly disagree: 1 note").first.focus()
        page.keyboard.press("Enter")
        dialog.get_by_text("Without versioned artefacts a rollback is guesswork.").wait_for()

    def test_the_page_fits_a_phone_screen(self):
        page = self.new_page(self.new_context(viewport={"width": 390, "height": 844}))
        self.login(page, self.analyst)
        page.goto(f"/studies/{self.study.pk}/analysis/")
        page.locator("#chart-diverging .main-svg").first.wait_for()
        page.screenshot(path=str(SCREENSHOT.with_name("analysis_phone_e.png")))
        # Wide grids scroll inside their box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

    def test_filtering_by_a_profile_field_keeps_only_those_participants(self):
        page = self.new_page()
        self.login(page, self.analyst)
        page.goto(f"/studies/{self.study.pk}/analysis/")
        page.get_by_label("Profile field").select_option("job_title")
        page.get_by_label("Value of the field").fill("ML Engineer")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url("**field=job_title**")
        header = page.locator("#statement-S1 table.grid thead").inner_text()
        assert header.split() == ["Level", "P1", "P4", "P5"]

    def test_an_outsider_gets_nothing(self):
        page = self.new_page()
        self.login(page, make_user("outsider"))
        response = page.goto(f"/studies/{self.study.pk}/analysis/")
        assert response.status == 404
        assert "Strongly agree" not in page.content()
