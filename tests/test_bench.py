"""`make bench` runs end to end: gunicorn with deploy/gunicorn.conf.py, demo data, a short load."""
import os
import re
import subprocess
import sys


def test_bench_reports_every_page_without_errors():
    env = {**os.environ, "BENCH_SECONDS": "1", "BENCH_CONNECTIONS": "4", "BENCH_LIGHTHOUSE": "0",
           "BENCH_SEARCH_ENTRIES": "500", "BENCH_CONTEST_BURST": "4", "BENCH_WARM_UP": "0"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "tools.bench"], capture_output=True, text=True,
                            env=env, timeout=900)  # a guard against a hang, not a limit
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("/")]
    from tools.bench import GOAL_PAGES, PAGES, TRIVIAL

    found = re.search(r"^baseline \(minimal Flask \+ Jinja page, [^)]*\): (\d+) req/s before, (\d+) after",
                      result.stdout, re.MULTILINE)
    assert found, result.stdout
    baseline = (int(found.group(1)) + int(found.group(2))) / 2

    assert [row.split()[0] for row in rows] == PAGES
    assert "budgets: JS" in result.stdout
    for row in rows:
        page, rps, ratio, p50, p99, errors, *goal = row.split()
        assert float(rps) > 0 and float(p99) >= float(p50) and errors == "0", row
        # Every page is set beside the baseline page measured in the same run.
        assert abs(float(ratio) - float(rps) / baseline) < 0.02, row
        assert (goal[:1] in (["ok"], ["missed:"])) == (page in GOAL_PAGES + TRIVIAL), row
    assert re.search(r"^contest entries \(2 photos each\): 1 alone \d+ ms, 4 at once \d+ ms, "
                     r"×[\d.]+, failed 0$", result.stdout, re.MULTILINE), result.stdout
    # Search is timed against a baseline from the same run, not against a fixed limit.
    assert re.search(r"^search \(SQLite, per query\): 10 entries [\d.]+ ms, 500 entries [\d.]+ ms, ×[\d.]+$",
                     result.stdout, re.MULTILINE), result.stdout
