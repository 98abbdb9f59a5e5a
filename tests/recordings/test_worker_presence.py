"""The recordings pages say plainly, within seconds, when no transcription worker is running."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.urls import reverse

from focusgroup.workers import PRESENCE_KEY, worker_running
from recordings.services import recording_create

from .conftest import as_upload
from .worker import purge_queue, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
NO_WORKER = "No transcription worker is running."


def banner_shown(html: str) -> bool:
    start = html.index('id="worker-missing"')
    tag = html[html.rindex("<", 0, start) : html.index(">", start)]
    return "hidden" not in tag


def test_the_pages_say_when_no_worker_runs_and_stop_saying_it_once_one_does(
    start_worker, client, owner, session, monitoring_wav
):
    caches["workers"].delete(PRESENCE_KEY)
    client.force_login(owner)
    page = reverse("recording-list", args=[session.study_id, session.pk])
    html = client.get(page).content.decode()
    assert NO_WORKER in html
    assert banner_shown(html)
    recording = recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    status_url = reverse("recording-status", args=[recording.pk])
    assert client.get(status_url).json()["worker_running"] is False

    worker = start_worker(WORKER_PRESENCE_SECONDS="1", FOCUSGROUP_ASR_ENGINE="pocketsphinx")
    wait_for(worker_running, timeout=10, what="the worker's presence")
    assert not banner_shown(client.get(page).content.decode())
    detail = client.get(reverse("recording-detail", args=[recording.pk])).content.decode()
    assert not banner_shown(detail)
    assert client.get(status_url).json()["worker_running"] is True

    worker.kill()  # SIGKILL as a whole: it cannot say goodbye
    wait_for(lambda: not worker_running(), timeout=10, what="the killed worker to be missed")
    assert banner_shown(client.get(page).content.decode())
    assert client.get(status_url).json()["worker_running"] is False
    purge_queue()
