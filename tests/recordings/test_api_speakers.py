"""Speaker mapping over the REST API.

Detected voices with talk share, clip and proposal; the mapping confirmed in one call (lines and
exports follow); ranges of lines given one speaker; detection queued again. Refusals name what is
wrong and change nothing; roles as on the page."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from recordings import services
from recordings.models import Recording, Speaker, TranscriptSegment
from recordings.speakers import speakers_detect
from sessions.services import participant_create, session_create

from .conftest import as_upload
from .conversation import conversation
from .worker import purge_queue

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(recording, action: str = "speakers/") -> str:
    return f"/api/recordings/{recording.pk}/{action}"


@pytest.fixture
def transcribed(session, owner, monitoring_wav):
    """A transcript (pocketsphinx, fast) with two voices typed by hand, lines split between."""
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    purge_queue()
    outcome = services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )
    assert outcome == "done"
    recording.refresh_from_db()
    first = services.speaker_save(recording=recording, label="Voice 1")
    second = services.speaker_save(recording=recording, label="Voice 2")
    lines = list(recording.segments.order_by("index"))
    assert len(lines) >= 3, "the fixture needs a few lines"
    for number, line in enumerate(lines):
        services.segment_update(segment=line, speaker=first if number % 2 == 0 else second)
    return recording


def state(recording) -> list[tuple]:
    """What the refusals must leave unchanged: every speaker's mapping and every line's speaker."""
    speakers = list(
        Speaker.objects.filter(recording=recording)
        .order_by("pk")
        .values_list("pk", "participant_id", "is_moderator", "confirmed")
    )
    lines = list(recording.segments.order_by("index").values_list("speaker_id", flat=True))
    return [*speakers, tuple(lines)]


def test_detected_voices_are_listed_with_share_clip_and_confirmed_in_one_call(
    session, owner, participants, tmp_path_factory, django_capture_on_commit_callbacks
):
    path, _turns = conversation(
        tmp_path_factory.mktemp("talk"), voices=("slt", "rms", "awb"), minutes=1.0, seed=5
    )
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(path), uploaded_by=owner
    )
    purge_queue()
    run = str(recording.run_id)
    assert services.recording_run(recording_id=recording.pk, run_id=run, engine_name="pocketsphinx")
    assert speakers_detect(recording_id=recording.pk) == "speakers done"
    api = api_for(owner)
    listed = api.get(url(recording))
    assert listed.status_code == 200
    body = listed.json()
    assert body["speakers_status"] == "done"
    voices = body["speakers"]
    assert len(voices) >= 2
    assert {v["label"] for v in voices} <= {f"Voice {n}" for n in range(1, 17)}
    assert abs(sum(v["share"] for v in voices) - 1) < 0.01
    # Talk time as the lines say, computed here from the database, not by the code under test.
    for voice in voices:
        lines = TranscriptSegment.objects.filter(recording=recording, speaker_id=voice["id"])
        assert voice["seconds"] == pytest.approx(sum(s.end - s.start for s in lines), abs=0.01)
        assert voice["detected"] is True
        assert voice["confirmed"] is False
        assert any(s.start <= voice["clip"]["start"] < s.end for s in lines)
        assert voice["proposal"]["who"] in ("", "moderator", "participant")
    # Confirm: the first voice is P1, the second the moderator, the rest nobody.
    first, second, *rest = voices
    mapping = [
        {"speaker": first["id"], "participant": participants[0].pk},
        {"speaker": second["id"], "moderator": True},
        *({"speaker": v["id"], "participant": None} for v in rest),
    ]
    confirmed = api.post(url(recording, "speakers/confirm/"), {"mapping": mapping}, format="json")
    assert confirmed.status_code == 200, confirmed.json()
    after = {v["id"]: v for v in confirmed.json()["speakers"]}
    assert after[first["id"]]["code"] == participants[0].code
    assert after[first["id"]]["proposal"]["reason"] == "confirmed"
    assert after[second["id"]]["code"] == "Moderator"
    assert after[second["id"]]["is_moderator"] is True
    # Every line follows its speaker, in the exports too (JSON: speaker per line and per word).
    page = Client()
    page.force_login(owner)
    export = json.loads(
        page.get(reverse("recording-export", args=[recording.pk, "json"])).content.decode()
    )
    first_lines = TranscriptSegment.objects.filter(speaker_id=first["id"]).count()
    carried = [s for s in export["segments"] if s["speaker"] == participants[0].code]
    assert len(carried) == first_lines > 0
    assert all(w["speaker"] == participants[0].code for s in carried for w in s["words"])
    vtt = page.get(reverse("recording-export", args=[recording.pk, "vtt"])).content.decode()
    assert f"<v {participants[0].code}>" in vtt
    assert "<v Moderator>" in vtt


def test_a_range_of_lines_is_given_one_speaker(transcribed, owner):
    second = Speaker.objects.get(recording=transcribed, label="Voice 2")
    response = api_for(owner).post(
        url(transcribed, "lines/reassign/"), {"first": 1, "last": 3, "speaker": second.pk}
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"first": 1, "last": 3, "speaker": second.pk, "changed": 3}
    speakers = list(transcribed.segments.order_by("index").values_list("speaker_id", flat=True))
    assert speakers[:3] == [second.pk] * 3
    cleared = api_for(owner).post(
        url(transcribed, "lines/reassign/"), {"first": 2, "last": 2, "speaker": None}, "json"
    )
    assert cleared.json()["changed"] == 1
    assert transcribed.segments.get(index=1).speaker_id is None


@pytest.mark.parametrize(
    ("payload", "phrase"),
    [
        ({"first": 3, "last": 2}, "“from” must not be after “to”"),
        ({"first": 1, "last": 999}, "Lines go from 1 to"),
        ({"first": 0, "last": 2}, "greater than or equal to 1"),
        ({"first": "one", "last": 2}, "A valid integer is required"),
        ({"first": 1, "last": 2, "speaker": 999_999}, "Speaker 999999 is not in this recording"),
    ],
)
def test_a_bad_range_is_refused_naming_the_problem_and_changes_nothing(
    transcribed, owner, payload, phrase
):
    before = state(transcribed)
    response = api_for(owner).post(url(transcribed, "lines/reassign/"), payload, format="json")
    assert response.status_code == 400
    assert phrase in json.dumps(response.json(), ensure_ascii=False)
    assert state(transcribed) == before


def test_a_speaker_of_another_recording_is_refused_for_a_range(
    transcribed, owner, session, monitoring_wav
):
    other = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    stranger = services.speaker_save(recording=other, label="Voice 1")
    before = state(transcribed)
    response = api_for(owner).post(
        url(transcribed, "lines/reassign/"), {"first": 1, "last": 2, "speaker": stranger.pk}
    )
    assert response.status_code == 400
    assert response.json()["message"] == f"Speaker {stranger.pk} is not in this recording."
    assert state(transcribed) == before


def test_bad_mappings_are_refused_naming_the_entry_and_change_nothing(
    transcribed, owner, study, participants
):
    first, second = Speaker.objects.filter(recording=transcribed).order_by("pk")
    elsewhere = session_create(study=study, name="Session 2")
    outsider = participant_create(session=elsewhere, profile={})
    p1 = participants[0]
    cases = [
        ([], "This list may not be empty."),
        ([{"speaker": first.pk, "participant": p1.pk, "moderator": True}], "not both"),
        ([{"speaker": first.pk}, {"speaker": first.pk}], f"Speaker {first.pk} is listed twice."),
        (
            [{"speaker": first.pk, "participant": outsider.pk}],
            f"Participant {outsider.pk} did not take part in this session.",
        ),
        (
            [
                {"speaker": first.pk, "participant": p1.pk},
                {"speaker": second.pk, "participant": p1.pk},
            ],
            f"{p1.code} is chosen for both “Voice 1” and “Voice 2”",
        ),
        ([{"speaker": 999_999, "moderator": True}], "Speaker 999999 is not in this recording."),
    ]
    api = api_for(owner)
    before = state(transcribed)
    for mapping, phrase in cases:
        response = api.post(url(transcribed, "speakers/confirm/"), {"mapping": mapping}, "json")
        assert response.status_code == 400, mapping
        assert phrase in json.dumps(response.json(), ensure_ascii=False), response.json()
    assert state(transcribed) == before
    twice = api.post(
        url(transcribed, "speakers/confirm/"),
        {"mapping": [{"speaker": first.pk}, {"speaker": first.pk}]},
        "json",
    )
    assert twice.json()["pointer"] == "mapping[1].speaker"


def test_detection_is_queued_again_only_for_a_finished_transcript(
    transcribed, owner, django_capture_on_commit_callbacks
):
    api = api_for(owner)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = api.post(url(transcribed, "speakers/detect/"))
    assert response.status_code == 202
    assert response.json() == {"speakers_status": "processing"}
    assert len(queued) == 1
    transcribed.refresh_from_db()
    assert transcribed.speakers_status == "processing"
    Recording.objects.filter(pk=transcribed.pk).update(status="processing")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        refused = api.post(url(transcribed, "speakers/detect/"))
    assert refused.status_code == 409
    assert refused.json()["message"] == (
        "Speakers are detected once the transcript is done (the recording is processing)."
    )
    assert queued == []


# role: (list speakers, confirm / reassign / detect)
EXPECTED = {
    "owner": (200, 200),
    "moderator": (200, 200),
    "analyst": (200, 403),
    "outsider": (404, 404),
    "participant": (403, 403),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_speakers_are_read_by_members_and_changed_by_owners_and_moderators(
    api_as, transcribed, role, django_capture_on_commit_callbacks
):
    client = api_as(role)
    reading, writing = EXPECTED[role]
    assert client.get(url(transcribed)).status_code == reading
    first = Speaker.objects.filter(recording=transcribed).order_by("pk").first()
    before = state(transcribed)
    confirm = client.post(
        url(transcribed, "speakers/confirm/"),
        {"mapping": [{"speaker": first.pk, "moderator": True}]},
        "json",
    )
    assert confirm.status_code == writing
    reassign = client.post(url(transcribed, "lines/reassign/"), {"first": 1, "last": 1})
    assert reassign.status_code == writing
    with django_capture_on_commit_callbacks(execute=False):
        detect = client.post(url(transcribed, "speakers/detect/"))
    assert detect.status_code == (202 if writing == 200 else writing)
    if writing != 200:
        assert state(transcribed) == before
