"""Who may see what on a board: pure functions used by the consumer, the selectors and the API.

The server is authoritative: a note hidden from a participant is replaced, in what that
participant receives, by a count (``note.hidden``), never sent and hidden by CSS.
"""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils.crypto import salted_hmac

from statements.models import RevealPolicy

NOTE_EVENTS = frozenset(
    {"note.created", "note.edited", "note.moved", "note.deleted", "note.flagged"}
)
# Events whose data names the moderator who sent them: members only.
ACTOR_EVENTS = frozenset({"step.set", "board.locked", "note.highlighted", "session.ended"})
PARTICIPANT_EVENTS = frozenset({"participant.joined", "participant.removed"})


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
    # Revealed statements the moderator stepped back from, keeping new notes private: statement
    # id -> sequence number of that step; notes created after it wait for the next discussion.
    sealed: dict[int, int] = field(default_factory=dict)


def participant_alias(participant_id: int) -> str:
    """The opaque id other participants receive for a participant, so that database ids (which
    follow the P-numbers) never let anyone infer a hidden code. Stable, so the board can match."""
    return _alias(settings.SECRET_KEY, participant_id)


@lru_cache(maxsize=4096)  # every note to every other participant carries one
def _alias(secret: str, participant_id: int) -> str:
    digest = salted_hmac(
        "focusgroup.board.participant-alias", str(participant_id), secret=secret
    ).hexdigest()
    return f"a{digest[:20]}"


def participant_id_for_viewer(participant_id: int | None, viewer: Viewer) -> int | str | None:
    """A participant id as the viewer receives it: real for members and for oneself."""
    if participant_id is None or viewer.is_staff or participant_id == viewer.participant_id:
        return participant_id
    return participant_alias(participant_id)


def note_visible(note: dict[str, Any], viewer: Viewer, rules: BoardRules) -> bool:
    """True when the viewer may read the note's text."""
    if viewer.is_staff or note["participant_id"] == viewer.participant_id:
        return True
    if rules.reveal_policy == RevealPolicy.LIVE:
        return True
    if note["statement_id"] not in rules.revealed:
        return False
    bound = rules.sealed.get(note["statement_id"])
    return bound is None or note.get("seq", 0) <= bound


# What another participant receives of a note deleted after the reveal: enough to take it off the
# board, nothing of what it said.
DELETED_NOTE_KEYS = ("id", "statement_id", "participant_id", "version", "deleted")


def note_for_viewer(note: dict[str, Any], viewer: Viewer, rules: BoardRules) -> dict[str, Any]:
    """The note as the viewer receives it: another participant's note carries an alias instead
    of its author's id, and no code when the study is anonymous."""
    if viewer.is_staff or note["participant_id"] == viewer.participant_id:
        return note
    out = {**note, "participant_id": participant_alias(note["participant_id"])}
    if not rules.show_codes and "code" in out:
        out["code"] = None
    return out


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
        mine = note["participant_id"] == viewer.participant_id
        if kind == "note.deleted" and not viewer.is_staff and not mine:
            note = {key: note[key] for key in DELETED_NOTE_KEYS if key in note}
        return {**event, "data": {**data, "note": note_for_viewer(note, viewer, rules)}}
    if viewer.is_staff:
        return event
    if kind in ACTOR_EVENTS and "actor" in data:
        data = {key: value for key, value in data.items() if key != "actor"}
        event = {**event, "data": data}
    if kind == "step.set" and data.get("notes"):
        notes = [note_for_viewer(n, viewer, rules) for n in data["notes"]]
        return {**event, "data": {**data, "notes": notes}}
    if kind == "participant.joined":
        out = copy.deepcopy(event)
        person = out["data"]["participant"]
        if person["id"] != viewer.participant_id and not rules.show_codes:
            person["code"] = None
        person["id"] = participant_id_for_viewer(person["id"], viewer)
        return out
    if kind == "participant.removed":
        removed = participant_id_for_viewer(data["participant_id"], viewer)
        return {**event, "data": {**data, "participant_id": removed}}
    return event


def replayed_for_viewer(
    event: dict[str, Any],
    current: dict[str, dict[str, Any]],
    viewer: Viewer,
    rules: BoardRules,
) -> dict[str, Any]:
    """event_for_viewer for a replay of stored events: another participant's note is sent as it
    is now (``current``: note id -> note_data of its row), never as it was, so that a replay
    after the reveal shows neither deleted notes nor earlier versions of edited ones."""
    if viewer.is_staff:
        return event_for_viewer(event, viewer, rules)
    kind = event["event"]
    data = event["data"]
    if kind in NOTE_EVENTS and data["note"]["participant_id"] != viewer.participant_id:
        note = current.get(data["note"]["id"])
        if note is None or note["deleted"]:
            if kind == "note.deleted" and note is not None:
                note = {key: note[key] for key in DELETED_NOTE_KEYS}
            else:
                note = None
        if note is None:
            statement_id = data["note"]["statement_id"]
            return {
                **event,
                "event": "note.hidden",
                "data": {"statement_id": statement_id, "note_total": data["note_total"]},
            }
        event = {**event, "data": {**data, "note": note}}
    elif kind == "step.set" and data.get("notes"):
        notes = [
            note
            for note in (current.get(n["id"]) for n in data["notes"])
            if note is not None and not note["deleted"]
        ]
        event = {**event, "data": {**data, "notes": notes}}
    return event_for_viewer(event, viewer, rules)


def replay_note_ids(events: list[dict[str, Any]]) -> set[str]:
    """Ids of the notes that stored events carry (to read their rows once for a replay)."""
    ids: set[str] = set()
    for event in events:
        data = event["data"]
        if event["event"] in NOTE_EVENTS:
            ids.add(data["note"]["id"])
        elif event["event"] == "step.set":
            ids.update(n["id"] for n in data.get("notes") or ())
    return ids


def rules_after(event: dict[str, Any], rules: BoardRules) -> None:
    """Update the rules from an event (a reveal widens what everyone sees)."""
    if event["event"] == "step.set":
        rules.revealed = set(event["data"].get("revealed", []))
        rules.sealed = sealed_from(event["data"])


def sealed_from(payload: dict[str, Any]) -> dict[int, int]:
    """The sealed statements a step.set payload carries (JSON keys are strings)."""
    return {int(key): int(seq) for key, seq in (payload.get("sealed") or {}).items()}


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
    elif event["event"] in PARTICIPANT_EVENTS:
        person = data.get("participant", {}).get("id", data.get("participant_id"))
        variant = ("people", person == viewer.participant_id, rules.show_codes)
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
