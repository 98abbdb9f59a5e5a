"""Summaries of a grid in the paper's words.

"four participants provided comments strongly agreeing; one participant reported one comment
strongly agreeing and one partially agreeing; one participant reported a partially agreeing
comment": participants with the same pattern of notes are grouped, groups ordered by the scale.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import get_language, gettext, ngettext

from .dataset import Level
from .grids import StatementGrid

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
NO_COMMENTS = "no participant commented on this statement"


def number_word(n: int) -> str:
    """The number in words up to twenty, in digits beyond."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def level_phrase(level: Level) -> tuple[str, bool]:
    """How a comment in the level is described, and whether the phrase may precede "comment".

    "Strongly agree" gives ("strongly agreeing", True); "No opinion" gives ("with no opinion",
    False); a label without an agree/disagree verb is quoted ('in "Neutral"', False).
    """
    label = level.label.strip()
    words = label.lower().split()
    changed = False
    for i, word in enumerate(words):
        if word in {"agree", "disagree"}:
            words[i] = word + "ing"
            changed = True
    if changed:
        return " ".join(words), True
    if re.fullmatch(r"no \w+", label.lower()):
        return f"with {label.lower()}", False
    return f'in "{label}"', False


def _article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeiou" else "a"


def _comments(n: int) -> str:
    return f"{number_word(n)} comment" + ("s" if n != 1 else "")


def _clause(group_size: int, pattern: tuple[tuple[Level, int], ...]) -> str:
    who = f"{number_word(group_size)} participant" + ("s" if group_size != 1 else "")
    if len(pattern) == 1:
        level, n = pattern[0]
        phrase, prenominal = level_phrase(level)
        if n == 1 and group_size > 1:
            return f"{who} provided comments {phrase}"
        if n == 1:
            if prenominal:
                return f"{who} reported {_article(phrase)} {phrase} comment"
            return f"{who} reported a comment {phrase}"
        each = " each" if group_size > 1 else ""
        return f"{who}{each} reported {_comments(n)} {phrase}"
    parts = []
    for i, (level, n) in enumerate(pattern):
        phrase, _ = level_phrase(level)
        parts.append(f"{_comments(n)} {phrase}" if i == 0 else f"{number_word(n)} {phrase}")
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    each = " each" if group_size > 1 else ""
    return f"{who}{each} reported {listed}"


def _translated_clause(group_size: int, pattern: tuple[tuple[Level, int], ...]) -> str:
    """A clause in the page's language: the paper's English phrasing is built from the English
    level labels, so other languages name each level's label and count instead."""
    who = ngettext("%(count)s participant", "%(count)s participants", group_size) % {
        "count": group_size
    }
    parts = [
        ngettext("%(count)s comment in “%(level)s”", "%(count)s comments in “%(level)s”", n)
        % {"count": n, "level": level.label}
        for level, n in pattern
    ]
    listed = parts[0]
    if len(parts) > 1:
        listed = gettext("%(list)s and %(last)s") % {
            "list": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    if group_size > 1:
        return gettext("%(who)s, each: %(comments)s") % {"who": who, "comments": listed}
    return gettext("%(who)s: %(comments)s") % {"who": who, "comments": listed}


def grid_summary(grid: StatementGrid) -> str:
    """The grid in one sentence of the paper's style (lower case, clauses joined by "; "); in
    another page language than English, the same groups with each level's label and count."""
    levels = {lv.key: (i, lv) for i, lv in enumerate(grid.levels)}
    groups: dict[tuple[tuple[str, int], ...], int] = defaultdict(int)
    for code in grid.participants:
        cells = grid.counts.get(code)
        if cells:
            pattern = tuple(sorted(cells.items(), key=lambda kv: levels[kv[0]][0]))
            groups[pattern] += 1
    english = (get_language() or "en").startswith("en")
    if not groups:
        return NO_COMMENTS if english else gettext("no participant commented on this statement")
    clause = _clause if english else _translated_clause
    ordered = sorted(groups.items(), key=lambda kv: [(levels[k][0], n) for k, n in kv[0]])
    return "; ".join(
        clause(size, tuple((levels[k][1], n) for k, n in pattern)) for pattern, size in ordered
    )


def summary_sentence(grid: StatementGrid) -> str:
    """The summary as a sentence to show or export: a capital first letter and a full stop."""
    summary = grid_summary(grid)
    return summary[:1].upper() + summary[1:] + "."
