"""Recordings of a session: uploads, transcripts, speakers and their alignment with the board."""
