"""The limiter's counters lose no hit when many requests count at once (atomic increments), and
the board API's rate limit counts through it."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

from django.core.cache import cache

from focusgroup.ratelimit import count_hit, rate_hit


def test_concurrent_hits_are_all_counted():
    key = f"test-count:{uuid.uuid4().hex}"
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: count_hit(key, window=60), range(200)))
    assert sorted(results) == list(range(1, 201))
    assert cache.get(key) == 200
    cache.delete(key)


def test_a_rate_allows_the_limit_then_refuses_within_the_window():
    ident = f"test-rate:{uuid.uuid4().hex}"
    allowed = [rate_hit(ident, limit=5, window=60) for _ in range(8)]
    assert allowed == [True] * 5 + [False] * 3
