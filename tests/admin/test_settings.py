"""Site settings (/quan-tri/cai-dat): the numbers residents call are real Vietnamese numbers,
stored in one display format; a bad value is refused beside its field and nothing is saved."""
import re

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.settings import SettingsError, save_settings
from app.settings.models import SiteSetting

GOOD = {"commune_name": "Kẻ Sặt", "city_name": "Hải Phòng", "emergency_number": "112",
        "centre_name": "Trung tâm Dịch vụ sự nghiệp công xã Kẻ Sặt"}


def _post(client, **values):
    token = client.csrf_token("/quan-tri/cai-dat")
    return client.post("/quan-tri/cai-dat", data={**GOOD, **values, "csrf_token": token})


def _stored(db) -> dict[str, str]:
    return dict(db.session.execute(select(SiteSetting.key, SiteSetting.value)).all())


def _error_of(html: str, field: str) -> str:
    match = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, re.DOTALL)
    assert match, f"no error shown beside {field}"
    return match.group(1)


def test_abc_is_refused_as_a_phone_and_never_reaches_the_footer(client, db, login_as):
    login_as("admin")
    response = _post(client, phone="abc")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error_of(html, "phone").startswith("Vui lòng nhập số điện thoại Việt Nam")
    assert 'aria-invalid="true"' in html and 'value="abc"' in html  # what was typed is kept
    assert "Enter a Vietnamese phone number" not in html
    assert _stored(db) == {}
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "settings.update")) == 0
    assert "tel:abc" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("field", ["phone", "emergency_number", "civil_defence_phone",
                                   "health_station_phone"])
@pytest.mark.parametrize("value", ["abc", "0123456789", "0225 3812 345 xx", "+1 650 253 0000",
                                   "02253812345 ext 12", "0225", "112abc", "999"])
def test_every_number_field_refuses_what_is_not_a_vietnamese_number(client, db, login_as,
                                                                      field, value):
    login_as("admin")
    response = _post(client, **{field: value, "address": "Thôn Hòa Ché"})
    assert response.status_code == 422
    assert "Vui lòng nhập" in _error_of(response.get_data(as_text=True), field)
    assert _stored(db) == {}  # the good address was not saved either


@pytest.mark.parametrize("field", ["phone", "civil_defence_phone", "health_station_phone"])
def test_short_emergency_numbers_are_only_for_the_emergency_number(client, db, login_as, field):
    login_as("admin")
    response = _post(client, **{field: "113"})
    assert response.status_code == 422
    assert _stored(db) == {}


@pytest.mark.parametrize("typed, stored", [
    ("0225 3812 345", "0225 3812 345"),
    ("02253812345", "0225 3812 345"),
    ("+84 225 3812 345", "0225 3812 345"),
    ("(0225) 381-2345", "0225 3812 345"),
    ("0912.345.678", "0912 345 678"),
    ("84912345678", "0912 345 678"),
    ("1900 1234", "1900 1234"),
])
def test_numbers_are_stored_in_one_display_format(client, db, login_as, typed, stored):
    login_as("admin")
    assert _post(client, civil_defence_phone=typed).status_code == 303
    assert _stored(db)["civil_defence_phone"] == stored
    html = client.get("/").get_data(as_text=True)
    assert f'href="tel:{stored.replace(" ", "")}">{stored}<' in html


@pytest.mark.parametrize("typed, stored", [("112", "112"), ("113", "113"), (" 114 ", "114"),
                                           ("115", "115"), ("19001234", "1900 1234"),
                                           ("1800 1234", "1800 1234"),
                                           ("0225 3812 345", "0225 3812 345")])
def test_the_emergency_number_may_be_short_or_a_hotline(client, db, login_as, typed, stored):
    login_as("admin")
    assert _post(client, emergency_number=typed).status_code == 303
    if stored != "112":  # the default needs no row
        assert _stored(db)["emergency_number"] == stored
    html = client.get("/").get_data(as_text=True)
    assert f'href="tel:{stored.replace(" ", "")}"' in html


def test_the_emergency_number_is_required(client, db, login_as):
    login_as("admin")
    response = _post(client, emergency_number="")
    assert response.status_code == 422
    assert _error_of(response.get_data(as_text=True), "emergency_number") == "Ô này không được để trống."


def test_a_bad_email_is_refused_in_vietnamese(client, db, login_as):
    login_as("admin")
    response = _post(client, email="abc", phone="0225 3812 345")
    assert response.status_code == 422
    assert _error_of(response.get_data(as_text=True), "email") == "Địa chỉ email không hợp lệ."
    assert _stored(db) == {}


def test_a_good_email_is_saved(client, db, login_as):
    login_as("admin")
    assert _post(client, email="trungtam@KeSat.gov.vn").status_code == 303
    assert _stored(db)["email"] == "trungtam@kesat.gov.vn"


def test_the_number_fields_ask_for_a_phone_keyboard(client, login_as):
    login_as("admin")
    html = client.get("/quan-tri/cai-dat").get_data(as_text=True)
    for field in ("phone", "emergency_number", "civil_defence_phone", "health_station_phone"):
        assert re.search(rf'<input[^>]*id="{field}"[^>]*type="tel"', html)
    assert re.search(r'<input[^>]*id="email"[^>]*type="email"', html)
    assert "Ví dụ: 0225 3812 345 hoặc 0912 345 678." in html


def test_an_english_admin_gets_english_messages(client, db, login_as):
    login_as("admin")
    client.set_cookie("lang", "en")
    response = _post(client, phone="abc")
    assert response.status_code == 422
    assert _error_of(response.get_data(as_text=True), "phone").startswith(
        "Enter a Vietnamese phone number")


def test_the_service_refuses_bad_values_from_any_caller(app, db):
    """The demo loader and future commands write through save_settings too."""
    with app.test_request_context():
        with pytest.raises(SettingsError) as refused:
            save_settings({"address": "Thôn Hòa Ché", "health_station_phone": "tel:abc"})
        assert refused.value.field == "health_station_phone"
        assert _stored(db) == {}
        changes = save_settings({"health_station_phone": "+84 220 3000 115"})
        assert changes == {"health_station_phone": ["", "0220 3000 115"]}


def test_saved_numbers_are_what_the_pages_show(client, db, login_as):
    login_as("admin")
    response = _post(client, phone="0220 3 000 000", health_station_phone="0220 3000 115")
    assert response.status_code == 303
    html = client.get("/").get_data(as_text=True)
    assert 'href="tel:02203000000">0220 3000 000<' in html
    assert 'href="tel:02203000115">0220 3000 115<' in html
