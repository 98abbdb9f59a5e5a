"""A participant of a Brazilian study reads Portuguese in a browser that asks for English.

The participant joins, sees Portuguese on the consent, the form and the board, and posts a note;
axe finds nothing serious in pt-BR, at 390 px and at 1366 px. The moderator's console stays in the
moderator's own language."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from sessions.models import Note
from sessions.services import session_create
from statements.services import scale_preset_apply, study_update
from tests.factories import make_study, make_user
from tests.i18n.support import compiled

from .base import BrowserTestCase
from .live_board_support import serious_violations

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
WIDE = {"width": 1366, "height": 900}
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at

SHOWN_TEXT = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    // Key names (<kbd>Delete</kbd>) are what the keys say, not words to translate.
    if (node.parentElement.closest("script, style, [hidden], kbd")) continue;
    if (node.textContent.trim()) texts.push(node.textContent.trim());
  }
  for (const node of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
    for (const name of ["aria-label", "title", "placeholder"]) {
      if (node.getAttribute(name)) texts.push(node.getAttribute(name));
    }
  }
  return texts;
}"""


def english_left(page) -> list[str]:
    """Texts of the page that are the English source of a board string translated in pt-BR."""
    catalog = compiled("pt_BR", "djangojs")
    # Sentences without placeholders, whose English differs from their Portuguese.
    english = {
        key
        for key, value in catalog.items()
        if isinstance(key, str) and len(key) > 3 and "%(" not in key and key != value
    }
    return sorted(text for text in page.evaluate(SHOWN_TEXT) if text in english)


