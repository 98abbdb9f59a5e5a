"""The demo: a researcher account owning the paper's MLOps study and a phase-tracking study.

The MLOps study has both its sessions and the codebook of the paper's themes; the other is a study
of phase tracking alone with the MLOps process (nine phases and their scenarios, the phases app's
template)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from coding.demo import demo_codebook_load
from phases.services import template_document
from statements.models import Role, Study

from .study_templates import DATA_DIR
from .studyfile import study_import

DEMO_USERNAME = "researcher"
DEMO_DEFAULT_PASSWORD = "focusgroup-demo"  # noqa: S105 (a documented demo password)
DEMO_FILE = DATA_DIR / "araujo2024-mlops-focus-groups.json"


@dataclass(frozen=True)
class DemoResult:
    study: Study
    user_created: bool
    study_created: bool
    phase_study: Study | None = None
    phase_study_created: bool = False


@transaction.atomic
def demo_load(*, password: str = DEMO_DEFAULT_PASSWORD) -> DemoResult:
    """Create (or reuse) the demo researcher, its MLOps study with the codebook of the paper's
    themes and its phase-tracking study; a rerun duplicates nothing."""
    data = DEMO_FILE.read_bytes()
    title = json.loads(data)["study"]["title"]
    User = get_user_model()
    user, user_created = User.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"email": "researcher@example.org"}
    )
    # The row lock makes two concurrent runs queue here instead of both importing.
    user = User.objects.select_for_update().get(pk=user.pk)
    if user_created or not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    study, study_created = _owned_or_imported(data, title=title, user=user)
    demo_codebook_load(study=study)  # a no-op when the study has codes
    template = template_document()
    phase_study, phase_created = _owned_or_imported(
        template, title=template["study"]["title"], user=user
    )
    return DemoResult(
        study=study,
        user_created=user_created,
        study_created=study_created,
        phase_study=phase_study,
        phase_study_created=phase_created,
    )


def _owned_or_imported(data: bytes | dict, *, title: str, user) -> tuple[Study, bool]:
    """The user's own study of that title, or the file imported for the user."""
    study = Study.objects.filter(
        title=title, memberships__user=user, memberships__role=Role.OWNER
    ).first()
    if study is not None:
        return study, False
    return study_import(data=data, owner=user), True
