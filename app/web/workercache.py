"""Values every request reads and that change rarely (site settings, the warnings in force):
kept per worker for PAGE_CACHE_SECONDS, reloaded after that or as soon as this worker changes
them (`clear`). Other workers see a change within those few seconds, as the pages they cache.
With PAGE_CACHE_SECONDS = 0 (tests, development) every call loads afresh.

Keep plain values here (frozen dataclasses, tuples), never ORM objects: they outlive the
session that loaded them."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")
_lock = threading.Lock()


def _entries() -> dict[str, tuple[float, object]]:
    return current_app.extensions.setdefault("ksx_worker_cache", {})


def cached(name: str, load: Callable[[], T]) -> T:
    """`load()`'s value, at most PAGE_CACHE_SECONDS old. An exception in `load` is not
    remembered: the next call tries again."""
    seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if seconds <= 0:
        return load()
    entries = _entries()
    now = time.monotonic()
    hit = entries.get(name)
    if hit is not None and hit[0] > now:
        return hit[1]  # type: ignore[return-value]
    value = load()
    with _lock:
        entries[name] = (now + seconds, value)
    return value


def clear(name: str) -> None:
    with _lock:
        _entries().pop(name, None)
