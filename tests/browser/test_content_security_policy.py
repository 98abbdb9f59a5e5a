"""The pages with scripts work under the Content-Security-Policy.

The board, the console, the analysis page (Plotly) and the API's Swagger page work
under the Content-Security-Policy, which allows no inline script: Chromium reports no violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from sessions.services import session_create
from studyfiles.studyfile import study_file_read, study_import
from tests.factories import make_study, make_user
from tests.studyfiles.studyfile_support import DATA_FILE

from .base import BrowserTestCase
from .live_board_support import add_note, choose_step, join, note

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/fg_csp")  # noqa: S108 - screenshots to look at
# Registered before any page script runs (through DevTools, so the policy does not block it).
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


class TestContentSecurityPolicy(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")
        self.moderator = make_user("mona")
        SHOTS.mkdir(exist_ok=True)

    def watched_page(self, width: int = 1366, height: int = 900):
        context = self.new_context(viewport={"width": width, "height": height})
        context.add_init_script(WATCH)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda m: m.type == "error" and page.console_errors.append(m.text),
        )
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        return page

    def assert_clean(self, page) -> None:
        violations = page.evaluate("window.__cspViolations")
        csp_errors = [e for e in page.console_errors if "Content Security Policy" in e]
        assert violations == [], violations
        assert csp_errors == [], csp_errors

    def test_every_page_sends_a_policy_without_inline_scripts(self):
        page = self.watched_page()
        response = page.goto("/accounts/login/")
        policy = response.headers["content-security-policy"]
        script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src
        assert "'self'" in script_src
        self.assert_clean(page)

    def test_the_board_and_console_run_under_the_policy(self):
        study = make_study(owner=self.owner, moderator=self.moderator, statements=2)
        session = session_create(study=study, name="Session 1")
        console = self.watched_page()
        self.login(console, self.moderator)
        console.goto(reverse("session-console", args=[study.pk, session.pk]))
        console.locator("#conn.conn-online").wait_for()
        participant = self.watched_page(390, 844)
        join(participant, reverse("join-consent", args=[session.invite_token]))
        choose_step(console, study.statements.first().pk, "2 · Add comments")
        add_note(participant, "Strongly agree", "Under the policy")
        note(participant, "Under the policy").wait_for()
        participant.screenshot(path=str(SHOTS / "board_390.png"), full_page=True)
        console.screenshot(path=str(SHOTS / "console_1366.png"), full_page=True)
        self.assert_clean(console)
        self.assert_clean(participant)

    def test_the_analysis_page_draws_its_charts_under_the_policy(self):
        study = study_import(data=study_file_read(DATA_FILE), owner=self.owner)
        for width, height in ((1366, 900), (390, 844)):
            page = self.watched_page(width, height)
            self.login(page, self.owner)
            page.goto(f"/studies/{study.pk}/analysis/")
            page.locator("#chart-diverging .main-svg").first.wait_for()
            page.locator("#chart-heatmap .main-svg").first.wait_for()
            page.screenshot(path=str(SHOTS / f"analysis_{width}.png"))
            self.assert_clean(page)

    def test_swagger_renders_under_the_policy(self):
        page = self.watched_page()
        self.login(page, self.owner)
        page.goto("/api/docs/")
        page.locator(".swagger-ui .opblock").first.wait_for(timeout=30_000)
        page.screenshot(path=str(SHOTS / "swagger_1366.png"))
        self.assert_clean(page)
