"""The recordings pages' tabs and links.

They carry the study's tabs and lead back where they came from, and the console links to them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recordings import services
from sessions.services import session_create

from .conftest import as_upload

pytestmark = pytest.mark.django_db


def test_the_recordings_page_has_the_study_tabs_and_the_console_links_to_it(study, moderator):
    session = session_create(study=study, name="S1")
    client = Client()
    client.force_login(moderator)
    recordings = reverse("recording-list", args=[study.pk, session.pk])
    page = client.get(recordings).content.decode()
    assert '<nav class="tabs" aria-label="Study">' in page
    assert (
        f'<a href="{reverse("session-list", args=[study.pk])}" aria-current="page">Sessions</a>'
        in page
    )
    assert f'<a href="{reverse("study-detail", args=[study.pk])}">{study.title}</a>' in page
    assert reverse("session-console", args=[study.pk, session.pk]) in page
    console = client.get(reverse("session-console", args=[study.pk, session.pk])).content.decode()
    assert f'href="{recordings}"' in console


def test_the_transcript_pages_have_the_study_tabs_and_lead_back(
    study, moderator, session, owner, monitoring_wav
):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )
    line = recording.segments.order_by("index").first()
    statement = study.statements.first()
    client = Client()
    client.force_login(moderator)
    sessions_tab = (
        f'<a href="{reverse("session-list", args=[study.pk])}" aria-current="page">Sessions</a>'
    )
    pages = {
        reverse("recording-detail", args=[recording.pk]): (
            reverse("recording-list", args=[study.pk, session.pk])
        ),
        reverse("segment-board", args=[recording.pk, line.pk]): (
            f"{reverse('recording-detail', args=[recording.pk])}#seg-{line.pk}"
        ),
        reverse("statement-transcript", args=[study.pk, statement.pk]): (
            reverse("study-detail", args=[study.pk])
        ),
    }
    for url, back in pages.items():
        page = client.get(url).content.decode()
        assert '<nav class="tabs" aria-label="Study">' in page, url
        assert sessions_tab in page, url
        assert f'href="{back}"' in page, url
