"""Codings and memos: spans checked, one code once per span and coder, study boundaries, bulk."""

from __future__ import annotations

import pytest

from coding.errors import CodingError
from coding.models import Coding, Memo
from coding.selectors import codings_plain, memos_plain
from coding.services import (
    code_create,
    coding_create,
    codings_bulk_create,
    memo_create,
    memos_bulk_create,
)

from .support import add_transcript, coding_study


@pytest.fixture
def code(cstudy):
    return code_create(study=cstudy, name="Rollback")


def test_a_coding_records_its_coder_and_span(cstudy, notes, code, analyst):
    coding = coding_create(study=cstudy, code=code, user=analyst, note=notes["Rollback"].pk,
                           start=0, end=8)  # fmt: skip
    assert (coding.coder, coding.coder_user, coding.start, coding.end) == ("analyst", analyst, 0, 8)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2), (0, 999), (0, None)])
def test_an_out_of_range_span_is_refused(cstudy, notes, code, analyst, start, end):
    with pytest.raises(CodingError):
        coding_create(study=cstudy, code=code, user=analyst, note=notes["Rollback"].pk,
                      start=start, end=end)  # fmt: skip
    assert not Coding.objects.exists()


def test_the_same_code_on_the_same_span_twice_by_one_coder_is_refused(
    cstudy, notes, code, analyst, analyst2
):
    note = notes["Rollback"].pk
    coding_create(study=cstudy, code=code, user=analyst, note=note)
    with pytest.raises(CodingError, match="already applied"):
        coding_create(study=cstudy, code=code, user=analyst, note=note)
    coding_create(study=cstudy, code=code, user=analyst2, note=note)  # another coder may
    coding_create(study=cstudy, code=code, user=analyst, note=note, as_final=True)
    assert sorted(Coding.objects.values_list("coder", flat=True)) == [
        "analyst",
        "analyst2",
        "final",
    ]


def test_a_code_or_note_of_another_study_is_refused(cstudy, notes, code, owner, analyst):
    other = coding_study(owner=owner, title="Other")
    foreign_code = code_create(study=other, name="Foreign")
    with pytest.raises(CodingError, match="not a code of this study"):
        coding_create(study=cstudy, code=foreign_code, user=analyst, note=notes["Rollback"].pk)
    foreign_note = other.sessions.first().notes.first()
    with pytest.raises(CodingError, match="No such note"):
        coding_create(study=cstudy, code=code, user=analyst, note=foreign_note.pk)
    assert not Coding.objects.exists()


def test_a_transcript_line_can_be_coded_in_part(cstudy, code, analyst):
    line = add_transcript(cstudy, ["Rollback saved the release.", "Yes."])[0]
    coding = coding_create(study=cstudy, code=code, user=analyst, segment=line.pk, start=0, end=8)
    assert coding.segment == line
    with pytest.raises(CodingError):
        coding_create(study=cstudy, code=code, user=analyst, segment=line.pk, start=0, end=99)


def test_bulk_codings_and_memos_round_trip_as_plain_dicts(cstudy, notes, code):
    ids = {"n1": notes["Rollback"].pk, "n2": notes["The"].pk}
    codings = [
        {"coder": "ana", "code": "rollback", "note": "n1", "start": 0, "end": 8},
        {"coder": "bob", "code": "rollback", "note": "n2"},
    ]
    memos = [
        {"author": "ana", "about": {"code": "rollback"}, "text": "Restoring a state."},
        {"author": "ana", "about": {"note": "n1"}, "text": "Strong case."},
        {"author": "bob", "about": {"statement": "S1"}, "text": "Mixed."},
        {"author": "bob", "about": {"study": True}, "text": "Overall."},
    ]
    codings_bulk_create(study=cstudy, codings=codings, note_ids=ids)
    memos_bulk_create(study=cstudy, memos=memos, note_ids=ids)
    back = {v: k for k, v in ids.items()}
    assert codings_plain(cstudy, note_id_of=lambda pk: back[pk]) == codings
    plain = memos_plain(cstudy, note_id_of=lambda pk: back[pk])
    assert [{k: m[k] for k in ("author", "about", "text")} for m in plain] == memos


@pytest.mark.parametrize(
    ("item", "where"),
    [
        ({"coder": "ana", "code": "nope", "note": "n1"}, "/codings/1/code"),
        ({"coder": "ana", "code": "rollback", "note": "n9"}, "/codings/1/note"),
        (
            {"coder": "ana", "code": "rollback", "note": "n1", "start": 0, "end": 500},
            "/codings/1/end",
        ),
        ({"coder": "", "code": "rollback", "note": "n1"}, "/codings/1/coder"),
        ({"coder": "ana", "code": "rollback", "note": "n1", "start": 0, "end": 8}, "/codings/1"),
    ],
)
def test_bad_bulk_codings_name_the_place_and_write_nothing(cstudy, notes, code, item, where):
    first = {"coder": "ana", "code": "rollback", "note": "n1", "start": 0, "end": 8}
    with pytest.raises(CodingError) as info:
        codings_bulk_create(
            study=cstudy, codings=[first, item], note_ids={"n1": notes["Rollback"].pk}
        )
    assert info.value.where == where
    assert not Coding.objects.exists()


def test_a_memo_needs_text_and_a_target_of_the_study(cstudy, analyst):
    with pytest.raises(CodingError, match="1-20,000"):
        memo_create(study=cstudy, user=analyst, text="  ", about="study")
    with pytest.raises(CodingError, match="No such code"):
        memo_create(study=cstudy, user=analyst, text="x", about="code", target=99999)
    with pytest.raises(CodingError, match="a code, a note"):
        memo_create(study=cstudy, user=analyst, text="x", about="phase", target=1)
    assert not Memo.objects.exists()
