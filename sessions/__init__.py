"""Sessions of a study: participants, the live board, notes, its event log and recordings."""
