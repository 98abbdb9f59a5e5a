"""File names of downloads, one rule for every app.

The study's title made safe and cut between words, what the file holds, and for whom."""

from __future__ import annotations

from django.utils.text import slugify

TITLE_LIMIT = 60
QUALIFIER_LIMIT = 30


def slug_cut(text: str, limit: int) -> str:
    """The text as a lower-case ASCII slug of at most `limit` characters, cut between words
    (a single word longer than the limit is cut inside it)."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    head = slug[: limit + 1]
    cut = head.rfind("-")
    return (head[:cut] if cut > 0 else slug[:limit]).strip("-")


def title_stem(title: str) -> str:
    """The study's title as the start of a file name: a slug cut between words, or `study`."""
    return slug_cut(title, TITLE_LIMIT) or "study"


def download_name(title: str, suffix: str, *, qualifier: str = "") -> str:
    """A safe, meaningful file name: `<study title>[-<qualifier>]-<suffix>`, e.g.
    `mlops-in-practice-focus-group-1-analysis.csv` (qualifier: the session the file is about)."""
    parts = [title_stem(title)]
    if qualifier and (qualified := slug_cut(qualifier, QUALIFIER_LIMIT)):
        parts.append(qualified)
    return "-".join([*parts, suffix])
