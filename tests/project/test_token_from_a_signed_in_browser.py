"""A signed-in browser can obtain an API token with its password (issue 10, bug 19).

The browser has a session cookie and CSRF checks are on; a wrong password is still refused."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a long secret phrase"


@pytest.fixture
def browser():
    """A browser signed in as ada, enforcing CSRF like a real one (no token sent)."""
    user = make_user("ada")
    user.set_password(PASSWORD)
    user.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client, user


def test_a_signed_in_browser_gets_its_token_with_the_right_password(browser):
    client, user = browser
    response = client.post("/api/auth/token/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}


def test_a_signed_in_browser_with_a_wrong_password_is_refused(browser):
    client, _user = browser
    response = client.post("/api/auth/token/", {"username": "ada", "password": "wrong"})
    assert response.status_code == 400
    assert "Unable to log in" in str(response.json())
    assert not Token.objects.exists()


def test_a_browser_cannot_take_another_users_token_with_its_own_session(browser):
    client, _user = browser
    make_user("bob")
    response = client.post("/api/auth/token/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 400
    assert not Token.objects.exists()
