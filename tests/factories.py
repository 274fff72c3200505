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


PRIVACY_NOTICE = ("Bên kiểm soát dữ liệu: Trung tâm Dịch vụ sự nghiệp công xã Kẻ Sặt. "
                  "Quyền của bạn theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15.")


def make_contest(title="Cuộc thi sáng kiến môi trường 2026", *, phase="open", state="published",
                 criteria=(("Tính sáng tạo", 40, 10), ("Tính khả thi", 35, 10),
                           ("Tác động môi trường", 25, 10)),
                 categories=("Nông nghiệp xanh", "Giảm rác thải nhựa"),
                 prizes=(("Giải Nhất", 1), ("Giải Nhì", 2)), **kw):
    """A contest in the given phase: upcoming, open, judging or results (dates around now)."""
    from datetime import timedelta

    from app.contest.models import Category, Contest, Criterion, Prize
    from app.web.timeutil import utcnow

    now = utcnow()
    day = timedelta(days=1)
    opens, closes, ends = {
        "upcoming": (now + 5 * day, now + 30 * day, now + 45 * day),
        "open": (now - 5 * day, now + 20 * day, now + 35 * day),
        "judging": (now - 30 * day, now - 2 * day, now + 10 * day),
        "results": (now - 60 * day, now - 30 * day, now - 10 * day),
    }[phase]
    n = next(_seq)
    contest = Contest(title=title, slug=kw.pop("slug", f"cuoc-thi-{n}"), year=opens.year,
                      summary=kw.pop("summary", "Ý tưởng cho một Kẻ Sặt xanh, sạch."),
                      rules=kw.pop("rules", "## Thể lệ\n\nMỗi bài dự thi gồm **mô tả** sáng kiến."),
                      state=state, opens_at=opens, closes_at=closes, judging_ends_at=ends,
                      results_at=ends + day,
                      results_published_at=(now - 5 * day) if phase == "results" else None,
                      privacy_notice=kw.pop("privacy_notice", PRIVACY_NOTICE),
                      privacy_version=kw.pop("privacy_version", "2026-1"),
                      retention_days=kw.pop("retention_days", 365), **kw)
    contest.categories = [Category(name=name, position=i) for i, name in enumerate(categories)]
    contest.criteria = [Criterion(name=name, weight=w, max_score=m, position=i)
                        for i, (name, w, m) in enumerate(criteria)]
    contest.prizes = [Prize(name=name, places=places, reward="Giấy khen", position=i)
                      for i, (name, places) in enumerate(prizes)]
    db.session.add(contest)
    db.session.flush()
    return contest


def make_entry(contest, *, title=None, state="received", phone="0912 345 678",
               name="Nguyễn Văn An", consents=("judging", "publish_name", "contact"), **kw):
    """An entry written straight to the database (the form's path is tested on its own)."""
    from app.contest.models import PURPOSES, Consent, Entry
    from app.contest.operations import new_code
    from app.web.timeutil import utcnow

    n = next(_seq)
    entry = Entry(contest_id=contest.id, code=kw.pop("code", new_code()),
                  category_id=kw.pop("category_id", contest.categories[0].id),
                  title=title or f"Sáng kiến ủ rơm rạ số {n}", summary=kw.pop("summary", "Tóm tắt."),
                  description=kw.pop("description", "Mô tả chi tiết sáng kiến."),
                  entrant_name=name, phone=phone, phone_last4=phone.replace(" ", "")[-4:],
                  email=kw.pop("email", ""), hamlet=kw.pop("hamlet", "Thôn Hòa Ché"),
                  state=state, privacy_version=contest.privacy_version,
                  screened_at=utcnow() if state in ("accepted", "rejected") else None, **kw)
    entry.consents = [Consent(purpose=p, given=p in consents, notice_version=contest.privacy_version)
                      for p in PURPOSES]
    db.session.add(entry)
    db.session.flush()
    return entry


def make_framework(school_year: str = "2026-2027"):
    """The year's framework from content/truong-hoc-xanh (the real file, as `content sync`)."""
    from pathlib import Path

    from app.schools.framework import FOLDER, _load, apply

    framework, _created, _changed = apply(_load(Path("content") / FOLDER / f"{school_year}.yaml"))
    db.session.flush()
    return framework


def make_activity(school, framework, *, state="draft", title=None, criteria=None, **kw):
    """An activity written straight to the database, in any state."""
    from datetime import date, timedelta

    from app.schools.models import Activity
    from app.web.timeutil import utcnow

    n = next(_seq)
    chosen = criteria if criteria is not None else [framework.groups[0].criteria[0]]
    held = kw.pop("held_on", min(framework.ends_on, date.today()) - timedelta(days=n % 20))
    activity = Activity(school_id=school.id, framework_id=framework.id, held_on=held,
                        title=title or f"Trồng cây xanh đợt {n}", description="Mô tả hoạt động.",
                        pupils=kw.pop("pupils", 30), teachers=kw.pop("teachers", 3),
                        parents=kw.pop("parents", 5), state=state, criteria=list(chosen),
                        submitted_at=utcnow() if state != "draft" else None,
                        approved_at=utcnow() if state == "approved" else None, **kw)
    db.session.add(activity)
    db.session.flush()
    return activity
