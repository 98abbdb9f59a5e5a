"""A researcher whose browser asks for Portuguese reads the analysis, coding and phase pages in
pt-BR at 390 px and 1366 px: nothing wider than the screen, and axe finds nothing serious."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from coding.services import code_create, coding_create
from phases.services import entry_create, phase_data_create
from tests.coding.support import coding_study, notes_of
from tests.factories import make_user

from .base import BrowserTestCase
from .live_board_support import serious_violations

pytestmark = pytest.mark.browser
SIZES = {"phone": {"width": 390, "height": 844}, "wide": {"width": 1366, "height": 900}}
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at


class TestAnalysisPagesInPortuguese(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")
        self.study = coding_study(owner=self.owner, title="Estudo MLOps")
        notes = notes_of(self.study)
        code = code_create(study=self.study, name="Reversão de modelos", color="#1B9E77")
        coding_create(study=self.study, code=code, user=self.owner, note=notes["Rollback"].pk)
        phases = [
            {"key": "definir", "name": "Definição"},
            {"key": "implantar", "name": "Implantação"},
        ]
        phase_data_create(study=self.study, phases=phases, phase_scenarios=[])
        entry_create(study=self.study, main="definir", visited="implantar", minutes=20,
                     at="2024-02-01T09:30:00Z", user=self.owner)  # fmt: skip

    def test_one_page_of_each_area_fits_the_screen_in_portuguese(self):
        pages = {
            "analysis": (
                reverse("analysis-study", args=[self.study.pk]),
                "Concordância por afirmação",
            ),
            "coding": (reverse("coding-overview", args=[self.study.pk]), "Livro de códigos"),
            "phases": (reverse("phase-setup", args=[self.study.pk]), "O processo, em ordem"),
        }
        for size, viewport in SIZES.items():
            page = self.new_page(self.new_context(viewport=viewport, locale="pt-BR"))
            self.login(page, self.owner)
            for name, (url, heading) in pages.items():
                page.goto(url)
                assert page.get_attribute("html", "lang") == "pt-br"
                page.get_by_role("heading", name=heading, exact=True).wait_for()
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], (name, size, width)
                page.screenshot(path=str(SHOTS / f"h8-{name}-{size}.png"), full_page=True)
                if name == "analysis":
                    assert serious_violations(page) == [], size
