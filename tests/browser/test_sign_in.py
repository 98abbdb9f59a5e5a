"""A researcher signs in through the real login form and sees their studies."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, make_study, make_user

from .base import BrowserTestCase

pytestmark = pytest.mark.browser


class TestSignIn(BrowserTestCase):
    def test_a_researcher_signs_in_and_sees_only_their_studies(self):
        owner = make_user("ada")
        make_study(owner=owner, title="Deployment study")
        make_study(owner=make_user("bob"), title="Somebody else's study")
        page = self.new_page()
        page.goto("/")
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Studies").wait_for()
        assert page.get_by_role("link", name="Deployment study").is_visible()
        assert "Somebody else's study" not in page.content()

    def test_a_wrong_password_is_refused_with_a_message(self):
        make_user("ada")
        page = self.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
        assert page.get_by_text("Please enter a correct username and password").is_visible()
