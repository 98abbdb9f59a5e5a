"""An owner whose browser asks for Portuguese reads the statement editor and the study import page
in pt-BR at 390 px and 1366 px: nothing wider than the screen, and axe finds nothing serious."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import serious_violations

pytestmark = pytest.mark.browser
SIZES = {"phone": {"width": 390, "height": 844}, "wide": {"width": 1366, "height": 900}}
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at


class TestDesignPagesInPortuguese(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")
        self.study = make_study(owner=self.owner, title="Estudo MLOps")

    def test_the_statement_editor_and_the_import_page_fit_the_screen_in_portuguese(self):
        pages = {
            "editor": (reverse("statement-editor", args=[self.study.pk]), "Colar afirmações"),
            "import": (reverse("study-import"), "Importar um estudo"),
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
                page.screenshot(path=str(SHOTS / f"h7-{name}-{size}.png"), full_page=True)
                if name == "editor":
                    assert serious_violations(page) == [], size
