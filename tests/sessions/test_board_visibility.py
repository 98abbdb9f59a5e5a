"""Who sees what: the pure filtering rules applied to every event before it leaves the server."""

from __future__ import annotations

from sessions.visibility import BoardRules, Viewer, encoded_for_viewer, event_for_viewer

AUTHOR, OTHER = Viewer(participant_id=1), Viewer(participant_id=2)
MODERATOR = Viewer(role="moderator", can_run=True)


def _event(seq=5, statement_id=10, kind="note.created"):
    note = {
        "id": "n1",
        "statement_id": statement_id,
        "participant_id": 1,
        "code": "P1",
        "text": "Secret",
        "level": "strongly_agree",
    }
    return {
        "type": "event",
        "seq": seq,
        "event": kind,
        "at": "t",
        "statement_id": statement_id,
        "step": "comment",
        "data": {"note": note, "note_total": 3},
    }


def test_before_reveal_others_get_only_a_count():
    hidden = event_for_viewer(_event(), OTHER, BoardRules())
    assert hidden["event"] == "note.hidden"
    assert hidden["data"] == {"statement_id": 10, "note_total": 3}
    assert "Secret" not in str(hidden)


def test_the_author_and_members_always_get_the_note_with_its_code():
    for viewer in (AUTHOR, MODERATOR):
        seen = event_for_viewer(_event(), viewer, BoardRules())
        assert (seen["data"]["note"]["text"], seen["data"]["note"]["code"]) == ("Secret", "P1")


def test_after_reveal_or_with_the_live_policy_others_see_the_text_but_not_the_code():
    for rules in (BoardRules(revealed={10}), BoardRules(reveal_policy="live")):
        seen = event_for_viewer(_event(), OTHER, rules)
        assert seen["data"]["note"]["text"] == "Secret"
        assert seen["data"]["note"]["code"] is None


def test_codes_are_shown_to_others_when_the_study_says_so():
    seen = event_for_viewer(_event(), OTHER, BoardRules(revealed={10}, show_codes=True))
    assert seen["data"]["note"]["code"] == "P1"


def test_a_reveal_elsewhere_does_not_reveal_this_statement():
    assert event_for_viewer(_event(), OTHER, BoardRules(revealed={11}))["event"] == "note.hidden"


def test_the_shared_encoding_never_mixes_viewers_or_sessions():
    event = _event(seq=77)
    hidden = encoded_for_viewer(1, event, OTHER, BoardRules())
    full = encoded_for_viewer(1, event, AUTHOR, BoardRules())
    staff = encoded_for_viewer(1, event, MODERATOR, BoardRules())
    revealed_elsewhere = encoded_for_viewer(2, event, OTHER, BoardRules(revealed={10}))
    assert "Secret" not in hidden
    assert '"P1"' in full
    assert '"P1"' in staff
    assert "Secret" in revealed_elsewhere
    assert '"P1"' not in revealed_elsewhere


def test_live_events_carry_the_moderators_name_and_ids_to_members_only():
    lock = {
        "type": "event",
        "seq": 90,
        "event": "board.locked",
        "at": "t",
        "statement_id": 10,
        "step": "comment",
        "data": {"locked": True, "actor": "mona"},
    }
    assert "mona" not in encoded_for_viewer(3, lock, OTHER, BoardRules())
    assert "mona" in encoded_for_viewer(3, lock, MODERATOR, BoardRules())
    seen = event_for_viewer(_event(), OTHER, BoardRules(revealed={10}, show_codes=True))
    assert seen["data"]["note"]["participant_id"] != 1
    assert isinstance(seen["data"]["note"]["participant_id"], str)
    assert event_for_viewer(_event(), AUTHOR, BoardRules())["data"]["note"]["participant_id"] == 1
