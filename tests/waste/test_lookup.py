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
    ("do dien tu hong", "Điện thoại hỏng"),
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
    # A hazardous item says where to find its collection days.
    assert 'href="/phan-loai-rac/lich-thu-gom"' in item


def test_the_groups_use_the_terms_of_art_75_with_consistent_badges(client, app):
    from app.waste.catalogue import catalogue

    with app.app_context():
        groups = {g.key: g for g in catalogue().groups}
    assert groups["tai-che"].name == "Chất thải rắn có khả năng tái sử dụng, tái chế"
    assert groups["thuc-pham"].name == "Chất thải thực phẩm"
    assert groups["khac"].name == "Chất thải rắn sinh hoạt khác"
    for key in ("tai-che", "thuc-pham", "khac"):
        group = groups[key]
        assert group.gloss and group.short.lower() in group.name.lower(), key  # badge ⊂ term
    # The text's bag colours; no bag colour is claimed for recyclables.
    assert "túi màu xanh" in groups["thuc-pham"].description + groups["thuc-pham"].gloss
    assert "túi màu vàng" in groups["khac"].description
    assert "túi màu" not in groups["tai-che"].description + groups["tai-che"].gloss
    html = client.get("/phan-loai-rac/").get_data(as_text=True)
    for group in groups.values():
        assert group.name in html and group.short in html


def test_badge_colours_match_the_bags_with_readable_text():
    import re
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/app.css").read_text()

    def rule(key):
        return re.search(r"\.waste-badge\.group-%s \{([^}]*)\}" % key, css).group(1)

    def luminance(hex_):
        channels = [int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a, b):
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    colours = {}
    for key in ("tai-che", "thuc-pham", "khac", "nguy-hai"):
        body = rule(key)
        background = re.search(r"background: (#[0-9a-f]{6})", body).group(1)
        text = (re.search(r"color: (#[0-9a-f]{6})", body) or [None, "#ffffff"])[1]
        assert contrast(background, text) >= 4.5, key
        colours[key] = background
    red, green, blue = (int(colours["khac"][i:i + 2], 16) for i in (1, 3, 5))
    assert red > 200 and green > 180 and blue < 100  # yellow, like the "other" bag
    red, green, blue = (int(colours["thuc-pham"][i:i + 2], 16) for i in (1, 3, 5))
    assert green > red and green > blue  # green, like the food bag
    red, green, blue = (int(colours["tai-che"][i:i + 2], 16) for i in (1, 3, 5))
    assert max(red, green, blue) - min(red, green, blue) < 60  # neutral: no bag colour claimed


def test_northern_names_and_wording(app):
    from app.waste.catalogue import catalogue

    with app.app_context():
        items = catalogue().items
    names = [f" {i.name.lower()} " for i in items]
    for southern in (" ly ", " nệm ", " trái cây ", " ni lông "):  # cốc, đệm, hoa quả, túi bóng
        assert not any(southern in n for n in names), southern
    assert any(i.name == "túi bóng sạch" for i in items)
    text = " ".join(i.action + " " + i.note for i in items)
    assert "trạm y tế" not in text and "Trạm Y tế" in text
    assert "ép dẹt chai" not in text and "bóp dẹt chai" in text
    needles = next(i for i in items if i.name == "kim tiêm đã dùng")
    assert "Trạm Y tế" in needles.action
    assert all("nấu chín kỹ" in i.action for i in items
               if "lợn" in i.action and i.group.key == "thuc-pham")


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
