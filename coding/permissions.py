"""Who codes: owners and analysts write, moderators read, anyone else sees nothing.

Writing covers codes, codings and memos; anyone else means participants and outsiders, who see
nothing of the study."""

from __future__ import annotations

from statements.models import Role
from statements.permissions import CAN_READ_DATA

CAN_CODE = frozenset({Role.OWNER, Role.ANALYST})
CAN_READ_CODING = CAN_READ_DATA

__all__ = ["CAN_CODE", "CAN_READ_CODING"]
