"""The disagreements page lists, code by code, the units where coders differ, with each value."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from coding.services import code_create, coding_create

from .support import add_transcript


def test_disagreements_are_listed_unit_by_unit(cstudy, notes, analyst, analyst2):
    x = code_create(study=cstudy, name="Rollback")
    y = code_create(study=cstudy, name="Effort")
    line = add_transcript(cstudy, ["We rolled back in minutes."])[0]
    # Both coders coded the "Rollback" note and the line; they disagree on x for the line only.
    coding_create(study=cstudy, code=x, user=analyst, note=notes["Rollback"].pk)
    coding_create(study=cstudy, code=x, user=analyst2, note=notes["Rollback"].pk)
    coding_create(study=cstudy, code=x, user=analyst, segment=line.pk)
    coding_create(study=cstudy, code=y, user=analyst2, segment=line.pk)
    client = Client()
    client.force_login(analyst)
    html = client.get(reverse("coding-disagreements", args=[cstudy.pk])).content.decode()
    rollback = html[html.index('id="d-rollback"') : html.index('id="d-effort"')]
    assert "1 unit" in rollback
    assert "We rolled back in minutes." in rollback
    assert "Rollback saved us twice" not in rollback
    assert rollback.count("✓ applied") == 1
    effort = html[html.index('id="d-effort"') :]
    assert "We rolled back in minutes." in effort
