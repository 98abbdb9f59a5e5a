"""REFI-QDA exchange.

Every export validates against the schemas (the tests' own copies), the ATLAS.ti sample's codebook
imports with its nested code, and bad files are refused cleanly."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from coding.errors import CodingError
from coding.models import Code
from coding.refiqda.codebook import export_qdc, read_codebook
from coding.refiqda.project import export_qdpx
from coding.services import code_create, codebook_create, coding_create, memo_create

from .support import DATA, add_transcript

CB = "urn:QDA-XML:codebook:1.0"
PR = "urn:QDA-XML:project:1.0"


def validate(data: bytes, schema_file: str) -> etree._Element:
    xsd = etree.XMLSchema(etree.parse(str(DATA / schema_file)))
    root = etree.fromstring(data)
    assert xsd.validate(root), xsd.error_log
    return root


@pytest.fixture
def coded(cstudy, notes, analyst, analyst2):
    benefit = code_create(study=cstudy, name="Benefit", color="#1B9E77", description="Gains.")
    rollback = code_create(study=cstudy, name="Rollback", parent=benefit)
    effort = code_create(study=cstudy, name="Effort")
    line = add_transcript(cstudy, ["We rolled back in minutes.", "It took months."])
    coding_create(study=cstudy, code=rollback, user=analyst, note=notes["Rollback"].pk,
                  start=0, end=8)  # fmt: skip
    coding_create(study=cstudy, code=rollback, user=analyst2, note=notes["Rollback"].pk)
    coding_create(study=cstudy, code=effort, user=analyst, segment=line[1].pk, start=0, end=7)
    memo_create(study=cstudy, user=analyst, text="Restoring state.", about="code", target=rollback)
    memo_create(study=cstudy, user=analyst, text="Key quote.", about="note",
                target=notes["Rollback"])  # fmt: skip
    memo_create(study=cstudy, user=analyst2, text="Heard twice.", about="segment", target=line[0])
    memo_create(study=cstudy, user=analyst2, text="Mixed views.", about="statement",
                target=cstudy.statements.get(key="S1"))  # fmt: skip
    memo_create(study=cstudy, user=analyst2, text="Overall.", about="study")
    return cstudy


def test_the_codebook_export_validates_and_keeps_the_tree(coded):
    root = validate(export_qdc(coded), "Codebook.xsd")
    top = root.findall(f"{{{CB}}}Codes/{{{CB}}}Code")
    assert [c.get("name") for c in top] == ["Benefit", "Effort"]
    assert top[0].get("color") == "#1B9E77"
    assert top[0].find(f"{{{CB}}}Description").text == "Gains."
    assert [c.get("name") for c in top[0].findall(f"{{{CB}}}Code")] == ["Rollback"]


def test_the_project_export_validates_and_holds_sources_cases_codings_and_memos(coded):
    data = export_qdpx(coded)
    archive = zipfile.ZipFile(io.BytesIO(data))
    root = validate(archive.read("project.qde"), "Project-mrt2019.xsd")
    users = {u.get("name"): u.get("guid") for u in root.iter(f"{{{PR}}}User")}
    assert set(users) == {"analyst", "analyst2"}
    sources = root.findall(f"{{{PR}}}Sources/{{{PR}}}TextSource")
    assert len(sources) == 4 + 1  # four notes and one transcript
    for source in sources:
        path = source.get("plainTextPath")
        assert path.startswith("internal://")
        assert f"sources/{path.removeprefix('internal://')}" in archive.namelist()
    selections = list(root.iter(f"{{{PR}}}PlainTextSelection"))
    coded_spans = sorted(
        (s.get("startPosition"), s.get("endPosition"), s.get("creatingUser"))
        for s in selections
        if s.find(f"{{{PR}}}Coding") is not None
    )
    # Whole note (0..34), a part of it, and "It took" in the transcript's second line (offset 27).
    assert coded_spans == sorted(
        [
            ("0", "8", users["analyst"]),
            ("0", "34", users["analyst2"]),
            ("27", "34", users["analyst"]),
        ]
    )
    transcript = next(s for s in sources if s.get("name").startswith("Transcript"))
    text = archive.read(f"sources/{transcript.get('plainTextPath')[11:]}").decode()
    assert text[27:34] == "It took"
    cases = {c.get("name"): c for c in root.iter(f"{{{PR}}}Case")}
    assert set(cases) == {"P1", "P2", "P3"}
    assert [v.text for v in cases["P2"].iter(f"{{{PR}}}IntegerValue")] == ["10"]
    assert len(root.findall(f"{{{PR}}}Notes/{{{PR}}}Note")) == 5
    assert len(root.findall(f"{{{PR}}}NoteRef")) == 1  # the study memo


def test_an_empty_study_exports_a_valid_project(cstudy):
    archive = zipfile.ZipFile(io.BytesIO(export_qdpx(cstudy)))
    validate(archive.read("project.qde"), "Project-mrt2019.xsd")


def test_the_atlas_ti_sample_codebook_imports_with_its_nested_codes(cstudy):
    plain = read_codebook((DATA / "atlasti-23-sample.qdpx").read_bytes(), "sample.qdpx")
    codebook_create(study=cstudy, codes=plain)
    parent = Code.objects.get(study=cstudy, parent=None)
    assert (parent.key, parent.name) == ("commits", "Commits")
    assert sorted(parent.children.values_list("key", flat=True)) == [
        "2022-02-11t10-39-25z-cdbfd92",
        "2022-05-10t02-05-59z-19e4dce",
    ]


def test_our_codebook_export_imports_back(coded, owner):
    from .support import coding_study

    other = coding_study(owner=owner, title="Other")
    codebook_create(study=other, codes=read_codebook(export_qdc(coded), "codes.qdc"))
    assert sorted(Code.objects.filter(study=other).values_list("key", "name", "color")) == [
        ("benefit", "Benefit", "#1B9E77"),
        ("effort", "Effort", ""),
        ("rollback", "Rollback", ""),
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"
 name="&lol2;" isCodable="true"/></Codes></CodeBook>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"
 name="&xxe;" isCodable="true"/></Codes></CodeBook>"""
