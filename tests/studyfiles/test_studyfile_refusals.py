"""A study file that breaks a rule is refused at its first offending place, and nothing is written.

Each broken place sits late in the file (the last session, its last note) so that an importer that
wrote as it read would be caught having written the rest.
"""

from __future__ import annotations

import json

import pytest

from studyfiles.studyfile import StudyFileError, study_import

from .studyfile_support import paper_document, row_counts

LAST = "/study/sessions/1"
LAST_NOTE = f"{LAST}/notes/18"


def last_session(document: dict) -> dict:
    return document["study"]["sessions"][1]


def last_note(document: dict) -> dict:
    return last_session(document)["notes"][18]


def last_profile(document: dict) -> dict:
    return last_session(document)["participants"][2]["profile"]


def set_in(getter, key, value):
    def change(document):
        getter(document)[key] = value

    return change


def study_part(key):
    return lambda document: document["study"][key]


def wrong_format(document):
    document["format"] = "focusgroup-board"


def wrong_version(document):
    document["version"] = 3


def version_as_text(document):
    document["version"] = "1"


def version_as_true(document):
    document["version"] = True


def unknown_top_level_key(document):
    document["exported_by"] = "someone"


def misspelt_study_key(document):
    document["study"]["consent"] = "A typo of consent_text."


def unknown_scale_key(document):
    document["study"]["scale"][4]["offscale"] = True


def unknown_note_key(document):
    last_note(document)["colour"] = "#FFD166"


def note_by_participant_of_other_session(document):
    last_note(document)["participant"] = "P1"


def duplicate_statement_key(document):
    document["study"]["statements"][5]["key"] = "S1"


def duplicate_participant_code_across_sessions(document):
    last_session(document)["participants"][2]["code"] = "P1"


def choices_on_a_text_field(document):
    document["study"]["profile_fields"][4]["choices"] = ["ML Engineer", "Data Scientist"]


def choice_field_without_choices(document):
    del document["study"]["profile_fields"][0]["choices"]


def one_level_only(document):
    document["study"]["scale"] = document["study"]["scale"][:1]


def twelve_levels(document):
    document["study"]["scale"] = [{"key": f"L{i}", "label": f"Level {i}"} for i in range(12)]


def no_statement(document):
    document["study"]["statements"] = []


def duplicate_session_name(document):
    last_session(document)["name"] = "Focus group 1"


def missing_note_text(document):
    del last_note(document)["text"]


