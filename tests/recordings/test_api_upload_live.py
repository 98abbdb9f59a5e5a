"""A resumable upload against a running server over real sockets.

The client's connection drops in the middle of a chunk, it asks the server where to go on from,
sends the rest and finishes."""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
from rest_framework.authtoken.models import Token

from recordings.models import Recording

from .speech import speech_file
from .worker import purge_queue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server():
    """The project's WSGI app on a threaded server of its own (pytest-django's live server trips
    over MEDIA_URL = None); stopped after the test."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    httpd = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    httpd.set_app(get_wsgi_application())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


def call(base: str, token: str, method: str, path: str, body: bytes = b"", headers=None):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(
            method,
            path,
            body=body,
            headers={"Authorization": f"Token {token}", **(headers or {})},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def create_upload(base: str, token: str, session, data: bytes) -> str:
    """The path of a new upload announced for `data`."""
    status, upload = call(
        base,
        token,
        "POST",
        "/api/recording-uploads/",
        json.dumps(
            {
                "session": session.pk,
                "filename": "room.ogg",
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        ).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 201, upload
    return f"/api/recording-uploads/{upload['id']}/"


def send_cut_chunk(base: str, token: str, path: str, data: bytes, sent: int) -> None:
    """The whole file announced as one chunk; the connection drops after `sent` bytes of it."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as raw:
        head = (
            f"PATCH {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Authorization: Token {token}\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Range: bytes 0-{len(data) - 1}/{len(data)}\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
        )
        raw.sendall(head.encode() + data[:sent])
        raw.shutdown(socket.SHUT_WR)  # what a client whose network went away looks like
        raw.recv(65536)  # the server answers (or closes) once it has handled the cut chunk


def offset_once_settled(base: str, token: str, path: str, expected: int) -> int:
    """The upload's offset as the server reads it, once it is `expected` or after 20 s."""
    deadline = time.monotonic() + 20
    while True:
        status, state = call(base, token, "GET", path)
        assert status == 200, state
        if state["offset"] == expected or time.monotonic() > deadline:
            return state["offset"]
        time.sleep(0.1)


def test_a_chunk_cut_by_a_dropped_connection_is_resumed_from_the_servers_offset(
    server, owner, session, speech_dir, media_dir
):
    data = speech_file(["monitoring", "versioning"], speech_dir, "ogg").read_bytes()
    token = Token.objects.create(user=owner).key
    base = server
    path = create_upload(base, token, session, data)
    sent = len(data) // 2
    send_cut_chunk(base, token, path, data, sent)
    assert offset_once_settled(base, token, path, sent) == sent  # what arrived is kept
    assert not Recording.objects.exists()
    status, state = call(
        base,
        token,
        "PATCH",
        path,
        data[sent:],
        {
            "Content-Type": "application/octet-stream",
            "Content-Range": f"bytes {sent}-{len(data) - 1}/{len(data)}",
        },
    )
    assert status == 200, state
    assert state["complete"] is True
    status, recording = call(base, token, "POST", f"{path}finish/")
    purge_queue()
    assert status == 201, recording
    stored = Recording.objects.get(pk=recording["id"])
    assert stored.status == Recording.Status.QUEUED
    assert (media_dir / stored.file.name).read_bytes() == data
