"""Helpers of the live-board browser tests: join through the real pages, watch sockets, run axe."""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def join(page: Page, invite_path: str, years: str = "4") -> str:
    """Accept the consent and fill the characterization form; return the participant's code."""
    page.goto(invite_path)
    page.get_by_label("I have read the text above").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Years of experience").fill(years)
    page.get_by_label("Knowledge").select_option("Medium")
    page.get_by_role("button", name="Join the board").click()
    page.locator("#conn.conn-online").wait_for()
    return page.locator(".me .chip").inner_text()


def record_frames(page: Page) -> list[str]:
    """Every WebSocket frame the page receives, as text, from now on."""
    frames: list[str] = []
    page.on(
        "websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload)))
    )
    return frames


def record_responses(page: Page) -> list[str]:
    """Bodies of the HTML and JSON responses the page receives, from now on."""
    bodies: list[str] = []

    def keep(response) -> None:
        kind = response.headers.get("content-type", "")
        if "html" in kind or "json" in kind:
            # A redirect has no body to read.
            with contextlib.suppress(PlaywrightError):
                bodies.append(response.text())

    page.on("response", keep)
    return bodies


def add_note(page: Page, column: str, text: str) -> None:
    """Write a note in a column of the active statement, through the keyboard-reachable form."""
    page.get_by_role("button", name=f"Add note in {column}", exact=True).click()
    page.get_by_label(f"Your note in {column}").fill(text)
    page.get_by_role("button", name="Save").click()


def note(page: Page, text: str):
    return page.locator(".note", has_text=text)


def note_action(page: Page, text: str, action: str) -> None:
    """Open a note's action menu and choose one of its actions."""
    note(page, text).get_by_role("button", name="Actions for note").click()
    note(page, text).get_by_role("button", name=action, exact=True).click()


def serious_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical findings on the page as it is now."""
    # Evaluated through the DevTools protocol, not as a <script> tag the page's CSP would refuse.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results
        if v["impact"] in {"serious", "critical"}
    ]


def board_texts(page: Page) -> list[str]:
    """The texts of the notes the page shows, sorted."""
    return sorted(page.locator(".note .note-text").all_inner_texts())


def choose_step(console: Page, statement_pk: int, step_label: str) -> None:
    """The console's explicit choice of statement and step (folded under the Next button)."""
    if console.locator("details.explicit").get_attribute("open") is None:
        console.locator("details.explicit summary").click()
    console.get_by_label("Statement", exact=True).select_option(str(statement_pk))
    console.get_by_role("button", name=step_label, exact=True).click()
