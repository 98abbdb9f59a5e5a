"""Malformed filters of the codings list get a 400 naming the parameter.

The cases are a negative or non-ASCII line id and a note id that is not a UUID; schemathesis found
them as 500s."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def named(body: dict) -> set[str]:
    """The fields a 400 names: a refusal's `field` (its `code` is a string), or DRF's keys."""
    return (
        {body.get("field") or body.get("pointer")}
        if isinstance(body.get("code"), str)
        else set(body)
    )


@pytest.fixture
def api(analyst):
    client = APIClient()
    client.force_login(analyst)
    return client


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("segment=-1566", "segment"),
        ("segment=%C2%B2", "segment"),
        ("note=%08%C2%B6", "note"),
        ("note=42", "note"),
    ],
)
def test_a_malformed_filter_is_refused_naming_it(api, cstudy, query, field):
    response = api.get(f"/api/studies/{cstudy.pk}/codings/?{query}")
    assert response.status_code == 400
    assert field in named(response.json())


def test_a_well_formed_filter_still_lists(api, cstudy, notes):
    note = notes["Rollback"]
    response = api.get(f"/api/studies/{cstudy.pk}/codings/?note={note.pk}&segment=7")
    assert response.status_code == 200
    assert response.json()["results"] == []
