"""Bad input to the coding API: a clear message naming the field, and nothing written."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from coding.models import Code, Coding, Memo
from coding.services import code_create
from coding.units import Note

from .support import coding_study


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


@pytest.fixture
def code(cstudy):
    return code_create(study=cstudy, name="Benefit")


def test_a_coding_of_a_span_is_created_and_listed(api, cstudy, notes, code):
    note = notes["Rollback"]
    url = f"/api/studies/{cstudy.pk}/codings/"
    response = api.post(url, {"code": code.pk, "note": str(note.pk), "start": 0, "end": 8})
    assert response.status_code == 201
    assert response.json()["coder"] == "analyst"
    assert [c["code_key"] for c in api.get(url + "?coder=analyst").json()["results"]] == ["benefit"]


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"start": 0, "end": 500}, "span", 400),
        ({"start": 5, "end": 2}, "span", 400),
        ({"start": 0}, "span", 400),
        ({"start": "x", "end": 2}, "start", 400),
        ({"note": "not-a-uuid"}, "note", 400),
        ({"note": None}, "unit", 400),
        ({"code": 999999}, "code", 400),
    ],
)
def test_bad_codings_are_refused_with_the_field(api, cstudy, notes, code, body, field, status):
    data = {"code": code.pk, "note": str(notes["Rollback"].pk), **body}
    response = api.post(f"/api/studies/{cstudy.pk}/codings/", data, format="json")
    assert response.status_code == status
    assert field in named(response.json())
    assert not Coding.objects.exists()


def test_the_same_code_on_the_same_span_twice_is_a_conflict(api, cstudy, notes, code):
    data = {"code": code.pk, "note": str(notes["Rollback"].pk)}
    url = f"/api/studies/{cstudy.pk}/codings/"
    assert api.post(url, data, format="json").status_code == 201
    response = api.post(url, data, format="json")
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["field"]) == ("coding_duplicate", "code")
    assert "already applied" in body["message"]
    assert Coding.objects.count() == 1


def test_a_code_or_note_of_another_study_is_refused(api, cstudy, owner, code):
    other = coding_study(owner=owner, title="Other")
    foreign = code_create(study=other, name="Foreign")
    note = Note.objects.filter(session__study=other).first()
    url = f"/api/studies/{cstudy.pk}/codings/"
    response = api.post(url, {"code": foreign.pk, "note": str(note.pk)}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "code"
    assert "not a code of this study" in response.json()["message"]
    response = api.post(url, {"code": code.pk, "note": str(note.pk)}, format="json")
    assert response.json()["field"] == "note"
    assert "No such note" in response.json()["message"]
    assert not Coding.objects.exists()


def test_moving_a_code_into_a_cycle_is_refused(api, cstudy):
    parent = code_create(study=cstudy, name="Benefit")
    child = code_create(study=cstudy, name="Rollback", parent=parent)
    response = api.post(
        f"/api/studies/{cstudy.pk}/codes/{parent.pk}/move/", {"parent": child.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "parent"
    assert "cycle" in response.json()["message"]
    parent.refresh_from_db()
    assert parent.parent_id is None


def test_deleting_a_code_without_confirmation_is_refused(api, cstudy, code):
    response = api.delete(f"/api/studies/{cstudy.pk}/codes/{code.pk}/")
    assert response.status_code == 400
    assert response.json()["field"] == "confirm"
    assert Code.objects.filter(pk=code.pk).exists()


def test_merging_through_the_api_moves_the_codings(api, cstudy, notes, code):
    other = code_create(study=cstudy, name="Gains")
    url = f"/api/studies/{cstudy.pk}/codings/"
    api.post(url, {"code": other.pk, "note": str(notes["Rollback"].pk)}, format="json")
    response = api.post(
        f"/api/studies/{cstudy.pk}/codes/{other.pk}/merge/", {"target": code.pk}, format="json"
    )
    assert response.status_code == 200
    assert Coding.objects.get().code_id == code.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"about": "code", "target": "999999", "text": "x"}, "target"),
        ({"about": "note", "target": "surrogatepass", "text": "x"}, "target"),
        ({"about": "segment", "target": "1.5", "text": "x"}, "target"),
        ({"about": "study", "text": ""}, "text"),
        ({"about": "planet", "text": "x"}, "about"),
        ({"about": "study", "text": "x" * 20_001}, "text"),
    ],
)
def test_bad_memos_are_refused(api, cstudy, body, field):
    response = api.post(f"/api/studies/{cstudy.pk}/memos/", body, format="json")
    assert response.status_code == 400
    assert field in named(response.json())
    assert not Memo.objects.exists()


def test_memos_are_searchable(api, cstudy, code):
    url = f"/api/studies/{cstudy.pk}/memos/"
    api.post(url, {"about": "code", "target": str(code.pk), "text": "Rollback matters."})
    api.post(url, {"about": "study", "text": "Overall mixed."})
    assert [m["text"] for m in api.get(url + "?q=rollback").json()["results"]] == [
        "Rollback matters."
    ]
    assert [m["text"] for m in api.get(url + "?about=study").json()["results"]] == [
        "Overall mixed."
    ]
