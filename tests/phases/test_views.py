"""The phase pages.

Who sees them, the log form, the CSV upload, the analysis page and its downloads, and a study of
phase tracking alone created from the New study page."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from phases.models import Phase, PhaseEntry
from statements.models import KEY_MAX, Study

from .support import EXPECTED_MATRIX, log_by_hand

pytestmark = pytest.mark.django_db
PAGES = ["", "timer/", "log/", "analysis/"]


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(study, path: str) -> str:
    return f"/studies/{study.pk}/phases/{path}"


@pytest.mark.parametrize("role", ["owner", "moderator", "analyst"])
def test_members_open_every_phase_page(request, tracked, role):
    log_by_hand(tracked, request.getfixturevalue("owner"))
    client = client_for(request.getfixturevalue(role))
    for path in PAGES:
        assert client.get(url(tracked, path)).status_code == 200, path


def test_outsiders_get_not_found_and_anonymous_users_sign_in(tracked, outsider):
    for path in [*PAGES, "matrix.json", "log.csv"]:
        assert client_for(outsider).get(url(tracked, path)).status_code == 404, path
        assert client_for(None).get(url(tracked, path)).status_code == 302, path


def test_the_analysis_page_shows_the_matrix_and_embeds_every_figure(tracked, owner):
    log_by_hand(tracked, owner)
    page = client_for(owner).get(url(tracked, "analysis/")).content.decode()
    assert '<td class="backtracking">0.2222</td>' in page
    assert '<td class="forward">0.2000</td>' in page
    start = page.index('id="phase-figures">') + len('id="phase-figures">')
    figures = json.loads(page[start : page.index("</script>", start)])
    assert set(figures) == {
        "matrix",
        "sankey",
        "chord",
        "focus-0",
        "links-0",
        "focus-1",
        "links-1",
        "focus-2",
        "links-2",
    }  # deploy: no minutes
    assert figures["sankey"]["data"][0]["type"] == "sankey"


def test_matrix_downloads_in_every_format(tracked, owner, analyst):
    log_by_hand(tracked, owner)
    client = client_for(analyst)
    doc = json.loads(client.get(url(tracked, "matrix.json")).content)
    assert doc["matrix"] == EXPECTED_MATRIX
    assert client.get(url(tracked, "matrix.csv")).content.startswith(b"main,define")
    assert b"\\toprule" in client.get(url(tracked, "matrix.latex")).content
    book = load_workbook(io.BytesIO(client.get(url(tracked, "matrix.xlsx")).content))
    assert book["Matrix"]["B3"].value == 0.6
    assert client.get(url(tracked, "matrix.pdf")).status_code == 404
    filtered = json.loads(client.get(url(tracked, "matrix.json") + "?person=nobody").content)
    assert filtered["minutes"]["define"] == 0


def test_a_member_logs_an_entry_and_a_bad_one_names_the_field(tracked, moderator):
    client = client_for(moderator)
    good = {"main": "define", "visited": "acquire", "minutes": "15", "reason": "Check"}
    assert client.post(url(tracked, "log/"), good).status_code == 302
    assert PhaseEntry.objects.get().by == "moderator"
    bad = client.post(url(tracked, "log/"), good | {"minutes": "0"})
    assert bad.status_code == 400
    assert PhaseEntry.objects.count() == 1
    scenario = client.post(url(tracked, "log/"), good | {"scenario": "Missing data"})
    assert "No scenario" in scenario.content.decode()


def test_members_correct_only_their_own_entries(tracked, owner, moderator, analyst):
    log_by_hand(tracked, owner)
    entry = PhaseEntry.objects.first()
    assert client_for(analyst).get(url(tracked, f"log/{entry.pk}/")).status_code == 403
    assert client_for(analyst).post(url(tracked, f"log/{entry.pk}/delete/")).status_code == 403
    assert client_for(owner).post(url(tracked, f"log/{entry.pk}/delete/")).status_code == 302
    assert not PhaseEntry.objects.filter(pk=entry.pk).exists()


def test_the_csv_upload_is_for_owners_and_reports_the_first_error(tracked, owner, analyst):
    def upload(user, text: str):
        data = io.BytesIO(text.encode())
        data.name = "log.csv"
        return client_for(user).post(url(tracked, "log/import/"), {"file": data}, follow=True)

    header = "main,visited,minutes,reason,at,by\n"
    assert upload(analyst, header + "define,define,5,,,\n").status_code == 403
    refused = upload(owner, header + "define,define,5,,,\ndefine,nope,5,,,\n")
    assert "Row 3, column &#x27;visited&#x27;" in refused.content.decode()
    assert not PhaseEntry.objects.exists()
    assert "Imported 1 entries" in upload(owner, header + "define,define,5,,,\n").content.decode()


def test_moving_a_phase_with_entries_asks_for_confirmation(tracked, owner):
    log_by_hand(tracked, owner)
    client = client_for(owner)
    acquire = Phase.objects.get(key="acquire")
    page = client.post(url(tracked, ""), {"op": "up", "phase": acquire.pk}, follow=True)
    assert "Confirm to reorder" in page.content.decode()
    assert Phase.objects.get(key="acquire").position == 1
    client.post(url(tracked, ""), {"op": "up", "phase": acquire.pk, "confirm": "1"})
    assert Phase.objects.get(key="acquire").position == 0


def test_the_key_input_of_a_new_phase_follows_the_key_rule(tracked, owner):
    page = client_for(owner).get(url(tracked, "")).content.decode()
    key_input = re.search(r'<input name="key"[^>]*>', page).group()
    assert f'maxlength="{KEY_MAX}"' in key_input
    pattern = re.search(r'pattern="([^"]*)"', key_input).group(1)
    assert re.fullmatch(pattern, "k" * KEY_MAX)
    assert not re.fullmatch(pattern, "k" * (KEY_MAX + 1))
    assert not re.fullmatch(pattern, "bad key")


@pytest.mark.parametrize(("role", "status"), [("moderator", 403), ("analyst", 403)])
def test_only_owners_change_the_process(request, tracked, role, status):
    client = client_for(request.getfixturevalue(role))
    answer = client.post(url(tracked, ""), {"op": "add", "key": "x", "name": "X"})
    assert answer.status_code == status
    assert not Phase.objects.filter(key="x").exists()


def test_a_study_of_phase_tracking_alone_is_created_without_a_scale(owner):
    client = client_for(owner)
    answer = client.post(
        "/studies/new/",
        {"title": "Phases only", "reveal_policy": "own_only", "scale_preset": "none"},
    )
    study = Study.objects.get(title="Phases only")
    assert answer.status_code == 302
    assert answer["Location"] == url(study, "")
    assert not study.scale_levels.exists()
    client.post(url(study, ""), {"op": "template"})
    assert study.phases.count() == 9
