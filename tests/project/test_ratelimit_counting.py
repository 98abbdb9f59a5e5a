"""The limiter counts exactly under concurrency, and its token buckets refill at their rate.

The limiter loses no count when many requests arrive at once (atomic in Redis), and its token
buckets let a burst through, refuse the rest, and refill at their rate, in Redis and embedded."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.core.cache import cache

from focusgroup import ratelimit
from focusgroup.ratelimit import Rate, count_hit, rate_take, rate_take_async

SLOW = Rate(capacity=5, per_second=0.001)  # one more request every 1000 s: none within a test


@pytest.fixture(params=["redis", "embedded"])
def store(request, settings):
    """Each test once against Redis (the test environment's REDIS_URL) and once embedded."""
    if request.param == "embedded":
        settings.REDIS_URL = None
    elif not settings.REDIS_URL:
        pytest.skip("no REDIS_URL")
    return request.param


def _ident() -> str:
    return f"test-rate:{uuid.uuid4().hex}"


@pytest.fixture
def wait(store, settings, monkeypatch):
    """`wait(ident, seconds)`: `seconds` pass for the bucket, with no sleep.

    Embedded, the buckets read a clock of the test's, moved on by hand. Redis reads its own
    clock, so the bucket's stored time (when it is full again) is moved back by as much."""
    if store == "embedded":
        now = [1000.0]
        monkeypatch.setattr(ratelimit, "_memory", ratelimit._MemoryBuckets(clock=lambda: now[0]))

        def later(_ident: str, seconds: float) -> None:
            now[0] += seconds

        yield later
        return
    client = redis.Redis.from_url(settings.REDIS_URL)

    def move_back(ident: str, seconds: float) -> None:
        key = ratelimit._bucket_key(ident)
        full_at = float(client.get(key))
        client.set(key, repr(full_at - seconds), px=client.pttl(key))

    yield move_back
    client.close()


def test_concurrent_hits_are_all_counted():
    key = f"test-count:{uuid.uuid4().hex}"
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: count_hit(key, window=60), range(200)))
    assert sorted(results) == list(range(1, 201))
    assert cache.get(key) == 200
    cache.delete(key)


def test_a_bucket_lets_its_burst_through_then_refuses_with_the_wait(store):
    ident = _ident()
    waits = [rate_take(ident, SLOW) for _ in range(8)]
    assert waits[:5] == [0.0] * 5
    assert all(900 < wait <= 1000 for wait in waits[5:])


def test_concurrent_takes_let_exactly_the_burst_through(store):
    ident = _ident()
    rate = Rate(capacity=50, per_second=0.001)
    with ThreadPoolExecutor(max_workers=8) as pool:
        waits = list(pool.map(lambda _: rate_take(ident, rate), range(200)))
    assert waits.count(0.0) == 50


def test_a_refused_request_takes_nothing_and_the_bucket_refills_at_its_rate(wait):
    ident = _ident()
    rate = Rate(capacity=2, per_second=1)  # a token a second
    assert [rate_take(ident, rate) for _ in range(2)] == [0.0, 0.0]
    assert 0 < rate_take(ident, rate) <= 1
    assert 0 < rate_take(ident, rate) <= 1  # the refused one took nothing
    wait(ident, 0.5)
    assert 0 < rate_take(ident, rate) <= 0.5  # half a token back: not yet
    wait(ident, 0.5)
    assert rate_take(ident, rate) == 0.0  # a whole token back
    assert rate_take(ident, rate) > 0  # and only one


def test_sockets_take_from_the_same_bucket_as_requests(store):
    ident = _ident()

    async def takes() -> list[float]:
        return [await rate_take_async(ident, SLOW) for _ in range(3)]

    assert [rate_take(ident, SLOW) for _ in range(3)] == [0.0] * 3
    waits = asyncio.run(takes())
    assert waits[:2] == [0.0, 0.0]
    assert waits[2] > 0


def test_separate_keys_have_separate_buckets(store):
    first, second = _ident(), _ident()
    assert [rate_take(first, SLOW) for _ in range(6)][-1] > 0
    assert rate_take(second, SLOW) == 0.0


def test_an_unreachable_redis_lets_requests_through(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    assert [rate_take(_ident(), SLOW) for _ in range(7)] == [0.0] * 7
