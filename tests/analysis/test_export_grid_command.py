"""`manage.py export_grid`: every format, the session filter, a file output and bad input."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_grid", *[str(a) for a in args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_prints_the_json_grid_by_default(analysed):
    doc = json.loads(run(analysed.pk))
    assert doc["participants"] == ["P1", "P2", "P3"]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "Focus group 1,P2,S1,partially_disagree,P2 says PD on S1"),
        ("csv-grid", "S1,partially_disagree,,2,"),
        ("md", "| Partially disagree |  | 2 |  |"),
        ("latex", r"Partially disagree &  & 2 &  \\"),
    ],
)
def test_it_prints_every_text_format(analysed, fmt, expected):
    assert expected in run(analysed.pk, "--format", fmt)


def test_it_exports_one_session(analysed):
    doc = json.loads(run(analysed.pk, "--session", "Focus group 2"))
    assert doc["participants"] == ["P3"]


def test_it_writes_a_file(analysed, tmp_path):
    target = tmp_path / "grid.md"
    run(analysed.pk, "--format", "md", "-o", target)
    assert "| Level | P1 | P2 | P3 |" in target.read_text()
    assert not (tmp_path / "grid.md.partial").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((999999,), "No study with id 999999"),
        (("{pk}", "--session", "Nope"), "--session: no session named 'Nope'"),
        (("{pk}", "--format", "xlsx"), "XLSX is binary: give a file with -o FILE"),
        (("{pk}", "--since", "yesterday"), "--since: 'yesterday' is not a date"),
        (
            ("{pk}", "-o", "/nonexistent/dir/out.json"),
            "the folder '/nonexistent/dir' does not exist",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(analysed, tmp_path, args, message):
    args = [str(a).replace("{pk}", str(analysed.pk)) for a in args]
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_format_is_refused_by_the_parser(analysed):
    with pytest.raises(CommandError, match="invalid choice: 'docx'"):
        run(analysed.pk, "--format", "docx")
