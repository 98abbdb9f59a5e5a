"""`manage.py export_study`: the study file on stdout or in a file; unknown ids exit 1."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from studyfiles.studyfile import study_import

from .studyfile_support import DATA_FILE, paper_document


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("export_study", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_it_writes_the_document_on_stdout(owner):
    study = study_import(data=DATA_FILE.read_bytes(), owner=owner)
    status, out, err = run(str(study.pk))
    assert (status, err) == (0, "")
    assert json.loads(out) == paper_document()
    assert out == DATA_FILE.read_text(encoding="utf-8") + "\n"


def test_it_writes_a_utf8_file_with_dash_o(owner, tmp_path):
    document = paper_document()
    document["study"]["title"] = "Grupo focal sobre MLOps \u2013 versão ç"
    study = study_import(data=document, owner=owner)
    target = tmp_path / "out.json"
    status, out, err = run(str(study.pk), "-o", str(target))
    assert status == 0
    assert out == ""
    assert f"Wrote study {study.pk} to {target}." in err
    assert json.loads(target.read_bytes().decode("utf-8")) == document


def test_an_unknown_id_exits_1(db):
    status, out, err = run("987654")
    assert status == 1
    assert out == ""
    assert err.strip() == "error: there is no study with id 987654."
