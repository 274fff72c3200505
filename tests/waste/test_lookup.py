import pytest

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


def test_list_has_at_least_80_items_in_every_group(app):
    from app.waste.catalogue import catalogue

    with app.app_context():
        data = catalogue()
    assert len(data.items) >= 80
    assert {i.group.key for i in data.items} == {"tai-che", "thuc-pham", "khac", "nguy-hai"}
    assert all(i.action for i in data.items)


@pytest.mark.parametrize("query, expected", [
    ("chai nhua", "Chai nhựa"),
    ("CHAI NHỰA", "Chai nhựa"),
    ("do dien tu hong", None),
    ("pin", "Pin"),
    ("vo trung", "Vỏ trứng"),
    ("đèn", "Bóng đèn"),
    ("den", "Bóng đèn"),
])
def test_matching_ignores_case_tone_marks_and_d(client, query, expected):
    html = client.get("/phan-loai-rac/", query_string={"q": query}).get_data(as_text=True)
    assert 'class="waste-item' in html, query
    if expected:
        assert expected.lower() in html.lower(), query


def test_plain_get_form_works_and_shows_group_by_colour_icon_and_words(client):
    response = client.get("/phan-loai-rac/?q=pin")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.startswith("<!doctype html>")
    item = html.split('class="waste-item', 1)[1]
    assert 'class="waste-badge group-' in item and "<svg" in item and "Nguy hại" in item


def test_results_update_as_a_fragment_for_htmx(client):
    response = client.get("/phan-loai-rac/?q=lon+bia", headers=PARTIAL)
    html = response.get_data(as_text=True)
    assert "<html" not in html and html.lstrip().startswith('<div id="waste-results"')
    assert "HX-Request-Type" in response.headers["Vary"]


def test_no_match_suggests_the_nearest_items(client):
    html = client.get("/phan-loai-rac/?q=chai nhuaa").get_data(as_text=True)
    assert "waste-item" not in html
    assert 'class="suggestions"' in html


def test_odd_input_never_breaks(client):
    for q in ['"', "*", "-", "OR", "NEAR(", "'; drop table", "x" * 500, "   "]:
        assert client.get("/phan-loai-rac/", query_string={"q": q}).status_code == 200
    # A NUL is refused before the lookup runs (app/web/inputs.py).
    assert client.get("/phan-loai-rac/", query_string={"q": "\u0000"}).status_code == 400
