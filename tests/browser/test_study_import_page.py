"""A researcher imports a study file on its page, sees a refusal explained, downloads it back."""

from __future__ import annotations

import json
import os
import tempfile

import pytest

from statements.models import Study
from studyfiles.studyfile import study_export
from tests.factories import make_user
from tests.studyfiles.studyfile_support import DATA_FILE, paper_document

from .base import BrowserTestCase

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("FG_SCREENSHOTS", os.path.join(tempfile.gettempdir(), "fg_a_shots"))


class TestStudyImportPage(BrowserTestCase):
    def setUp(self):
        os.makedirs(SHOTS, exist_ok=True)
        self.user = make_user("ada")
        self.page = self.new_page(self.new_context(viewport={"width": 1200, "height": 800}))
        self.login(self.page, self.user)

    def test_a_broken_file_is_explained_on_the_form_and_nothing_is_saved(self):
        document = paper_document()
        document["study"]["sessions"][1]["notes"][7]["level"] = "agree"
        page = self.page
        page.goto("/studies/import/")
        page.get_by_label("Study file", exact=True).set_input_files(
            {
                "name": "broken.json",
                "mimeType": "application/json",
                "buffer": json.dumps(document).encode(),
            }
        )
        page.get_by_role("button", name="Import study").click()
        alert = page.get_by_role("alert")
        alert.wait_for()
        assert "“broken.json” was not imported. Nothing was saved." in alert.inner_text()
        assert alert.locator("code.pointer").inner_text() == "/study/sessions/1/notes/7/level"
        assert 'There is no level "agree"' in alert.inner_text()
        page.screenshot(path=f"{SHOTS}/import-refused.png", full_page=True)
        assert not Study.objects.exists()

    def test_a_good_file_becomes_a_study_and_downloads_back(self):
        page = self.page
        page.goto("/studies/import/")
        page.screenshot(path=f"{SHOTS}/import-form.png", full_page=True)
        # The form is usable from the keyboard: the file input takes focus by its label.
        page.get_by_label("Study file", exact=True).focus()
        assert page.evaluate("document.activeElement.id") == "id_file"
        page.get_by_label("Study file", exact=True).set_input_files(str(DATA_FILE))
        page.get_by_role("button", name="Import study").click()
        page.wait_for_url("**/studies/*/")
        study = Study.objects.get()
        assert page.url.endswith(f"/studies/{study.pk}/")
        assert study_export(study=study) == paper_document()
        page.screenshot(path=f"{SHOTS}/import-done.png", full_page=True)
        response = page.request.get(f"/studies/{study.pk}/export.json")
        assert response.status == 200
        assert response.json() == paper_document()

    def test_the_page_fits_a_phone_screen(self):
        page = self.new_page(self.new_context(viewport={"width": 375, "height": 740}))
        self.login(page, self.user)
        page.goto("/studies/import/")
        width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=f"{SHOTS}/import-phone.png", full_page=True)
        assert width <= 375
