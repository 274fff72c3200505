"""Weight budgets (SPEC §4): JS ≤ 30 KB and CSS ≤ 20 KB compressed site-wide; a text page's
HTML ≤ 30 KB; no web fonts."""
import pytest

from app.web import budgets


def test_js_and_css_stay_within_budget():
    weights = budgets.site_weights()
    assert weights["js"] <= budgets.JS_BUDGET, weights
    assert weights["css"] <= budgets.CSS_BUDGET, weights


def test_no_web_fonts():
    assert not [p for p in budgets.STATIC.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf", ".otf")]
    for css in budgets.STATIC.rglob("*.css"):
        assert "@font-face" not in css.read_text()


@pytest.mark.parametrize("path", ["/", "/huong-dan/phan-loai-rac-tai-nguon", "/tin-tuc/",
                                  "/phan-loai-rac/?q=pin", "/van-ban/"])
def test_text_pages_html_within_budget(client, runner, db, path):
    runner.invoke(args=["demo", "load"])
    response = client.get(path)
    assert response.status_code == 200
    assert len(response.data) <= budgets.HTML_BUDGET, (path, len(response.data))
