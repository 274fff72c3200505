import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth import passwords

from .. import factories


def _post_login(client, email, password, next_url=None):
    token = client.csrf_token("/dang-nhap")
    url = "/dang-nhap" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


def test_login_page_renders_form(client):
    response = client.get("/dang-nhap")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'autocomplete="current-password"' in html
    assert 'name="csrf_token"' in html


@pytest.mark.parametrize("role, home", [("admin", "/quan-tri/"), ("editor", "/quan-tri/"),
                                        ("judge", "/giam-khao/"), ("school", "/truong/")])
def test_each_role_lands_on_its_home(client, db, role, home):
    user = factories.make_user(role=role)
    db.session.commit()
    response = _post_login(client, user.email, factories.PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"] == home
    assert client.get(home).status_code == 200


def test_sign_in_is_case_insensitive_on_email_and_accepts_decomposed_vietnamese(client, db):
    import unicodedata

    user = factories.make_user(role="editor", email="Bien.Tap@KeSat.example")
    db.session.commit()
    decomposed = unicodedata.normalize("NFD", factories.PASSWORD)
    assert decomposed != factories.PASSWORD
    response = _post_login(client, "  bien.tap@kesat.EXAMPLE ", decomposed)
    assert response.status_code == 303
    assert user.email == "bien.tap@kesat.example"


def test_unknown_account_and_wrong_password_get_the_same_answer(client, db):
    user = factories.make_user(role="editor")
    db.session.commit()
    wrong = _post_login(client, user.email, "không phải mật khẩu này")
    unknown = _post_login(client, "nobody@kesat.example", "không phải mật khẩu này")
    assert wrong.status_code == unknown.status_code == 401

    def body(r):
        import re
        return re.sub(r'value="[^"]*"', "", r.get_data(as_text=True))

    assert body(wrong) == body(unknown)
    assert "Email hoặc mật khẩu không đúng" in body(wrong) or "not correct" in body(wrong)


def test_deactivated_account_cannot_sign_in(client, db):
    user = factories.make_user(role="editor")
    user.active = False
    db.session.commit()
    assert _post_login(client, user.email, factories.PASSWORD).status_code == 401


def test_next_parameter_only_allows_local_paths(client, db):
    user = factories.make_user(role="admin")
    db.session.commit()
    response = _post_login(client, user.email, factories.PASSWORD, next_url="//evil.example/x")
    assert response.headers["Location"] == "/quan-tri/"
    client.post("/dang-xuat", data={"csrf_token": client.csrf_token("/quan-tri/")})
    response = _post_login(client, user.email, factories.PASSWORD, next_url="/quan-tri/nhat-ky")
    assert response.headers["Location"] == "/quan-tri/nhat-ky"


def test_login_without_csrf_token_is_refused_with_translated_400(client, db):
    user = factories.make_user(role="editor")
    db.session.commit()
    response = client.post("/dang-nhap", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "Biểu mẫu" in response.get_data(as_text=True) or "form" in response.get_data(as_text=True)


def test_session_is_renewed_at_sign_in(client, db):
    user = factories.make_user(role="editor")
    db.session.commit()
    client.get("/dang-nhap")
    before = client.get_cookie("session").value
    _post_login(client, user.email, factories.PASSWORD)
    after = client.get_cookie("session").value
    assert before != after


def test_sign_out_is_post_only_and_ends_the_session(client, login_as):
    login_as("editor")
    assert client.get("/dang-xuat").status_code == 405
    token = client.csrf_token("/quan-tri/")
    response = client.post("/dang-xuat", data={"csrf_token": token})
    assert response.status_code == 303
    assert client.get("/quan-tri/").status_code == 302


def test_sign_in_and_out_are_audited(client, db, login_as):
    user = login_as("editor")
    client.post("/dang-xuat", data={"csrf_token": client.csrf_token("/quan-tri/")})
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.actor_id == user.id)).all()
    assert "auth.sign_in" in actions and "auth.sign_out" in actions


# Idle and absolute limits, deactivation and the rest: tests/auth/test_sessions.py.


def test_password_hash_is_argon2id(db):
    user = factories.make_user(role="judge")
    assert user.password_hash.startswith("$argon2id$")
    assert passwords.verify_password(user.password_hash, factories.PASSWORD)


def test_production_argon2_cost_is_strong(app):
    from app.config import load

    config = load(app.instance_path, env="development")
    assert config["ARGON2_MEMORY_COST"] >= 65536 and config["ARGON2_TIME_COST"] >= 3


@pytest.mark.parametrize("password", ["12345678", "password", "matkhau123", "anhyeuem2024",
                                      "qwertyuiop", "short"])
def test_common_or_short_passwords_are_refused(app, password):
    with app.test_request_context():
        assert passwords.policy_errors(password)


@pytest.mark.parametrize("password", ["tôi yêu cánh đồng lúa", "correct horse battery staple",
                                      "Đồng xanh 2026 của làng", "x" * 3 + "Ks!9vq#2Lm" * 20])
def test_passphrases_and_vietnamese_passwords_are_accepted(app, password):
    with app.test_request_context():
        assert passwords.policy_errors(password) == []
