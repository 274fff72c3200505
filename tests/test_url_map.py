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
