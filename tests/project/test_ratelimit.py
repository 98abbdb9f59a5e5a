"""Failed passwords and join codes are limited.

The limits hold per address and target, per target and per address, atomically in the shared
cache; a room behind one address still gets in with the right code, and X-Forwarded-For is
believed only from a configured proxy."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from sessions.services import session_create, session_invites_set
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.AUTH_FAILURES_ALLOWED = 3
    settings.AUTH_FAILURES_PER_TARGET = 5
    settings.AUTH_FAILURES_PER_ADDRESS = 8
    settings.TRUSTED_PROXIES = ["10.9.0.0/16"]


def _address() -> str:
    """A fresh address per test: counters of earlier runs (same cache) never interfere."""
    n = uuid.uuid4().int
    return f"198.{n % 200 + 18}.{n // 200 % 250}.{n // 50_000 % 250 + 1}"


def _name() -> str:
    return f"ada{uuid.uuid4().hex[:8]}"


def _code() -> str:
    return uuid.uuid4().hex[:6].upper()


def test_sign_in_refuses_an_address_after_too_many_wrong_passwords_for_that_user():
    name = _name()
    make_user(name)
    client = Client(REMOTE_ADDR=_address())
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": name, "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": name, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is still served.
    other = Client(REMOTE_ADDR=_address())
    assert (
        other.post("/accounts/login/", {"username": name, "password": PASSWORD}).status_code == 302
    )


def test_one_user_is_protected_from_guesses_spread_over_many_addresses():
    name = _name()
    make_user(name)
    for _ in range(5):
        client = Client(REMOTE_ADDR=_address())
        assert (
            client.post("/accounts/login/", {"username": name, "password": "x"}).status_code == 200
        )
    fresh = Client(REMOTE_ADDR=_address())
    assert (
        fresh.post("/accounts/login/", {"username": name, "password": PASSWORD}).status_code == 429
    )


def test_the_api_token_endpoint_limits_wrong_passwords_too():
    name = _name()
    make_user(name)
    client = Client(REMOTE_ADDR=_address())
    for _ in range(3):
        assert (
            client.post("/api/auth/token/", {"username": name, "password": "x"}).status_code == 400
        )
    response = client.post("/api/auth/token/", {"username": name, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.json()["detail"]
    token = Client(REMOTE_ADDR=_address()).post(
        "/api/auth/token/", {"username": name, "password": PASSWORD}
    )
    assert token.status_code == 200
    assert token.json()["token"]


def test_the_admin_sign_in_is_limited_like_the_site_one():
    name = _name()
    make_user(name, is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR=_address())
    for _ in range(3):
        response = client.post("/admin/login/", {"username": name, "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/admin/login/", {"username": name, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    other = Client(REMOTE_ADDR=_address())
    assert other.post("/admin/login/", {"username": name, "password": PASSWORD}).status_code == 302


def test_a_room_behind_one_address_gets_in_with_the_right_code_after_typos(study):
    session = session_invites_set(session=session_create(study=study, name="S"), open=True)
    shared = _address()
    # Six people of the room mistype: more failures than one target allows (3), fewer than the
    # address allows over every code (8).
    for _ in range(6):
        typo = Client(REMOTE_ADDR=shared).post("/join/", {"code": _code()})
        assert typo.status_code == 200
        assert "No open session has this code" in typo.content.decode()
    right = Client(REMOTE_ADDR=shared).post("/join/", {"code": session.join_code})
    assert right.status_code == 302
    assert right["Location"].endswith(f"/join/{session.invite_token}/")


def test_join_codes_cannot_be_guessed_without_limit_from_one_address():
    client = Client(REMOTE_ADDR=_address())
    for _ in range(8):
        assert client.post("/join/", {"code": _code()}).status_code == 200
    response = client.post("/join/", {"code": _code()})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_the_same_wrong_code_is_refused_after_the_per_target_limit():
    client = Client(REMOTE_ADDR=_address())
    code = _code()
    for _ in range(3):
        assert client.post("/join/", {"code": code}).status_code == 200
    assert client.post("/join/", {"code": code}).status_code == 429


def test_a_rotating_forwarded_header_from_an_untrusted_client_is_ignored():
    client = Client(REMOTE_ADDR=_address())
    for _ in range(8):
        response = client.post("/join/", {"code": _code()}, HTTP_X_FORWARDED_FOR=_address())
        assert response.status_code == 200
    assert (
        client.post("/join/", {"code": _code()}, HTTP_X_FORWARDED_FOR=_address()).status_code == 429
    )


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_forwarded_address():
    proxy = Client(REMOTE_ADDR="10.9.0.5")
    client_a, client_b = _address(), _address()
    for _ in range(8):
        # A client's own forged entry comes first; the proxy appends the real address last.
        forged = f"{_address()}, {client_a}"
        assert (
            proxy.post("/join/", {"code": _code()}, HTTP_X_FORWARDED_FOR=forged).status_code == 200
        )
    assert proxy.post("/join/", {"code": _code()}, HTTP_X_FORWARDED_FOR=client_a).status_code == 429
    assert proxy.post("/join/", {"code": _code()}, HTTP_X_FORWARDED_FOR=client_b).status_code == 200
