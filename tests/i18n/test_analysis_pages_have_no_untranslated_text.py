"""The analysis, coding and phase-tracking pages show no text that no translation produced.

As for the participant pages, the pt-BR catalog is swapped for a pseudo-translation of every
marked string (each shown as ⟦string⟧) and the pages are read through their real views by a
researcher whose browser asks for Portuguese. Any word left outside the markers, other than the
study's own data, is English that a template, a view or a service writes unmarked.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coding.models import Code, Memo
from coding.services import code_create, coding_create, memo_create
from phases.models import Phase, PhaseScenario
from phases.services import entry_create, phase_data_create
from sessions.models import Session
from statements.models import Study
from tests.coding.support import add_transcript, coding_study, notes_of

from .support import ROOT, analysis_messages, page_messages, template_messages
from .test_participant_pages_have_no_untranslated_text import study_data
from .text_scan import untranslated, write_pseudo_catalog

pytestmark = pytest.mark.django_db
# Other areas' templates that these pages include.
INCLUDED = [
    ROOT / "templates" / "statements" / "_form_fields.html",
    ROOT / "templates" / "statements" / "_study_tabs.html",
]
FORMAT_NAMES = {"JSON", "CSV", "Markdown", "LaTeX", "PNG", "SVG", "PDF", "REFI-QDA"}
# Refusals name the query parameter or form field at fault, as the URL and the API spell it.
PARAMETER_NAMES = {"session:", "key:"}
# A scenario named for a shift it does not belong to: the service, not the form, refuses it.
ENTRY_OF_NO_SHIFT = {
    "main": "definir",
    "visited": "definir",
    "minutes": "5",
    "scenario": "Alinhamento",
}


@pytest.fixture
def pseudo_pt_br(tmp_path, settings):
    messages = [*page_messages(), *analysis_messages(), *template_messages(INCLUDED, [])]
    write_pseudo_catalog(messages, tmp_path / "pt_BR" / "LC_MESSAGES")
    settings.LOCALE_PATHS = [tmp_path]


@pytest.fixture
def researched(owner, analyst) -> Study:
    """A coded study with notes, a transcript, codes, codings, memos and a phase log."""
    study = coding_study(owner=owner, members={"analyst": analyst}, title="Estudo codificado")
    notes = notes_of(study)
    lines = add_transcript(study, ["Fizemos o rollback na sexta."])
    rollback = code_create(study=study, name="Reversão", color="#1B9E77")
    code_create(study=study, name="Esforço", parent=rollback.pk)
    coding_create(study=study, code=rollback, user=owner, note=notes["Rollback"].pk)
    coding_create(study=study, code=rollback, user=analyst, note=notes["The"].pk, start=0, end=3)
    coding_create(study=study, code=rollback, user=analyst, segment=lines[0].pk)
    memo_create(study=study, about="code", target=rollback.pk, text="Memo do código", user=owner)
    memo_create(study=study, about="study", target=None, text="Memo do estudo", user=analyst)
    phases = [{"key": "definir", "name": "Definir"}, {"key": "implantar", "name": "Implantar"}]
    scenario = {"main": "definir", "visited": "implantar", "name": "Alinhamento"}
    phase_data_create(study=study, phases=phases, phase_scenarios=[scenario])
    entry_create(
        study=study, main="definir", visited="implantar", minutes=20, scenario="Alinhamento",
        reason="Pedido do cliente", at="2024-02-01T09:30:00Z", user=owner,
    )  # fmt: skip
    return study


def researched_data(study: Study) -> set[str]:
    """The study's own words: its design, notes, sessions, codes, memos, phases and people."""
    data = study_data(study, *FORMAT_NAMES, *PARAMETER_NAMES)
    data |= {s for st in study.statements.all() for s in (st.key, st.title, st.text)}
    data |= {s for level in study.scale_levels.all() for s in (level.key, level.label)}
    data |= {field.key for field in study.profile_fields.all()}  # the filters offer keys
    data |= set(Session.objects.filter(study=study).values_list("name", flat=True))
    data |= {n.text for n in notes_of(study).values()} | {
        n.participant.code for n in notes_of(study).values()
    }
    data |= {s for c in Code.objects.filter(study=study) for s in (c.name, c.key)}
    data |= set(Memo.objects.filter(study=study).values_list("text", flat=True))
    data |= {s for p in Phase.objects.filter(study=study) for s in (p.key, p.name)}
    data |= set(PhaseScenario.objects.filter(study=study).values_list("name", flat=True))
    data |= {"Pedido do cliente", "Fizemos o rollback na sexta.", "session1.wav"}
    data |= {"owner", "analyst", "final"}  # usernames, and the reconciling coder's label
    return {value for value in data if value}  # an empty value would blank out the whole page


