"""A transcript correction holding a NUL or a lone surrogate is refused.

The service refuses it (so the page and the API alike) with the shared text rule's message; the
line keeps its text."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from focusgroup.text import BAD_TEXT_CODE, TextError
from recordings import services

from .conftest import as_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment(session, owner, monitoring_wav):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )
    return recording.segments.first()


@pytest.mark.parametrize("text", ["fixed \x00 line", "fixed \udc80 line"])
def test_a_correction_with_bad_characters_is_refused(segment, owner, text):
    before = segment.text
    with pytest.raises(TextError) as caught:
        services.segment_update(segment=segment, text=text)
    assert caught.value.code == BAD_TEXT_CODE
    client = APIClient()
    client.force_authenticate(owner)
    response = client.patch(
        f"/api/transcript-segments/{segment.pk}/",
        json.dumps({"text": text}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "text" in response.json()
    segment.refresh_from_db()
    assert segment.text == before
