"""The API token endpoint checks the password once per request (it used to check it twice)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from tests.project import counting_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def counting(settings):
    settings.AUTHENTICATION_BACKENDS = ["tests.project.counting_backend.CountingBackend"]
    counting_backend.CHECKS.clear()


def test_a_right_password_is_checked_once_and_gets_the_users_token():
    user = make_user("ada")
    user.set_password("a long secret phrase")
    user.save()
    response = APIClient().post(
        "/api/auth/token/", {"username": "ada", "password": "a long secret phrase"}
    )
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}
    assert counting_backend.CHECKS == ["ada"]


def test_a_wrong_password_is_checked_once_and_refused():
    make_user("bob")
    response = APIClient().post("/api/auth/token/", {"username": "bob", "password": "wrong"})
    assert response.status_code == 400
    assert counting_backend.CHECKS == ["bob"]
