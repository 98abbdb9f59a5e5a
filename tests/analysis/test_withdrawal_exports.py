"""Withdrawn participants in the analysis (page, exports) and in the study file."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from analysis.selectors import study_data_load
from sessions.withdrawal import WITHDRAWN_TEXT, participant_withdraw
from statements.models import AuditEntry
from statements.services import study_update
from studyfiles.studyfile import study_export, study_import
from tests.sessions.withdrawal_support import EDITED, OTHER, SECRET, board_with_history

pytestmark = pytest.mark.django_db

SECRETS = (SECRET, EDITED, "A second thought of P1", "Nurse")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_erased_participant_is_in_no_grid_table_or_export(study, owner, analyst):
    board = board_with_history(study)
    participant_withdraw(participant=board.leaver, actor=owner)
    data = study_data_load(study=study)
    assert [p.code for p in data.participants] == ["P2"]
    assert [(n.participant, n.text) for n in data.notes] == [("P2", OTHER)]
    client = signed_in(analyst)
    for fmt in ("json", "csv", "csv-grid", "latex", "md"):
        body = client.get(reverse("analysis-export", args=[study.pk, fmt])).content
        for secret in SECRETS:
            assert secret.encode() not in body, fmt
    page = client.get(reverse("analysis-study", args=[study.pk])).content.decode()
    # a word of its own: the page's random CSRF token may hold the letters "W1"
    assert re.search(r"\bW1\b", page) is None
    assert "Nurse" not in page


def test_an_anonymised_participant_counts_in_the_grids_without_text_or_profile(
    study, owner, analyst
):
    study_update(study=study, withdrawal_policy="anonymise")
    board = board_with_history(study)
    participant_withdraw(participant=board.leaver, actor=owner)
    data = study_data_load(study=study)
    assert [(p.code, p.profile) for p in data.participants] == [("W1", {}), ("P2", {"years": 2})]
    assert sorted((n.participant, n.level, n.text) for n in data.notes) == [
        ("P2", "strongly_agree", OTHER),
        ("W1", "partially_agree", WITHDRAWN_TEXT),
        ("W1", "strongly_disagree", WITHDRAWN_TEXT),
    ]
    csv = signed_in(analyst).get(reverse("analysis-export", args=[study.pk, "csv"])).content
    assert b"W1" in csv
    for secret in SECRETS:
        assert secret.encode() not in csv


def test_the_study_file_leaves_out_the_erased_and_keeps_the_anonymised_as_marks(study, owner):
    board = board_with_history(study)
    participant_withdraw(participant=board.leaver, actor=owner)
    erased = study_export(study=study)
    session = erased["study"]["sessions"][0]
    assert [p["code"] for p in session["participants"]] == ["P2"]
    assert [n["text"] for n in session["notes"]] == [OTHER]

    study_update(study=study, withdrawal_policy="anonymise")
    board = board_with_history(study, name="Session 2")
    participant_withdraw(participant=board.leaver, actor=owner)
    document = study_export(study=study)
    session = document["study"]["sessions"][1]
    assert [p for p in session["participants"] if p["code"] == "W2"] == [
        {"code": "W2", "color": board.leaver.color}
    ]
    assert sorted((n["participant"], n["text"]) for n in session["notes"]) == [
        ("P4", OTHER),
        ("W2", WITHDRAWN_TEXT),
        ("W2", WITHDRAWN_TEXT),
    ]
    text = json.dumps(document)
    for secret in SECRETS:
        assert secret not in text
    # The file is still a valid study file: it imports again.
    again = study_import(data=document, owner=owner)
    assert again.participants.filter(code="W2").count() == 1


def test_exports_are_audited(study, owner, analyst):
    client = signed_in(analyst)
    client.get(reverse("analysis-export", args=[study.pk, "csv"]))
    client.get(reverse("study-export-json", args=[study.pk]))
    entries = list(AuditEntry.objects.filter(study=study).values_list("actor_label", "action"))
    assert ("analyst", "analysis.export") in entries
    assert ("analyst", "study.export") in entries
