"""`make bench`: throughput and latency of the main pages under gunicorn with demo data.

Starts gunicorn on a free loopback port with a throw-away SQLite database holding the demo
data, then puts a bounded load on each page (wrk when installed, else a small Python
client) and prints requests/s, p50, p99 and errors. Traffic stays on 127.0.0.1.

Timings belong here, not in the test suite, where another job on the machine can double them.
Each is reported beside a baseline measured in the same run: search over 10,000 entries against
the same queries over 10 entries; Lighthouse's performance score against its target of 95.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import ssl
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

from tools import nginx_conf, serve

ALERT = "/canh-bao/KS-DEMO-mua-lon-hien-tai"
PAGES = ["/canh-bao/", ALERT, ALERT + ".xml", "/canh-bao/feed.atom", "/canh-bao/#banner",
         "/", "/tin-tuc/", "/tin-tuc/phat-dong-chien-dich-mua-gat-khong-dot-rom-ra",
         "/huong-dan/phan-loai-rac-tai-nguon", "/phan-loai-rac/?q=pin", "/tim-kiem?q=rom",
         "/feed.atom", "/healthz", "/dang-nhap", "/robots.txt"]
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
WARM_UP = int(os.environ.get("BENCH_WARM_UP", "2"))  # seconds of load before each measurement
SEARCH_ENTRIES = int(os.environ.get("BENCH_SEARCH_ENTRIES", "10000"))
SEARCH_BASELINE = 10
SEARCH_QUERIES = ("rom rac", "pin", "truong song", "ma 9999")
LIGHTHOUSE_TARGET = 95
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))


def _ms(value: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", value)
    if not match:
        return float("nan")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


# "#banner" marks the banner fragment that every open page polls (an htmx partial request).
BANNER_HEADERS = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#alert-banner"}


def _split(page: str) -> tuple[str, dict]:
    if page.endswith("#banner"):
        return page[: -len("#banner")], BANNER_HEADERS
    return page, {}


def bench_wrk(url: str, headers: dict) -> dict:
    extra = [arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")]
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", *extra, url],
                         capture_output=True, text=True, check=True).stdout
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "errors": errors,
    }


def bench_python(url: str, headers: dict) -> dict:
    host, port, path = re.match(r"http://([^:/]+):(\d+)(/.*)", url).groups()
    deadline = time.monotonic() + DURATION
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker():
        conn = HTTPConnection(host, int(port), timeout=10)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                ok = False
                conn.close()
                conn = HTTPConnection(host, int(port), timeout=10)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(min(CONNECTIONS, 8))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / DURATION, "p50": q[49], "p99": q[98], "errors": errors[0]}


def _search_rows(start: int, stop: int) -> list[dict]:
    """Made-up posts with Vietnamese words, as tests/site/test_search.py uses."""
    from app.search import words
    from app.web.timeutil import utcnow

    now, vocabulary = utcnow(), ["rơm", "rác", "pin", "bão", "nhựa", "giấy", "lúa", "sông", "cây",
                                 "trường"]
    rows = []
    for i in range(start, stop):
        title = f"Tin số {i} về {vocabulary[i % 10]} và {vocabulary[(i * 7) % 10]}"
        body = " ".join(vocabulary[(i + k) % 10] for k in range(40)) + f" mã {i}"
        rows.append({"kind": "post", "ref_id": 100_000 + i, "slug": f"tin-{i}", "title": title,
                     "body": body, "title_folded": " ".join(words(title)),
                     "body_folded": " ".join(words(body)), "visible_from": now, "hidden": False})
    return rows


def _per_query_ms(search, repeat: int = 5) -> float:
    """Median over `repeat` rounds of the mean time of one query."""
    search.search(SEARCH_QUERIES[0])  # warm up: statements prepared, pages cached
    rounds = []
    for _ in range(repeat):
        started = time.perf_counter()
        for query in SEARCH_QUERIES:
            search.search(query)
        rounds.append((time.perf_counter() - started) * 1000 / len(SEARCH_QUERIES))
    return statistics.median(rounds)


def bench_search(instance: str) -> dict:
    """Search time per query over SEARCH_BASELINE entries, then over SEARCH_ENTRIES, in one
    run on one machine: the ratio shows how search grows with the data."""
    import flask_migrate

    from app import create_app, search
    from app.config import TEST_OVERRIDES
    from app.extensions import db
    from app.search.models import SearchEntry

    app = create_app({**TEST_OVERRIDES, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/search.db"})
    with app.app_context():
        flask_migrate.upgrade()
        result = {}
        done = 0
        for size in (SEARCH_BASELINE, SEARCH_ENTRIES):
            db.session.execute(SearchEntry.__table__.insert(), _search_rows(done, size))
            db.session.commit()
            done = size
            result[size] = _per_query_ms(search)
        db.session.remove()
        db.engine.dispose()
    return result


def report_search(instance: str) -> None:
    result = bench_search(instance)
    small, big = result[SEARCH_BASELINE], result[SEARCH_ENTRIES]
    print(f"search (SQLite, per query): {SEARCH_BASELINE} entries {small:.2f} ms, "
          f"{SEARCH_ENTRIES} entries {big:.2f} ms, ×{big / small:.1f}")


CONTEST = "sang-kien-moi-truong-2026-2027"  # the demo's open contest
BURST = int(os.environ.get("BENCH_CONTEST_BURST", "16"))


def _photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1280, 960), (40, 120, 60)).save(out, "JPEG", quality=85)
    return out.getvalue()


def report_contest(base: str) -> None:
    """One entry alone (the baseline), then BURST entries sent at the same moment, each with
    two 1280×960 photos: wall time of each, and how many failed."""
    from tools.contest_load import send_entries

    photo = _photo()
    started = time.monotonic()
    alone = send_entries(base, CONTEST, 1, photo)
    one = time.monotonic() - started
    started = time.monotonic()
    burst = send_entries(base, CONTEST, BURST, photo)
    many = time.monotonic() - started
    failures = [r for r in alone + burst if r is None or r[0] != 200 or "/bien-nhan" not in r[1]]
    print(f"contest entries (2 photos each): 1 alone {one * 1000:.0f} ms, {BURST} at once "
          f"{many * 1000:.0f} ms, ×{many / one:.1f}, failed {len(failures)}")
    for failure in failures:  # what went wrong, to find the cause
        print(f"  contest entry failed: {str(failure)[:300]}")


def report_budgets(base: str) -> None:
    from app.web import budgets

    weights = budgets.site_weights()
    print(f"budgets: JS {weights['js'] / 1024:.1f} KB of {budgets.JS_BUDGET // 1024} KB, "
          f"CSS {weights['css'] / 1024:.1f} KB of {budgets.CSS_BUDGET // 1024} KB (gzip -9)")
    if os.environ.get("BENCH_LIGHTHOUSE", "1") == "0":
        return
    from tools import lighthouse

    if not lighthouse.BIN.exists() or not os.path.exists("/usr/bin/chromium"):
        print("lighthouse: skipped (run npm ci and install chromium)")
        return
    for page in ("/", "/tin-tuc/phat-dong-chien-dich-mua-gat-khong-dot-rom-ra", ALERT,
                 f"/cuoc-thi/{CONTEST}/du-thi", "/truong-hoc-xanh/"):
        scores = lighthouse.run(base + page)["scores"]
        low = [k for k, v in scores.items() if v < LIGHTHOUSE_TARGET]
        print(f"lighthouse (mobile) {page}: " + ", ".join(f"{k} {v}" for k, v in scores.items())
              + (f"  (below {LIGHTHOUSE_TARGET}: {', '.join(low)})" if low else ""))


# Goals of issue 12, line 2, as ratios to the baseline page measured in the same run.
TRIVIAL = ("/robots.txt", "/healthz")
TRIVIAL_GOAL, PAGE_GOAL, P99_GOAL_MS = 2.0, 1.0, 100.0
GOAL_PAGES = ("/", "/tin-tuc/", "/tin-tuc/phat-dong-chien-dich-mua-gat-khong-dot-rom-ra",
              "/canh-bao/", ALERT)


def _measure(run, url: str, headers: dict) -> dict:
    # Templates compiled, caches filled (nginx in front has a self-signed certificate).
    unverified = ssl._create_unverified_context() if url.startswith("https:") else None
    for _ in range(5):
        urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10,
                               context=unverified).read()
    if run is bench_wrk and WARM_UP > 0:
        subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{WARM_UP}s", url],
                       capture_output=True, check=True)
    return run(url, headers)


def _goal(page: str, ratio: float, p99: float, errors: int) -> str:
    """Whether a page meets its goal; blank for pages without one."""
    missed = []
    if page in TRIVIAL:
        missed += [f"×{TRIVIAL_GOAL:g}"] if ratio < TRIVIAL_GOAL else []
    elif page in GOAL_PAGES:
        missed += [f"×{PAGE_GOAL:g}"] if ratio < PAGE_GOAL else []
        missed += [f"p99 < {P99_GOAL_MS:g} ms"] if p99 >= P99_GOAL_MS else []
    else:
        return ""
    missed += ["no error"] if errors else []
    return "ok" if not missed else "missed: " + ", ".join(missed)


NGINX_GOAL = 0.5


def report_nginx(port: int, instance: str, run) -> None:
    """The warning page through deploy/nginx.conf (TLS, microcache) against nginx serving a
    static file of the same size from the same server block, in the same run."""
    if not os.path.exists(nginx_conf.NGINX) or run is not bench_wrk:
        print("nginx: skipped (needs nginx and wrk: apt-get install -y nginx wrk)")
        return
    prefix = tempfile.mkdtemp(prefix="nginx-", dir=instance)
    static = os.path.join(prefix, "static")
    os.makedirs(static)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{ALERT}", timeout=10) as response:
        page = response.read()
    with open(os.path.join(static, "same-size.html"), "wb") as fh:
        fh.write(page)
    http_port, https_port = serve.free_port(), serve.free_port()
    cert, key = nginx_conf.self_signed_cert(Path(prefix))
    # Reached as "localhost", a name the app trusts too (TRUSTED_HOSTS in main()).
    conf = nginx_conf.write(Path(prefix), http_port=http_port, https_port=https_port,
                            upstream=f"127.0.0.1:{port}", cert=cert, key=key, static=Path(static),
                            also_names=("localhost",))
    process = subprocess.Popen(nginx_conf.command(Path(prefix), conf), stderr=subprocess.DEVNULL)
    try:
        base = f"https://localhost:{https_port}"
        serve.wait_for_port(https_port, process, "nginx")
        static_result = _measure(run, base + "/static/same-size.html", {})
        page_result = _measure(run, base + ALERT, {})
    finally:
        process.terminate()
        process.wait(timeout=15)
    ratio = page_result["rps"] / static_result["rps"]
    met = "ok" if ratio >= NGINX_GOAL and not page_result["errors"] else f"missed: ×{NGINX_GOAL:g}"
    print(f"nginx (TLS, {len(page)} bytes): static file {static_result['rps']:.0f} req/s, "
          f"warning page {page_result['rps']:.0f} req/s (p99 {page_result['p99']:.1f} ms, "
          f"errors {page_result['errors']}), ×{ratio:.2f}  {met}")


def main() -> None:
    from tools import bench_baseline

    instance = tempfile.mkdtemp(prefix="ksx-bench-")
    port, baseline_port = serve.free_port(), serve.free_port()
    base = f"http://127.0.0.1:{port}"
    # The contest burst comes from one address: lift the per-address entry limit.
    env = serve.production_env(instance, base, CONTEST_ENTRY_LIMIT="1000 per minute",
                               TRUSTED_HOSTS="localhost")  # nginx in front names it so
    serve.load_demo(env)
    baseline_db = os.path.join(instance, "baseline.db")
    bench_baseline.make_db(baseline_db)
    quiet = {"GUNICORN_ACCESS_LOG": "/dev/null", "GUNICORN_LOG_LEVEL": "warning",
             "LOG_LEVEL": "WARNING"}  # no per-request line from the app either
    server = serve.start_gunicorn(env, port, WORKERS, **quiet)
    baseline = serve.start_gunicorn({**os.environ, "BASELINE_DB": baseline_db}, baseline_port,
                                    WORKERS, "tools.bench_baseline:app", **quiet)
    try:
        serve.wait_until_up(base)
        serve.wait_until_up(f"http://127.0.0.1:{baseline_port}", "/")
        tool = "wrk" if shutil.which("wrk") else "python"
        run = bench_wrk if tool == "wrk" else bench_python
        print(f"Kẻ Sặt Xanh bench: gunicorn {WORKERS} workers × 4 threads, {tool}, "
              f"{CONNECTIONS} connections, {DURATION}s per page after {WARM_UP}s of warm-up, "
              "SQLite demo data")
        # The yardstick, measured before and after the pages: the mean is the baseline.
        before = _measure(run, f"http://127.0.0.1:{baseline_port}/", {})
        rows = []
        for page in PAGES:
            path, headers = _split(page)
            rows.append((page, _measure(run, base + path, headers)))
        after = _measure(run, f"http://127.0.0.1:{baseline_port}/", {})
        yardstick = (before["rps"] + after["rps"]) / 2
        print(f"baseline (minimal Flask + Jinja page, {bench_baseline.SIZE_NOTE}): "
              f"{before['rps']:.0f} req/s before, {after['rps']:.0f} after, p99 "
              f"{before['p99']:.1f}/{after['p99']:.1f} ms")
        print(f"{'page':<56}{'req/s':>8}{'ratio':>7}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}  goal")
        for page, result in rows:
            ratio = result["rps"] / yardstick
            print(f"{page:<56}{result['rps']:>8.0f}{ratio:>7.2f}{result['p50']:>9.1f}"
                  f"{result['p99']:>9.1f}{result['errors']:>8}  "
                  f"{_goal(page, ratio, result['p99'], result['errors'])}")
        report_nginx(port, instance, run)
        report_contest(base)
        report_search(instance)
        report_budgets(base)
    finally:
        for process in (server, baseline):
            process.terminate()
            process.wait(timeout=15)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
