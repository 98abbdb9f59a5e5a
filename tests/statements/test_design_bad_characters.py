"""Design texts with a NUL or a lone surrogate are refused.

Titles, statements, labels and choices are covered; the design services refuse them (so every
page, API and import that calls them does), naming the field."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from focusgroup.errors import DomainError
from statements.models import Study
from statements.services import (
    profile_field_add,
    scale_level_update,
    statement_add,
    statement_update,
    study_create,
    study_update,
)

pytestmark = pytest.mark.django_db


def _refused(call, field: str) -> None:
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.field == field
    assert caught.value.code == "bad_characters"
    assert "contains a" in caught.value.message


def test_every_design_service_refuses_bad_characters(study, owner):
    before = Study.objects.count()
    _refused(lambda: study_create(title="T\x00", owner=owner), "title")
    _refused(lambda: study_create(title="T", consent_text="\ud800", owner=owner), "consent_text")
    assert Study.objects.count() == before
    _refused(lambda: study_update(study=study, title="x\udc00"), "title")
    _refused(lambda: statement_add(study=study, key="S9", text="t\x00"), "text")
    _refused(lambda: statement_update(statement=study.statements.first(), title="\ud800"), "title")
    _refused(
        lambda: profile_field_add(
            study=study, key="k", label="L", type="choice", choices=["ok", "b\x00d"]
        ),
        "choices",
    )
    _refused(lambda: scale_level_update(level=study.scale_levels.first(), label="\x00"), "label")
    study.refresh_from_db()
    assert study.title == "A study"


def test_the_study_api_answers_400_not_500(owner):
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post("/api/studies/", {"title": "T\x00"}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()
