"""LaTeX escaping shared by the exporters: participants' words are data, never TeX markup."""

from __future__ import annotations

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


def latex_chars(value: object, *, symbols: bool = False) -> str:
    """The value as text (None as ""), LaTeX's special characters escaped; with `symbols`, also
    `<`, `>` and `|`. Line breaks and control characters are left as they are."""
    table = _LATEX_SYMBOLS if symbols else _LATEX_SPECIAL
    return "".join(table.get(ch, ch) for ch in ("" if value is None else str(value)))
