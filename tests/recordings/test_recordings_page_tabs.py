"""The recordings page has the study's tabs and breadcrumbs, and the console links to it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sessions.services import session_create

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
