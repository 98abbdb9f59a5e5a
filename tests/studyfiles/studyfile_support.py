"""Helpers of the study-file tests: the project's copy of the paper's data and row counts."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from django.apps import apps

import studyfiles

DATA_FILE = Path(studyfiles.__file__).parent / "data" / "araujo2024-mlops-focus-groups.json"
_ORIGINAL = json.loads(DATA_FILE.read_text(encoding="utf-8"))


def paper_document() -> dict:
    """A fresh deep copy of the paper's study file, safe to change in a test."""
    return copy.deepcopy(_ORIGINAL)


def row_counts() -> dict[str, int]:
    """Rows of every model of every app, to prove that a refused file wrote nothing."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}
