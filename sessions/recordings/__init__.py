"""Recordings of sessions: upload, transcription jobs, transcript page, alignment and exports."""
