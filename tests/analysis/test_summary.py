"""Summaries of a grid in the paper's words."""

from __future__ import annotations

from analysis.dataset import Level
from analysis.grids import build_grids
from analysis.summary import NO_COMMENTS, grid_summary, level_phrase

from .support import FIGURE_3, study_data


def summary(marks, **kwargs) -> str:
    return grid_summary(build_grids(study_data(marks, **kwargs))[0])


def test_it_writes_the_issues_example_sentence_for_figure_3():
    assert summary(FIGURE_3) == (
        "four participants provided comments strongly agreeing; one participant reported one "
        "comment strongly agreeing and one partially agreeing; one participant reported a "
        "partially agreeing comment"
    )


def test_several_notes_in_one_level_are_counted_in_words():
    assert summary([("P1", "S1", "SD"), ("P1", "S1", "SD")]) == (
        "one participant reported two comments strongly disagreeing"
    )


def test_a_group_with_the_same_multi_level_pattern_says_each():
    marks = [("P1", "S1", "SA"), ("P1", "S1", "PD"), ("P2", "S1", "SA"), ("P2", "S1", "PD")]
    assert summary(marks) == (
        "two participants each reported one comment strongly agreeing and one partially disagreeing"
    )


def test_the_off_scale_level_reads_as_no_opinion():
    assert summary([("P1", "S1", "NO")]) == "one participant reported a comment with no opinion"
    assert summary([("P1", "S1", "NO"), ("P2", "S1", "NO")]) == (
        "two participants provided comments with no opinion"
    )


def test_a_statement_without_notes_says_so():
    assert summary([], participants=["P1"]) == NO_COMMENTS


def test_labels_without_an_agreement_verb_are_quoted():
    assert level_phrase(Level("neutral", "Neutral")) == ('in "Neutral"', False)
    assert level_phrase(Level("n", "Neither agree nor disagree")) == (
        "neither agreeing nor disagreeing",
        True,
    )
    levels = [Level("agree", "Agree"), Level("neutral", "Neutral")]
    assert summary([("P1", "S1", "neutral")], levels=levels) == (
        'one participant reported a comment in "Neutral"'
    )


def test_an_article_agrees_with_the_phrase():
    levels = [Level("agree", "Agree"), Level("disagree", "Disagree")]
    assert summary([("P1", "S1", "agree")], levels=levels) == (
        "one participant reported an agreeing comment"
    )
