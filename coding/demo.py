"""The demo codebook: the paper's themes (MLOps benefits and limitations), for the demo loader."""

from __future__ import annotations

import json
from pathlib import Path

from statements.models import Study

from .models import Code
from .services import codebook_create

DEMO_CODEBOOK = Path(__file__).parent / "data" / "araujo2024-codebook.json"


def demo_codebook() -> list[dict]:
    """The demo codebook as plain data (the study format's `codebook`)."""
    return json.loads(DEMO_CODEBOOK.read_text(encoding="utf-8"))["codebook"]


def demo_codebook_load(*, study: Study) -> list[Code]:
    """Give the study the demo codebook, unless it has codes already (idempotent)."""
    if Code.objects.filter(study=study).exists():
        return list(Code.objects.filter(study=study))
    return codebook_create(study=study, codes=demo_codebook())
