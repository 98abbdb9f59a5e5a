"""Why a recording's transcription or speakers step failed, kept to read in each reader's language.

The worker writes a failure while no one is reading, so the database keeps the English msgid
and its parameters (`failure_store`, JSON in `Recording.error` / `speakers_error`), and every
reader's page, status poll and API answer shows it translated at display time (`failure_text`).
Plain text there (older rows, or an engine's own English words) is shown through gettext as is.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext, gettext_noop

STORED_MAX = 2000  # the callers keep at most this much of a failure
# The failures written by more than one step, or by a long statement.
FILE_MISSING = gettext_noop("The recording's file is missing.")
NO_SPEECH = gettext_noop("No speech was heard in the recording (it may be silent or only noise).")
GAVE_UP = gettext_noop(
    "The transcription stopped %(attempts)s times without finishing (the worker died); it was "
    "given up."
)


def failure_store(msgid: str, **params: Any) -> str:
    """The stored form of a failure: its msgid (marked with gettext_noop) and parameters.

    Parameters (an exception's text) are shortened until the JSON fits in STORED_MAX characters,
    escapes included, so that no caller's cut can break it."""
    kept = {name: str(value) for name, value in params.items()}
    while True:
        stored = json.dumps({"msgid": msgid, "params": kept}, ensure_ascii=False)
        longest = max((len(value) for value in kept.values()), default=0)
        if len(stored) <= STORED_MAX or longest == 0:
            return stored
        kept = {name: value[: longest // 2] for name, value in kept.items()}


def failure_text(stored: str) -> str:
    """A stored failure in the active language ("" for none)."""
    if not stored:
        return ""
    try:
        data = json.loads(stored) if stored.startswith("{") else None
        msgid, params = (data["msgid"], data["params"]) if data else (stored, None)
    except (ValueError, KeyError, TypeError):
        return stored
    if not params:
        return gettext(msgid)
    for text in (gettext(msgid), msgid):  # a translation that lost a placeholder: the English
        try:
            return text % params
        except (KeyError, ValueError, TypeError):
            continue
    return msgid
