"""A study file must be small enough, UTF-8 and JSON before its rules are even read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from studyfiles.studyfile import StudyFileError, study_file_read, study_import

from .studyfile_support import DATA_FILE, paper_document, row_counts

FIFTY_MB = 50 * 1024 * 1024


def refused(data, owner) -> StudyFileError:
    before = row_counts()
    with pytest.raises(StudyFileError) as caught:
        study_import(data=data, owner=owner)
    assert row_counts() == before
    return caught.value


def test_it_refuses_text_that_is_not_json(owner):
    error = refused(b'{"format": "focusgroup-study", "version": 1,\n  "study": {', owner)
    assert error.pointer == ""
    assert error.rule.startswith("The file is not valid JSON:")
    assert "line 2" in error.rule
    assert str(error) == error.rule


def test_it_refuses_bytes_that_are_not_utf8(owner):
    document = paper_document()
    document["study"]["sessions"][1]["notes"][18]["text"] = "Déploiement"
    # The same file, but this one note saved as Latin-1 rather than UTF-8.
    latin1 = json.dumps(document).encode().replace(b"D\\u00e9ploiement", b"D\xe9ploiement")
    assert b"\xe9" in latin1
    error = refused(latin1, owner)
    assert error.pointer == ""
    assert error.rule.startswith("The file is not UTF-8 text: byte 0xe9 at offset ")
    offset = int(error.rule.split("offset ")[1].split()[0])
    assert latin1[offset] == 0xE9


def test_it_refuses_a_top_level_that_is_not_an_object(owner):
    error = refused("[1, 2, 3]", owner)
    assert (error.pointer, error.rule) == ("", "The document must be a JSON object, not an array.")


def test_it_refuses_a_key_given_twice_in_one_object(owner):
    text = DATA_FILE.read_text(encoding="utf-8").replace(
        '"title": "Deployment frequency",',
        '"title": "Deployment frequency", "title": "Deployment speed",',
    )
    error = refused(text, owner)
    assert error.pointer == "/study/statements/0/title"
    assert "appears more than once" in error.rule


def test_it_refuses_nan_which_json_does_not_have(owner):
    text = json.dumps(paper_document()).replace(
        '"years_ml_experience": 3', '"years_ml_experience": NaN', 1
    )
    error = refused(text, owner)
    assert error.rule == "The file is not valid JSON: NaN is not a JSON number."


def test_it_refuses_json_nested_too_deeply_without_crashing(owner):
    error = refused("[" * 100_000 + "]" * 100_000, owner)
    assert error.rule == "The file is not a study: its JSON is nested too deeply."


def test_it_refuses_a_file_without_the_format_key(owner):
    document = paper_document()
    del document["format"]
    error = refused(document, owner)
    assert error.pointer == ""
    assert 'The key "format" is required' in error.rule


def test_it_accepts_a_utf8_byte_order_mark(owner):
    study = study_import(data=b"\xef\xbb\xbf" + DATA_FILE.read_bytes(), owner=owner)
    assert study.title == paper_document()["study"]["title"]


def test_it_refuses_fifty_megabytes_of_bytes_by_their_size(owner):
    data = b" " * FIFTY_MB
    error = refused(data, owner)
    # Refused by its size, not after parsing (blank bytes would be "not valid JSON").
    assert error.rule == "The file is larger than the 10 MB limit; this one has 50 MB."


def _bytes_read() -> int:
    """Bytes this process has read so far (Linux counts every read call in /proc/self/io)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("/proc/self/io has no rchar line")


def test_it_refuses_a_fifty_megabyte_file_from_its_size_without_reading_it(tmp_path, owner):
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.write(b'{"format": "focusgroup-study", "version": 1, "study": {"title": "')
        stream.seek(FIFTY_MB - 1)
        stream.write(b"}")
    assert path.stat().st_size == FIFTY_MB
    read_before = _bytes_read()
    with pytest.raises(StudyFileError) as caught:
        study_file_read(path)
    assert _bytes_read() - read_before < 1024 * 1024  # the process read none of its 50 MB
    assert caught.value.rule == "The file is larger than the 10 MB limit; this one has 50 MB."


def test_it_reads_a_stream_only_up_to_one_byte_past_the_limit(settings):
    settings.STUDY_FILE_MAX_BYTES = 1000
    stream = io.BytesIO(b"x" * 5000)
    with pytest.raises(StudyFileError) as caught:
        study_file_read(stream)
    assert stream.tell() == 1001
    assert caught.value.rule == "The file is larger than the 1,000 bytes limit."


def test_the_limit_comes_from_the_settings(settings, owner):
    settings.STUDY_FILE_MAX_BYTES = len(DATA_FILE.read_bytes()) - 1
    error = refused(DATA_FILE.read_bytes(), owner)
    assert error.rule.startswith("The file is larger than the ")
    settings.STUDY_FILE_MAX_BYTES = len(DATA_FILE.read_bytes())
    assert study_import(data=DATA_FILE.read_bytes(), owner=owner).pk


def test_it_explains_a_missing_file(tmp_path):
    with pytest.raises(StudyFileError) as caught:
        study_file_read(tmp_path / "nowhere.json")
    assert caught.value.rule == f"There is no file {str(tmp_path / 'nowhere.json')!r}."
