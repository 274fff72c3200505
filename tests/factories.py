"""Plain make_* functions with sensible defaults (CTFd gen_*, Indico create_user)."""
from __future__ import annotations

import itertools

from app.auth import operations as accounts
from app.extensions import db
from app.schools.models import School

PASSWORD = "cánh đồng lúa chín vàng"
_seq = itertools.count(1)


def make_school(name: str | None = None, slug: str | None = None, level: str = "thcs") -> School:
    n = next(_seq)
    school = School(name=name or f"Trường THCS Thử Nghiệm {n}", slug=slug or f"truong-thu-{n}",
                    level=level)
    db.session.add(school)
    db.session.flush()
    return school


def make_user(role: str = "editor", email: str | None = None, password: str = PASSWORD,
              school: School | None = None, name: str = ""):
    if role == "school" and school is None:
        school = make_school()
    email = email or f"{role}{next(_seq)}@kesat.example"
    user = accounts.create_user(email, password, role, name=name, school=school)
    db.session.flush()
    return user


def make_campaign(title="Mùa gặt không đốt rơm rạ", state="published", starts=-10, ends=20, **kw):
    from datetime import timedelta

    from app.content.models import Campaign
    from app.content.queries import today_local

    today = today_local()
    n = next(_seq)
    campaign = Campaign(title=title, slug=kw.pop("slug", f"chien-dich-{n}"), state=state,
                        starts_on=today + timedelta(days=starts), ends_on=today + timedelta(days=ends),
                        summary=kw.pop("summary", "Tóm tắt chiến dịch"), goal=kw.pop("goal", "Mục tiêu"),
                        description=kw.pop("description", "Mô tả **chiến dịch**."), **kw)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def make_post(title: str | None = None, *, category="phan-loai-rac-tai-nguon", state="published",
              minutes_ago: int = 60, campaign=None, body="Nội dung **bài viết**.", **kw):
    from datetime import timedelta

    from app.content.models import Post
    from app.web.timeutil import utcnow

    n = next(_seq)
    post = Post(title=title or f"Bài viết số {n}", slug=kw.pop("slug", f"bai-viet-{n}"),
                category=category, state=state, body=body, summary=kw.pop("summary", "Tóm tắt."),
                publish_at=kw.pop("publish_at", utcnow() - timedelta(minutes=minutes_ago)),
                campaign=campaign, **kw)
    db.session.add(post)
    db.session.flush()
    return post


def png_bytes(size=(800, 600), colour=(30, 120, 60), exif_gps=False, orientation=None) -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x8825] = {1: "N", 2: (20.0, 51.0, 0.0)}  # GPSInfo
        exif[0x010F] = "Camera maker"
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", exif=exif.tobytes() if (exif_gps or orientation) else b"")
    return out.getvalue()


def pdf_bytes() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_alert(headline="Mưa lớn diện rộng trên địa bàn xã", *, hazard="mua-lon", level=2,
               hours_from=-1, hours_to=12, published=True, msg_type="Alert", references=None,
               areas=("toan-xa",), actor=None, **kw):
    from datetime import timedelta

    from app.alerts.models import Alert
    from app.alerts.operations import new_identifier
    from app.web.timeutil import utcnow

    now = utcnow()
    alert = Alert(identifier=new_identifier(), sender="canhbao@kesat.example", msg_type=msg_type,
                  references=references, hazard=hazard, event="Mưa lớn", category="Met",
                  risk_level=level, headline=headline,
                  description=kw.pop("description", "Dự báo mưa 100 mm trong 24 giờ."),
                  instruction=kw.pop("instruction", "- Khơi thông cống rãnh\n- Gọi 112 khi cần"),
                  effective=now + timedelta(hours=hours_from), expires=now + timedelta(hours=hours_to),
                  areas=list(areas), sent=(now - timedelta(minutes=5)) if published else None,
                  severity=kw.pop("severity", "Moderate"), **kw)
    db.session.add(alert)
    db.session.flush()
    return alert
