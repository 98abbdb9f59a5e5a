"""The audit trail as people read it, in the reader's language.

Entries are stored in stable English words (the API and the admin show them as they are:
"recording 12 of session Group 1", details such as via=page); the trail's page renders them with
the translations below."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy, pgettext_lazy

from .models import AuditEntry, Role, WithdrawalPolicy

# The targets and actors the services write (statements, sessions/withdrawal.py, recordings).
_WORDS = (
    (
        r"recording (?P<id>\d+) of session (?P<session>.+)",
        gettext_lazy("recording %(id)s of session %(session)s"),
    ),
    (
        r"participant (?P<code>\S+) of session (?P<session>.+)",
        gettext_lazy("participant %(code)s of session %(session)s"),
    ),
    (r"participant (?P<code>\S+)", gettext_lazy("participant %(code)s")),
    (r"user (?P<name>.+)", gettext_lazy("user %(name)s")),
    (r"study (?P<id>\d+)", gettext_lazy("study %(id)s")),
    (r"system", pgettext_lazy("audit actor", "system")),
)
_PATTERNS = [(re.compile(pattern, re.DOTALL), text) for pattern, text in _WORDS]

_DETAIL_LABELS = {
    "via": pgettext_lazy("audit detail", "via"),
    "format": pgettext_lazy("audit detail", "format"),
    "sessions": pgettext_lazy("audit detail", "sessions"),
    "participants": pgettext_lazy("audit detail", "participants"),
    "role": pgettext_lazy("audit detail", "role"),
    "policy": pgettext_lazy("audit detail", "policy"),
    "by": pgettext_lazy("audit detail", "asked by"),
    "notes": pgettext_lazy("audit detail", "notes"),
    "revisions": pgettext_lazy("audit detail", "opinion changes"),
    "events": pgettext_lazy("audit detail", "board events"),
    "speakers": pgettext_lazy("audit detail", "speakers"),
    "engine": pgettext_lazy("audit detail", "engine"),
    "segments": pgettext_lazy("audit detail", "transcript lines"),
}
_DETAIL_VALUES = {
    "via": {
        "page": pgettext_lazy("audit via", "page"),
        "api": pgettext_lazy("audit via", "API"),
        "command": pgettext_lazy("audit via", "command"),
    },
    "by": {
        "participant": pgettext_lazy("audit by", "the participant"),
        "member": pgettext_lazy("audit by", "a member"),
    },
    "engine": {"default": pgettext_lazy("audit engine", "default")},
    "role": dict(Role.choices),
    "policy": {
        WithdrawalPolicy.ERASE: pgettext_lazy("audit policy", "erase"),
        WithdrawalPolicy.ANONYMISE: pgettext_lazy("audit policy", "anonymise"),
    },
}


@dataclass(frozen=True)
class AuditLine:
    """One entry in the reader's language: what, on what, by whom, with which details."""

    entry: AuditEntry
    action: str
    target: str
    actor: str
    details: list[tuple[str, str]]


def audit_words(text: str) -> str:
    """A stored target or actor in the reader's language (unknown words are shown as stored)."""
    for pattern, words in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return str(words) % match.groupdict()
    return text


def _detail(key: str, value: Any) -> tuple[str, str]:
    values = value if isinstance(value, list) else [value]
    shown = [str(_DETAIL_VALUES.get(key, {}).get(item, item)) for item in values]
    return str(_DETAIL_LABELS.get(key, key)), ", ".join(shown)


def audit_line(entry: AuditEntry) -> AuditLine:
    """The entry as the trail's page shows it."""
    return AuditLine(
        entry=entry,
        action=str(entry.get_action_display()),
        target=audit_words(entry.target),
        actor=audit_words(entry.actor_label),
        details=[_detail(key, value) for key, value in entry.details.items()],
    )
