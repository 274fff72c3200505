import re

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.settings.models import SiteSetting
from app.auth.models import User

from .. import factories


def _form_post(client, url, data, page=None):
    token = client.csrf_token(page or url)
    return client.post(url, data={**data, "csrf_token": token})


def test_dashboard_keeps_account_counts_as_a_small_line_for_admins(client, db, login_as):
    factories.make_user(role="judge")
    db.session.commit()
    login_as("admin")
    html = client.get("/quan-tri/").get_data(as_text=True)
    judges = db.session.scalar(select(func.count()).select_from(User).where(
        User.role == "judge", User.active.is_(True)))
    assert re.search(rf'class="hint dashboard-accounts">[^<]*\b{judges}\b', html)


def test_dashboard_has_no_account_counts_for_editors(client, login_as):
    login_as("editor")
    html = client.get("/quan-tri/").get_data(as_text=True)
    assert "dashboard-accounts" not in html


def test_admin_creates_an_account_and_it_is_audited(client, db, login_as):
    admin = login_as("admin")
    response = _form_post(client, "/quan-tri/nguoi-dung/moi", {
        "email": "Moi.Nguoi@kesat.example", "name": "Đỗ Thị Mới", "role": "editor",
        "school": "", "password": "hoa phượng đỏ sân trường"})
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "moi.nguoi@kesat.example"))
    assert user is not None and user.role == "editor" and user.name == "Đỗ Thị Mới"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.create",
                                                       AuditEntry.object_id == str(user.id)))
    assert entry.actor_id == admin.id and entry.actor_label == admin.email
    assert entry.ip == "127.0.0.1"


def test_create_account_with_bad_input_keeps_what_was_typed(client, db, login_as):
    login_as("admin")
    before = db.session.scalar(select(func.count()).select_from(User))
    response = _form_post(client, "/quan-tri/nguoi-dung/moi", {
        "email": "khong-hop-le", "name": "Nguyễn Văn Thử", "role": "editor",
        "school": "", "password": "123"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Nguyễn Văn Thử"' in html and 'aria-invalid="true"' in html
    assert db.session.scalar(select(func.count()).select_from(User)) == before


def test_weak_password_is_refused_with_a_message(client, db, login_as):
    login_as("admin")
    response = _form_post(client, "/quan-tri/nguoi-dung/moi", {
        "email": "yeu@kesat.example", "role": "editor", "school": "", "password": "matkhau123"})
    assert response.status_code == 422
    assert db.session.scalar(select(User).where(User.email == "yeu@kesat.example")) is None


def test_school_account_needs_a_school(client, db, login_as):
    login_as("admin")
    response = _form_post(client, "/quan-tri/nguoi-dung/moi", {
        "email": "truong@kesat.example", "role": "school", "school": "",
        "password": "hoa phượng đỏ sân trường"})
    assert response.status_code == 422
    school = factories.make_school(slug="thcs-hoa-phuong")
    db.session.commit()
    response = _form_post(client, "/quan-tri/nguoi-dung/moi", {
        "email": "truong@kesat.example", "role": "school", "school": "thcs-hoa-phuong",
        "password": "hoa phượng đỏ sân trường"}, page="/quan-tri/nguoi-dung/moi")
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "truong@kesat.example"))
    assert user.school_id == school.id


def test_duplicate_email_is_refused(client, db, login_as):
    login_as("admin")
    existing = factories.make_user(role="judge")
    db.session.commit()
    response = _form_post(client, "/quan-tri/nguoi-dung/moi", {
        "email": existing.email.upper(), "role": "judge", "school": "",
        "password": "hoa phượng đỏ sân trường"})
    assert response.status_code == 422


def test_change_role_ends_sessions_and_is_audited(client, db, login_as):
    login_as("admin")
    target = factories.make_user(role="editor")
    db.session.commit()
    signed_in = client.application.test_client()
    assert _form_post(signed_in, "/dang-nhap", {"email": target.email,
                                                "password": factories.PASSWORD}).status_code == 303
    response = _form_post(client, f"/quan-tri/nguoi-dung/{target.id}",
                          {"name": "Người Đổi Vai", "role": "judge", "school": ""})
    assert response.status_code == 303
    db.session.refresh(target)
    assert target.role == "judge" and signed_in.get("/quan-tri/").status_code == 302
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.update"))


def test_deactivate_and_reactivate(client, db, login_as):
    login_as("admin")
    target = factories.make_user(role="editor")
    db.session.commit()
    page = f"/quan-tri/nguoi-dung/{target.id}"
    assert _form_post(client, f"{page}/trang-thai", {}, page=page).status_code == 303
    db.session.refresh(target)
    assert target.active is False
    assert _form_post(client, f"{page}/trang-thai", {}, page=page).status_code == 303
    db.session.refresh(target)
    assert target.active is True


