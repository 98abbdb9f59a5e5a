"""Who may do what with phase tracking, on top of statements/permissions.py."""

from __future__ import annotations

from statements.models import Role

# Owners and analysts shape scenarios and write recommendations.
CAN_EDIT_SCENARIOS = frozenset({Role.OWNER, Role.ANALYST})
