"""Transcript exports: TXT, SRT, WebVTT, JSON with words and DOCX, without a database."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from recordings.exporters import ExportLine, clock, render

LINES = [
    ExportLine(
        start=1.5,
        end=4.25,
        text="We deployed last year.",
        speaker="P1",
        words=[{"start": 1.5, "end": 1.9, "word": "We", "probability": 0.9}],
    ),
    ExportLine(start=3725.0, end=3727.125, text="I agree --> mostly.", speaker="Moderator"),
    ExportLine(start=3730.0, end=3731.0, text="No speaker here."),
]


def test_clock_formats_hours_minutes_seconds_and_milliseconds():
    assert clock(3725.125) == "01:02:05.125"
    assert clock(3725.125, separator=",") == "01:02:05,125"
    assert clock(0) == "00:00:00.000"


def test_txt_has_times_and_speaker_codes():
    text = render("txt", LINES, title="Session 1")
    assert text.splitlines()[0] == "Session 1"
    assert "[00:00:01] P1: We deployed last year." in text
    assert "[01:02:05] Moderator: I agree --> mostly." in text
    assert "[01:02:10] No speaker here." in text


def test_srt_numbers_cues_with_comma_milliseconds():
    srt = render("srt", LINES)
    cues = srt.strip().split("\n\n")
    assert cues[0] == "1\n00:00:01,500 --> 00:00:04,250\nP1: We deployed last year."
    assert cues[2].startswith("3\n01:02:10,000 --> 01:02:11,000\n")


def test_vtt_starts_with_its_signature_and_tags_voices():
    vtt = render("vtt", LINES)
    assert vtt.startswith("WEBVTT\n")
    assert "00:00:01.500 --> 00:00:04.250\n<v P1>We deployed last year." in vtt
    # A cue text must never contain the arrow that separates times.
    assert "I agree -> mostly." in vtt


def test_json_keeps_words_and_metadata():
    data = json.loads(render("json", LINES, meta={"engine": "whisper"}))
    assert data["engine"] == "whisper"
    assert data["segments"][0]["words"][0]["word"] == "We"
    assert data["segments"][1]["speaker"] == "Moderator"


def test_docx_is_a_word_document_with_one_paragraph_per_line():
    document = Document(io.BytesIO(render("docx", LINES, title="Transcript of S1")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Transcript of S1"
    assert "[00:00:01] P1: We deployed last year." in texts


def test_an_unknown_format_is_refused_by_name():
    with pytest.raises(ValueError, match="Unknown format 'pdf'"):
        render("pdf", LINES)


def test_json_gives_every_word_its_lines_speaker():
    data = json.loads(render("json", LINES))
    assert data["segments"][0]["words"] == [
        {"start": 1.5, "end": 1.9, "word": "We", "probability": 0.9, "speaker": "P1"}
    ]


def test_vtt_escapes_markup_in_text_and_voice_names():
    lines = [ExportLine(start=0, end=1, text="x < y & z", speaker="Voice <1>")]
    assert "<v Voice &lt;1&gt;>x &lt; y &amp; z\n" in render("vtt", lines)
