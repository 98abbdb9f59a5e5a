"""The page shows the job's stage.

Decoding, detecting speech, transcribing, then detecting speakers after the transcript is stored;
the status the page polls says the same. The page shows each stage in the reader's language; the
status keeps the raw stage for scripts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from recordings import services
from recordings.models import Recording
from recordings.queue import SPEAKERS_STAGE
from recordings.stages import STAGE_LABELS, stage_label

from .conftest import as_upload
from .worker import purge_queue

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def recording(session, owner, monitoring_wav):
    made = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    purge_queue()
    return made


def stage_shown(client, recording) -> tuple[str, str]:
    """The stage in the detail page's and the list's status cell."""
    shown = []
    session = recording.session
    for url in (
        reverse("recording-detail", args=[recording.pk]),
        reverse("recording-list", args=[session.study_id, session.pk]),
    ):
        html = client.get(url).content.decode()
        start = html.index('<span class="job-stage">') + len('<span class="job-stage">')
        shown.append(html[start : html.index("</span>", start)])
    return tuple(shown)


@pytest.mark.parametrize("stage", ["decoding", "detecting speech", "transcribing"])
def test_a_running_job_shows_its_stage_and_percentage(client, owner, recording, stage):
    Recording.objects.filter(pk=recording.pk).update(
        status="processing", stage=stage, progress=0.42
    )
    client.force_login(owner)
    assert stage_shown(client, recording) == (stage, stage)
    status = client.get(reverse("recording-status", args=[recording.pk])).json()
    assert (status["status"], status["stage"], status["progress"]) == ("processing", stage, 42)


def test_after_the_transcript_the_speakers_stage_shows_and_the_page_keeps_polling(
    client, owner, recording
):
    run = str(recording.run_id)
    outcome = services.recording_run(
        recording_id=recording.pk, run_id=run, engine_name="pocketsphinx"
    )
    assert outcome == "done"  # stored; the job's speakers step comes next
    recording.refresh_from_db()
    assert recording.speakers_status == "processing"
    client.force_login(owner)
    assert stage_shown(client, recording) == ("detecting speakers", "detecting speakers")
    detail = client.get(reverse("recording-detail", args=[recording.pk])).content.decode()
    assert 'data-status="done" data-speakers="processing"' in detail  # upload.js polls on
    status = client.get(reverse("recording-status", args=[recording.pk])).json()
    assert (status["status"], status["speakers_status"]) == ("done", "processing")
    Recording.objects.filter(pk=recording.pk).update(speakers_status="done")
    assert stage_shown(client, recording) == ("", "")


@pytest.fixture
def _language_reset():
    """The test client leaves the request's language active in the thread: reset it after."""
    yield
    translation.deactivate()


LABELS = {
    "pt-BR": {
        "starting": "iniciando",
        "decoding": "decodificando o áudio",
        "detecting speech": "detectando a fala",
        "transcribing": "transcrevendo",
        "detecting speakers": "detectando falantes",
    },
    "es": {
        "starting": "iniciando",
        "decoding": "decodificando el audio",
        "detecting speech": "detectando el habla",
        "transcribing": "transcribiendo",
        "detecting speakers": "detectando hablantes",
    },
}


@pytest.mark.usefixtures("_language_reset")
@pytest.mark.parametrize("language", LABELS)
@pytest.mark.parametrize("stage", list(STAGE_LABELS))
def test_the_stage_shows_in_the_researchers_language_and_the_status_keeps_the_raw_one(
    owner, recording, language, stage
):
    Recording.objects.filter(pk=recording.pk).update(
        status="processing", stage=stage, progress=0.42
    )
    browser = Client(HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    browser.force_login(owner)
    label = LABELS[language][stage]
    assert stage_shown(browser, recording) == (label, label)
    status = browser.get(reverse("recording-status", args=[recording.pk])).json()
    assert (status["stage"], status["stage_label"]) == (stage, label)  # scripts read the raw one


def test_every_stage_the_job_reports_has_a_label():
    reported = set(
        re.findall(r'report\("([^"]+)"', (ROOT / "transcription/pipeline.py").read_text())
    )
    assert reported == {"decoding", "detecting speech", "transcribing"}
    assert reported | {"starting", SPEAKERS_STAGE} == set(STAGE_LABELS)
    assert 'recording.stage = "starting"' in (ROOT / "recordings/services.py").read_text()


def test_a_stage_without_a_label_shows_as_it_is():
    assert stage_label("") == ""
    assert stage_label("aligning") == "aligning"
