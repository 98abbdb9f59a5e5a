"""The recordings page and a transcript speak Portuguese in their scripts too (issue 10).

A researcher whose browser asks for pt-BR chooses a file over the upload limit and reads the
upload script's refusal in Portuguese, its size written the Brazilian way (1,5 KB); on the
transcript, the search's line count reads "1 de 3 linhas". axe finds nothing serious or critical
on either page in pt-BR, at 390 and at 1366 px.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from django.test import override_settings

from sessions.services import session_create
from tests.factories import make_study, make_user

from .base import BrowserTestCase
from .data import transcribed_recording
from .live_board_support import serious_violations

pytestmark = pytest.mark.browser
SIZES = {"phone": {"width": 390, "height": 844}, "wide": {"width": 1366, "height": 900}}
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at
LIMIT = 1536  # 1.5 KB: the refusal's size has a decimal comma in Portuguese


@override_settings(RECORDING_MAX_BYTES=LIMIT)
class TestRecordingsInPortuguese(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")
        self.study = make_study(owner=self.owner, statements=1, title="Estudo MLOps")
        self.session = session_create(study=self.study, name="Sessão 1")
        lines = ["Versionamos todos os modelos.", "O monitoramento vem depois.", "Tudo manual."]
        self.recording = transcribed_recording(self.session, "grupo.wav", lines)
        folder = Path(tempfile.mkdtemp(prefix="fg-ptbr-"))
        self.big = folder / "grande.wav"
        self.big.write_bytes(b"\0" * (LIMIT + 1))

    def portuguese_page(self, viewport: dict):
        page = self.new_page(self.new_context(viewport=viewport, locale="pt-BR"))
        self.login(page, self.owner)
        return page

    def test_the_upload_script_refuses_a_file_too_large_in_portuguese(self):
        address = f"/studies/{self.study.pk}/sessions/{self.session.pk}/recordings/"
        for size, viewport in SIZES.items():
            page = self.portuguese_page(viewport)
            page.goto(address)
            assert page.get_attribute("html", "lang") == "pt-br"
            page.get_by_role("heading", name="Enviar gravações").wait_for()
            page.get_by_label("Arquivos de gravação").set_input_files(str(self.big))
            page.get_by_role("button", name="Enviar", exact=True).click()
            refusal = page.locator("#upload-errors li")
            refusal.wait_for()
            assert refusal.inner_text() == "“grande.wav” é maior que o limite de 1,5 KB."
            assert page.locator("#upload-progress").is_hidden()  # nothing was sent
            page.screenshot(path=str(SHOTS / f"ptbr-upload-{size}.png"), full_page=True)
            assert serious_violations(page) == [], size

    def test_the_transcript_s_search_counts_lines_in_portuguese(self):
        for size, viewport in SIZES.items():
            page = self.portuguese_page(viewport)
            page.goto(f"/recordings/{self.recording.pk}/")
            assert page.get_attribute("html", "lang") == "pt-br"
            page.get_by_role("heading", name="Transcrição").wait_for()
            page.get_by_label("Buscar").fill("monitoramento")
            count = page.locator("#search-count")
            count.filter(has_text="de").wait_for()
            assert count.inner_text() == "1 de 3 linhas"
            assert page.locator("li.line:visible").count() == 1
            # Each line's time button is named in Portuguese and includes the time it shows.
            page.get_by_role("button", name="Linha 2, tocar a partir de 0:04").wait_for()
            page.screenshot(path=str(SHOTS / f"ptbr-transcript-{size}.png"), full_page=True)
            assert serious_violations(page) == [], size
