"""Alignment of transcript lines with the board's event times: a pure function, no database."""

from __future__ import annotations

from recordings.alignment import BoardState, align, moment_of

STATES = [
    BoardState(at=10.0, statement_id=1, step="introduce"),
    BoardState(at=40.0, statement_id=1, step="comment"),
    BoardState(at=95.5, statement_id=2, step="introduce"),
]


def test_each_line_gets_the_state_on_the_board_at_its_middle():
    lines = [(12.0, 20.0), (38.0, 44.0), (90.0, 100.0), (200.0, 205.0)]
    tagged = align(lines, STATES)
    assert [(t.statement_id, t.step) for t in tagged] == [
        (1, "introduce"),
        (1, "comment"),  # middle 41 s: after the change at 40 s
        (1, "comment"),  # middle 95 s: just before statement 2 came up at 95.5 s
        (2, "introduce"),
    ]


def test_a_line_said_before_the_board_started_has_no_statement():
    assert align([(0.0, 4.0)], STATES) == [None]


def test_states_in_any_order_give_the_same_answer():
    lines = [(15.0, 16.0), (60.0, 61.0), (120.0, 121.0)]
    assert align(lines, list(reversed(STATES))) == align(lines, STATES)


def test_a_change_exactly_at_a_moment_counts_from_that_moment():
    assert moment_of(40.0, STATES) == STATES[1]
    assert moment_of(39.99, STATES) == STATES[0]


def test_a_recording_started_after_the_board_sees_negative_times_as_the_past():
    states = [BoardState(at=-300.0, statement_id=5, step="discuss")]
    assert align([(1.0, 2.0)], states) == [states[0]]


def test_no_events_means_no_line_is_tagged():
    assert align([(1.0, 2.0), (3.0, 4.0)], []) == [None, None]
