"""The staff dashboard shows what waits, each count linked to where the work is done."""
import re
from datetime import timedelta

from sqlalchemy import event

from app.web.timeutil import utcnow

from .. import factories


def _stat(html: str, href: str) -> int:
    """The count shown on the dashboard tile that links to `href`."""
    found = re.search(r'<a href="' + re.escape(href) + r'">\s*<span class="stat-value">(\d+)</span>',
                      html)
    assert found, f"no tile links to {href}"
    return int(found.group(1))


def _seed(db):
    for _ in range(3):
        factories.make_post(state="draft")
    factories.make_post(state="scheduled", publish_at=utcnow() + timedelta(days=2))
    factories.make_post(state="scheduled", publish_at=utcnow() - timedelta(hours=1))  # out already
    factories.make_post(state="published")
    factories.make_alert(headline="Cảnh báo đang hiệu lực 1")
    factories.make_alert(headline="Cảnh báo đang hiệu lực 2", hazard="nang-nong")
    factories.make_alert(headline="Cảnh báo đã hết hạn", hours_from=-30, hours_to=-2)
    factories.make_alert(headline="Bản nháp chờ duyệt", published=False, submitted_at=utcnow())
    factories.make_alert(headline="Bản nháp chưa gửi", published=False)
    contest = factories.make_contest()
    for _ in range(2):
        factories.make_entry(contest, state="received")
    factories.make_entry(contest, state="accepted")
    framework = factories.make_framework()
    school = factories.make_school()
    factories.make_activity(school, framework, state="submitted")
    factories.make_activity(school, framework, state="resubmitted")
    factories.make_activity(school, framework, state="approved")
    factories.make_activity(school, framework, state="draft")
    db.session.commit()
    return contest


def test_dashboard_counts_what_waits_and_links_to_the_work(client, db, login_as):
    contest = _seed(db)
    login_as("editor")
    html = client.get("/quan-tri/").get_data(as_text=True)
    assert _stat(html, "/quan-tri/bai-viet/?trang-thai=draft") == 3
    assert _stat(html, "/quan-tri/bai-viet/?trang-thai=scheduled") == 1
    # Warnings in force, then the drafts waiting for a second person: both go to the warnings list.
    tiles = re.findall(r'<a href="/quan-tri/canh-bao/">\s*<span class="stat-value">(\d+)</span>', html)
    assert tiles == ["2", "1"]
    assert _stat(html, f"/quan-tri/cuoc-thi/{contest.id}/bai-du-thi?trang-thai=received") == 2
    assert _stat(html, "/quan-tri/truong-hoc-xanh/hang-cho") == 2
    assert "dashboard-accounts" not in html  # account counts are for admins only


def test_empty_dashboard_shows_zeros_and_still_links(client, db, login_as):
    login_as("editor")
    html = client.get("/quan-tri/").get_data(as_text=True)
    assert _stat(html, "/quan-tri/bai-viet/?trang-thai=draft") == 0
    assert _stat(html, "/quan-tri/cuoc-thi/") == 0  # no contest to screen: the contest list
    assert _stat(html, "/quan-tri/truong-hoc-xanh/hang-cho") == 0
    # No warning waits for approval: that tile is left out.
    assert len(re.findall(r'<a href="/quan-tri/canh-bao/">\s*<span class="stat-value">', html)) == 1


def test_dashboard_labels_are_in_vietnamese(client, db, login_as):
    _seed(db)
    login_as("editor")
    html = client.get("/quan-tri/").get_data(as_text=True)
    for label in ("Việc đang chờ", "bài viết nháp", "bài viết hẹn giờ đăng",
                  "cảnh báo đang có hiệu lực", "cảnh báo chờ duyệt"):
        assert label in html


def _count_queries(db, client, path):
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.engines[None]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_dashboard_queries_do_not_grow_with_the_data(client, db, login_as):
    login_as("admin")
    few = _count_queries(db, client, "/quan-tri/")
    _seed(db)
    _seed(db)
    assert _count_queries(db, client, "/quan-tri/") == few
