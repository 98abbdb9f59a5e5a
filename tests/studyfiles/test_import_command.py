"""`manage.py import_study`: the new id on the last line, or `error: pointer: rule` and status 1."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from statements.models import Role, Study
from statements.permissions import study_role

from .studyfile_support import DATA_FILE, paper_document, row_counts

ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> tuple[int, str, str]:
    """call_command, returning (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_study", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_it_prints_the_new_study_id_last(owner):
    status, out, err = run(str(DATA_FILE), "--owner", "owner")
    assert (status, err) == (0, "")
    study = Study.objects.get()
    assert out.splitlines()[-1] == str(study.pk)
    assert study_role(owner, study) == Role.OWNER
    assert "6 statements, 2 sessions" in out


def test_without_owner_the_study_has_no_members(db):
    status, out, _ = run(str(DATA_FILE))
    assert status == 0
    assert not Study.objects.get(pk=int(out.splitlines()[-1])).memberships.exists()


def test_a_broken_file_exits_1_with_pointer_and_rule_and_writes_nothing(owner, tmp_path):
    document = paper_document()
    document["study"]["sessions"][1]["notes"][18]["statement"] = "S9"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = row_counts()
    status, out, err = run(str(path), "--owner", "owner")
    assert status == 1
    assert err.startswith('error: /study/sessions/1/notes/18/statement: There is no statement "S9"')
    assert out == ""
    assert row_counts() == before


def test_a_missing_file_exits_1(owner, tmp_path):
    status, _, err = run(str(tmp_path / "nope.json"))
    assert status == 1
    assert err.strip() == f"error: There is no file {str(tmp_path / 'nope.json')!r}."


def test_an_unknown_owner_exits_1_before_reading(db):
    before = row_counts()
    status, _, err = run(str(DATA_FILE), "--owner", "nobody")
    assert status == 1
    assert (
        err.strip()
        == "error: there is no user named 'nobody'; create it first or leave --owner out."
    )
    assert row_counts() == before


def test_it_reads_standard_input_when_the_path_is_a_dash(owner, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(DATA_FILE.read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, _ = run("-")
    assert status == 0
    assert Study.objects.filter(pk=int(out.splitlines()[-1])).exists()


@pytest.mark.parametrize("size_mb", [50])
def test_a_real_process_refuses_a_huge_file_quickly_with_status_1(tmp_path, size_mb):
    # No database row is needed: the file is refused from its size before anything is read.
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(size_mb * 1024 * 1024)
    result = subprocess.run(
        [sys.executable, "manage.py", "import_study", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: The file is larger than the 10 MB limit; this one has 50 MB."
    )
    assert result.stdout == ""
