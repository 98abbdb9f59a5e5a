"""The OpenAPI schema generates cleanly and the interactive docs work offline."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from tests.statements.design_support import client_as

pytestmark = pytest.mark.django_db


def test_the_schema_validates_and_no_endpoint_raises_a_warning(tmp_path, capsys):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    problems = [
        line
        for line in capsys.readouterr().err.splitlines()
        if ("Warning" in line or "Error" in line) and ": " in line
    ]
    assert problems == []
    schema = target.read_text()
    for path in (
        "/api/studies/{study_id}/statements/{id}/move/:",
        "/api/studies/{study_id}/scale-levels/preset/:",
        "/api/studies/{study_id}/profile-fields/:",
        "/api/studies/{study_id}/memberships/{id}/:",
        "/api/studies/{study_id}/participants/:",
        "/api/studies/{study_id}/notes/{id}/:",
        "/api/auth/token/:",
        "/api/board/sessions/{session_id}/notes/:",
    ):
        assert path in schema


def test_the_schema_is_served_as_json(owner):
    response = client_as(owner).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/studies/" in response.json()["paths"]


def test_the_interactive_docs_load_their_scripts_from_our_own_static_files(owner):
    html = client_as(owner).get("/api/docs/").content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
