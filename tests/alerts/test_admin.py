from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.alerts.models import Alert

from .. import factories
from .staff import form as _form
from .staff import local as _local
from .staff import post as _post
from .staff import publish


def test_template_prefills_the_form(client, login_as):
    login_as("editor")
    assert "mua-lon" in client.get("/quan-tri/canh-bao/moi").get_data(as_text=True)
    html = client.get("/quan-tri/canh-bao/moi?loai=mua-lon&cap-do=3").get_data(as_text=True)
    assert 'value="3" selected' in html or "selected" in html
    assert "Kẻ Sặt" in html  # {commune} filled in


def test_draft_publish_update_cancel_with_audit(client, db, login_as):
    editor = login_as("editor")
    page = "/quan-tri/canh-bao/moi?loai=mua-lon&cap-do=3"
    response = _post(client, "/quan-tri/canh-bao/moi", _form(), page)
    assert response.status_code == 303
    alert = db.session.scalar(select(Alert))
    assert alert.sent is None and alert.risk_level == 3
    assert client.get(f"/canh-bao/{alert.identifier}").status_code == 404
    for kind in ("in", "loa", "cap"):
        assert client.get(f"/quan-tri/canh-bao/{alert.id}/xem-truoc/{kind}").status_code == 200
    assert publish(client, alert.id, f"/quan-tri/canh-bao/{alert.id}").status_code == 303
    db.session.refresh(alert)
    assert alert.sent is not None and alert.published_by_id == editor.id
    assert "Mưa lớn cấp 3" in client.get("/").get_data(as_text=True)

    show = f"/quan-tri/canh-bao/{alert.id}/xem"
    assert _post(client, f"/quan-tri/canh-bao/{alert.id}/cap-nhat", {}, show).status_code == 303
    update = db.session.scalar(select(Alert).where(Alert.msg_type == "Update"))
    assert update.references_id == alert.id and update.sent is None
    edit = f"/quan-tri/canh-bao/{update.id}"
    _post(client, edit, _form(headline="Mưa rất lớn, cấp 3", version=str(update.version)), edit)
    assert publish(client, update.id, edit).status_code == 303
    html = client.get("/").get_data(as_text=True)
    assert "Mưa rất lớn, cấp 3" in html and "Mưa lớn cấp 3 trên toàn xã" not in html
    old_page = client.get(f"/canh-bao/{alert.identifier}").get_data(as_text=True)
    assert update.identifier in old_page

    bad = _post(client, f"/quan-tri/canh-bao/{update.id}/huy", {"reason": "  "}, f"{edit}/xem")
    assert bad.status_code == 422
    ok = _post(client, f"/quan-tri/canh-bao/{update.id}/huy", {"reason": "Mưa đã ngớt."}, f"{edit}/xem")
    assert ok.status_code == 303
    assert "Mưa rất lớn" not in client.get("/").get_data(as_text=True).split('id="alert-banner"')[1][:3000]
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == editor.id)))
    assert {"alert.create", "alert.publish", "alert.supersede", "alert.update", "alert.cancel"} <= actions


def test_bad_times_keep_what_was_typed(client, db, login_as):
    login_as("editor")
    response = _post(client, "/quan-tri/canh-bao/moi",
                     _form(headline="Tiêu đề của tôi", expires=_local(-2)), "/quan-tri/canh-bao/moi?loai=mua-lon")
    assert response.status_code == 422
    assert 'value="Tiêu đề của tôi"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 0
    missing = _post(client, "/quan-tri/canh-bao/moi", _form(areas=[]), "/quan-tri/canh-bao/moi?loai=mua-lon")
    assert missing.status_code == 422


def test_staff_pages_render(client, db, login_as):
    login_as("editor")
    alert = factories.make_alert()
    db.session.commit()
    for path in ("/quan-tri/canh-bao/", "/quan-tri/canh-bao/moi", f"/quan-tri/canh-bao/{alert.id}/xem"):
        assert client.get(path).status_code == 200, path


def test_odd_values_are_refused_not_500(client, db, login_as):
    login_as("editor")
    page = "/quan-tri/canh-bao/moi?loai=mua-lon"
    for bad in ({"risk_level": "9"}, {"risk_level": "abc"}, {"status": "Bogus"}, {"urgency": "Now!"},
                {"areas": ["khong-co"]}, {"effective": "not a date"}, {"hazard": "khong-co", "areas": []}):
        response = _post(client, "/quan-tri/canh-bao/moi", _form(**bad), page)
        assert response.status_code == 422, bad
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 0
    assert client.get("/quan-tri/canh-bao/moi?loai=khong-co&cap-do=99").status_code == 200
    assert client.get("/canh-bao/?nam=abc&trang=-3&loai=x").status_code == 200