def test_admin_cannot_deactivate_themselves(client, db, login_as):
    admin = login_as("admin")
    page = f"/quan-tri/nguoi-dung/{admin.id}"
    _form_post(client, f"{page}/trang-thai", {}, page=page)
    db.session.refresh(admin)
    assert admin.active is True


def test_reset_password_shows_a_new_one_once_and_it_works(client, db, login_as, app):
    login_as("admin")
    target = factories.make_user(role="judge")
    db.session.commit()
    page = f"/quan-tri/nguoi-dung/{target.id}"
    response = _form_post(client, f"{page}/mat-khau", {}, page=page)
    assert response.status_code == 200
    password = re.search(r'<p class="secret"><code>([^<]+)</code>', response.get_data(as_text=True)).group(1)
    other = app.test_client()
    token = other.csrf_token()
    assert other.post("/dang-nhap", data={"email": target.email, "password": password,
                                          "csrf_token": token}).status_code == 303
    assert password not in str(db.session.scalar(select(AuditEntry.details).where(
        AuditEntry.action == "user.password_reset")))


def test_missing_user_is_404(client, login_as):
    login_as("admin")
    assert client.get("/quan-tri/nguoi-dung/999999").status_code == 404


def test_settings_are_saved_used_by_the_layout_and_audited(client, db, login_as):
    login_as("admin")
    response = _form_post(client, "/quan-tri/cai-dat", {
        "commune_name": "Kẻ Sặt", "city_name": "Hải Phòng", "centre_name": "Trung tâm DVSNC xã Kẻ Sặt",
        "emergency_number": "112", "civil_defence_phone": "0220 3 999 888",
        "civil_defence_name": "Ban Chỉ huy phòng thủ dân sự xã", "address": "Thôn Hòa Ché"})
    assert response.status_code == 303
    html = client.get("/").get_data(as_text=True)
    assert "0220 3999 888" in html and "Thôn Hòa Ché" in html  # stored in one display format
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "settings.update"))
    assert "civil_defence_phone" in entry.details["changes"]


def test_settings_require_a_commune_name(client, db, login_as):
    login_as("admin")
    response = _form_post(client, "/quan-tri/cai-dat", {"commune_name": "  ", "city_name": "Hải Phòng",
                                                        "emergency_number": "112"})
    assert response.status_code == 422
    assert db.session.scalar(select(SiteSetting).where(SiteSetting.key == "commune_name")) is None


def test_audit_log_filters(client, db, login_as):
    admin = login_as("admin")
    factories.make_user(role="judge", email="giam.khao.loc@kesat.example")
    db.session.commit()
    html = client.get("/quan-tri/nhat-ky?action=user.create").get_data(as_text=True)
    assert "giam.khao.loc@kesat.example" in html
    html = client.get("/quan-tri/nhat-ky?action=auth.sign_in").get_data(as_text=True)
    assert "giam.khao.loc@kesat.example" not in html and admin.email in html
    html = client.get("/quan-tri/nhat-ky?actor=khong-ai-ca").get_data(as_text=True)
    assert admin.email not in html.split('id="audit-rows"')[1]


def test_audit_log_bad_date_is_422_not_500(client, login_as):
    login_as("admin")
    response = client.get("/quan-tri/nhat-ky?date_from=2026-13-45")
    assert response.status_code == 422


def test_audit_log_partial_for_htmx(client, login_as):
    login_as("admin")
    response = client.get("/quan-tri/nhat-ky?action=auth.sign_in",
                          headers={"HX-Request": "true", "HX-Request-Type": "partial",
                                   "HX-Target": "audit-rows"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith('<div id="audit-rows"')
    assert "HX-Request-Type" in response.headers["Vary"]


def test_editor_sees_dashboard_but_not_admin_pages(client, login_as):
    login_as("editor")
    html = client.get("/quan-tri/").get_data(as_text=True)
    assert "/quan-tri/nguoi-dung/" not in html
    for path in ("/quan-tri/nguoi-dung/", "/quan-tri/nhat-ky", "/quan-tri/cai-dat"):
        assert client.get(path).status_code == 403


def test_school_account_sees_its_own_school(client, login_as):
    user = login_as("school")
    html = client.get("/truong/").get_data(as_text=True)
    assert user.school.name in html


def test_judge_home(client, login_as):
    login_as("judge")
    assert client.get("/giam-khao/").status_code == 200
