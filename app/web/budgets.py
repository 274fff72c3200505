"""The weight budgets of SPEC §4, measured the same way by the tests and by `make bench`."""
from __future__ import annotations

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
JS_BUDGET = 30 * 1024
CSS_BUDGET = 20 * 1024
HTML_BUDGET = 30 * 1024


def compressed(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def site_weights() -> dict[str, int]:
    """Compressed bytes of every script and style sheet the site serves."""
    return {
        "js": sum(compressed(p) for p in STATIC.rglob("*.js")),
        "css": sum(compressed(p) for p in STATIC.rglob("*.css")),
    }
