"""The design shortcuts in Chromium.

At 390 and 1366 px: statements pasted one per line, keys proposed as the label is typed (the
page's script agreeing with the server's rule), and Duplicate design. Screenshots go to /tmp for a
human to look at."""

from __future__ import annotations

import os
import tempfile

import pytest

from statements.keys import key_from_label, slug_key
from statements.models import KEY_MAX, Study
from tests.factories import make_study, make_user

from .base import BrowserTestCase

pytestmark = pytest.mark.browser
SHOTS = os.environ.get(
    "FOCUSGROUP_SCREENSHOTS", os.path.join(tempfile.gettempdir(), "focusgroup-shots")
)
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
LABELS = [
    "Strongly agree",
    "Anos de experiência",
    "  ¿Qué opinas?  ",
    "C++ / Python",
    "日本語",
    "Ça va, l'équipe ?",
    "How often does your team deploy a new model version to production",
    "ﬁle naïve Ångström",
]


class TestDesignShortcuts(BrowserTestCase):
    def shot(self, page, name: str) -> None:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)

    def fits(self, page, size: dict) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]

    def paste_statements(self, page, study, size, tag: str) -> None:
        page.goto(f"/studies/{study.pk}/statements/")
        box = page.get_by_label("Statements, one per line")
        box.fill("  \n\n")
        page.get_by_role("button", name="Add these statements").click()
        alert = page.locator(".field-errors")
        assert "Paste at least one statement, one per line." in alert.inner_text()
        box = page.get_by_label("Statements, one per line")
        box.fill("We deploy models every week.\n\nRollbacks are easy for us.\nWe monitor drift.")
        page.get_by_role("button", name="Add these statements").click()
        page.get_by_text("Added 3 statements: S4 to S6.").wait_for()
        rows = page.locator("table.editor-table tbody tr td:nth-child(2)").all_inner_texts()
        assert rows == ["S1", "S2", "S3", "S4", "S5", "S6"]
        self.fits(page, size)
        self.shot(page, f"design-paste-{tag}")

    def propose_keys(self, page, study, size, tag: str) -> None:
        key = page.get_by_label("Key")
        assert key.input_value() == "S7"
        page.get_by_label("Title").press_sequentially("Team size")
        assert key.input_value() == "team_size"
        page.get_by_label("Title").fill("")
        page.get_by_label("Title").press("Backspace")
        assert key.input_value() == "S7"

        page.goto(f"/studies/{study.pk}/scale/")
        key, label = page.get_by_label("Key"), page.get_by_label("Label")
        label.press_sequentially("Strongly agree")
        assert key.input_value() == "strongly_agree-2"  # the paper's scale has strongly_agree
        label.fill("")
        label.press_sequentially("Somewhat agree")
        assert key.input_value() == "somewhat_agree"
        key.fill("mine")
        label.press("End")
        label.press_sequentially("!")
        assert key.input_value() == "mine"  # a key the user typed is theirs
        key.fill("")
        label.press("End")
        label.press_sequentially("!")
        assert key.input_value() == "somewhat_agree"
        self.fits(page, size)
        self.shot(page, f"design-key-proposed-{tag}")
        page.get_by_role("button", name="Add level").click()
        page.get_by_text("Added level somewhat_agree.").wait_for()
        level = study.scale_levels.get(key="somewhat_agree")
        assert level.label == "Somewhat agree!!", level.label

    def script_agrees_with_server(self, page) -> None:
        """The script's keys are the server's, cut to the limit the page gives (the model's)."""
        taken = ["years", "level", "x" * KEY_MAX]
        labels = [*LABELS, "Years", "x" * (KEY_MAX + 5)]
        found = page.evaluate(
            """async ([labels, taken]) => {
                const keys = await import("/static/js/design_keys.js");
                const keyMax = document.querySelector("input[data-key-from]").maxLength;
                const set = new Set(taken);
                const proposed = labels.map(
                    (l) => [keys.slugKey(l, keyMax), keys.keyFromLabel(l, set, "level", keyMax)],
                );
                return [keyMax, proposed];
            }""",
            [labels, taken],
        )
        expected = [
            [slug_key(label), key_from_label(label, set(taken), "level")] for label in labels
        ]
        assert found == [KEY_MAX, expected]
        self.long_label_is_cut_to_the_limit(page, labels[-1])

    def long_label_is_cut_to_the_limit(self, page, label: str) -> None:
        key, source = page.get_by_label("Key"), page.get_by_label("Label")
        key.fill("")
        source.fill(label)
        assert key.input_value() == slug_key(label) == label[:KEY_MAX]

    def duplicate(self, page, study, size, tag: str) -> None:
        page.goto(f"/studies/{study.pk}/")
        page.get_by_role("button", name="Duplicate design").click()
        page.get_by_role("heading", name="Copy of Deployment practices").wait_for()
        page.get_by_text("created with the design of “Deployment practices”").wait_for()
        statements = page.locator(".statement-list li").all_inner_texts()
        assert len(statements) == 6
        assert "We monitor drift." in statements[5]
        self.fits(page, size)
        self.shot(page, f"design-duplicated-{tag}")
        copy = Study.objects.get(title="Copy of Deployment practices")
        assert copy.sessions.count() == 0
        assert copy.scale_levels.filter(key="somewhat_agree").exists()

    def run_at(self, size: dict, tag: str) -> None:
        owner = make_user("ada")
        study = make_study(owner=owner, title="Deployment practices")
        page = self.new_page(self.new_context(viewport=size))
        self.login(page, owner)
        self.paste_statements(page, study, size, tag)
        self.propose_keys(page, study, size, tag)
        self.script_agrees_with_server(page)
        self.duplicate(page, study, size, tag)

    def test_the_shortcuts_on_a_phone(self):
        self.run_at(PHONE, "390")

    def test_the_shortcuts_on_a_wide_screen(self):
        self.run_at(WIDE, "1366")

    def test_a_choice_field_without_choices_says_so_next_to_them(self):
        owner = make_user("ada")
        study = make_study(owner=owner, title="Deployment practices")
        page = self.new_page(self.new_context(viewport=PHONE))
        self.login(page, owner)
        page.goto(f"/studies/{study.pk}/fields/")
        page.get_by_text("(required for Choice)").wait_for()
        page.get_by_label("Label").fill("Seniority")
        assert page.get_by_label("Key").input_value() == "seniority"
        page.get_by_label("Type").select_option("choice")
        assert page.locator("#id_choices").get_attribute("aria-required") == "true"
        page.get_by_role("button", name="Add field").click()
        errors = page.locator(".field.has-error")
        assert errors.count() == 1
        assert "A Choice field needs at least one choice: one per line." in errors.inner_text()
        assert errors.locator("#id_choices").count() == 1
        assert not study.profile_fields.filter(label="Seniority").exists()
