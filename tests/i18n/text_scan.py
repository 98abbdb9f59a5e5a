"""The visible text of an HTML page, and the part of it that no translation produced."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from .support import Message

OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")  # innermost: a marked text may hold another
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row, in any script
SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in {"script", "style"}:
            self.skip += 1
        values = dict(attrs)
        for name in SHOWN_ATTRIBUTES & values.keys():
            self.texts.append(values[name] or "")
        if tag == "input" and values.get("type") in {"submit", "button"}:
            self.texts.append(values.get("value") or "")

    def handle_endtag(self, tag) -> None:
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data) -> None:
        if not self.skip and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    """Text nodes (outside scripts and styles) and the attributes people read or hear."""
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def untranslated(html: str, data: set[str]) -> list[str]:
    """Words shown outside any pseudo-translation and outside the study's own data (its title,
    its consent text, its form's labels…): text that a template or form writes in English."""
    # Marked strings may wrap across text nodes (<strong> inside a sentence): join them first.
    text = "\n".join(visible_texts(html))
    while MARKED.search(text):
        text = MARKED.sub(" ", text)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return [line.strip() for line in text.splitlines() if WORD.search(line)]


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_pseudo_catalog(messages: list[Message], directory: Path) -> None:
    """A compiled catalog translating every message to ⟦message⟧, placeholders kept (a message
    given twice is written once: msgfmt refuses a message defined twice)."""
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for context, msgid, plural in dict.fromkeys(messages):
        if context:
            lines.append(f"msgctxt {_quote(context)}")
        lines.append(f"msgid {_quote(msgid)}")
        if plural:
            lines.append(f"msgid_plural {_quote(plural)}")
            lines.append(f"msgstr[0] {_quote(OPEN + msgid + CLOSE)}")
            lines.append(f"msgstr[1] {_quote(OPEN + plural + CLOSE)}")
        else:
            lines.append(f"msgstr {_quote(OPEN + msgid + CLOSE)}")
        lines.append("")
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "django.po"
    source.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(directory / "django.mo"), str(source)],
        check=True,
    )
