"""Every coding download is named after the study's title, cut between words when it is long."""

from __future__ import annotations

import pytest
from django.test import Client

from coding.services import code_create
from statements.services import study_update

pytestmark = pytest.mark.django_db

LONG_TITLE = "Continuous delivery of machine learning models in small teams: what practitioners say"
STEM = "continuous-delivery-of-machine-learning-models-in-small"


@pytest.fixture
def client(cstudy, analyst):
    study_update(study=cstudy, title=LONG_TITLE)
    code_create(study=cstudy, name="Rollback")
    client = Client()
    client.force_login(analyst)
    return client


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("codebook.qdc", f"{STEM}-codebook.qdc"),
        ("project.qdpx", f"{STEM}.qdpx"),
        ("reports/quotes.csv", f"{STEM}-quotes.csv"),
        ("reports/co-occurrence.md", f"{STEM}-co-occurrence.md"),
    ],
)
def test_a_long_title_is_cut_between_words(cstudy, client, path, name):
    response = client.get(f"/studies/{cstudy.pk}/coding/{path}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