class TestBoardInPortuguese(BrowserTestCase):
    def setUp(self) -> None:
        self.owner = make_user("olga")
        self.study = make_study(owner=self.owner, statements=2, title="Estudo MLOps")
        study_update(study=self.study, language="pt-br")
        scale_preset_apply(study=self.study, preset="paper")  # the paper's columns, in Portuguese
        self.session = session_create(study=self.study, name="Sessão 1")
        self.invite = reverse("join-consent", args=[self.session.invite_token])

    def console(self):
        page = self.new_page(self.new_context(viewport=WIDE, locale="en-US"))
        self.login(page, self.owner)
        page.goto(reverse("session-console", args=[self.study.pk, self.session.pk]))
        page.locator("#conn.conn-online").wait_for()
        return page

    @staticmethod
    def consent_and_profile(page) -> None:
        """The consent (refused once unchecked) and the characterization form, in Portuguese."""
        assert page.get_attribute("html", "lang") == "pt-br"
        page.get_by_role("heading", name="Antes de entrar em Sessão 1").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert serious_violations(page) == []
        page.screenshot(path=str(SHOTS / "fg_ptbr_consent_390.png"), full_page=True)
        page.get_by_role("button", name="Continuar").click()
        page.get_by_text("Você precisa concordar antes de entrar.").wait_for()
        page.get_by_label("Li o texto acima e concordo em participar.").check()
        page.get_by_role("button", name="Continuar").click()
        page.get_by_role("heading", name="Sobre você").wait_for()
        assert page.locator("select option").first.inner_text() == "Escolha…"
        assert serious_violations(page) == []
        page.screenshot(path=str(SHOTS / "fg_ptbr_profile_390.png"), full_page=True)
        page.get_by_label("Years of experience").fill("4")  # the study's own words
        page.get_by_label("Knowledge").select_option("Medium")
        page.get_by_role("button", name="Entrar no quadro").click()
        page.locator("#conn.conn-online", has_text="Conectado").wait_for()
        page.get_by_text("Aguardando o moderador").wait_for()

    def post_a_note(self, page):
        """The moderator (in English) opens the notes; the participant posts one by touch.
        Returns the moderator's console."""
        console = self.console()
        console.get_by_role("button", name="Next: S1, Introduce").click()
        page.get_by_text("Ouça a afirmação. As notas abrem na próxima etapa.").wait_for()
        console.get_by_role("button", name="Next: S1, Add comments").click()
        add = page.get_by_role("button", name="Adicionar nota em Concordo totalmente")
        add.tap()
        page.get_by_label("Sua nota em Concordo totalmente").fill("Implantar ficou mais fácil")
        page.get_by_role("button", name="Salvar").tap()
        page.locator(".note.mine:not(.unsaved)", has_text="Implantar ficou mais fácil").wait_for()
        note = Note.objects.get()
        assert note.text == "Implantar ficou mais fácil"
        assert note.level.label == "Concordo totalmente"
        page.get_by_text("Adicione suas notas nas colunas que correspondem à sua").wait_for()
        assert page.locator(".lane-name").first.inner_text() == "Concordo totalmente"
        return console

    @staticmethod
    def reload_offline(page) -> None:
        """Reloaded offline, the board still speaks Portuguese (the catalog is kept too)."""
        page.wait_for_function(
            "async () => !!(await caches.match('/jsi18n/pt-br/'))"
            " && !!(await caches.match(location.pathname))",
            polling=200,
        )
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # no HTTP cache: only
        # the service worker's copies are left, as after the catalog's hour is over
        page.context.set_offline(True)
        page.reload()
        # The board's own script (its strings from the kept catalog) says it is not connected.
        page.locator("#conn", has_text=re.compile("^(Sem conexão|Conexão perdida)")).wait_for()
        page.locator(".note.mine", has_text="Você (P1)").wait_for()
        page.context.set_offline(False)
        page.locator("#conn.conn-online", has_text="Conectado").wait_for()
        cdp.detach()

    def test_a_participant_joins_a_brazilian_study_and_posts_a_note_in_portuguese(self):
        page = self.new_page(self.new_context(locale="en-US", **PHONE))
        page.goto(self.invite)
        self.consent_and_profile(page)
        console = self.post_a_note(page)
        self.reload_offline(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert english_left(page) == []
        assert serious_violations(page) == []
        page.screenshot(path=str(SHOTS / "fg_ptbr_board_390.png"), full_page=True)
        page.set_viewport_size(WIDE)
        page.locator(".note.mine", has_text="Implantar ficou mais fácil").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
        assert serious_violations(page) == []
        page.screenshot(path=str(SHOTS / "fg_ptbr_board_1366.png"), full_page=True)

        # A note's menu and the undo of a delete speak Portuguese too.
        page.get_by_role("button", name="Ações da nota: Implantar ficou mais fácil").click()
        page.get_by_role("button", name="Excluir", exact=True).click()
        undo = page.get_by_role("button", name="Desfazer")
        undo.wait_for()
        assert english_left(page) == []
        # Undone: nothing is left to send when the page closes.
        undo.click()
        page.locator(".note.mine", has_text="Implantar ficou mais fácil").wait_for()
        # The moderator reads the same board in English, the console's language.
        console.get_by_text("Participants are adding notes.").wait_for()


class TestConsoleInPortuguese(BrowserTestCase):
    def test_a_brazilian_moderator_runs_the_console_in_portuguese_at_both_widths(self):
        owner = make_user("olga")
        study = make_study(owner=owner, statements=2, title="Estudo MLOps")
        session = session_create(study=study, name="Sessão 1")
        page = self.new_page(self.new_context(locale="pt-BR", **PHONE))
        self.login(page, owner)
        page.goto(reverse("session-console", args=[study.pk, session.pk]))
        page.locator("#conn.conn-online", has_text="Conectado").wait_for()
        page.get_by_role("heading", name="Conduzir a sessão").wait_for()
        page.get_by_role("button", name="Próximo: S1, Apresentar").click()
        page.locator("#ctl-status", has_text="Agora: S1").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert serious_violations(page) == []
        page.screenshot(path=str(SHOTS / "fg_ptbr_console_390.png"), full_page=True)
        page.set_viewport_size(WIDE)
        assert serious_violations(page) == []
        page.screenshot(path=str(SHOTS / "fg_ptbr_console_1366.png"), full_page=True)
        # The footer's switch turns the researcher's pages to Spanish.
        page.goto(reverse("study-list"))
        page.get_by_label("Idioma").select_option("es")
        page.get_by_role("button", name="Mudar").click()
        page.get_by_role("heading", name="Estudios").wait_for()
        assert page.get_attribute("html", "lang") == "es"
