"""Chart downloads of the phase analysis: PNG, SVG and PDF through kaleido; unknown charts 404."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from .support import log_by_hand

pytestmark = pytest.mark.django_db


def test_every_chart_downloads_as_an_image(tracked, owner, analyst):
    log_by_hand(tracked, owner)
    client = Client()
    client.force_login(analyst)
    base = f"/studies/{tracked.pk}/phases/charts"
    png = client.get(f"{base}/chord.png")
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    svg = client.get(f"{base}/matrix.svg").content
    assert b"<svg" in svg
    assert b"0.22" in svg  # the heatmap's values are drawn
    assert client.get(f"{base}/sankey.pdf").content.startswith(b"%PDF")
    assert client.get(f"{base}/focus-prepare.png").content.startswith(b"\x89PNG")
    assert b"Missing data" in client.get(f"{base}/links-prepare.svg").content
    assert client.get(f"{base}/links-nowhere.png").status_code == 404
    assert client.get(f"{base}/chord.gif").status_code == 404


def test_the_flows_chart_of_a_log_without_shifts_says_so(tracked, analyst):
    client = Client()
    client.force_login(analyst)
    page = client.get(f"/studies/{tracked.pk}/phases/analysis/").content.decode()
    start = page.index('id="phase-figures">') + len('id="phase-figures">')
    sankey = json.loads(page[start : page.index("</script>", start)])["sankey"]
    assert sankey["data"] == []  # Plotly cannot lay out a sankey without links
    note = "No time logged on one phase while another was the main one."
    assert [a["text"] for a in sankey["layout"]["annotations"]] == [note]
    svg = client.get(f"/studies/{tracked.pk}/phases/charts/sankey.svg").content
    assert note.encode() in svg
