"""The one limiter of the project: failed attempts (passwords, join codes) and request rates.

Everything is counted in Redis in production, shared by every process, and changed atomically
there: two processes never lose each other's counts (a get-then-set would). Embedded (no
REDIS_URL) the counts are the process's own, which is then the only server.

Request rates (the board's REST API and its WebSocket messages) are token buckets: a burst of
``capacity``, then ``per_second`` more a second, per key. Each bucket is a single number in Redis
(the time at which it will be full again, the "generic cell rate algorithm"), read and written
by one Lua script on Redis's own clock. If Redis cannot be reached, a request is let through and
the failure logged: the board keeps working while Redis restarts.

Failed attempts are counters in the cache changed with ``add`` + ``incr`` only, which Redis does
atomically. A window starts at the first count and ends ``window`` seconds later.

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

import asyncio
import hashlib
import ipaddress
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
logger = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
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


@lru_cache(maxsize=4096)  # the board's rate limit digests a socket's ident at every message
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


@dataclass(frozen=True)
class Rate:
    """A token bucket's size: a burst of `capacity` requests, then `per_second` a second."""

    capacity: int
    per_second: float


# KEYS[1]: the bucket; ARGV: seconds per token, seconds of the whole burst. Returns the seconds to
# wait as a string ("0" when the request is let through, and then counted).
_BUCKET_SCRIPT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local full_at = tonumber(redis.call('GET', KEYS[1]) or '0')
if full_at < now then full_at = now end
local next_full_at = full_at + interval
local wait = next_full_at - burst - now
if wait > 0 then return tostring(wait) end
redis.call('SET', KEYS[1], tostring(next_full_at), 'PX', math.ceil((next_full_at - now) * 1000))
return '0'
"""


def _bucket_key(ident: str) -> str:
    prefix = settings.CACHES["default"].get("KEY_PREFIX") or "focusgroup"
    return f"{prefix}:bucket:{_digest(ident)}"


@lru_cache(maxsize=16)
def _bucket_args(rate: Rate) -> tuple[str, str]:
    interval = 1.0 / rate.per_second
    return repr(interval), repr(interval * rate.capacity)


class _MemoryBuckets:
    """The buckets of an embedded process (no Redis): the same arithmetic, under a lock.

    ``clock`` gives the seconds of a monotonic clock (a test passes one it moves by hand)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.full_at: dict[str, float] = {}
        self.lock = threading.Lock()
        self.clock = clock

    def take(self, key: str, rate: Rate) -> float:
        interval = 1.0 / rate.per_second
        with self.lock:
            now = self.clock()
            if len(self.full_at) > 10_000:  # forget buckets that are full again
                self.full_at = {k: v for k, v in self.full_at.items() if v > now}
            next_full_at = max(self.full_at.get(key, now), now) + interval
            wait = next_full_at - interval * rate.capacity - now
            if wait > 0:
                return wait
            self.full_at[key] = next_full_at
            return 0.0


_memory = _MemoryBuckets()
_async_scripts: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
    weakref.WeakKeyDictionary()
)
_last_warning = [0.0]


@lru_cache(maxsize=4)
def _sync_script(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url).register_script(_BUCKET_SCRIPT)


def _async_script(url: str) -> Any:
    loop = asyncio.get_running_loop()
    script = _async_scripts.get(loop)
    if script is None:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(url, health_check_interval=30)
        script = _async_scripts[loop] = client.register_script(_BUCKET_SCRIPT)
    return script


def _unreachable() -> float:
    now = time.monotonic()
    if now - _last_warning[0] >= 10:
        _last_warning[0] = now
        logger.warning("Rate limits: Redis unreachable; requests are let through.", exc_info=True)
    return 0.0


def rate_shared() -> bool:
    """True where the buckets are in Redis, shared by every process."""
    return bool(getattr(settings, "REDIS_URL", None))


def rate_take(ident: str, rate: Rate) -> float:
    """Take one request from `ident`'s bucket: 0.0 when it may go on, else the seconds until it
    could (a refused request takes nothing)."""
    url = getattr(settings, "REDIS_URL", None)
    if not url:
        return _memory.take(ident, rate)
    try:
        return float(_sync_script(url)(keys=[_bucket_key(ident)], args=_bucket_args(rate)))
    except Exception:
        return _unreachable()


async def rate_take_async(ident: str, rate: Rate) -> float:
    """rate_take for an event loop (a WebSocket consumer): the same bucket, without a thread."""
    url = getattr(settings, "REDIS_URL", None)
    if not url:
        return _memory.take(ident, rate)
    try:
        wait = await _async_script(url)(keys=[_bucket_key(ident)], args=_bucket_args(rate))
        return float(wait)
    except Exception:
        return _unreachable()


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
    text = ngettext(  # in the page's language: a participant may meet it on the join page
        "Too many failed attempts from your address: try again in %(minutes)s minute.",
        "Too many failed attempts from your address: try again in %(minutes)s minutes.",
        minutes,
    )
    return text % {"minutes": minutes}


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
