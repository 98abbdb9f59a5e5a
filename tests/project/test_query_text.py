"""A NUL or a lone surrogate in any query parameter gets a 400 naming the parameter.

It does so on pages and APIs alike, before any view runs (PostgreSQL cannot hold such a text). A
surrogate cannot arrive percent-encoded: Django decodes invalid UTF-8 as U+FFFD."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["q=a%00b", "coder=%00", "a%00=1"])
@pytest.mark.parametrize("path", ["/api/studies/", "/accounts/login/"])
def test_a_bad_character_in_the_query_is_refused_naming_it(admin_client, path, query):
    response = admin_client.get(f"{path}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bad_characters"
    assert body["field"] in {"q", "coder", "a\x00"}
    assert "query parameter" in body["message"]


def test_a_clean_query_passes_through():
    response = Client().get("/accounts/login/?next=/studies/")
    assert response.status_code == 200
