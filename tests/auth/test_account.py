from sqlalchemy import select

from app.audit.models import AuditEntry

from .. import factories

NEW = "mùa lúa mới trên đồng quê"


def _change(client, current, new, confirm=None):
    token = client.csrf_token("/tai-khoan/mat-khau")
    return client.post("/tai-khoan/mat-khau", data={"current": current, "new": new,
                                                    "confirm": confirm or new, "csrf_token": token})


def test_every_role_can_change_its_own_password(app, client, db, login_as):
    user = login_as("school")
    other = app.test_client()
    token = other.csrf_token()
    other.post("/dang-nhap", data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token})
    assert other.get("/truong/").status_code == 200
    response = _change(client, factories.PASSWORD, NEW)
    assert response.status_code == 303
    assert client.get("/truong/").status_code == 200  # this session goes on
    assert other.get("/truong/").status_code == 302  # the other one has ended
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.password_change"))
    fresh = app.test_client()
    token = fresh.csrf_token()
    assert fresh.post("/dang-nhap", data={"email": user.email, "password": NEW,
                                          "csrf_token": token}).status_code == 303


def test_wrong_current_weak_new_or_mismatch_are_refused(client, db, login_as):
    login_as("judge")
    assert _change(client, "không đúng đâu nhé", NEW).status_code == 422
    assert _change(client, factories.PASSWORD, "12345678").status_code == 422
    assert _change(client, factories.PASSWORD, NEW, confirm=NEW + "x").status_code == 422


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/tai-khoan/mat-khau")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
    token = client.csrf_token("/dang-nhap")
    response = client.post("/tai-khoan/mat-khau", data={"csrf_token": token, "current": "x"})
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
