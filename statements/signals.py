"""Signals statements sends to the apps above it, which must not be imported from here."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after a study's visibility rules (reveal policy, codes shown) changed; kwargs: study_id.
study_rules_changed = Signal()
