"""Signals sessions sends to the apps above it, which must not be imported from here."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the withdrawal's transaction; kwargs: participant, erase (bool). A receiver returns
# how many of its rows it erased or anonymised.
participant_withdrawn = Signal()
