"""Where the time of one request goes: `python -m tools.profile_request PATH [N]`.

Builds the app as production does (APP_ENV=production from the environment, PAGE_CACHE_SECONDS
as configured: set PAGE_CACHE_SECONDS=0 to see Flask's own path, without the front cache) and
sends N requests (default 1000) for PATH through the WSGI app under cProfile, after 50 to warm
up. Prints the mean time per request under the profiler and the 30 costliest calls by
cumulative time. Needs the same environment as the app (SECRET_KEY, SITE_URL, DATABASE_URL…).
"""
from __future__ import annotations

import cProfile
import pstats
import sys
import time
from urllib.parse import urlsplit


def main() -> None:
    from app import create_app

    path = sys.argv[1] if len(sys.argv) > 1 else "/robots.txt"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    app = create_app()
    host = urlsplit(app.config.get("SITE_URL") or "http://localhost").netloc
    client = app.test_client()
    for _ in range(50):
        client.get(path, headers={"Host": host})
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(count):
        response = client.get(path, headers={"Host": host})
    profile.disable()
    per_request = (time.perf_counter() - started) / count * 1000
    print(f"{path}: status {response.status_code}, {len(response.data)} bytes, "
          f"{per_request:.2f} ms per request under cProfile ({count} requests)")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
