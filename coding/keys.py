"""Code keys: derived from a name where none is given, and made unique within a study."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


def key_from_name(name: str) -> str:
    """A key for a name: ASCII letters and digits joined by '-', at most 40 characters."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()[:40].strip("-")
    return key or "code"


def unique_key(base: str, taken: set[str]) -> str:
    """The base key, or base-2, base-3, … : the first not in `taken` (which it joins)."""
    key, n = base[:40], 2
    while key.lower() in taken:
        suffix = f"-{n}"
        key, n = base[: 40 - len(suffix)] + suffix, n + 1
    taken.add(key.lower())
    return key


def normalise_color(color: str | None) -> str:
    """#RRGGBB in upper case from #RGB or #RRGGBB; '' for none."""
    if not color:
        return ""
    if re.fullmatch(r"#[0-9A-Fa-f]{3}", color):
        color = "#" + "".join(ch * 2 for ch in color[1:])
    if not COLOR_RE.fullmatch(color):
        raise ValueError(_("%(color)s is not a colour (#RRGGBB).") % {"color": repr(color)})
    return color.upper()
