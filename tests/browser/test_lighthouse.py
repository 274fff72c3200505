"""Lighthouse (mobile) ≥ 95 in every category on the home and post pages (SPEC §4)."""
import pytest

from tools import lighthouse


@pytest.mark.parametrize("path", ["/", "/tin-tuc/cuon-rom-hoa-che"])
def test_lighthouse_mobile_scores(browser, live_server, path):
    if not lighthouse.BIN.exists():
        pytest.fail("node_modules/.bin/lighthouse is missing: run npm ci (make test does)")
    result = lighthouse.run(live_server + path)
    low = {k: v for k, v in result["scores"].items() if v < 95}
    assert not low, (path, result["scores"], result["problems"])
