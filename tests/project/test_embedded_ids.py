"""On the embedded SQLite, an id too large for any column is "not found", never a server error.

PostgreSQL compares such an id and finds nothing; SQLite's driver cannot bind an integer past 64
bits and raised OverflowError (500) wherever a lookup went through a foreign key. Every route with
a numeric part is requested, with GET and POST, by a signed-in user, on a fresh embedded database
in a process of its own (the test database is PostgreSQL)."""

from __future__ import annotations

import json

from .embedded import run_embedded

PROGRAM = r"""
import json, re
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver

HUGE = str(2**70)

def routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)

def url(route):
    url = re.sub(r"<int:\w+>|\(\?P<\w+>\[0-9\]\+\)", HUGE, route)
    url = re.sub(r"\(\?P<\w+>[^)]*\)|<(\w+:)?\w+>", "x", url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\.", ".")

call_command("migrate", verbosity=0)
client = Client(raise_request_exception=False)
client.force_login(get_user_model().objects.create_user("someone"))
urls = [url(r) for r in routes(get_resolver().url_patterns) if re.search(r"<int:|\[0-9\]", r)]
urls = [u for u in urls if not re.search(r"[\\(\[?]", u)]
errors = [
    (method, u, response.status_code)
    for u in urls
    for method in ("get", "post")
    if (response := getattr(client, method)(u)).status_code >= 500
]
print(json.dumps({"urls": urls, "errors": errors}))
"""


def test_an_id_past_64_bits_is_not_found_on_every_route(tmp_path):
    out = run_embedded(PROGRAM, tmp_path, timeout=300)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert "/api/studies/" + str(2**70) + "/scale-levels/" in found["urls"]
    assert len(found["urls"]) > 100
    assert found["errors"] == []
