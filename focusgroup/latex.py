"""LaTeX escaping shared by the exporters: participants' words are data, never TeX markup."""

from __future__ import annotations

import re

from .text import LINE_BREAKS

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# In text mode, under the default (OT1) font encoding, these print as other glyphs (¡ ¿ —).
_LATEX_SYMBOLS = {
    **_LATEX_SPECIAL,
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# Control characters other than line breaks: TeX reads some (^^@, tab) as markup or refuses them.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")


def latex_chars(value: object) -> str:
    """The value as text (None as ""), LaTeX's special characters and `<`, `>`, `|` escaped.
    Line breaks and control characters are left as they are."""
    return "".join(_LATEX_SYMBOLS.get(ch, ch) for ch in ("" if value is None else str(value)))


def latex_line(value: object) -> str:
    """The value as escaped text on one line (what every exporter writes): a line break would
    end a `%` comment early, and a blank line ends a paragraph inside a table row."""
    text = LINE_BREAKS.sub(" ", "" if value is None else str(value))
    return latex_chars(_CONTROL.sub("", text).replace("\t", " "))
