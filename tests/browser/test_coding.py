"""Coding in the browser.

A span coded with the keyboard alone, two analysts coding side by side in two contexts without
seeing each other's codings, and the quotes report downloading."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coding.models import MEMO_TEXT_MAX, Coding, Memo
from coding.services import code_create, coding_create
from tests.coding.support import add_transcript, coding_study, notes_of
from tests.factories import make_user

from .base import BrowserTestCase

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("CODING_SCREENSHOTS", "/tmp/coding-shots"))  # noqa: S108 - for people


class TestCodingPages(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.owner = make_user("owner")
        self.ana = make_user("ana")
        self.bob = make_user("bob")
        self.study = coding_study(owner=self.owner, members={"analyst": [self.ana, self.bob]})
        self.benefit = code_create(study=self.study, name="Benefit", color="#1B9E77")
        self.rollback = code_create(
            study=self.study, name="Restoring a previous state", parent=self.benefit,
            color="#238B45",
        )  # fmt: skip
        self.effort = code_create(study=self.study, name="Effort for a first version",
                                  color="#FC8D62")  # fmt: skip
        self.notes = notes_of(self.study)
        self.url = f"/studies/{self.study.pk}/coding/statements/S1/"

    def _tab_to_first_text(self, page):
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('unit-text')"):
                return
        raise AssertionError("Tab never reached a note's text")

    def test_a_span_is_selected_and_coded_with_the_keyboard_alone(self):
        page = self.new_page(self.new_context(viewport={"width": 1366, "height": 900}))
        self.login(page, self.ana)
        page.goto(self.url)
        self._tab_to_first_text(page)
        assert page.evaluate("document.activeElement.textContent").startswith("Rollback saved")
        page.keyboard.press("Control+Shift+ArrowRight")  # the first word: "Rollback"
        assert page.locator(".unit-text .sel").first.inner_text() == "Rollback"
        page.keyboard.press("c")
        picker = page.locator("#picker-input")
        assert picker.evaluate("el => el === document.activeElement")
        page.keyboard.type("restor")
        page.keyboard.press("Enter")
        page.get_by_text("Applied Restoring a previous state").wait_for()
        page.keyboard.type("eff")
        page.keyboard.press("Enter")
        page.get_by_text("Applied Effort for a first version").wait_for()
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement.classList.contains('unit-text')")
        codings = Coding.objects.filter(study=self.study).order_by("id")
        assert [(c.code.key, c.coder, c.start, c.end) for c in codings] == [
            ("restoring-a-previous-state", "ana", 0, 8),
            ("effort-for-a-first-version", "ana", 0, 8),
        ]
        page.locator(".chip", has_text="Restoring a previous state").wait_for()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "statement-1366.png"), full_page=True)
        # Remove one again with the keyboard: Tab to its remove button and press Enter.
        page.get_by_role("button", name="Remove Effort for a first version (“Rollback”)").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelectorAll('.chip').length === 1")
        assert Coding.objects.filter(study=self.study).count() == 1

    def test_two_analysts_code_in_two_contexts_without_seeing_each_other(self):
        pages = {}
        for user in (self.ana, self.bob):
            page = self.new_page(self.new_context(viewport={"width": 390, "height": 844}))
            self.login(page, user)
            page.goto(self.url)
            pages[user.username] = page
        for name, code in (("ana", "Restoring"), ("bob", "Effort")):
            page = pages[name]
            text = page.locator(".unit-text").first
            text.click()
            text.press("Control+a")
            text.press("c")
            page.keyboard.type(code)
            page.keyboard.press("Enter")
            page.get_by_text("Applied").wait_for()
            page.keyboard.press("Escape")
        SHOTS.mkdir(parents=True, exist_ok=True)
        pages["bob"].screenshot(path=str(SHOTS / "statement-390.png"), full_page=True)
        assert sorted(Coding.objects.values_list("coder", "start")) == [
            ("ana", None),
            ("bob", None),
        ]
        for name, other in (("ana", "bob"), ("bob", "ana")):
            page = pages[name]
            page.reload()
            chips = page.locator(".chip").all_inner_texts()
            assert len(chips) == 1
            assert f"· {name} ·" in chips[0]
            page.get_by_role("link", name="Show others' codings").click()
            page.wait_for_function("() => document.querySelectorAll('.chip').length === 2")
            texts = " ".join(page.locator(".chip").all_inner_texts())
            assert f"· {other} ·" in texts
            # Another coder's coding has no remove button here.
            assert page.locator(".chip .remove").count() == 1

    def test_a_span_chosen_with_the_mouse_is_coded_from_the_picker(self):
        page = self.new_page(self.new_context(viewport={"width": 1366, "height": 900}))
        self.login(page, self.bob)
        page.goto(self.url)
        text = page.locator(".unit-text").nth(1)  # "The first version took a lot of effort."
        box = text.bounding_box()
        page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2, steps=5)
        page.mouse.up()
        page.get_by_role("listbox", name="Codes").get_by_role("option", name="Effort").click()
        page.get_by_text("Applied Effort").wait_for()
        coding = Coding.objects.get()
        assert (coding.coder, coding.note.text) == (
            "bob",
            "The first version took a lot of effort.",
        )
        assert (coding.start, coding.end) == (None, None)  # the whole text was selected

    def test_the_quotes_report_downloads(self):
        coding_create(study=self.study, code=self.rollback, user=self.ana,
                      note=self.notes["Rollback"].pk, start=0, end=8)  # fmt: skip
        page = self.new_page(self.new_context(viewport={"width": 1366, "height": 900},
                                              accept_downloads=True))  # fmt: skip
        self.login(page, self.ana)
        page.goto(f"/studies/{self.study.pk}/coding/")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "overview-1366.png"), full_page=True)
        row = page.get_by_role("row", name="Quotes")
        with page.expect_download() as info:
            row.get_by_role("link", name="Markdown").click()
        download = info.value
        assert download.suggested_filename.endswith("-quotes.md")
        text = Path(download.path()).read_text(encoding="utf-8")
        assert "## Restoring a previous state (restoring-a-previous-state)" in text
        assert "> Rollback" in text
        assert "P1, Focus group 1, S1, Strongly agree" in text
        with page.expect_download() as info:
            row.get_by_role("link", name="Word document").click()
        assert info.value.suggested_filename.endswith("-quotes.docx")

    def test_a_transcript_line_is_coded_in_part_from_the_keyboard(self):
        lines = add_transcript(self.study, ["Hello everyone.", "Rollback took us two minutes."])
        page = self.new_page(self.new_context(viewport={"width": 390, "height": 844}))
        self.login(page, self.ana)
        page.goto(f"/studies/{self.study.pk}/coding/recordings/{lines[0].recording_id}/")
        assert page.locator("a.play").nth(1).inner_text() == "0:05"
        text = page.locator(".unit-text").nth(1)
        text.focus()
        text.press("End")
        for _ in range(2):
            text.press("Control+Shift+ArrowLeft")  # back over "minutes." then "two"
        assert page.locator(".unit-text .sel").inner_text() == "two minutes."
        text.press("c")
        page.keyboard.type("effort")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "picker-390.png"))
        page.keyboard.press("Enter")
        page.get_by_text("Applied Effort").wait_for()
        page.keyboard.press("Escape")
        coding = Coding.objects.get()
        assert (coding.segment_id, coding.start, coding.end) == (lines[1].pk, 17, 29)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "transcript-390.png"), full_page=True)

    def test_a_memo_is_written_from_the_keyboard_within_the_model_s_limit(self):
        page = self.new_page(self.new_context(viewport={"width": 1366, "height": 900}))
        self.login(page, self.ana)
        page.goto(self.url)
        self._tab_to_first_text(page)
        page.keyboard.press("m")
        box = page.get_by_label("Memo on this text")
        assert box.evaluate("el => el.maxLength") == MEMO_TEXT_MAX  # the page's, from the model
        box.fill("Rollbacks come up first.")
        page.get_by_role("button", name="Save memo").click()
        page.locator(".unit-memo [role=status]").get_by_text("Saved.").wait_for()
        assert Memo.objects.get().text == "Rollbacks come up first."
