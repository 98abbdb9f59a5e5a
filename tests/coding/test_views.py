"""The coding pages for every role, the codebook actions, and report downloads."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from coding.models import MEMO_TEXT_MAX, Code
from coding.services import code_create, coding_create, memo_create
from coding.units import Participant
from statements.models import KEY_MAX

from .support import add_transcript

ROLES = ["owner", "moderator", "analyst", "outsider", "participant"]


@pytest.fixture
def clients(cstudy, owner, moderator, analyst, outsider):
    out = {}
    for role, user in [("owner", owner), ("moderator", moderator), ("analyst", analyst),
                       ("outsider", outsider)]:  # fmt: skip
        out[role] = Client()
        out[role].force_login(user)
    out["participant"] = Client()
    token = Participant.objects.get(study=cstudy, code="P1").access_token
    out["participant"].get(reverse("join-personal", args=[token]))
    return out


@pytest.fixture
def coded(cstudy, notes, analyst, analyst2):
    code = code_create(study=cstudy, name="Rollback", color="#1B9E77")
    coding_create(study=cstudy, code=code, user=analyst, note=notes["Rollback"].pk, start=0, end=8)
    coding_create(study=cstudy, code=code, user=analyst2, note=notes["The"].pk)
    coding_create(study=cstudy, code=code_create(study=cstudy, name="Effort"), user=analyst2,
                  note=notes["Rollback"].pk)  # fmt: skip
    memo_create(study=cstudy, user=analyst, text="Restoring state matters.", about="code",
                target=code)  # fmt: skip
    return code


def _pages(study, recording_id):
    return [
        reverse("coding-overview", args=[study.pk]),
        reverse("coding-statement", args=[study.pk, "S1"]),
        reverse("coding-transcript", args=[study.pk, recording_id]),
        reverse("coding-disagreements", args=[study.pk]),
        reverse("coding-memos", args=[study.pk]),
        reverse("coding-report", args=[study.pk, "quotes", "csv"]),
        reverse("coding-project-qdpx", args=[study.pk]),
        reverse("coding-codebook-qdc", args=[study.pk]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_members_see_the_coding_pages_and_others_do_not(cstudy, coded, clients, role):
    recording = add_transcript(cstudy, ["A line."])[0].recording_id
    for url in _pages(cstudy, recording):
        response = clients[role].get(url)
        if role in {"owner", "moderator", "analyst"}:
            assert response.status_code == 200, url
        else:
            assert response.status_code in {302, 404}, url
            assert b"Rollback" not in response.content


def test_the_statement_view_groups_notes_and_hides_others_codings(cstudy, coded, clients):
    page = clients["analyst"].get(reverse("coding-statement", args=[cstudy.pk, "S1"]))
    html = page.content.decode()
    assert (
        html.index("Strongly agree") < html.index("Partially disagree") < html.index("No opinion")
    )
    assert "Rollback saved us twice" in html
    assert "analyst2" not in html.split('id="units"')[1]  # analyst2's codings are hidden
    shown = clients["analyst"].get(
        reverse("coding-statement", args=[cstudy.pk, "S1"]) + "?others=1"
    )
    assert "analyst2" in shown.content.decode().split('id="units"')[1]


def test_the_coding_pages_give_their_script_the_model_s_memo_limit(cstudy, clients):
    page = clients["analyst"].get(reverse("coding-statement", args=[cstudy.pk, "S1"]))
    config = re.search(r'<div id="coding-config"[^>]*>', page.content.decode()).group()
    assert re.findall(r'data-memo-max="([0-9]+)"', config) == [str(MEMO_TEXT_MAX)]


def test_the_key_and_memo_boxes_take_their_limits_from_the_models(cstudy, clients):
    overview = clients["owner"].get(reverse("coding-overview", args=[cstudy.pk])).content.decode()
    key_input = re.search(r'<input id="new-key"[^>]*>', overview).group()
    assert f'maxlength="{KEY_MAX}"' in key_input
    memos = clients["analyst"].get(reverse("coding-memos", args=[cstudy.pk])).content.decode()
    memo_box = re.search(r'<textarea id="memo-text"[^>]*>', memos).group()
    assert f'maxlength="{MEMO_TEXT_MAX}"' in memo_box


def test_filters_narrow_the_notes_and_a_bad_filter_is_named(cstudy, coded, clients):
    url = reverse("coding-statement", args=[cstudy.pk, "S1"])
    html = clients["analyst"].get(url + "?code=effort&others=1").content.decode()
    assert "Rollback saved us twice" in html
    assert "The first version" not in html
    html = clients["analyst"].get(url + "?field=role&value=ops").content.decode()
    assert "The first version" in html
    assert "Rollback saved us twice" not in html
    html = clients["analyst"].get(url + "?level=nope").content.decode()
    assert "level: No level &#x27;nope&#x27; in this study." in html


def test_owners_and_analysts_manage_the_codebook_and_moderators_cannot(cstudy, clients):
    url = reverse("coding-code-add", args=[cstudy.pk])
    assert clients["moderator"].post(url, {"name": "Nope"}).status_code == 403
    assert clients["analyst"].post(url, {"name": "Benefit"}).status_code == 302
    benefit = Code.objects.get(study=cstudy)
    clients["owner"].post(url, {"name": "Rollback", "parent": str(benefit.pk)})
    rollback = Code.objects.get(key="rollback")
    assert rollback.parent == benefit
    change = reverse("coding-code-change", args=[cstudy.pk, benefit.pk])
    response = clients["analyst"].post(change, {"action": "move", "parent": str(rollback.pk)},
                                       follow=True)  # fmt: skip
    assert "would make a cycle" in response.content.decode()
    delete = reverse("coding-code-delete", args=[cstudy.pk, benefit.pk])
    assert "also deletes 1 sub-code" in clients["analyst"].get(delete).content.decode()
    clients["analyst"].post(delete, {"confirm": "yes"})
    assert not Code.objects.exists()


def test_a_bad_codebook_upload_changes_nothing(cstudy, clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("coding-codebook-import", args=[cstudy.pk])
    upload = SimpleUploadedFile("codes.qdc", b"<CodeBook", content_type="application/xml")
    response = clients["analyst"].post(url, {"file": upload}, follow=True)
    assert "codes.qdc: The codebook is not well-formed XML" in response.content.decode()
    assert not Code.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "md", "latex", "docx"])
@pytest.mark.parametrize(
    "report", ["quotes", "code-statement-level", "co-occurrence", "code-profile"]
)
def test_every_report_downloads_in_every_format(cstudy, coded, clients, report, fmt):
    response = clients["analyst"].get(reverse("coding-report", args=[cstudy.pk, report, fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    if fmt in {"xlsx", "docx"}:
        assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
    else:
        assert b"rollback" in body.lower()


def test_an_unknown_report_or_format_is_404(cstudy, clients):
    assert (
        clients["analyst"].get(f"/studies/{cstudy.pk}/coding/reports/nope.csv").status_code == 404
    )
    assert (
        clients["analyst"].get(f"/studies/{cstudy.pk}/coding/reports/quotes.pdf").status_code == 404
    )


def test_the_study_tabs_link_the_coding_page(cstudy, clients):
    html = clients["owner"].get(reverse("study-detail", args=[cstudy.pk])).content.decode()
    assert reverse("coding-overview", args=[cstudy.pk]) in html