INVALID = b"""<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="No guid"
 isCodable="true"/></Codes></CodeBook>"""


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"just text", "codes.qdc", "not well-formed XML"),
        (b"PK\x03\x04 broken", "p.qdpx", "is a zip archive; this one is not"),
        (b"not a zip at all", "p.qdpx", "zip archive"),
        (_zip({"other.txt": b"x"}), "p.qdpx", "no project.qde"),
        (_zip({"project.qde": b"<Project"}), "p.qdpx", "not well-formed"),
        (BOMB, "codes.qdc", "DTD or entities"),
        (EXTERNAL, "codes.qdc", "DTD or entities"),
        (INVALID, "codes.qdc", "not valid QDA-XML"),
        (b"<Project xmlns='urn:QDA-XML:project:1.0'/>", "codes.qdc", "not valid QDA-XML"),
        (b" " * (100 * 1024 * 1024), "codes.qdc", "100 MB; the limit is 20 MB"),
    ],
    ids=[
        "text",
        "broken-zip",
        "not-zip",
        "no-qde",
        "bad-xml",
        "bomb",
        "xxe",
        "schema",
        "root",
        "100MB",
    ],
)
def test_a_bad_codebook_file_is_refused_with_a_clear_message(cstudy, data, name, message):
    with pytest.raises(CodingError, match=message):
        read_codebook(data, name)
    assert not Code.objects.exists()


def test_a_zip_bomb_project_is_refused_before_unpacking(cstudy):
    data = _zip({"project.qde": b"<" + b" " * (60 * 1024 * 1024)})
    assert len(data) < 1024 * 1024
    with pytest.raises(CodingError, match="unpacks to 60 MB"):
        read_codebook(data, "bomb.qdpx")
