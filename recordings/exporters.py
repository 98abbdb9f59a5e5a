"""Transcript exports: TXT with speaker codes and times, SRT, WebVTT, JSON with words, DOCX.

Pure functions over `ExportLine`s, shared by the page, the API and the `transcribe` command.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

FORMATS = {
    "txt": "text/plain; charset=utf-8",
    "srt": "application/x-subrip; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class ExportLine:
    """One transcript line as exported."""

    start: float
    end: float
    text: str
    speaker: str = ""
    words: list[dict] = field(default_factory=list)
    statement: str = ""
    step: str = ""


def clock(seconds: float, *, separator: str = ".", hours: bool = True) -> str:
    """00:01:02.345 (WebVTT) or 00:01:02,345 (SRT, separator=",")."""
    millis = round(max(seconds, 0) * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    head = f"{h:02d}:" if hours or h else ""
    return f"{head}{m:02d}:{s:02d}{separator}{ms:03d}"


def _short(seconds: float) -> str:
    return clock(seconds, hours=True)[:8]


def to_txt(lines: Iterable[ExportLine], *, title: str = "") -> str:
    """`[00:01:02] P3: text` lines, one per segment."""
    out = [title, ""] if title else []
    for line in lines:
        who = f"{line.speaker}: " if line.speaker else ""
        out.append(f"[{_short(line.start)}] {who}{line.text}")
    return "\n".join(out) + "\n"


def _cue_text(line: ExportLine) -> str:
    text = line.text.replace("\n", " ").strip()
    return f"{line.speaker}: {text}" if line.speaker else text


def to_srt(lines: Iterable[ExportLine]) -> str:
    """SubRip subtitles."""
    cues = []
    for number, line in enumerate(lines, start=1):
        times = f"{clock(line.start, separator=',')} --> {clock(line.end, separator=',')}"
        cues.append(f"{number}\n{times}\n{_cue_text(line)}\n")
    return "\n".join(cues)


def _vtt_escape(text: str) -> str:
    """Cue text as WebVTT reads it: & and < escaped, never the arrow that separates times."""
    text = text.replace("\n", " ").replace("-->", "->").strip()
    return text.replace("&", "&amp;").replace("<", "&lt;")


def to_vtt(lines: Iterable[ExportLine]) -> str:
    """WebVTT subtitles, with the speaker as a voice tag."""
    cues = ["WEBVTT", ""]
    for line in lines:
        text = _vtt_escape(line.text)
        speaker = _vtt_escape(line.speaker).replace(">", "&gt;")
        body = f"<v {speaker}>{text}" if speaker else text
        cues.append(f"{clock(line.start)} --> {clock(line.end)}\n{body}\n")
    return "\n".join(cues)


def to_json(lines: Sequence[ExportLine], *, meta: dict | None = None) -> str:
    """Segments with their words, each word with its line's speaker, plus optional metadata."""
    segments = []
    for line in lines:
        segment = asdict(line)
        segment["words"] = [{**word, "speaker": line.speaker} for word in line.words]
        segments.append(segment)
    return json.dumps({**(meta or {}), "segments": segments}, ensure_ascii=False, indent=2)


def to_docx(lines: Iterable[ExportLine], *, title: str = "Transcript") -> bytes:
    """A Word document: a heading and one paragraph per line, time and speaker in bold."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for line in lines:
        paragraph = document.add_paragraph()
        who = f" {line.speaker}" if line.speaker else ""
        paragraph.add_run(f"[{_short(line.start)}]{who}: ").bold = True
        paragraph.add_run(line.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(fmt: str, lines: Sequence[ExportLine], *, title: str = "", meta: dict | None = None):
    """The export in `fmt` (a key of FORMATS), as str or bytes (docx)."""
    if fmt == "txt":
        return to_txt(lines, title=title)
    if fmt == "srt":
        return to_srt(lines)
    if fmt == "vtt":
        return to_vtt(lines)
    if fmt == "json":
        return to_json(lines, meta=meta)
    if fmt == "docx":
        return to_docx(lines, title=title or "Transcript")
    raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
