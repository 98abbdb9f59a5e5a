"""The analysis API: read-only, members only, the issue's JSON shape, exports and charts."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

MEMBERS = ["owner", "moderator", "analyst"]


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def urls(study) -> list[str]:
    base = f"/api/studies/{study.pk}/analysis"
    return [
        f"{base}/grid/",
        f"{base}/participants/",
        f"{base}/notes/?statement=S1&participant=P1&level=strongly_agree",
        f"{base}/export/csv/",
    ]


@pytest.mark.parametrize("role", MEMBERS)
def test_members_read_every_analysis_endpoint(request, analysed, role):
    client = api_for(request.getfixturevalue(role))
    for url in urls(analysed):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", MEMBERS)
def test_the_api_refuses_every_write(request, analysed, role):
    client = api_for(request.getfixturevalue(role))
    for url in urls(analysed):
        for method in (client.post, client.put, client.patch, client.delete):
            assert method(url, {}).status_code == 405, (method.__name__, url)


def test_outsiders_get_not_found(analysed, outsider):
    for url in urls(analysed):
        assert api_for(outsider).get(url).status_code == 404, url


def test_anonymous_callers_are_refused(analysed):
    for url in urls(analysed):
        assert APIClient().get(url).status_code in {401, 403}, url


def test_a_participants_access_token_is_not_an_api_credential(analysed, participant):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {participant.access_token}")
    for url in urls(analysed):
        assert client.get(url).status_code in {401, 403}, url


def test_an_analysts_api_token_works(analysed, analyst):
    token = Token.objects.create(user=analyst)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(urls(analysed)[0]).status_code == 200


def test_the_grid_has_the_issues_shape(analysed, analyst):
    doc = api_for(analyst).get(f"/api/studies/{analysed.pk}/analysis/grid/").json()
    assert list(doc) == ["study", "scale", "participants", "statements"]
    assert doc["study"] == "Deployment <study>"
    assert doc["participants"] == ["P1", "P2", "P3"]
    s1, s2 = doc["statements"]
    assert s1["grid"]["strongly_agree"] == ["P1", "P3"]
    assert s1["grid"]["partially_disagree"] == ["P2"]
    assert s1["counts"] == {
        "P1": {"strongly_agree": 1},
        "P2": {"partially_disagree": 2},
        "P3": {"strongly_agree": 1},
    }
    assert s2["counts"] == {"P3": {"no_opinion": 1}}
    assert len(s2["grid"]) == 5


def test_filters_apply_and_bad_ones_are_explained(analysed, analyst):
    client = api_for(analyst)
    base = f"/api/studies/{analysed.pk}/analysis/grid/"
    doc = client.get(base, {"field": "job_title", "value": "ML Engineer"}).json()
    assert doc["participants"] == ["P1", "P3"]
    bad = client.get(base, {"field": "shoe_size", "value": "42"})
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith("field: no profile field 'shoe_size'")


def test_participants_give_table_1(analysed, analyst):
    body = api_for(analyst).get(f"/api/studies/{analysed.pk}/analysis/participants/").json()
    assert body["participants"][0] == {
        "code": "P1",
        "session": "Focus group 1",
        "profile": {"job_title": "ML Engineer", "years": 3},
    }
    assert body["table"]["header"] == ["Participant", "Session", "Job title", "Years"]
    assert body["table"]["rows"][1] == ["P2", "Focus group 1", "", "4"]


def test_cell_notes_and_their_bad_input(analysed, analyst):
    client = api_for(analyst)
    base = f"/api/studies/{analysed.pk}/analysis/notes/"
    body = client.get(
        base, {"statement": "S1", "participant": "P2", "level": "partially_disagree"}
    ).json()
    assert [n["text"] for n in body["notes"]] == ["P2 says PD on S1"] * 2
    missing = client.get(base, {"participant": "P2"})
    assert missing.status_code == 400
    assert "Missing statement, level" in missing.json()["detail"]


def test_exports_and_charts_come_as_files(analysed, analyst):
    client = api_for(analyst)
    base = f"/api/studies/{analysed.pk}/analysis"
    xlsx = client.get(f"{base}/export/xlsx/")
    assert load_workbook(io.BytesIO(xlsx.content))["S1"]["B4"].value == 1
    assert client.get(f"{base}/export/pptx/").status_code == 404
    pdf = client.get(f"{base}/charts/diverging.pdf", {"by": "notes"})
    assert pdf.content.startswith(b"%PDF")
    assert client.get(f"{base}/charts/diverging.png", {"by": "people"}).status_code == 400
