"""`manage.py load_demo`: the demo researcher, the MLOps study with its codebook and the
phase-tracking study, each once however often it runs."""

from __future__ import annotations

import io

from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from coding.demo import demo_codebook
from coding.models import Code
from phases.models import Phase, PhaseScenario
from phases.services import template_document
from sessions.models import Note, Participant
from statements.models import Role, Study
from statements.permissions import study_role

from .studyfile_support import paper_document

PAPER_TITLE = paper_document()["study"]["title"]
PHASES_TITLE = template_document()["study"]["title"]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_creates_the_researcher_and_the_papers_study(db, settings, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.SITE_URL = "http://demo.example:8000/"
    out = load_demo()
    study = Study.objects.get(title=PAPER_TITLE)
    user = get_user_model().objects.get(username="researcher")
    assert study_role(user, study) == Role.OWNER
    assert study.title == paper_document()["study"]["title"]
    assert Participant.objects.filter(study=study).count() == 6
    assert Note.objects.filter(session__study=study).count() == 38
    assert f"http://demo.example:8000/studies/{study.pk}/" in out
    assert "'researcher'" in out
    assert "'focusgroup-demo'" in out
    assert authenticate(username="researcher", password="focusgroup-demo") == user


def test_running_it_twice_gives_one_study(db):
    load_demo()
    counts = (Code.objects.count(), Phase.objects.count(), PhaseScenario.objects.count())
    second = load_demo()
    assert Study.objects.count() == 2
    assert get_user_model().objects.filter(username="researcher").count() == 1
    assert Note.objects.count() == 38
    assert (Code.objects.count(), Phase.objects.count(), PhaseScenario.objects.count()) == counts
    assert "The demo study already exists" in second
    assert "The phase-tracking demo study already exists" in second


def _keys(codes: list[dict]) -> list[str]:
    return [key for c in codes for key in [c["key"], *_keys(c.get("children", []))]]


def test_the_papers_study_gets_the_codebook_of_its_themes(db):
    load_demo()
    study = Study.objects.get(title=PAPER_TITLE)
    assert sorted(Code.objects.filter(study=study).values_list("key", flat=True)) == sorted(
        _keys(demo_codebook())
    )


def test_it_adds_the_phase_tracking_study_of_the_mlops_process(db):
    out = load_demo()
    study = Study.objects.get(title=PHASES_TITLE)
    researcher = get_user_model().objects.get(username="researcher")
    assert study_role(researcher, study) == Role.OWNER
    template = template_document()["study"]
    keys = list(study.phases.order_by("position").values_list("key", flat=True))
    assert keys == [p["key"] for p in template["phases"]]
    assert PhaseScenario.objects.filter(study=study).count() == len(template["phase_scenarios"])
    assert not study.statements.exists()
    assert f"Imported the phase-tracking demo study {PHASES_TITLE!r}" in out


def test_the_password_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-password-7")
    out = load_demo()
    assert "'another-demo-password-7'" in out
    assert authenticate(username="researcher", password="another-demo-password-7") is not None
    # A later run with another password makes the printed one the working one.
    monkeypatch.setenv("DEMO_PASSWORD", "third-demo-password-9")
    load_demo()
    assert authenticate(username="researcher", password="third-demo-password-9") is not None
    assert Study.objects.count() == 2


def test_a_study_of_the_same_title_owned_by_someone_else_does_not_count(owner):
    from studyfiles.studyfile import study_import

    study_import(data=paper_document(), owner=owner)
    load_demo()
    researcher = get_user_model().objects.get(username="researcher")
    assert Study.objects.filter(title=PAPER_TITLE).count() == 2
    assert Study.objects.filter(title=PAPER_TITLE, memberships__user=researcher).count() == 1
