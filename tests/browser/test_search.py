"""Site-wide search in a browser (issue 11): while typing, the last word may be the start of
a syllable; Enter searches whole syllables and puts the search in the address bar; results
come grouped by kind, the waste lookup's answer first; axe-clean at 360 px and 1280 px."""
import re

from playwright.sync_api import expect


def test_typing_then_submitting(page):
    page.goto("/tim-kiem")
    box = page.get_by_label(re.compile("^Tìm tin tức"))
    with page.expect_response(lambda r: "dang_go=1" in r.url and "q=hoa+ch" in r.url):
        box.fill("hoa ch")
    results = page.locator("#search-results")
    expect(results.locator("mark", has_text="Ché").first).to_be_visible()
    expect(page).not_to_have_url(re.compile("q="))  # typing is not a link to share
    page.checks.page_ok("search-typing")

    with page.expect_response(lambda r: "/tim-kiem?q=hoa+ch" in r.url):
        box.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem\?q=hoa\+ch$"))
    expect(results).not_to_contain_text("Hòa Ché")  # "ch" is no syllable of "Ché"


def test_grouped_results_and_the_waste_answer(page):
    page.goto("/tim-kiem?q=rom")
    headings = page.locator("#search-results .search-section > h2")
    expect(headings.first).to_be_visible()
    assert headings.count() >= 2
    page.checks.page_ok("search-grouped")

    page.goto("/tim-kiem?q=pin")
    answer = page.locator(".search-answer")
    expect(answer.locator(".waste-badge").first).to_be_visible()
    expect(answer.get_by_role("link", name=re.compile("tra cứu"))).to_have_attribute("href", "/phan-loai-rac/?q=pin")
    page.checks.page_ok("search-pin")


def test_see_all_of_one_kind(page):
    page.goto("/tim-kiem?q=rac")
    more = page.get_by_role("link", name=re.compile("^Xem tất cả")).first
    more.click()
    expect(page).to_have_url(re.compile("loai="))
    expect(page.get_by_role("link", name="Tất cả các mục")).to_be_visible()
    page.checks.page_ok("search-one-kind")
