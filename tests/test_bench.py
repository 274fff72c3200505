"""`make bench` runs end to end: gunicorn with deploy/gunicorn.conf.py, demo data, a short load."""
import os
import re
import subprocess
import sys


def test_bench_reports_every_page_without_errors():
    env = {**os.environ, "BENCH_SECONDS": "1", "BENCH_CONNECTIONS": "4", "BENCH_LIGHTHOUSE": "0",
           "BENCH_SEARCH_ENTRIES": "500", "BENCH_CONTEST_BURST": "4"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "tools.bench"], capture_output=True, text=True,
                            env=env, timeout=900)  # a guard against a hang, not a limit
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("/")]
    from tools.bench import PAGES

    assert [row.split()[0] for row in rows] == PAGES
    assert "budgets: JS" in result.stdout
    for row in rows:
        page, rps, p50, p99, errors = row.split()
        assert float(rps) > 0 and float(p99) >= float(p50) and errors == "0", row
    assert re.search(r"^contest entries \(2 photos each\): 1 alone \d+ ms, 4 at once \d+ ms, "
                     r"×[\d.]+, failed 0$", result.stdout, re.MULTILINE), result.stdout
    # Search is timed against a baseline from the same run, not against a fixed limit.
    assert re.search(r"^search \(SQLite, per query\): 10 entries [\d.]+ ms, 500 entries [\d.]+ ms, ×[\d.]+$",
                     result.stdout, re.MULTILINE), result.stdout
