"""Counting failed attempts per client address, to slow down guessing of passwords and codes.

Counters live in the cache (Redis in production, so every process shares them); a window starts
at the first failure and ends AUTH_FAILURE_WINDOW_SECONDS later.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def _key(scope: str, request: HttpRequest) -> str:
    return f"failures:{scope}:{request.META.get('REMOTE_ADDR', 'unknown')}"


def too_many_failures(scope: str, request: HttpRequest) -> bool:
    """True when this client has used up its failed attempts for the scope."""
    return (cache.get(_key(scope, request)) or 0) >= settings.AUTH_FAILURES_ALLOWED


def failure_record(scope: str, request: HttpRequest) -> None:
    """Count one failed attempt of this client."""
    key = _key(scope, request)
    if not cache.add(key, 1, timeout=settings.AUTH_FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=settings.AUTH_FAILURE_WINDOW_SECONDS)


def wait_message() -> str:
    minutes = max(1, settings.AUTH_FAILURE_WINDOW_SECONDS // 60)
    return f"Too many failed attempts from your address: try again in {minutes} minute(s)."


class LoginView(auth_views.LoginView):
    """Django's sign-in page, refusing a client after too many wrong passwords."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if too_many_failures("login", request):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, wait_message())
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        failure_record("login", self.request)
        return super().form_invalid(form)
