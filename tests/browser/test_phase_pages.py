"""Phase tracking in a browser.

The focus timer on a phone (start, shift with a scenario, back, stop: entries logged) and the
revisit-matrix page (charts drawn, downloads served)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from phases.models import PhaseEntry, PhaseTimer
from phases.services import entry_create, phases_template_apply
from statements.models import Role
from statements.services import membership_set, study_create
from tests.factories import make_user

from .base import BrowserTestCase

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp")  # noqa: S108 - screenshots for people to look at, not data


class TestPhasePages(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.owner = make_user("owner")
        self.analyst = make_user("analyst")
        self.study = study_create(title="MLOps project", owner=self.owner, scale="none")
        membership_set(study=self.study, user=self.analyst, role=Role.ANALYST)
        phases_template_apply(study=self.study)

    def rewind(self, *, minutes: int) -> None:
        """Move the running stretch's start back: the server's clock jumps, no one waits."""
        PhaseTimer.objects.update(since=timezone.now() - timedelta(minutes=minutes))

    def test_the_focus_timer_logs_each_stretch_at_phone_width(self):
        page = self.new_page(self.new_context(viewport={"width": 390, "height": 844}))
        self.login(page, self.analyst)
        page.goto(f"/studies/{self.study.pk}/phases/timer/")
        page.get_by_label("Main phase (your focus)").select_option("data_preparation")
        page.get_by_role("button", name="Start").click()
        page.get_by_text("Focus: Data Preparation").wait_for()
        assert PhaseTimer.objects.get().main.key == "data_preparation"
        self.rewind(minutes=30)
        page.locator("#timer-why summary").click()
        page.get_by_label("Scenario").select_option(
            label="Data Acquisition: Data Quality Assessment"
        )
        page.get_by_label("Reason").fill("The labels are missing for March")
        page.get_by_role("button", name="Data Acquisition").click()
        page.get_by_text("Working on Data Acquisition").wait_for()
        page.get_by_text(
            re.compile(r"Logged 30(\.\d+)? min on Data Preparation \(focus\)")
        ).wait_for()
        page.screenshot(path=str(SHOTS / "phases_timer_phone.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        self.rewind(minutes=30)
        page.get_by_role("button", name="Data Preparation").click()
        page.get_by_text("(backtracking)").wait_for()
        self.rewind(minutes=30)
        page.get_by_role("button", name="Stop").click()
        page.get_by_role("button", name="Start").wait_for()
        rows = list(
            PhaseEntry.objects.order_by("id").values_list(
                "visited__key", "scenario__name", "reason", "by"
            )
        )
        assert [
            round(m) for m in PhaseEntry.objects.order_by("id").values_list("minutes", flat=True)
        ] == [30, 30, 30]
        assert rows == [
            ("data_preparation", None, "", "analyst"),
            (
                "data_acquisition",
                "Data Quality Assessment",
                "The labels are missing for March",
                "analyst",
            ),
            ("data_preparation", None, "", "analyst"),
        ]

    def test_the_matrix_page_draws_its_charts_and_serves_downloads(self):
        for main, visited, minutes in [
            ("data_preparation", "data_preparation", 60),
            ("data_preparation", "data_acquisition", 30),
            ("data_preparation", "model_development", 10),
            ("problem_definition", "communication", 20),
            ("problem_definition", "problem_definition", 20),
        ]:
            entry_create(
                study=self.study, main=main, visited=visited, minutes=minutes, user=self.owner
            )
        for width, height, name in ((1366, 900, "desktop"), (390, 844, "phone")):
            context = self.new_context(viewport={"width": width, "height": height})
            context.set_default_timeout(30_000)  # 21 charts on a shared, loaded machine
            page = self.new_page(context)
            self.login(page, self.analyst)
            page.goto(f"/studies/{self.study.pk}/phases/analysis/")
            for chart in ("matrix", "sankey", "chord"):
                page.locator(f"#chart-{chart} .main-svg").first.wait_for()
            page.locator("[data-figure='links-2'] .main-svg").first.wait_for()
            # The matrix, Sankey and chord, and two charts of each main phase with minutes.
            assert page.locator("[data-figure]").count() == 3 + 2 * 2
            if name == "desktop":
                for chart in ("chart-sankey", "chart-chord"):
                    page.locator(f"#{chart}").screenshot(path=str(SHOTS / f"phases_{chart}.png"))
                page.locator("#phase-2").locator("xpath=..").screenshot(
                    path=str(SHOTS / "phases_per_phase.png")
                )
            page.screenshot(path=str(SHOTS / f"phases_analysis_{name}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        cell = page.locator("#matrix-table tbody tr").nth(2).locator("td").nth(1)
        assert cell.inner_text() == "0.3000"
        assert "backtracking" in cell.get_attribute("class")
        json_link = page.get_by_role("link", name="JSON").first.get_attribute("href")
        body = json.loads(page.request.get(json_link).body())
        assert body["matrix"]["data_preparation"]["data_acquisition"] == 0.3
        assert body["directions"]["problem_definition"]["communication"] == "forward"
        png = page.request.get(page.get_by_role("link", name="PNG").first.get_attribute("href"))
        assert png.status == 200
        assert png.body().startswith(b"\x89PNG")
        xlsx = page.get_by_role("link", name="Excel workbook").get_attribute("href")
        assert page.request.get(xlsx).body().startswith(b"PK")

    def test_a_log_without_shifts_draws_every_chart_without_a_script_error(self):
        page = self.new_page(self.new_context(viewport={"width": 390, "height": 844}))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        self.login(page, self.analyst)
        page.goto(f"/studies/{self.study.pk}/phases/analysis/")
        for chart in ("matrix", "sankey", "chord"):
            page.locator(f"#chart-{chart} .main-svg").first.wait_for()
        note = "No time logged on one phase while another was the main one."
        page.locator("#chart-sankey", has_text=note).wait_for()
        assert errors == []


class TestPhaseSetup(BrowserTestCase):
    def test_an_owner_starts_a_phase_study_from_the_mlops_template_on_a_phone(self):
        owner = make_user("owner")
        context = self.new_context(viewport={"width": 390, "height": 844})
        context.set_default_timeout(30_000)  # page loads on a shared, loaded machine
        page = self.new_page(context)
        self.login(page, owner)
        page.goto("/studies/new/")
        page.get_by_label("Title").fill("Our ML project")
        page.get_by_label("No scale: phase tracking only (add its phases next)").check()
        page.get_by_role("button", name="Create study").click()
        page.get_by_role("button", name="Use the MLOps phases (nine phases, 74 scenarios)").click()
        page.get_by_text("The MLOps phases and scenarios were added.").wait_for()
        assert page.locator(".phase-table").first.locator("tbody tr").count() == 9
        page.screenshot(path=str(SHOTS / "phases_setup_phone.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_role("link", name="Log", exact=True).click()
        page.get_by_label("Main phase (the focus)").select_option("model_development")
        page.get_by_label("Phase worked on").select_option("data_preparation")
        page.get_by_label("Minutes").fill("0")
        page.get_by_role("button", name="Log", exact=True).click()
        page.get_by_text("Ensure this value is greater than or equal to 0.01.").wait_for()
        page.get_by_label("Minutes").fill("45")
        page.get_by_label("Reason").fill("Features need another encoding")
        page.get_by_role("button", name="Log", exact=True).click()
        page.get_by_text("Entry logged.").wait_for()
        page.get_by_role("cell", name="Features need another encoding").wait_for()
        page.screenshot(path=str(SHOTS / "phases_log_phone.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 1366, "height": 900})
        page.screenshot(path=str(SHOTS / "phases_log_desktop.png"))
