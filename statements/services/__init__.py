"""Every write to studies and their design goes through here, in a transaction.

Split by concept: studies, their design (scale, statements, profile fields) and members.
"""

from __future__ import annotations

from .design import (
    profile_field_add,
    profile_field_delete,
    profile_field_move,
    profile_field_update,
    scale_level_add,
    scale_level_delete,
    scale_level_move,
    scale_level_update,
    scale_levels_set,
    scale_preset_apply,
    statement_add,
    statement_add_lines,
    statement_delete,
    statement_move,
    statement_update,
)
from .duplicate import study_duplicate
from .members import membership_invite, membership_remove, membership_set
from .presets import SCALE_PRESETS, LevelSpec
from .studies import STUDY_SETTINGS, study_create, study_delete, study_update
from .validation import MAX_LEVELS, MIN_LEVELS

__all__ = [
    "MAX_LEVELS",
    "MIN_LEVELS",
    "SCALE_PRESETS",
    "STUDY_SETTINGS",
    "LevelSpec",
    "membership_invite",
    "membership_remove",
    "membership_set",
    "profile_field_add",
    "profile_field_delete",
    "profile_field_move",
    "profile_field_update",
    "scale_level_add",
    "scale_level_delete",
    "scale_level_move",
    "scale_level_update",
    "scale_levels_set",
    "scale_preset_apply",
    "statement_add",
    "statement_add_lines",
    "statement_delete",
    "statement_move",
    "statement_update",
    "study_create",
    "study_delete",
    "study_duplicate",
    "study_update",
]
