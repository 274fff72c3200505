from pathlib import Path

from lxml import etree

from app.web.text import words

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}
YAML = Path(__file__).resolve().parents[2] / "content" / "lich-thu-gom.yaml"


def test_every_hamlet_has_a_table_with_the_four_kinds(client, app):
    from app.alerts.catalogue import catalogue

    response = client.get("/phan-loai-rac/lich-thu-gom")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "public" in response.headers["Cache-Control"]
    with app.app_context():
        hamlets = [h for a in catalogue().areas.values() for h in a.hamlets]
    assert hamlets
    for hamlet in hamlets:
        assert f"<caption>{hamlet}" in html
    assert html.count('class="table calendar-table"') == len(hamlets) + 4  # + each former unit
    for label in ("Rác sinh hoạt", "Chất thải nguy hại", "Bể chứa vỏ bao bì thuốc bảo vệ thực vật",
                  "Đồ cồng kềnh"):
        assert label in html, label
    # Said plainly: the commune sets it; staff keep it.
    assert "UBND xã" in html and "chưa xác nhận" in html


def test_the_hamlet_filter_is_a_plain_get_form(client):
    html = client.get("/phan-loai-rac/lich-thu-gom").get_data(as_text=True)
    form = html.split('class="calendar-filter"', 1)[1].split("</form>", 1)[0]
    assert 'name="thon"' in form and "<select" in form and "hx-" not in form
    key = "-".join(words("Thôn Phụng Viện"))
    one = client.get("/phan-loai-rac/lich-thu-gom", query_string={"thon": key})
    page = one.get_data(as_text=True)
    assert one.status_code == 200 and page.count("calendar-table") == 1
    # The hamlet's own line overrides the commune-wide one.
    assert "Thứ Ba, Thứ Năm, Thứ Bảy" in page
    assert f'value="{key}" selected' in page


def test_an_unknown_hamlet_is_a_clear_400(client):
    for value in ("khong-co", "<script>", "x" * 500):
        response = client.get("/phan-loai-rac/lich-thu-gom", query_string={"thon": value})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and "role=\"alert\"" in html
        assert "<script>" not in html.split("<main", 1)[1]


def test_the_yaml_says_who_sets_the_schedule():
    text = YAML.read_text(encoding="utf-8")
    assert "do UBND xã Kẻ Sặt quy định" in text and "Cán bộ xã sửa" in text


def test_linked_from_the_lookup_and_listed_in_the_sitemap(client, db):
    html = client.get("/phan-loai-rac/").get_data(as_text=True)
    assert 'href="/phan-loai-rac/lich-thu-gom"' in html
    root = etree.fromstring(client.get("/sitemap.xml").data)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {u.find(f"{ns}loc").text for u in root.findall(f"{ns}url")}
    assert "http://localhost/phan-loai-rac/lich-thu-gom" in locs


def test_every_place_the_yaml_names_is_a_known_area_or_hamlet(app):
    """A misspelt hamlet would silently fall back to the commune-wide times."""
    import yaml

    from app.alerts.catalogue import catalogue
    from app.waste.calendar import KINDS

    data = yaml.safe_load(YAML.read_text(encoding="utf-8"))
    with app.app_context():
        areas = catalogue().areas
    hamlets = {h for a in areas.values() for h in a.hamlets}
    assert set(data.get("areas") or {}) <= set(areas)
    assert set(data.get("hamlets") or {}) <= hamlets
    for times in [data["default"], *(data.get("areas") or {}).values(),
                  *(data.get("hamlets") or {}).values()]:
        assert set(times) <= set(KINDS)
    assert set(data["default"]) == set(KINDS)
