"""A researcher designs a study in Chromium.

Preset scale, two statements, a reorder, a choice field; then sees the design on the study page.
Screenshots go to /tmp for a human to look at."""

from __future__ import annotations

import os
import tempfile

import pytest

from statements.models import Study
from tests.factories import make_study, make_user

from .base import BrowserTestCase

pytestmark = pytest.mark.browser
SHOTS = os.environ.get(
    "FOCUSGROUP_SCREENSHOTS", os.path.join(tempfile.gettempdir(), "focusgroup-shots")
)


class TestStudyDesign(BrowserTestCase):
    def shot(self, page, name: str) -> None:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)

    def test_a_researcher_designs_a_study_from_a_preset(self):
        researcher = make_user("ada")
        page = self.new_page()
        self.login(page, researcher)
        page.goto("/")
        page.get_by_role("link", name="New study").click()
        page.get_by_label("Title").fill("Deployment practices")
        page.get_by_label("Description").fill("How teams ship models.")
        page.get_by_label("Classic 5-point Likert").check()
        page.get_by_role("button", name="Create study").click()

        page.get_by_role("heading", name="Add a statement").wait_for()
        assert page.get_by_label("Key").input_value() == "S1"
        page.get_by_label("Title (optional)").fill("Frequency")
        assert page.get_by_label("Key").input_value() == "frequency"  # proposed from the title
        page.get_by_label("Key").fill("S1")  # and still editable
        page.get_by_label("Text").fill("We deploy models every week.")
        page.get_by_role("button", name="Add statement").click()
        page.get_by_text("Added statement S1.").wait_for()
        assert page.get_by_label("Key").input_value() == "S2"
        page.get_by_label("Text").fill("Rollbacks are easy for us.")
        page.get_by_role("button", name="Add statement").click()
        page.get_by_text("Added statement S2.").wait_for()

        page.get_by_role("button", name="Move S2 up").click()
        page.get_by_text("Added statement S2.").wait_for(state="detached")
        rows = page.locator("table.editor-table tbody tr td:nth-child(2)").all_inner_texts()
        assert rows == ["S2", "S1"]
        self.shot(page, "statements-editor")

        page.get_by_role("link", name="Participant profile").click()
        page.get_by_label("Key").fill("seniority")
        page.get_by_label("Label").fill("Seniority")
        page.get_by_label("Type").select_option("choice")
        page.get_by_label("Choices").fill("Junior\nSenior")
        page.get_by_label("Participants must answer").check()
        page.get_by_role("button", name="Add field").click()
        page.get_by_text("Added field seniority.").wait_for()

        page.get_by_role("link", name="Overview").click()
        page.get_by_role("heading", name="Deployment practices").wait_for()
        statements = page.locator(".statement-list li").all_inner_texts()
        assert "Rollbacks are easy" in statements[0]
        assert "every week" in statements[1]
        assert page.get_by_text("Neither agree nor disagree").is_visible()
        assert page.get_by_text("Junior, Senior, required").is_visible()
        self.shot(page, "study-detail")

        study = Study.objects.get(title="Deployment practices")
        assert list(study.statements.order_by("position").values_list("key", flat=True)) == [
            "S2",
            "S1",
        ]
        assert study.profile_fields.get(key="seniority").choices == ["Junior", "Senior"]

    def test_a_refused_input_shows_its_message_next_to_the_field(self):
        owner = make_user("ada")
        study = make_study(owner=owner, title="Deployment practices")
        page = self.new_page()
        self.login(page, owner)
        page.goto(f"/studies/{study.pk}/fields/")
        page.get_by_label("Key").fill("level")
        page.get_by_label("Label").fill("Level")
        page.get_by_label("Type").select_option("choice")
        page.get_by_role("button", name="Add field").click()
        alert = page.locator(".field-errors").first
        assert "needs at least one choice" in alert.inner_text()
        assert not study.profile_fields.filter(key="level").exists()

    def test_an_analyst_sees_the_design_read_only(self):
        owner, analyst = make_user("ada"), make_user("ann")
        study = make_study(owner=owner, analyst=analyst, title="Deployment practices")
        page = self.new_page()
        self.login(page, analyst)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"/studies/{study.pk}/statements/")
        page.get_by_text("only the study's owners change it").wait_for()
        assert page.get_by_role("button", name="Move S1 up").count() == 0
        assert page.get_by_role("heading", name="Add a statement").count() == 0
        self.shot(page, "statements-analyst-mobile")
