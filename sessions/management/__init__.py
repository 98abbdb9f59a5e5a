"""Management commands of sessions."""
