"""The one limiter of the project: failed attempts (passwords, join codes) and request rates.

Counters live in the cache (Redis in production, shared by every process) and are changed with
``add`` + ``incr`` only, which Redis does atomically: two processes never lose each other's counts
(a get-then-set would). A window starts at the first count and ends ``window`` seconds later.

Failed attempts are counted three ways, so that a room of participants behind one NAT address is
not locked out by a few typos while guessing stays bounded:

- per address and target (a username, a join code): AUTH_FAILURES_ALLOWED. It locks that target
  for that address only: the right join code, or another account, is still served to everyone
  behind the same address;
- per target from every address: AUTH_FAILURES_PER_TARGET (guessing one password from many
  addresses);
- per address over every target: AUTH_FAILURES_PER_ADDRESS, well above what a room mistypes
  (guessing many codes from one address).

The client's address is REMOTE_ADDR, or, only when REMOTE_ADDR is one of TRUSTED_PROXIES, the
right-most address of X-Forwarded-For that is not a trusted proxy itself: a client cannot choose
its address by sending the header.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The address a request came from, believing X-Forwarded-For only from trusted proxies."""
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    if not _trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a malformed hop: the proxy itself is the best we know
    return remote


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def count_hit(key: str, *, window: int) -> int:
    """Add one to a counter that expires `window` seconds after its first hit; the new count."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, timeout=window)
        return 1


def rate_hit(ident: str, *, limit: int, window: int) -> bool:
    """Count one request of `ident`; True while it is within `limit` requests per window."""
    return count_hit(f"rate:{_digest(ident)}", window=window) <= limit


def _failure_keys(scope: str, request: HttpRequest, target: str) -> dict[str, tuple[str, int]]:
    address = client_address(request)
    target = _digest(target.strip().casefold())
    return {
        "pair": (f"failures:{scope}:pair:{address}:{target}", settings.AUTH_FAILURES_ALLOWED),
        "target": (f"failures:{scope}:target:{target}", settings.AUTH_FAILURES_PER_TARGET),
        "address": (f"failures:{scope}:address:{address}", settings.AUTH_FAILURES_PER_ADDRESS),
    }


def too_many_failures(scope: str, request: HttpRequest, target: str = "") -> bool:
    """True when this address has used up its failures on the target, the target its failures
    from all addresses, or the address its failures over all targets."""
    keys = _failure_keys(scope, request, target)
    counts = cache.get_many([key for key, _limit in keys.values()])
    return any((counts.get(key) or 0) >= limit for key, limit in keys.values())


def failure_record(scope: str, request: HttpRequest, target: str = "") -> None:
    """Count one failed attempt of this address on the target."""
    for key, _limit in _failure_keys(scope, request, target).values():
        count_hit(key, window=settings.AUTH_FAILURE_WINDOW_SECONDS)


def wait_message() -> str:
    minutes = max(1, settings.AUTH_FAILURE_WINDOW_SECONDS // 60)
    return f"Too many failed attempts from your address: try again in {minutes} minute(s)."


def limited_sign_in(view: Callable[..., HttpResponse], scope: str) -> Callable[..., HttpResponse]:
    """A sign-in view refusing (429) an address past its failures for the username posted; a
    POST answered without a redirect counts as a failure."""

    def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        username = request.POST.get("username", "")
        if too_many_failures(scope, request, username):
            response = HttpResponse(wait_message(), status=429, content_type="text/plain")
            response["Retry-After"] = str(settings.AUTH_FAILURE_WINDOW_SECONDS)
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200:  # the form again, with its error
            failure_record(scope, request, username)
        return response

    limited.__name__ = getattr(view, "__name__", "limited_sign_in")
    return limited


class LoginView(auth_views.LoginView):
    """Django's sign-in page, refusing a client after too many wrong passwords."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = request.POST.get("username", "")
        if too_many_failures("login", request, username):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, wait_message())
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        failure_record("login", self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)
