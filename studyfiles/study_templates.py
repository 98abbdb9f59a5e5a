"""Study templates: ready-made study designs a researcher starts from (the study-creation page).

A template is a study file without sessions; creating a study from it is an import, so templates
obey the same rules as any file.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from statements.models import Study
from statements.services import study_update
from statements.services.presets import preset_label

from .studyfile import StudyFileError, study_import
from .validation import TITLE_MAX

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class StudyTemplate:
    """A listed template: `key` picks it, `title` and `description` are shown to people. The
    description is ours (translated); the title is the paper's, cited as published, and the
    design the template copies (statements, consent, profile) is the researcher's to edit: it
    stays as written, only the preset scale labels follow the participants' language."""

    key: str
    title: str | Promise
    description: str
    path: Path

    def document(self) -> dict[str, Any]:
        """The template's study file without sessions (a fresh copy)."""
        return copy.deepcopy(_design_only(self.path))


@cache
def _design_only(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    document["study"].pop("sessions", None)
    return document


TEMPLATES: list[StudyTemplate] = [
    StudyTemplate(
        key="mlops-araujo2024",
        title=gettext_lazy(
            "MLOps principles in online supervised learning (Araujo et al., ICEIS 2024)"
        ),
        description=gettext_lazy(
            "Six statements on the benefits and limitations of MLOps, the paper's five columns "
            "(four agreement levels and No opinion), its consent text and its characterization "
            "form (graduation, years of ML experience, ML and MLOps knowledge, job, industry, "
            "company size). No sessions: run your own."
        ),
        path=DATA_DIR / "araujo2024-mlops-focus-groups.json",
    ),
]
TEMPLATES_BY_KEY = {template.key: template for template in TEMPLATES}


@transaction.atomic
def study_create_from_template(
    *, key: str, owner: AbstractBaseUser | None, title: str | None = None, language: str = "en"
) -> Study:
    """A new study with the template's design; the owner owns it. Its participants speak the
    language (a code of settings.LANGUAGES), and the scale's preset labels come in it.

    An unknown key raises KeyError; a bad title raises ValidationError({"title": …}), like the
    other services, so that forms show it next to the field.
    """
    try:
        template = TEMPLATES_BY_KEY[key]
    except KeyError:
        raise KeyError(
            f"No study template {key!r}; templates: {', '.join(TEMPLATES_BY_KEY)}."
        ) from None
    document = template.document()
    if title is not None:
        if not title.strip() or len(title) > TITLE_MAX:
            message = _("A title has 1 to %(max)s characters.") % {"max": TITLE_MAX}
            raise ValidationError({"title": message})
        document["study"]["title"] = title
    if language not in {code for code, _name in settings.LANGUAGES}:
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        message = _("Unknown language %(language)s; languages: %(codes)s.") % {
            "language": repr(language),
            "codes": codes,
        }
        raise ValidationError({"language": message})
    for level in document["study"].get("scale", []):
        level["label"] = preset_label(level["label"], language)
    try:
        study = study_import(data=document, owner=owner)
    except StudyFileError as exc:
        message = _("The template %(key)s cannot be used: %(problem)s")
        raise ValidationError(message % {"key": repr(key), "problem": exc}) from exc
    return study_update(study=study, language=language)
