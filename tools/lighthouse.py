"""Run Lighthouse (npm, pinned in package.json) with Debian's Chromium on a page, mobile.

`python -m tools.lighthouse URL` prints the four category scores. The suite
(tests/browser/test_lighthouse.py) checks accessibility, best practices and SEO, which do not
depend on how busy the machine is; the performance score does, so `make bench` reports it.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
         "--disable-component-update --disable-sync --no-first-run --disable-quic")


def _report(url: str, categories: tuple[str, ...]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        done = subprocess.run(
            [str(BIN), url, "--chrome-path=/usr/bin/chromium", f"--chrome-flags={FLAGS}",
             f"--only-categories={','.join(categories)}", "--form-factor=mobile",
             "--max-wait-for-load=60000", "--output=json", f"--output-path={out}", "--quiet"],
            timeout=240, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse failed ({done.returncode}): {done.stderr[-1500:]}")
        return json.loads(out.read_text())


def run(url: str, attempts: int = 2, categories: tuple[str, ...] = CATEGORIES) -> dict:
    """{'scores': {category: 0..100}, 'problems': [(category, audit, score, value)]}.

    Chromium sometimes fails to start on a loaded machine: one more attempt then."""
    for attempt in range(attempts):
        try:
            report = _report(url, categories)
            break
        except (RuntimeError, subprocess.TimeoutExpired):
            if attempt == attempts - 1:
                raise
    scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
    problems = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                problems.append((category["id"], ref["id"], audit["score"],
                                 audit.get("displayValue", "")))
    return {"scores": scores, "problems": problems}


if __name__ == "__main__":
    for target in sys.argv[1:]:
        result = run(target)
        print(target, result["scores"])
        for problem in result["problems"]:
            print("   ", *problem)
