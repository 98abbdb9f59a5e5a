"""Unreadable values in a study file are refused with their pointer.

A study file with an integer too long to read (over 4,300 digits) or a text holding a NUL or a
lone surrogate is refused with its pointer, by the API and the CLI alike (it used to be a 500 and
a traceback); nothing is written."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from .studyfile_support import paper_document, row_counts

pytestmark = pytest.mark.django_db

YEARS = "/study/sessions/0/participants/0/profile/years_ml_experience"


def _with_huge_number() -> str:
    document = paper_document()
    document["study"]["sessions"][0]["participants"][0]["profile"]["years_ml_experience"] = "HUGE"
    return json.dumps(document).replace('"HUGE"', "9" * 5000)


def _with_text(text: str) -> str:
    document = paper_document()
    document["study"]["statements"][2]["title"] = text
    return json.dumps(document)  # ensure_ascii: written as \u0000 and \ud800 escapes


def _import_cli(tmp_path, content: str) -> tuple[int, str, str]:
    path = tmp_path / "study.json"
    path.write_text(content, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_study", str(path), stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _import_api(owner, content: str):
    client = APIClient()
    client.force_authenticate(owner)
    return client.post("/api/studies/import/", content, content_type="application/json")


def test_the_cli_refuses_a_huge_integer_with_its_pointer(tmp_path):
    before = row_counts()
    status, out, err = _import_cli(tmp_path, _with_huge_number())
    assert status == 1
    assert (
        err.strip() == f"error: {YEARS}: This number has more than 4,300 digits: it cannot be read."
    )
    assert (out, row_counts()) == ("", before)


def test_the_api_refuses_a_huge_integer_with_its_pointer(owner):
    before = row_counts()
    response = _import_api(owner, _with_huge_number())
    assert response.status_code == 400
    assert response.json()["pointer"] == YEARS
    assert row_counts() == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [("a\x00b", "a NUL character: U+0000"), ("\ud800x", "a lone UTF-16 surrogate: U+D800")],
)
def test_a_nul_or_lone_surrogate_is_refused_with_its_pointer(tmp_path, owner, text, problem):
    before = row_counts()
    status, _, err = _import_cli(tmp_path, _with_text(text))
    assert status == 1
    assert err.startswith("error: /study/statements/2/title: ")
    assert f"contains {problem} at position" in err
    response = _import_api(owner, _with_text(text))
    assert response.status_code == 400
    assert response.json()["pointer"] == "/study/statements/2/title"
    assert row_counts() == before
