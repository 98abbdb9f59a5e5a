"""A researcher whose browser asks for Portuguese reads the research pages in pt-BR.

The pages are the design pages (statement editor, study import) and the analysis, coding and phase
pages, at 390 px and 1366 px: nothing wider than the screen, and axe finds nothing serious on the
first page of each area."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from coding.services import code_create, coding_create
from phases.services import entry_create, phase_data_create
from sessions.services import session_create
from statements.models import Role
from statements.services import membership_set
from tests.coding.support import coding_study, notes_of
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .live_board_support import serious_violations

pytestmark = pytest.mark.browser
SIZES = {"phone": {"width": 390, "height": 844}, "wide": {"width": 1366, "height": 900}}
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at


class TestResearchPagesInPortuguese(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")

    def read_in_portuguese(self, pages: dict[str, tuple[str, str]], checked: str) -> None:
        """Open each (url, heading) page at both sizes; axe runs on the page named `checked`."""
        for size, viewport in SIZES.items():
            page = self.new_page(self.new_context(viewport=viewport, locale="pt-BR"))
            self.login(page, self.owner)
            for name, (url, heading) in pages.items():
                page.goto(url)
                assert page.get_attribute("html", "lang") == "pt-br"
                page.get_by_role("heading", name=heading, exact=True).wait_for()
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], (name, size, width)
                page.screenshot(path=str(SHOTS / f"ptbr-{name}-{size}.png"), full_page=True)
                if name == checked:
                    assert serious_violations(page) == [], size

    def test_the_statement_editor_and_the_import_page_fit_the_screen_in_portuguese(self):
        study = make_study(owner=self.owner, title="Estudo MLOps")
        pages = {
            "editor": (reverse("statement-editor", args=[study.pk]), "Colar afirmações"),
            "import": (reverse("study-import"), "Importar um estudo"),
        }
        self.read_in_portuguese(pages, checked="editor")

    def test_the_sessions_and_members_tables_fit_the_screen_in_portuguese(self):
        """Their tables scroll inside their box on a phone, hidden labels included."""
        study = make_study(owner=self.owner, title="Estudo MLOps")
        session_create(study=study, name="Grupo focal de agosto", held_on=date(2023, 8, 10))
        membership_set(study=study, user=make_user("moderadora"), role=Role.MODERATOR)
        pages = {
            "sessions": (reverse("session-list", args=[study.pk]), "Nova sessão"),
            "members": (reverse("member-list", args=[study.pk]), "Membros"),
        }
        self.read_in_portuguese(pages, checked="members")

    def test_one_page_of_each_analysis_area_fits_the_screen_in_portuguese(self):
        study = coding_study(owner=self.owner, title="Estudo MLOps")
        notes = notes_of(study)
        code = code_create(study=study, name="Reversão de modelos", color="#1B9E77")
        coding_create(study=study, code=code, user=self.owner, note=notes["Rollback"].pk)
        phases = [
            {"key": "definir", "name": "Definição"},
            {"key": "implantar", "name": "Implantação"},
        ]
        phase_data_create(study=study, phases=phases, phase_scenarios=[])
        entry_create(study=study, main="definir", visited="implantar", minutes=20,
                     at="2024-02-01T09:30:00Z", user=self.owner)  # fmt: skip
        pages = {
            "analysis": (reverse("analysis-study", args=[study.pk]), "Concordância por afirmação"),
            "coding": (reverse("coding-overview", args=[study.pk]), "Livro de códigos"),
            "phases": (reverse("phase-setup", args=[study.pk]), "O processo, em ordem"),
        }
        self.read_in_portuguese(pages, checked="analysis")
