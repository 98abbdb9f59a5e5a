"""Django's model backend, counting how often a password is checked (for the token test)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

CHECKS: list[str] = []


class CountingBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        CHECKS.append(username)
        return super().authenticate(request, username=username, password=password, **kwargs)
