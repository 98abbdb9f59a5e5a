"""The OpenAPI schema is generated and validated without a warning or error.

The check is `manage.py spectacular --validate --fail-on-warn`, and it allows not a single
warning; every endpoint has typed input and output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The finished `manage.py spectacular --validate --fail-on-warn` run and its schema file."""
    target = tmp_path_factory.mktemp("openapi") / "schema.yml"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(target),
        ],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result, target


@pytest.fixture(scope="module")
def schema(generated):
    result, target = generated
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(target.read_text(encoding="utf-8"))


def test_the_schema_validates_with_no_warning_or_error_at_all(generated):
    result, _ = generated
    assert result.returncode == 0, result.stderr
    problems = [
        line
        for line in result.stderr.splitlines()
        if ("Warning" in line or "Error" in line)
        and ": " in line
        and not line.startswith(("Warnings:", "Errors:"))
    ]
    assert problems == []


def test_the_grid_answers_its_typed_document(schema):
    grid = schema["paths"]["/api/studies/{study_id}/analysis/grid/"]["get"]
    assert grid["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/GridDocument"
    }


def test_every_board_operation_has_typed_input_answer_and_refusal(schema):
    board = "/api/board/sessions/{session_id}/"
    for path, method, request, answer in (
        ("state/", "get", None, "BoardState"),
        ("events/", "get", None, "BoardEvents"),
        ("notes/", "post", "NoteCreateInput", "NoteResult"),
        ("notes/{note_id}/", "patch", "PatchedNoteChangeInput", "NoteResult"),
        ("notes/{note_id}/", "delete", None, "NoteResult"),
        ("notes/{note_id}/flag/", "post", "FlagInput", "EventSeq"),
        ("step/", "post", "StepSetInput", "StepResult"),
        ("lock/", "post", "LockInput", "EventSeq"),
        ("highlight/", "post", "HighlightInput", "EventSeq"),
    ):
        operation = schema["paths"][board + path][method]
        responses = operation["responses"]
        success = responses.get("200") or responses["201"]
        ref = success["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{answer}", (path, method)
        refusal = responses["409"]["content"]["application/json"]["schema"]["$ref"]
        assert refusal == "#/components/schemas/BoardError"
        if request is not None:
            body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert body == f"#/components/schemas/{request}", (path, method)


def test_writes_take_an_input_serializer_and_answer_with_the_output_one(schema):
    for path, method, request, answer in (
        ("/api/studies/", "post", "StudyInput", "Study"),
        ("/api/studies/{id}/", "patch", "PatchedStudyInput", "Study"),
        ("/api/studies/{study_id}/scale-levels/", "post", "ScaleLevelInput", "ScaleLevel"),
        ("/api/studies/{study_id}/statements/", "post", "StatementInput", "Statement"),
        ("/api/studies/{study_id}/profile-fields/", "post", "ProfileFieldInput", "ProfileField"),
        ("/api/studies/{study_id}/memberships/", "post", "MembershipInput", "Membership"),
        ("/api/studies/{study_id}/sessions/", "post", "SessionInput", "Session"),
        ("/api/studies/{study_id}/participants/", "post", "ParticipantInput", "Participant"),
    ):
        operation = schema["paths"][path][method]
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert body == f"#/components/schemas/{request}", (path, method)
        success = operation["responses"].get("201") or operation["responses"]["200"]
        ref = success["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{answer}", (path, method)
    components = schema["components"]["schemas"]
    assert "user" in components["MembershipInput"]["properties"]
    assert "user" not in components["Membership"]["properties"]
    assert "scale_preset" not in components["Study"]["properties"]
    assert "my_role" not in components["StudyInput"]["properties"]
