"""The coding commands: agreement's exact JSON, .qdpx and .qdc export, codebook import."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from coding.models import Code
from coding.services import code_create, coding_create

from .support import DATA


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_agreement_prints_the_issue_json_shape(cstudy, notes, analyst, analyst2, owner):
    x = code_create(study=cstudy, name="X")
    y = code_create(study=cstudy, name="Y")
    code_create(study=cstudy, name="Unused")
    # Units: the notes "Rollback" and "The" (both coders coded both); "We" only by analyst.
    # x: analyst 1,1 ; analyst2 1,0 -> percent .5, kappa: pe = 1*.5 + 0 = .5, po = .5 -> 0.
    for user, note in [(analyst, "Rollback"), (analyst, "The"), (analyst2, "Rollback")]:
        coding_create(study=cstudy, code=x, user=user, note=notes[note].pk)
    coding_create(study=cstudy, code=y, user=analyst2, note=notes["The"].pk)
    coding_create(study=cstudy, code=y, user=analyst, note=notes["We"].pk)
    coding_create(study=cstudy, code=y, user=owner, note=notes["We"].pk, as_final=True)
    doc = json.loads(_run("agreement", str(cstudy.pk), "--format", "json"))
    # y: analyst 0,0 ; analyst2 0,1 -> percent .5; kappa: pa = 0 -> pe = .5, po = .5 -> 0.
    # alpha x: values (1,1),(1,0): o11 = 2, o10 = o01 = 1, n = 4, n1 = 3, n0 = 1;
    # Do = 2/4, De = 2*3*1/(4*3) = .5 -> alpha 0.
    assert doc == {
        "study": "Coded study",
        "coders": ["analyst", "analyst2"],
        "units": 2,
        "codes": {
            "x": {"percent_agreement": 0.5, "krippendorff_alpha": 0.0,
                  "cohen_kappa": {"analyst|analyst2": 0.0}},
            "y": {"percent_agreement": 0.5, "krippendorff_alpha": 0.0,
                  "cohen_kappa": {"analyst|analyst2": 0.0}},
        },
    }  # fmt: skip


def test_agreement_of_a_missing_study_is_a_clear_error(db):
    with pytest.raises(CommandError, match="no study with id 999"):
        _run("agreement", "999", "--format", "json")


def test_export_qdpx_writes_a_project(cstudy, tmp_path):
    code_create(study=cstudy, name="X")
    target = tmp_path / "study.qdpx"
    _run("export_qdpx", str(cstudy.pk), "-o", str(target))
    assert "project.qde" in zipfile.ZipFile(target).namelist()


def test_codebook_export_then_import_into_another_study(cstudy, owner, tmp_path):
    from .support import coding_study

    code_create(study=cstudy, name="Benefit")
    target = tmp_path / "codes.qdc"
    _run("export_codebook", str(cstudy.pk), "-o", str(target))
    other = coding_study(owner=owner, title="Other")
    assert "Imported 1 codes" in _run("import_codebook", str(other.pk), str(target))
    assert list(Code.objects.filter(study=other).values_list("key", flat=True)) == ["benefit"]


def test_import_codebook_takes_the_atlas_ti_project(cstudy):
    _run("import_codebook", str(cstudy.pk), str(DATA / "atlasti-23-sample.qdpx"))
    assert Code.objects.filter(study=cstudy).count() == 3


def test_import_codebook_refuses_a_bad_file_and_writes_nothing(cstudy, tmp_path):
    bad = tmp_path / "bad.qdc"
    bad.write_text("<CodeBook")
    with pytest.raises(CommandError, match=r"bad\.qdc: .*not well-formed XML"):
        _run("import_codebook", str(cstudy.pk), str(bad))
    big = tmp_path / "big.qdc"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(CommandError, match="100 MB; the limit is 20 MB"):
        _run("import_codebook", str(cstudy.pk), str(big))
    assert not Code.objects.exists()
