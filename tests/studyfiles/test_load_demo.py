"""`manage.py load_demo`, idempotent.

It loads the demo researcher, the MLOps study with its codebook and the phase-tracking study,
each once however often it runs."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

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
    for name in ("DEMO_PASSWORD", "HOST", "PORT", "SITE_URL"):
        monkeypatch.delenv(name, raising=False)
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


def test_it_prints_the_address_of_the_port_it_was_given(db, settings, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", "8765")
    out = load_demo()
    study = Study.objects.get(title=PAPER_TITLE)
    assert f"Open http://127.0.0.1:8765/studies/{study.pk}/" in out
    assert ":8000" not in out


def test_a_server_listening_everywhere_is_reached_on_loopback(db, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104
    monkeypatch.setenv("PORT", "9001")
    assert "Open http://127.0.0.1:9001/studies/" in load_demo()
    monkeypatch.setenv("HOST", "::1")
    assert "Open http://[::1]:9001/studies/" in load_demo()


def test_an_explicit_site_url_wins_over_host_and_port(db, settings, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://focus.example.org")
    settings.SITE_URL = "https://focus.example.org"
    monkeypatch.setenv("PORT", "8765")
    assert "Open https://focus.example.org/studies/" in load_demo()


@pytest.mark.parametrize("port", ["eighty", "0", "70000", "80 80", "\uff18\uff10"])
def test_a_bad_port_is_refused_by_name_before_anything_is_written(db, monkeypatch, port):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("PORT", port)
    with pytest.raises(CommandError, match=r"PORT must be a number from 1 to 65535"):
        load_demo()
    assert not Study.objects.exists()
    assert not get_user_model().objects.filter(username="researcher").exists()


def test_make_demo_passes_its_host_and_port_to_the_command():
    commands = subprocess.run(
        ["make", "-n", "demo", "HOST=127.0.0.2", "PORT=8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(c for c in commands.splitlines() if "load_demo" in c)
    assert "HOST=127.0.0.2" in line
    assert "PORT=8123" in line