def pages_of_a_researcher(study: Study, owner) -> list[tuple[str, str]]:
    """(name, html) of every analysis, coding and phase page, and of refusals they show."""
    browser = Client(HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    browser.force_login(owner)
    session = Session.objects.filter(study=study).order_by("position", "id").first()
    code = Code.objects.get(study=study, parent=None)
    recording = add_transcript(study, ["Segunda gravação."])[0].recording
    pk = study.pk
    gets = {
        "analysis": reverse("analysis-study", args=[pk]),
        "analysis, split": reverse("analysis-study", args=[pk]) + "?by=split",
        "analysis, bad filter": reverse("analysis-study", args=[pk]) + "?session=Nenhuma",
        "cell notes": reverse("analysis-notes", args=[pk])
        + "?statement=S1&participant=P1&level=strongly_agree",
        "wrap-up": reverse("analysis-session-wrapup", args=[pk, session.pk]),
        "coding overview": reverse("coding-overview", args=[pk]),
        "coding a statement": reverse("coding-statement", args=[pk, "S1"]) + "?others=1",
        "coding a transcript": reverse("coding-transcript", args=[pk, recording.pk]),
        "disagreements": reverse("coding-disagreements", args=[pk]),
        "memos": reverse("coding-memos", args=[pk]),
        "memos, no match": reverse("coding-memos", args=[pk]) + "?q=zzzz",
        "delete a code": reverse("coding-code-delete", args=[pk, code.pk]),
        "phase setup": reverse("phase-setup", args=[pk]),
        "focus timer": reverse("phase-timer", args=[pk]),
        "phase log": reverse("phase-log", args=[pk]),
        "revisit matrix": reverse("phase-analysis", args=[pk]),
    }
    pages = [(name, browser.get(url)) for name, url in gets.items()]
    posts = {
        "code added": (reverse("coding-code-add", args=[pk]), {"name": "Novo"}),
        "code refused": (reverse("coding-code-add", args=[pk]), {"name": "Outro", "key": "!"}),
        "phase refused": (reverse("phase-setup", args=[pk]), {"op": "add", "key": "definir"}),
        "entry refused": (reverse("phase-log", args=[pk]), ENTRY_OF_NO_SHIFT),
    }
    for name, (url, data) in posts.items():
        pages.append((name, browser.post(url, data, follow=True)))
    for name, response in pages:
        assert response.status_code in {200, 400}, (name, response.status_code)
    return [(name, response.content.decode()) for name, response in pages]


def test_every_analysis_coding_and_phase_page_is_translated_text_and_study_data(
    pseudo_pt_br, researched, owner
):
    pages = pages_of_a_researcher(researched, owner)
    assert len(pages) == 20
    data = researched_data(researched) | {"Segunda gravação.", "Novo"}
    found = {name: untranslated(html, data) for name, html in pages}
    assert {name: words for name, words in found.items() if words} == {}
    assert all("⟦" in html for _name, html in pages)  # they did go through the catalog


def test_the_scan_of_these_pages_catches_a_forgotten_heading(pseudo_pt_br, researched, owner):
    html = dict(pages_of_a_researcher(researched, owner))["coding overview"]
    assert untranslated(html, researched_data(researched) | {"Novo"}) == []
    forgotten = html.replace("<h3>⟦Transcripts⟧</h3>", "<h3>Transcripts</h3>")
    assert untranslated(forgotten, researched_data(researched) | {"Novo"}) == ["Transcripts"]
