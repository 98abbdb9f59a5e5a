"""HTTP Range parsing for the audio player, without a database."""

from __future__ import annotations

import pytest

from recordings.ranges import parse_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-200", (800, 999)),
        ("bytes=900-5000", (900, 999)),  # clipped to the file
        ("bytes=-5000", (0, 999)),
        ("", None),
        ("items=0-10", None),  # not bytes: serve the whole file
        ("bytes=0-10,20-30", None),  # multiple ranges: whole file
    ],
)
def test_it_reads_single_byte_ranges(header, expected):
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=500-100", "bytes=-0"])
def test_it_refuses_unsatisfiable_ranges(header):
    with pytest.raises(ValueError, match="range"):
        parse_range(header, 1000)
