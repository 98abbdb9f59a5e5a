"""The analysis pages: who sees them, what they show, downloads, and their query count."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import make_user

from .test_selectors import _big_study

pytestmark = pytest.mark.django_db

MEMBERS = ["owner", "moderator", "analyst"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_urls(study) -> list[str]:
    return [
        reverse("analysis-study", args=[study.pk]),
        reverse("analysis-notes", args=[study.pk])
        + "?statement=S1&participant=P1&level=strongly_agree",
        reverse("analysis-export", args=[study.pk, "json"]),
        reverse("analysis-export", args=[study.pk, "xlsx"]),
    ]


@pytest.mark.parametrize("role", MEMBERS)
def test_owners_moderators_and_analysts_see_every_analysis_page(request, analysed, role):
    client = client_for(request.getfixturevalue(role))
    for url in page_urls(analysed):
        assert client.get(url).status_code == 200, url


def test_an_outsider_gets_not_found_on_every_page(analysed, outsider):
    client = client_for(outsider)
    for url in page_urls(analysed):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in(analysed):
    for url in page_urls(analysed):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_a_participant_with_their_access_token_sees_nothing(analysed, participant):
    client = Client()
    for url in page_urls(analysed):
        sep = "&" if "?" in url else "?"
        response = client.get(f"{url}{sep}token={participant.access_token}")
        assert response.status_code == 302, url
        assert b"P1" not in response.content


@pytest.mark.parametrize("role", MEMBERS)
def test_the_pages_change_nothing_refusing_writes(request, analysed, role):
    client = client_for(request.getfixturevalue(role))
    for url in page_urls(analysed):
        assert client.post(url).status_code == 405, url


def test_the_page_shows_grids_summaries_charts_and_the_participant_table(analysed, analyst):
    response = client_for(analyst).get(reverse("analysis-study", args=[analysed.pk]))
    html = response.content.decode()
    assert "Deployment &lt;study&gt;" in html
    assert 'aria-label="P2, Partially disagree: 2 notes">2<' in html
    assert 'aria-label="P1, Strongly agree: 1 note">\u2715<' in html
    assert (
        "Two participants provided comments strongly agreeing; one participant reported two" in html
    )
    assert 'id="diverging-data"' in html
    assert 'id="heatmap-data"' in html
    assert '<th scope="row">P3</th><td>Focus group 2</td><td>ML Engineer</td><td>5</td>' in html


def test_the_page_filters_by_session_and_profile_field(analysed, analyst):
    url = reverse("analysis-study", args=[analysed.pk])
    html = client_for(analyst).get(url, {"session": "Focus group 2"}).content.decode()
    assert '<th scope="col">P3</th>' in html
    assert '<th scope="col">P1</th>' not in html
    html = (
        client_for(analyst)
        .get(url, {"field": "job_title", "value": "ml engineer"})
        .content.decode()
    )
    assert '<th scope="col">P1</th>' in html
    assert '<th scope="col">P2</th>' not in html


def test_a_bad_filter_is_explained_on_the_page(analysed, analyst):
    url = reverse("analysis-study", args=[analysed.pk])
    response = client_for(analyst).get(url, {"session": "Nope"})
    assert response.status_code == 200
    assert "session: no session named &#x27;Nope&#x27; in this study" in response.content.decode()


def test_a_cell_shows_its_notes(analysed, analyst):
    url = reverse("analysis-notes", args=[analysed.pk])
    cell = {"statement": "S1", "participant": "P2", "level": "partially_disagree", "fragment": "1"}
    html = client_for(analyst).get(url, cell).content.decode()
    assert html.count("P2 says PD on S1") == 2
    missing = client_for(analyst).get(url, {"statement": "S1"})
    assert missing.status_code == 400
    assert "Missing participant, level" in missing.content.decode()


def test_every_export_format_downloads_under_the_filters(analysed, analyst):
    client = client_for(analyst)
    doc = json.loads(
        client.get(
            reverse("analysis-export", args=[analysed.pk, "json"]), {"session": "Focus group 1"}
        ).content
    )
    assert doc["participants"] == ["P1", "P2"]
    for fmt in ["csv", "csv-grid", "md", "latex"]:
        response = client.get(reverse("analysis-export", args=[analysed.pk, fmt]))
        assert response.status_code == 200
        assert "attachment; filename=" in response["Content-Disposition"]
    xlsx = client.get(reverse("analysis-export", args=[analysed.pk, "xlsx"]))
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == [
        "S1",
        "S2",
        "Participants",
        "Notes",
    ]
    assert client.get(reverse("analysis-export", args=[analysed.pk, "docx"])).status_code == 404
    bad = client.get(reverse("analysis-export", args=[analysed.pk, "csv"]), {"since": "soon"})
    assert bad.status_code == 400
    assert "since: 'soon' is not a date" in bad.content.decode()


def test_charts_download_as_images(analysed, analyst):
    client = client_for(analyst)
    png = client.get(reverse("analysis-chart", args=[analysed.pk, "diverging", "png"]))
    assert png.status_code == 200
    assert png.content.startswith(b"\x89PNG")
    svg = client.get(
        reverse("analysis-chart", args=[analysed.pk, "heatmap", "svg"]), {"statement": "S2"}
    )
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert (
        client.get(
            reverse("analysis-chart", args=[analysed.pk, "heatmap", "pdf"]), {"statement": "S9"}
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("analysis-chart", args=[analysed.pk, "pie", "png"])).status_code == 404
    )


@pytest.mark.parametrize(("people", "statements"), [(2, 2), (20, 12)])
def test_the_page_and_exports_take_a_bounded_number_of_queries(
    owner, django_assert_max_num_queries, people, statements
):
    study = _big_study(owner, people=people, statements=statements)
    client = client_for(owner)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("analysis-study", args=[study.pk])).status_code == 200
    for fmt in ["json", "xlsx", "csv"]:
        with django_assert_max_num_queries(13):  # the reads, and the audit entry of the export
            assert client.get(reverse("analysis-export", args=[study.pk, fmt])).status_code == 200


def test_an_analyst_of_another_study_sees_nothing_of_this_one(analysed):
    other = make_user("other-analyst")
    _big_study(other, people=1, statements=1)
    assert client_for(other).get(reverse("analysis-study", args=[analysed.pk])).status_code == 404


def test_a_study_without_sessions_still_has_a_page_exports_and_charts(study, analyst):
    client = client_for(analyst)
    html = client.get(reverse("analysis-study", args=[study.pk])).content.decode()
    assert "No participants." in html
    assert html.count('<table class="grid"') == 3
    doc = json.loads(client.get(reverse("analysis-export", args=[study.pk, "json"])).content)
    assert doc["participants"] == []
    assert doc["statements"][0]["summary"] == "No participant commented on this statement."
    png = client.get(reverse("analysis-chart", args=[study.pk, "diverging", "png"]))
    assert png.content.startswith(b"\x89PNG")


def test_statements_and_notes_link_to_where_they_were_discussed(analysed, analyst):
    client = client_for(analyst)
    html = client.get(reverse("analysis-study", args=[analysed.pk])).content.decode()
    for statement in analysed.statements.all():
        assert reverse("statement-transcript", args=[analysed.pk, statement.pk]) in html
    cell = {"statement": "S1", "participant": "P2", "level": "partially_disagree"}
    html = client.get(reverse("analysis-notes", args=[analysed.pk]), cell).content.decode()
    notes = analysed.sessions.get(participants__code="P2").notes.filter(
        participant__code="P2", statement__key="S1"
    )
    assert notes.exists()
    for note in notes:
        assert reverse("note-transcript", args=[note.pk]) in html
