"""The diverging agreement chart says what it counts.

Counting participants, one who used several levels counts in each (S1 of the paper: 7 for N = 6);
the split shares them out to sum to N. Its PDF, as downloaded, draws every text whole (kaleido clips
the page's last points)."""

from __future__ import annotations

import shutil
import subprocess
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from analysis.charts import diverging_bar
from analysis.grids import build_grids

from .support import FIGURE_3, study_data


def bars(fig) -> dict[str, float]:
    return {t.name: abs(t.x[0]) for t in fig.data if t.showlegend is not False}


def test_counting_participants_says_a_bar_can_exceed_n():
    fig = diverging_bar(build_grids(study_data(FIGURE_3)))
    assert fig.data[0].y[0].endswith("(N=6)")
    assert bars(fig)["Strongly agree"] == 5
    assert bars(fig)["Partially agree"] == 2
    assert sum(bars(fig).values()) == 7
    assert "can add up to more than N" in fig.layout.legend.title.text


def test_the_split_shares_each_participant_among_their_levels_to_sum_to_n():
    fig = diverging_bar(build_grids(study_data(FIGURE_3)), by="split")
    assert fig.data[0].y[0].endswith("(N=6)")
    assert bars(fig)["Strongly agree"] == 4.5
    assert bars(fig)["Partially agree"] == 1.5
    assert sum(bars(fig).values()) == 6
    assert "adds up to N" in fig.layout.legend.title.text
    assert fig.layout.xaxis.title.text == "Participants (split)"


def test_the_split_of_every_statement_sums_to_its_respondents():
    marks = [("P1", "S1", "SA"), ("P1", "S1", "PD"), ("P1", "S1", "NO"), ("P2", "S1", "NO")]
    grid = build_grids(study_data(marks))[0]
    shares = grid.level_totals(by="split")
    assert shares["no_opinion"] == pytest.approx(1 + 1 / 3)
    assert sum(shares.values()) == pytest.approx(grid.respondents()) == pytest.approx(2)


@pytest.mark.django_db
def test_the_page_and_the_downloads_offer_the_split(analysed, analyst):
    client = Client()
    client.force_login(analyst)
    page = client.get(reverse("analysis-study", args=[analysed.pk]), {"by": "split"})
    html = page.content.decode()
    assert 'aria-current="true">participants, split among their levels</a>' in html
    assert "each one&#x27;s weight is shared among the levels they used" in html
    chart = reverse("analysis-chart", args=[analysed.pk, "diverging", "svg"])
    assert f'href="{chart}?by=split"' in html
    svg = client.get(chart, {"by": "split"})
    assert svg.status_code == 200
    assert b"Participants (split)" in svg.content
    api = APIClient()
    api.force_authenticate(analyst)
    base = f"/api/studies/{analysed.pk}/analysis/charts/diverging.png"
    assert api.get(base, {"by": "split"}).content.startswith(b"\x89PNG")
    refused = api.get(base, {"by": "people"})
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "by: count one of participants, split, notes, not 'people'."
    )


def _mutool(*args: str) -> Element:
    out = subprocess.run(["mutool", *args], capture_output=True, check=True, timeout=60).stdout
    return fromstring(out)


def drawn_area(pdf: str) -> tuple[float, float, float, float]:
    """The page area the PDF draws in: its first clip path (kaleido's page clip), in points."""
    clip = next(_mutool("trace", pdf).iter("clip_path"))
    a, b, c, d, e, f = map(float, clip.get("transform").split())
    points = [(float(p.get("x")), float(p.get("y"))) for p in clip if p.get("x") is not None]
    xs = [a * x + c * y + e for x, y in points]
    ys = [b * x + d * y + f for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def text_boxes(pdf: str) -> list[tuple[str, tuple[float, ...]]]:
    return [
        (
            "".join(ch.get("c", "") for ch in line.iter("char")),
            tuple(map(float, line.get("bbox").split())),
        )
        for line in _mutool("draw", "-q", "-F", "stext", "-o", "-", pdf).iter("line")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("by", ["participants", "split", "notes"])
def test_the_downloaded_pdf_draws_every_text_whole(analysed, analyst, tmp_path, by):
    assert shutil.which("mutool"), "mutool is missing: install mupdf-tools"
    client = Client()
    client.force_login(analyst)
    url = reverse("analysis-chart", args=[analysed.pk, "diverging", "pdf"])
    pdf = tmp_path / "agreement.pdf"
    pdf.write_bytes(client.get(url, {"by": by}).content)
    left, top, right, bottom = drawn_area(str(pdf))
    boxes = text_boxes(str(pdf))
    axis_titles = {"Participants", "Participants (split)", "Notes"}
    titles = [box for text, box in boxes if text in axis_titles]
    assert len(titles) == 2  # the x-axis titles of both panels
    clipped = [
        text
        for text, (x0, y0, x1, y1) in boxes
        if x0 < left - 0.5 or y0 < top - 0.5 or x1 > right + 0.5 or y1 > bottom + 0.5
    ]
    assert clipped == []
