"""Public pages and the warning banner's poll never set a cookie (issue 7): a response there
is cacheable, and a poll in flight while someone signs in must not put their old cookie back."""
import pytest

BANNER = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#alert-banner"}


@pytest.mark.parametrize("path, headers", [("/canh-bao/", BANNER), ("/", {}), ("/tin-tuc/", {}),
                                           ("/tim-kiem?q=rac", {})])
def test_public_responses_leave_a_visitors_cookie_alone(client, path, headers):
    client.get("/dang-nhap")  # the sign-in form puts a CSRF token in the session cookie
    assert client.get_cookie("session") is not None
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers, response.headers["Set-Cookie"]

