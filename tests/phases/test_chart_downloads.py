"""Chart downloads of the phase analysis: PNG, SVG and PDF through kaleido; unknown charts 404."""

from __future__ import annotations

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
