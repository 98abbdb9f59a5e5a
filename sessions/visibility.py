"""Who may see what on a board: pure functions used by the consumer, the selectors and the API.

The server is authoritative: a note hidden from a participant is replaced, in what that
participant receives, by a count (``note.hidden``), never sent and hidden by CSS.
"""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from statements.models import RevealPolicy

NOTE_EVENTS = frozenset(
    {"note.created", "note.edited", "note.moved", "note.deleted", "note.flagged"}
)


@dataclass(frozen=True)
class Viewer:
    """Who receives: a participant (participant_id) or a study member (role)."""

    participant_id: int | None = None
    role: str | None = None
    can_run: bool = False

    @property
    def is_staff(self) -> bool:
        return self.participant_id is None and self.role is not None


@dataclass
class BoardRules:
    """The study settings and board state that decide visibility."""

    reveal_policy: str = RevealPolicy.OWN_ONLY
    show_codes: bool = False
    revealed: set[int] = field(default_factory=set)


def note_visible(note: dict[str, Any], viewer: Viewer, rules: BoardRules) -> bool:
    """True when the viewer may read the note's text."""
    if viewer.is_staff or note["participant_id"] == viewer.participant_id:
        return True
    if rules.reveal_policy == RevealPolicy.LIVE:
        return True
    return note["statement_id"] in rules.revealed


def note_for_viewer(note: dict[str, Any], viewer: Viewer, rules: BoardRules) -> dict[str, Any]:
    """The note as the viewer receives it: other participants' codes go when anonymous."""
    if viewer.is_staff or rules.show_codes or note["participant_id"] == viewer.participant_id:
        return note
    return {**note, "code": None}


def event_for_viewer(event: dict[str, Any], viewer: Viewer, rules: BoardRules) -> dict[str, Any]:
    """The event as the viewer may receive it (the input is never modified)."""
    kind = event["event"]
    data = event["data"]
    if kind in NOTE_EVENTS:
        note = data["note"]
        if not note_visible(note, viewer, rules):
            return {
                **event,
                "event": "note.hidden",
                "data": {"statement_id": note["statement_id"], "note_total": data["note_total"]},
            }
        return {**event, "data": {**data, "note": note_for_viewer(note, viewer, rules)}}
    if kind == "step.set" and data.get("notes"):
        notes = [note_for_viewer(n, viewer, rules) for n in data["notes"]]
        return {**event, "data": {**data, "notes": notes}}
    if kind == "participant.joined" and not viewer.is_staff and not rules.show_codes:
        out = copy.deepcopy(event)
        out["data"]["participant"]["code"] = None
        return out
    return event


def rules_after(event: dict[str, Any], rules: BoardRules) -> None:
    """Update the rules from an event (a reveal widens what everyone sees)."""
    if event["event"] == "step.set":
        rules.revealed = set(event["data"].get("revealed", []))


_ENCODED: OrderedDict[tuple, str] = OrderedDict()
_ENCODED_MAX = 512


def encoded_for_viewer(
    session_id: int, event: dict[str, Any], viewer: Viewer, rules: BoardRules
) -> str:
    """event_for_viewer as JSON text, encoded once per kind of viewer rather than per socket.

    Viewers who receive the same thing share a cache key: members; the note's author; others
    who may or may not see it, with or without codes.
    """
    data = event["data"]
    note = data.get("note") if event["event"] in NOTE_EVENTS else None
    if viewer.is_staff:
        variant: tuple = ("staff",)
    elif note is not None:
        mine = note["participant_id"] == viewer.participant_id
        variant = ("note", mine, note_visible(note, viewer, rules), rules.show_codes)
    elif event["event"] == "step.set" and data.get("notes"):
        variant = ("reveal", viewer.participant_id, rules.show_codes)
    else:
        variant = ("participant", rules.show_codes)
    key = (session_id, event["seq"], *variant)
    text = _ENCODED.get(key)
    if text is None:
        text = json.dumps(event_for_viewer(event, viewer, rules))
        _ENCODED[key] = text
        if len(_ENCODED) > _ENCODED_MAX:
            _ENCODED.popitem(last=False)
    return text
