"""Every endpoint declares its audience; every guarded one refuses outsiders (SPEC §4)."""
import pytest

from app.web.roles import GUARDED_BLUEPRINTS, ROLES


PUBLIC_BUILTINS = {"static"}


def _audience(app, endpoint):
    view = app.view_functions[endpoint]
    if endpoint in PUBLIC_BUILTINS or getattr(view, "audience", None) == "public":
        return "public", None
    for name, roles in GUARDED_BLUEPRINTS.items():
        if endpoint.startswith(name + "."):
            return "guarded", getattr(view, "required_roles", roles)
    return None, None


def _example_url(rule):
    values = {}
    for arg, converter in rule._converters.items():
        values[arg] = 1 if type(converter).__name__ in ("IntegerConverter",) else "x"
    return rule.build(values, append_unknown=False)[1]


def _guarded_rules(app):
    for rule in app.url_map.iter_rules():
        kind, roles = _audience(app, rule.endpoint)
        if kind == "guarded":
            yield rule, roles


def test_every_endpoint_declares_its_audience(app):
    undeclared = [r.rule for r in app.url_map.iter_rules() if _audience(app, r.endpoint)[0] is None]
    assert not undeclared, f"routes without a declared audience: {undeclared}"


def test_signed_in_areas_are_guarded(app):
    prefixes = {"/quan-tri": "admin", "/truong": "portal", "/giam-khao": "judging"}
    for rule in app.url_map.iter_rules():
        for prefix in prefixes:
            if rule.rule.startswith(prefix + "/") or rule.rule == prefix:
                assert _audience(app, rule.endpoint)[0] == "guarded", rule.rule


def test_anonymous_requests_are_sent_to_sign_in(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        for rule, _roles in _guarded_rules(app):
            url = _example_url(rule)
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
            response = client.open(url, method=method)
            assert response.status_code == 302, (url, method, response.status_code)
            assert response.headers["Location"].startswith("/dang-nhap"), url
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


@pytest.mark.parametrize("role", ROLES)
def test_signed_in_users_without_the_role_get_403(app, client, login_as, role):
    login_as(role)
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        checked = 0
        for rule, roles in _guarded_rules(app):
            if role in roles:
                continue
            url = _example_url(rule)
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
            response = client.open(url, method=method)
            assert response.status_code == 403, (role, url, method, response.status_code)
            checked += 1
        assert checked > 0 or role == "admin"
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def test_htmx_request_without_session_is_sent_to_sign_in_without_swapping(client):
    response = client.get("/quan-tri/", headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    assert response.status_code == 204
    assert response.headers["HX-Location"].startswith("/dang-nhap")


# --- private pages are never stored (issue 7, line 5) --------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_signed_in_area_is_no_store(app, client, login_as, role):
    """Each GET rule of the guarded areas, opened with a role that may see it (placeholder
    arguments: a 404 inside the area must not be stored either)."""
    login_as(role)
    checked = 0
    for rule, roles in _guarded_rules(app):
        if "GET" not in rule.methods or role not in roles:
            continue
        url = _example_url(rule)
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert response.headers["Cache-Control"] == "no-store", (url, response.headers)
        assert "Expires" not in response.headers, url
        response.close()
        checked += 1
    assert checked > 0, role


def test_signed_in_areas_are_no_store_for_outsiders_too(app, client, login_as):
    for rule, _roles in _guarded_rules(app):
        if "GET" in rule.methods:
            response = client.get(_example_url(rule))
            assert response.status_code == 302 and response.headers["Cache-Control"] == "no-store"
    login_as("judge")
    response = client.get("/quan-tri/")
    assert response.status_code == 403 and response.headers["Cache-Control"] == "no-store"
    assert client.get("/quan-tri/khong-co").headers["Cache-Control"] == "no-store"


def test_sign_in_and_sign_out_are_no_store(client, login_as):
    response = client.get("/dang-nhap")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    login_as("editor")
    token = client.csrf_token("/tai-khoan/mat-khau")
    response = client.post("/dang-xuat", data={"csrf_token": token})
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" in response.headers


def test_the_one_time_password_page_is_no_store(client, login_as, db):
    from . import factories

    login_as("admin")
    user = factories.make_user(role="judge")
    db.session.commit()
    token = client.csrf_token(f"/quan-tri/nguoi-dung/{user.id}")
    response = client.post(f"/quan-tri/nguoi-dung/{user.id}/mat-khau", data={"csrf_token": token})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/canh-bao/", "/sitemap.xml", "/robots.txt"])
def test_public_pages_to_a_signed_in_person_are_no_store(client, login_as, path):
    login_as("school")
    response = client.get(path)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/canh-bao/", "/sitemap.xml", "/robots.txt"])
def test_anonymous_public_pages_keep_their_public_caching(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"], path
    assert "max-age" in response.headers["Cache-Control"], path
    assert "Set-Cookie" not in response.headers, path


def test_static_files_keep_their_year_long_caching_for_staff(client, login_as):
    login_as("editor")
    page = client.get("/tin-tuc/").get_data(as_text=True)
    import re

    css = re.search(r'href="(/static/css/[^"]+\?v=[^"]+)"', page).group(1)
    response = client.get(css)
    assert "immutable" in response.headers["Cache-Control"]
    response.close()


def test_a_response_that_writes_the_session_is_no_store(app, client, db):
    """An anonymous page that starts a session (its CSRF token) must not be kept: the next
    reader would get its Set-Cookie."""
    response = client.get("/dang-nhap")
    assert any(c.startswith(app.config["SESSION_COOKIE_NAME"] + "=")
               for c in response.headers.getlist("Set-Cookie"))
    assert response.headers["Cache-Control"] == "no-store"