CASES = [
    # (case, pointer, words of the rule)
    (wrong_format, "/format", 'The format must be "focusgroup-study"'),
    (wrong_version, "/version", "Version 3 is not supported"),
    (version_as_text, "/version", 'Version "1" is not supported'),
    (version_as_true, "/version", "Version true is not supported"),
    (unknown_top_level_key, "/exported_by", 'Unknown key "exported_by" in the document'),
    (misspelt_study_key, "/study/consent", 'Did you mean "consent_text"?'),
    (unknown_scale_key, "/study/scale/4/offscale", 'Did you mean "off_scale"?'),
    (unknown_note_key, f"{LAST_NOTE}/colour", 'Unknown key "colour" in a note'),
    (set_in(last_note, "level", "agree"), f"{LAST_NOTE}/level", 'There is no level "agree"'),
    (set_in(last_note, "statement", "S7"), f"{LAST_NOTE}/statement", 'no statement "S7"'),
    (
        note_by_participant_of_other_session,
        f"{LAST_NOTE}/participant",
        'The participant "P1" belongs to another session (/study/sessions/0/participants/0)',
    ),
    (set_in(last_note, "participant", "P9"), f"{LAST_NOTE}/participant", 'no participant "P9"'),
    (
        duplicate_statement_key,
        "/study/statements/5/key",
        'The statement key "S1" is already used at /study/statements/0/key',
    ),
    (
        duplicate_participant_code_across_sessions,
        f"{LAST}/participants/2/code",
        'The participant code "P1" is already used at /study/sessions/0/participants/0/code',
    ),
    (
        set_in(last_profile, "years_ml_experience", "5"),
        f"{LAST}/participants/2/profile/years_ml_experience",
        "is a whole-number field; a string does not fit it",
    ),
    (
        set_in(last_profile, "years_ml_experience", True),
        f"{LAST}/participants/2/profile/years_ml_experience",
        "is a whole-number field; true does not fit it",
    ),
    (
        set_in(last_profile, "years_ml_experience", 5.5),
        f"{LAST}/participants/2/profile/years_ml_experience",
        "a number does not fit it",
    ),
    (
        set_in(last_profile, "ml_knowledge", "Expert"),
        f"{LAST}/participants/2/profile/ml_knowledge",
        'must be one of its choices ("Very low", "Low", "Medium", "High", "Very high"), '
        'not "Expert"',
    ),
    (
        set_in(last_profile, "years_ml_experience", -1),
        f"{LAST}/participants/2/profile/years_ml_experience",
        '"years_ml_experience" must be a whole number from 0 to 9007199254740991.',
    ),
    (
        set_in(last_profile, "years_ml_experience", 2**53),
        f"{LAST}/participants/2/profile/years_ml_experience",
        '"years_ml_experience" must be a whole number from 0 to 9007199254740991.',
    ),
    (
        set_in(last_profile, "job_title", "x" * 201),
        f"{LAST}/participants/2/profile/job_title",
        '"job_title" must be at most 200 characters long (it has 201).',
    ),
    (
        set_in(last_profile, "job_title", 42),
        f"{LAST}/participants/2/profile/job_title",
        '"job_title" must be a string, not a number',
    ),
    (
        set_in(last_profile, "age", 30),
        f"{LAST}/participants/2/profile/age",
        'Unknown key "age" in the profile',
    ),
    (
        set_in(last_note, "text", ""),
        f"{LAST_NOTE}/text",
        "1 to 2,000 characters after trimming; it is empty",
    ),
    (
        set_in(last_note, "text", "  \n\t  "),
        f"{LAST_NOTE}/text",
        "1 to 2,000 characters after trimming; it is empty",
    ),
    (
        set_in(last_note, "text", "x" * 100_000),
        f"{LAST_NOTE}/text",
        "1 to 2,000 characters after trimming; it has 100,000",
    ),
    (
        set_in(last_note, "text", "x" * 2_001),
        f"{LAST_NOTE}/text",
        "it has 2,001",
    ),
    (set_in(last_note, "text", "nul \x00 byte"), f"{LAST_NOTE}/text", "U+0000 at position 4"),
    (
        choices_on_a_text_field,
        "/study/profile_fields/4/choices",
        'Choices are only allowed for a field of type "choice"; this field is "text"',
    ),
    (choice_field_without_choices, "/study/profile_fields/0", 'needs "choices"'),
    (
        set_in(lambda d: d["study"]["profile_fields"][1], "type", "number"),
        "/study/profile_fields/1/type",
        'The type must be "text", "integer" or "choice", not "number"',
    ),
    (one_level_only, "/study/scale", "The scale must have 2 to 11 levels; it has 1"),
    (twelve_levels, "/study/scale", "The scale must have 2 to 11 levels; it has 12"),
    (
        set_in(lambda d: d["study"]["scale"][4], "off_scale", 1),
        "/study/scale/4/off_scale",
        "off_scale must be true or false, not a number",
    ),
    (
        set_in(lambda d: d["study"]["scale"][1], "key", "partially agree"),
        "/study/scale/1/key",
        'must be 1 to 40 letters, digits, "_" or "-"; "partially agree" is not',
    ),
    (no_statement, "/study/statements", "at least one statement"),
    (
        set_in(lambda d: last_session(d)["participants"][2], "color", "#FB850"),
        f"{LAST}/participants/2/color",
        'The colour must be written #RRGGBB (six hexadecimal digits), not "#FB850"',
    ),
    (
        set_in(lambda d: last_session(d)["participants"][2], "color", "orange"),
        f"{LAST}/participants/2/color",
        'not "orange"',
    ),
    (
        set_in(last_note, "created_at", "2023-08-24 15:10:00"),
        f"{LAST_NOTE}/created_at",
        "created_at must say its time zone",
    ),
    (
        set_in(last_note, "created_at", "24/08/2023 3pm"),
        f"{LAST_NOTE}/created_at",
        "created_at must be an ISO 8601 date and time with a time zone",
    ),
    (
        set_in(last_note, "created_at", 1692889800),
        f"{LAST_NOTE}/created_at",
        "created_at must be a string, not a number",
    ),
    (
        set_in(last_session, "held_on", "24.08.2023"),
        f"{LAST}/held_on",
        'The date must be an ISO date such as "2023-08-10", not "24.08.2023"',
    ),
    (duplicate_session_name, f"{LAST}/name", 'The session name "Focus group 1" is already used'),
    (missing_note_text, LAST_NOTE, 'The key "text" is required in a note'),
    (
        set_in(lambda d: d["study"], "title", "   "),
        "/study/title",
        "The title must not be empty",
    ),
    (
        set_in(lambda d: d["study"], "title", "T" * 201),
        "/study/title",
        "The title must be at most 200 characters; it has 201",
    ),
    (
        set_in(lambda d: d["study"], "sessions", {"name": "Focus group 1"}),
        "/study/sessions",
        "The sessions must be a JSON array, not an object",
    ),
]


@pytest.mark.parametrize(
    ("break_it", "pointer", "rule"), CASES, ids=[case[0].__name__ for case in CASES]
)
def test_it_refuses_a_broken_file_at_the_offending_place_and_writes_nothing(
    owner, break_it, pointer, rule
):
    document = paper_document()
    break_it(document)
    before = row_counts()
    with pytest.raises(StudyFileError) as caught:
        study_import(data=json.dumps(document).encode("utf-8"), owner=owner)
    assert caught.value.pointer == pointer
    assert rule in caught.value.rule
    assert str(caught.value) == f"{pointer}: {caught.value.rule}"
    assert row_counts() == before


def test_the_first_offending_place_is_the_one_reported(owner):
    document = paper_document()
    document["study"]["statements"][2]["key"] = "S 3"
    last_note(document)["level"] = "agree"
    with pytest.raises(StudyFileError) as caught:
        study_import(data=document, owner=owner)
    assert caught.value.pointer == "/study/statements/2/key"


def test_the_unbroken_file_is_accepted(owner):
    # The cases above differ from this file by their one change only.
    before = row_counts()
    study_import(data=paper_document(), owner=owner)
    assert row_counts()["statements.Study"] == before["statements.Study"] + 1
