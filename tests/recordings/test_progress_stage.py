"""The page shows the job's stage: decoding, detecting speech, transcribing, then detecting
speakers after the transcript is stored; the status the page polls says the same."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recordings import services
from recordings.models import Recording

from .conftest import as_upload
from .worker import purge_queue

pytestmark = pytest.mark.django_db


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
