"""A design service's refusal reaches people with the same message on the same field.

The refusal is a DomainError, and it shows as before: on the page's form field, in the page's
messages, and in the API as one object (code, message, field)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.services import participant_create, session_create
from statements.models import Role
from tests.statements.design_support import client_as, design_snapshot, make_note

pytestmark = pytest.mark.django_db


def answered(study) -> None:
    session = session_create(study=study, name="Group 1")
    profile = {"years": 3, "knowledge": "High"}
    participant_create(session=session, profile=profile, consented_at=timezone.now())


def field_edit(study, key: str) -> str:
    pk = study.profile_fields.get(key=key).pk
    return reverse("field-edit", kwargs={"study_id": study.pk, "pk": pk})


def test_a_taken_statement_key_is_shown_on_the_key_field(study, owner):
    url = reverse("statement-editor", kwargs={"study_id": study.pk})
    response = client_as(owner).post(url, {"key": "S2", "text": "Again"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"key": ["A statement with key 'S2' already exists in this study."]}


def test_an_answered_fields_choices_are_kept_and_the_refusal_is_on_the_choices_field(study, owner):
    answered(study)
    before = design_snapshot(study.pk)
    data = {"key": "knowledge", "label": "Knowledge", "type": "choice", "choices": "Low\nMid"}
    response = client_as(owner).post(field_edit(study, "knowledge"), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "choices": ["Participants chose High: keep these choices."]
    }
    assert "Participants chose High: keep these choices." in response.content.decode()
    assert design_snapshot(study.pk) == before


def test_an_answered_fields_key_is_kept_and_the_refusal_is_on_the_key_field(study, owner):
    answered(study)
    data = {"key": "know", "label": "Knowledge", "type": "choice", "choices": "High\nLow"}
    response = client_as(owner).post(field_edit(study, "knowledge"), data)
    assert response.context["form"].errors == {
        "key": ["Participants have answered this field: keep its key."]
    }


def test_an_unknown_invitee_is_refused_above_the_form(study, owner):
    url = reverse("member-list", kwargs={"study_id": study.pk})
    response = client_as(owner).post(url, {"identifier": "nobody", "role": Role.ANALYST})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.non_field_errors() == ["No user has the username or email 'nobody'."]
    assert not form.has_error("identifier")


def test_refusals_of_buttons_are_shown_as_page_messages(study, owner):
    client = client_as(owner)
    make_note(study)
    statement = study.statements.get(key="S1")
    url = reverse("statement-delete", kwargs={"study_id": study.pk, "pk": statement.pk})
    page = client.post(url, follow=True).content.decode()
    assert "Statement S1 has 1 note(s) and cannot be deleted." in page
    mine = study.memberships.get(user=owner)
    url = reverse("member-role", kwargs={"study_id": study.pk, "pk": mine.pk})
    page = client.post(url, {"role": Role.ANALYST}, follow=True).content.decode()
    assert "The last owner cannot be demoted; make someone else owner first." in page
    assert study.memberships.get(user=owner).role == Role.OWNER


def test_the_api_answers_a_refusal_with_its_code_message_and_field(study, owner):
    api = client_as(owner, api=True)
    response = api.post(
        f"/api/studies/{study.pk}/statements/", {"key": "S1", "text": "Again"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "key_taken",
        "message": "A statement with key 'S1' already exists in this study.",
        "field": "key",
    }


def test_the_api_gives_a_refusal_of_the_whole_without_a_field(study, owner):
    make_note(study)
    api = client_as(owner, api=True)
    response = api.post(
        f"/api/studies/{study.pk}/scale-levels/", {"key": "x", "label": "X"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "scale_in_use",
        "message": (
            "The scale cannot change: notes already use its levels (only labels can be edited)."
        ),
    }
