"""A refused study file is explained in the researcher's language, at the same place.

Issue 10, item 23: the import page and the API word each refusal of studyfiles/ in the browser's
language (Portuguese or Spanish), with the JSON pointer unchanged, and every string studyfiles/
marks for translation has both translations in the compiled catalogs. The expected sentences are
typed here, not read from the catalogs.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.studyfiles.studyfile_support import paper_document, row_counts

from .support import LANGUAGES, PYTHON_KEYWORDS, ROOT, compiled, extracted, missing_translations

IMPORT_API = "/api/studies/import/"
LAST_NOTE = "/study/sessions/1/notes/18"
LEVEL_KEYS = "strongly_agree, partially_agree, partially_disagree, strongly_disagree, no_opinion"
ALLOWED = (
    "title, scale, statements, description, consent_text, profile_fields, sessions, codebook, "
    "codings, memos, phases, phase_scenarios, phase_log"
)


def unknown_level(document: dict) -> None:
    document["study"]["sessions"][1]["notes"][18]["level"] = "agree"


def misspelt_consent(document: dict) -> None:
    document["study"]["consent"] = "A typo of consent_text."


def note_too_long(document: dict) -> None:
    document["study"]["sessions"][1]["notes"][18]["text"] = "x" * 2001


def memo_text_a_number(document: dict) -> None:
    document["version"] = 2
    document["study"]["memos"] = [{"author": "ana", "about": {"study": True}, "text": 5}]


def memo_about_a_missing_note(document: dict) -> None:
    document["version"] = 2
    document["study"]["memos"] = [{"author": "ana", "about": {"note": "n-404"}, "text": "Lost."}]


def empty_title(document: dict) -> None:
    document["study"]["title"] = "  "


# (break the file, pointer, Portuguese, Spanish): each rule worded by a different part of the code.
REFUSALS = [
    (
        unknown_level,
        f"{LAST_NOTE}/level",
        f'Não há nível "agree" na escala do estudo (chaves dos níveis: {LEVEL_KEYS}).',
        f'No hay ningún nivel "agree" en la escala del estudio '
        f"(claves de los niveles: {LEVEL_KEYS}).",
    ),
    (
        misspelt_consent,
        "/study/consent",
        f'Chave desconhecida "consent" no estudo. Você quis dizer "consent_text"? '
        f"Chaves permitidas: {ALLOWED}.",
        f'Clave desconocida "consent" en el estudio. ¿Quiso decir "consent_text"? '
        f"Claves permitidas: {ALLOWED}.",
    ),
    (
        note_too_long,
        f"{LAST_NOTE}/text",
        "O texto de uma nota deve ter de 1 a 2.000 caracteres sem os espaços das pontas; "
        "tem 2.001.",
        "El texto de una nota debe tener de 1 a 2\xa0000 caracteres sin los espacios de los "
        "extremos; tiene 2\xa0001.",
    ),
    (
        memo_text_a_number,
        "/study/memos/0/text",
        "Este lugar deve ser do tipo string, não um número.",
        "Este lugar debe ser de tipo cadena de texto, no un número.",
    ),
    (
        memo_about_a_missing_note,
        "/study/memos/0/about/note",
        'Não há nota "n-404" no estudo.',
        'No hay ninguna nota "n-404" en el estudio.',
    ),
    (
        empty_title,
        "/study/title",
        "O título não pode ficar em branco.",
        "El título no puede quedar en blanco.",
    ),
]
BROWSERS = {"pt_BR": "pt-BR,pt;q=0.9", "es": "es-ES,es;q=0.9"}


# (language, break, pointer, expected): every refusal in each language of LANGUAGES.
CASES = [
    pytest.param(language, change, pointer, words[n], id=f"{language}-{change.__name__}")
    for n, language in enumerate(LANGUAGES)
    for change, pointer, *words in REFUSALS
]


def broken(change) -> bytes:
    document = paper_document()
    change(document)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def shown_refusal(page: str) -> tuple[str, str]:
    """The pointer and the rule the import page shows, as people read them."""
    pointer = re.search(r'<code class="pointer">(.*?)</code>', page, re.DOTALL)
    rule = re.search(r'<dd class="rule">(.*?)</dd>', page, re.DOTALL)
    assert pointer, "the page shows no pointer"
    assert rule, "the page shows no rule"
    return html.unescape(pointer.group(1)), html.unescape(rule.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "change", "pointer", "expected"), CASES)
def test_the_import_page_words_the_refusal_in_the_researchers_language(
    owner, language, change, pointer, expected
):
    client = Client(HTTP_ACCEPT_LANGUAGE=BROWSERS[language])
    client.force_login(owner)
    upload = SimpleUploadedFile("study.json", broken(change), "application/json")
    before = row_counts()
    page = client.post(reverse("study-import"), {"file": upload})
    assert page.status_code == 400
    assert shown_refusal(page.content.decode()) == (pointer, expected)
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "change", "pointer", "expected"), CASES)
def test_the_api_words_the_refusal_in_the_callers_language(
    owner, language, change, pointer, expected
):
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post(
        IMPORT_API,
        broken(change),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=BROWSERS[language],
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["pointer"], body["message"]) == (
        "study_file_invalid",
        pointer,
        expected,
    )


@pytest.mark.django_db
def test_an_english_browser_still_reads_the_english_rule(owner):
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post(
        IMPORT_API, broken(empty_title), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["message"] == "The title must not be empty."


@pytest.mark.django_db
def test_the_api_asks_for_the_file_in_the_callers_language(owner):
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post(IMPORT_API, {}, format="multipart", HTTP_ACCEPT_LANGUAGE="pt-BR")
    assert response.status_code == 400
    assert response.json()["message"] == (
        'Envie o arquivo de estudo como o campo "file" do formulário ou como um corpo JSON.'
    )


STUDYFILES_PYTHON = sorted(
    path for path in (ROOT / "studyfiles").glob("**/*.py") if "migrations" not in path.parts
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_study_file_code_is_translated(language):
    messages = extracted(STUDYFILES_PYTHON, "Python", PYTHON_KEYWORDS)
    found = {msgid for _context, msgid, _plural in messages}
    assert "There is no participant %(code)s in this session." in found  # the rules were read
    assert len(found) > 100
    assert missing_translations(messages, compiled(language, "django")) == []
