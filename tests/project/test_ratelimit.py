"""Wrong passwords and join codes are counted per address; past the limit the client waits."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


ADDRESSES = ["203.0.113.7", "203.0.113.8", "203.0.113.9", "198.51.100.9", "198.51.100.10"]
SCOPES = ["login", "api-token", "join-code"]


@pytest.fixture(autouse=True)
def _small_limit(settings):
    # Only these counters: the cache may share its Redis database with the broker.
    keys = [f"failures:{scope}:{address}" for scope in SCOPES for address in ADDRESSES]
    settings.AUTH_FAILURES_ALLOWED = 3
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def test_sign_in_refuses_an_address_after_too_many_wrong_passwords():
    make_user("ada")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is still served.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert (
        other.post("/accounts/login/", {"username": "ada", "password": PASSWORD}).status_code == 302
    )


def test_the_api_token_endpoint_refuses_an_address_after_too_many_wrong_passwords():
    make_user("ada")
    client = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(3):
        assert (
            client.post("/api/auth/token/", {"username": "ada", "password": "x"}).status_code == 400
        )
    response = client.post("/api/auth/token/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.json()["detail"]
    fresh = Client(REMOTE_ADDR="198.51.100.10")
    token = fresh.post("/api/auth/token/", {"username": "ada", "password": PASSWORD})
    assert token.status_code == 200
    assert token.json()["token"]


def test_join_codes_cannot_be_guessed_without_limit():
    client = Client(REMOTE_ADDR="203.0.113.9")
    for code in ("AAAAAA", "BBBBBB", "CCCCCC"):
        response = client.post("/join/", {"code": code})
        assert response.status_code == 200
        assert "No open session has this code" in response.content.decode()
    response = client.post("/join/", {"code": "DDDDDD"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
