"""Every phase download is named after the study's title, cut between words when it is long."""

from __future__ import annotations

import pytest
from django.test import Client

from statements.services import study_update

from .support import log_by_hand

pytestmark = pytest.mark.django_db

LONG_TITLE = "Continuous delivery of machine learning models in small teams: what practitioners say"
STEM = "continuous-delivery-of-machine-learning-models-in-small"


@pytest.fixture
def client(tracked, owner, analyst):
    study_update(study=tracked, title=LONG_TITLE)
    log_by_hand(tracked, owner)
    client = Client()
    client.force_login(analyst)
    return client


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("log.csv", f"{STEM}-log.csv"),
        ("matrix.csv", f"{STEM}-phase-matrix.csv"),
        ("charts/chord.svg", f"{STEM}-chord.svg"),
    ],
)
def test_a_long_title_is_cut_between_words(tracked, client, path, name):
    response = client.get(f"/studies/{tracked.pk}/phases/{path}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
