"""Helpers for the staff warning tests: the draft form, and the publish forms read from the
page the person had open (CSRF token and the draft version it carries)."""
from __future__ import annotations

import re
from datetime import timedelta

from app.web.timeutil import to_local, utcnow


def local(hours: float) -> str:
    return to_local(utcnow() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def form(**kw) -> dict:
    return {"hazard": "mua-lon", "risk_level": "3", "headline": "Mưa lớn cấp 3 trên toàn xã",
            "description": "Dự báo mưa 150 mm.", "instruction": "- Khơi thông cống rãnh",
            "areas": ["toan-xa"], "effective": local(0), "onset": "", "expires": local(24),
            "urgency": "Expected", "severity": "Severe", "certainty": "Likely", "status": "Actual",
            "version": "", **kw}


def post(client, url, data, page):
    return client.post(url, data={**data, "csrf_token": client.csrf_token(page)})


def opened(client, page: str) -> dict:
    """The hidden fields of the send-out form on `page`, as the browser would send them."""
    html = client.get(page).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    version = re.search(r'<section class="card send-out".*?name="version" type="hidden" value="(\d+)"',
                        html, re.DOTALL)
    assert token and version, f"no send-out form on {page}"
    return {"csrf_token": token.group(1), "version": version.group(1)}


def publish(client, alert_id: int, page: str | None = None, fields: dict | None = None):
    """Press "publish" (or "approve and publish") on the page the person has open."""
    fields = fields or opened(client, page or f"/quan-tri/canh-bao/{alert_id}/xem")
    return client.post(f"/quan-tri/canh-bao/{alert_id}/dang", data=fields)


def ask_approval(client, alert_id: int, page: str | None = None):
    fields = opened(client, page or f"/quan-tri/canh-bao/{alert_id}")
    return client.post(f"/quan-tri/canh-bao/{alert_id}/gui-duyet", data=fields)


def sign_in(app, email: str, password: str):
    other = app.test_client()
    other.post("/dang-nhap", data={"email": email, "password": password,
                                   "csrf_token": other.csrf_token()})
    return other
