"""The source bulletin a warning relays (issue 8, line 5): who issued it and when, entered by
staff, read on the radio, shown on the page and carried in CAP."""
from datetime import timedelta

from sqlalchemy import func, select

from app.alerts.models import Alert
from app.web.timeutil import to_local, utcnow

from .. import factories

NEW = "/quan-tri/canh-bao/moi"
PAGE = "/quan-tri/canh-bao/moi?loai=mua-lon&cap-do=2"


def _local(hours: float) -> str:
    return to_local(utcnow() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def _form(**kw):
    return {"hazard": "mua-lon", "risk_level": "2", "headline": "Mưa to tại xã Kẻ Sặt",
            "description": "Mưa to.", "instruction": "- Khơi thông cống rãnh", "areas": ["toan-xa"],
            "effective": _local(0), "onset": "", "expires": _local(24), "urgency": "Expected",
            "severity": "Moderate", "certainty": "Likely", "status": "Actual", "version": "",
            "source_agency": "Trung tâm Dự báo khí tượng thủy văn quốc gia",
            "source_issued_at": _local(-2), **kw}


def _post(client, data):
    return client.post(NEW, data={**data, "csrf_token": client.csrf_token(PAGE)})


def test_staff_enter_the_source_bulletin_and_the_radio_reads_it(client, db, login_as):
    login_as("editor")
    form = client.get(PAGE).get_data(as_text=True)
    assert 'name="source_agency"' in form and 'name="source_issued_at"' in form
    issued = _local(-2)
    assert _post(client, _form(source_issued_at=issued)).status_code == 303
    alert = db.session.scalar(select(Alert))
    assert alert.source_agency == "Trung tâm Dự báo khí tượng thủy văn quốc gia"
    assert to_local(alert.source_issued_at).strftime("%Y-%m-%dT%H:%M") == issued
    edit = client.get(f"/quan-tri/canh-bao/{alert.id}").get_data(as_text=True)
    assert f'value="{issued}"' in edit  # shown back in Vietnam time
    preview = client.get(f"/quan-tri/canh-bao/{alert.id}/xem-truoc/loa").get_data(as_text=True)
    assert "Theo bản tin của Trung tâm Dự báo khí tượng thủy văn quốc gia phát lúc" in preview
    cap = client.get(f"/quan-tri/canh-bao/{alert.id}/xem-truoc/cap?tho=1").get_data(as_text=True)
    assert "<valueName>ban-tin-nguon</valueName>" in cap


def test_an_update_starts_from_the_same_source(client, db, login_as):
    login_as("editor")
    alert = factories.make_alert("Mưa to", source_agency="Đài Khí tượng thủy văn khu vực Đông Bắc",
                                 source_issued_at=utcnow() - timedelta(hours=3))
    db.session.commit()
    show = f"/quan-tri/canh-bao/{alert.id}/xem"
    response = client.post(f"/quan-tri/canh-bao/{alert.id}/cap-nhat",
                           data={"csrf_token": client.csrf_token(show)})
    assert response.status_code == 303
    update = db.session.scalar(select(Alert).where(Alert.msg_type == "Update"))
    assert update.source_agency == "Đài Khí tượng thủy văn khu vực Đông Bắc"
    assert update.source_issued_at == alert.source_issued_at


def test_bad_source_bulletin_input_is_refused_and_nothing_written(client, db, login_as):
    login_as("editor")
    cases = [
        (_form(source_agency="  "), "Hãy ghi tên cơ quan đã phát bản tin."),
        (_form(source_issued_at=_local(5)), "Thời điểm phát bản tin không thể ở tương lai."),
        (_form(source_agency="x" * 161), "160"),
        (_form(source_issued_at="hôm qua"), 'name="source_issued_at"'),
    ]
    for data, message in cases:
        response = _post(client, data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, message
        assert message in html
        assert 'value="Mưa to tại xã Kẻ Sặt"' in html  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 0
    # No source at all is fine: the bulletin then names only the commune's command.
    assert _post(client, _form(source_agency="", source_issued_at="")).status_code == 303
