"""The analysis and phase charts follow the page's colour scheme (issue 10).

On a dark page every chart is drawn on the card's dark colour with text that keeps AA contrast
on it, at 1366 and 390 px; when the browser turns light the charts are redrawn light; the PNG,
SVG and PDF downloads stay the light figures papers print."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from phases.services import phases_template_apply

from .base import PaperStudyTestCase
from .data import log_shifts

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("BOARD_SHOTS_DIR", "/tmp"))  # noqa: S108 - screenshots to look at
CARD = "rgb(27, 31, 41)"  # app.css's --card in dark mode
WHITE = "rgb(255, 255, 255)"
WIDTHS = ((1366, 900), (390, 844))

# Each drawn chart's paper colour (the SVG's background) and the colour of each text on the paper.
# A heatmap's cell labels stand on their cells, whose colour Plotly contrasts them with.
CHART_TEXTS = """() => [...document.querySelectorAll(".chart")].map((chart) => {
  const paper = getComputedStyle(chart.querySelector(".main-svg")).backgroundColor;
  const texts = [...chart.querySelectorAll("svg text")]
    .filter((node) => node.textContent.trim() && !node.closest(".heatmaplayer"))
    .map((node) => ({ text: node.textContent.trim(), fill: getComputedStyle(node).fill }));
  return { id: chart.id || chart.dataset.figure, paper, texts };
})"""
PAPERS = "() => [...document.querySelectorAll('.chart .main-svg:first-child')]" + (
    ".map((svg) => getComputedStyle(svg).backgroundColor)"
)


def rgb(colour: str) -> tuple[int, int, int]:
    r, g, b = (int(v) for v in re.findall(r"\d+", colour)[:3])
    return r, g, b


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two CSS rgb() colours."""

    def luminance(colour: str) -> float:
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in (v / 255 for v in rgb(colour))
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_helper_knows_wcag_s_figures():
    assert round(contrast("rgb(0, 0, 0)", WHITE), 1) == 21.0
    assert round(contrast("rgb(118, 118, 118)", WHITE), 2) == 4.54  # the lightest AA grey


class TestDarkModeCharts(PaperStudyTestCase):
    def setUp(self) -> None:
        super().setUp()
        phases_template_apply(study=self.study)
        log_shifts(self.study, self.owner)

    def pages(self) -> dict[str, str]:
        return {
            "analysis": f"/studies/{self.study.pk}/analysis/",
            "phases": f"/studies/{self.study.pk}/phases/analysis/",
        }

    def open_drawn(self, page, address: str) -> int:
        """Open the page and wait until every chart on it is drawn; the number of charts."""
        page.goto(address)
        charts = page.locator(".chart").count()
        assert charts >= 2, address
        page.wait_for_function(
            "n => document.querySelectorAll('.chart .main-svg:first-child').length === n",
            arg=charts,
        )
        return charts

    def test_the_charts_are_dark_and_readable_on_a_dark_page_and_light_on_a_light_one(self):
        for width, height in WIDTHS:
            context = self.new_context(
                viewport={"width": width, "height": height}, color_scheme="dark"
            )
            context.set_default_timeout(30_000)  # the phase page draws many charts
            page = self.new_page(context)
            self.login(page, self.owner)
            for name, address in self.pages().items():
                self.open_drawn(page, address)
                page.screenshot(path=str(SHOTS / f"dark_charts_{name}_{width}.png"), full_page=True)
                unreadable = []
                for chart in page.evaluate(CHART_TEXTS):
                    assert chart["paper"] == CARD, (name, chart["id"])
                    assert chart["texts"], (name, chart["id"])  # titles, ticks, labels
                    unreadable += [
                        (chart["id"], text["text"], text["fill"])
                        for text in chart["texts"]
                        if contrast(text["fill"], chart["paper"]) < 4.5
                    ]
                assert unreadable == [], (name, width)
                # The modebar's camera would snapshot the dark chart: the links give the light one.
                assert page.locator(".modebar-btn[data-title*='PNG']").count() == 0
                page.emulate_media(color_scheme="light")
                page.wait_for_function(f"() => ({PAPERS})().every(c => c === '{WHITE}')")
                page.emulate_media(color_scheme="dark")
                page.wait_for_function(f"() => ({PAPERS})().every(c => c === '{CARD}')")

    def test_a_downloaded_chart_stays_light_whatever_the_page_s_colour_scheme(self):
        page = self.new_page(self.new_context(color_scheme="dark"))
        self.login(page, self.owner)
        self.open_drawn(page, self.pages()["analysis"])
        link = page.get_by_role("link", name="SVG").first.get_attribute("href")
        svg = page.request.get(link).text()
        # Plotly's paper: the first rectangle of the image, filled white.
        paper = re.search(r"<rect[^>]*>", svg)
        assert paper is not None
        assert "fill: rgb(255, 255, 255)" in paper.group(0)
