"""CSV phase logs: a round trip, and bad files refused.

Every kind of bad file is refused with its row and column, nothing written; the management
command says the same."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from phases.exports import entries_csv
from phases.models import PhaseEntry
from phases.selectors import entries_list, phase_matrix
from phases.services import CsvError, entries_import_csv

from .support import EXPECTED_MATRIX, log_by_hand

pytestmark = pytest.mark.django_db
HEADER = "main,visited,minutes,reason,at,by,scenario\n"
GOOD = "prepare,acquire,10,Data gaps,2024-02-01T09:30:00Z,analyst,Missing data\n"


def test_a_logs_csv_imports_back_to_the_same_entries_and_matrix(tracked, owner, analyst):
    log_by_hand(tracked, owner)
    entries_import_csv(study=tracked, data=HEADER.encode() + GOOD.encode())
    exported = entries_csv(entries_list(tracked).order_by("id"))
    PhaseEntry.objects.all().delete()
    assert entries_import_csv(study=tracked, data=exported) == 11
    assert entries_csv(entries_list(tracked).order_by("id")) == exported
    imported = PhaseEntry.objects.get(reason="Data gaps")
    assert imported.user == analyst
    assert imported.scenario.name == "Missing data"
    log_only = phase_matrix(tracked).as_json("t")["matrix"]
    assert log_only["define"] == EXPECTED_MATRIX["define"]


def test_the_scenario_column_is_optional(tracked):
    data = b"main,visited,minutes,reason,at,by\ndefine,deploy,2.5,,,\n"
    assert entries_import_csv(study=tracked, data=data) == 1
    assert PhaseEntry.objects.get().minutes == 2.5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("nowhere,acquire,10,,,,\n", "Row 3, column 'main': Unknown phase 'nowhere'"),
        ("prepare,acquire,0,,,,\n", "Row 3, column 'minutes': Minutes must be more than 0."),
        ("prepare,acquire,-1,,,,\n", "Row 3, column 'minutes': Minutes must be more than 0."),
        ("prepare,acquire,100001,,,,\n", "Row 3, column 'minutes': Minutes must be at most"),
        ("prepare,acquire,ten,,,,\n", "Row 3, column 'minutes': Minutes must be a number"),
        ("prepare,acquire,1,,yesterday,,\n", "Row 3, column 'at': 'yesterday' is not an ISO"),
        (f"prepare,acquire,1,{'x' * 2001},,,\n", "Row 3, column 'reason': A reason has at most"),
        ("prepare,acquire,1,,,,No such\n", "Row 3, column 'scenario': No scenario 'No such'"),
        ("prepare,acquire,1\n", "Row 3: 3 values where the header has 7."),
        ('prepare,acquire,1,"open quote,,,\n', "Row 3: 4 values"),
    ],
)
def test_a_bad_row_is_refused_with_its_row_and_column_and_nothing_is_written(
    tracked, body, message
):
    with pytest.raises(CsvError) as caught:
        entries_import_csv(study=tracked, data=(HEADER + GOOD + body).encode())
    assert message in caught.value.message
    assert not PhaseEntry.objects.exists()


def test_a_phase_of_another_study_is_refused(tracked, owner):
    from phases.services import phase_add
    from statements.services import study_create

    phase_add(study=study_create(title="O", owner=owner, scale="none"), key="other", name="O")
    with pytest.raises(CsvError, match="Row 2, column 'visited': Unknown phase 'other'"):
        entries_import_csv(study=tracked, data=(HEADER + "define,other,1,,,,\n").encode())
    assert not PhaseEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"main,visited,minutes\nx,y,1\n", "Row 1: The header must be"),
        (b"main,visited,minutes,reason,at,by,colour\n", "unknown colour"),
        (b"", "Row 1: The file is empty."),
        (HEADER.encode() + "define,define,1,caf\u00e9,,\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_are_refused(tracked, data, message):
    with pytest.raises(CsvError, match=message):
        entries_import_csv(study=tracked, data=data)
    assert not PhaseEntry.objects.exists()


def test_a_file_over_50_mb_is_refused(tracked):
    big = HEADER.encode() + b"define,define,1," + b"x" * (50 * 1024 * 1024) + b",,\n"
    with pytest.raises(CsvError, match="larger than 50 MB"):
        entries_import_csv(study=tracked, data=big)


def test_the_command_imports_and_refuses_like_the_service(tracked, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD)
    call_command("import_phase_log", str(tracked.pk), str(good))
    assert "Imported 1 entries" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD + "prepare,acquire,0,,,,\n")
    with pytest.raises(CommandError, match=r"Row 3, column .minutes.*Nothing was imported"):
        call_command("import_phase_log", str(tracked.pk), str(bad))
    assert PhaseEntry.objects.count() == 1
    with pytest.raises(CommandError, match="No study with id"):
        call_command("import_phase_log", "999999", str(good))


def test_reasons_with_tabs_line_breaks_and_backslashes_survive_the_import(tracked):
    reason = 'Tab\there, a line\nbreak, C:\\data\\raw and "quotes"'
    data = (
        HEADER
        + f'define,acquire,1.5,"{reason.replace(chr(34), chr(34) * 2)}",2024-02-01T09:30:00,ana,\n'
    )
    assert entries_import_csv(study=tracked, data=data.encode()) == 1
    entry = PhaseEntry.objects.get()
    assert entry.reason == reason
    assert entry.at.isoformat() == "2024-02-01T09:30:00+00:00"  # a time without zone is UTC
    assert entry.minutes == 1.5


def test_a_nul_character_is_refused_with_its_row(tracked):
    with pytest.raises(CsvError, match="Row 2, column 'reason': A reason cannot hold a NUL"):
        entries_import_csv(study=tracked, data=(HEADER + "define,acquire,1,a\x00b,,,\n").encode())
    assert not PhaseEntry.objects.exists()
