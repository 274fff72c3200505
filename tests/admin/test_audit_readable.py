"""The audit log reads as sentences: Vietnamese actions, named objects, old → new, links."""
import re

from app import audit
from app.auth import operations as accounts

from .. import factories


def _rows(client, query=""):
    html = client.get(f"/quan-tri/nhat-ky{query}").get_data(as_text=True)
    return html.split('id="audit-rows"')[1]


def test_every_recorded_action_has_a_label(app):
    import subprocess

    found = subprocess.run(["grep", "-rhoE", r'record(_limited)?\(\s*"[a-z_.]+"', "app"],
                           capture_output=True, text=True, check=True).stdout
    actions = set(re.findall(r'"([a-z_.]+)"', found))
    assert actions and not [a for a in actions if a not in audit.ACTION_LABELS]


def test_account_change_shows_object_old_new_and_link(client, db, login_as):
    admin = login_as("admin")
    user = factories.make_user(role="editor", email="doi.vai.tro@kesat.example")
    db.session.commit()
    accounts.update_user(user, name="Lê Văn Đổi", role="judge", school=None, actor=admin)
    db.session.commit()
    rows = _rows(client, "?action=user.update")
    assert "Sửa tài khoản" in rows and "user.update" not in rows
    assert 'class="audit-kind">Tài khoản<' in rows
    assert f'href="/quan-tri/nguoi-dung/{user.id}"' in rows
    assert re.search(r"Vai trò: <del>Biên tập viên</del>.*?<ins>Giám khảo</ins>", rows, re.S)
    assert "(User #" not in rows


def test_old_new_details_and_cancel_reason_are_shown(client, db, login_as):
    admin = login_as("admin")
    post = factories.make_post(title="Bài về ủ rơm", state="draft")
    alert = factories.make_alert(headline="Mưa lớn đã qua")
    audit.record("post.update", post, post.title, actor=admin, old="Nháp cũ", new="Bản mới")
    audit.record("alert.cancel", alert, alert.headline, actor=admin, reason="Mưa đã tạnh")
    db.session.commit()
    rows = _rows(client)
    assert re.search(r"<del>Nháp cũ</del>.*?<ins>Bản mới</ins>", rows, re.S)
    assert f'href="/quan-tri/bai-viet/{post.id}"' in rows and 'audit-kind">Bài viết<' in rows
    assert "Lý do: Mưa đã tạnh" in rows
    assert f'href="/quan-tri/canh-bao/{alert.id}/xem"' in rows and 'audit-kind">Cảnh báo<' in rows


def test_contest_entries_and_school_activities_link_to_their_pages(client, db, login_as):
    admin = login_as("admin")
    contest = factories.make_contest()
    entry = factories.make_entry(contest)
    framework = factories.make_framework()
    school = factories.make_school()
    activity = factories.make_activity(school, framework, state="submitted")
    audit.record("entry.reject", entry, "KS-0001", actor=admin, reason="Trùng bài")
    audit.record("activity.return", activity, activity.title, actor=admin, comment="Thêm ảnh")
    db.session.commit()
    rows = _rows(client)
    assert f'href="/quan-tri/cuoc-thi/bai-du-thi/{entry.id}"' in rows
    assert 'audit-kind">Bài dự thi<' in rows and "Lý do: Trùng bài" in rows
    assert f'href="/quan-tri/truong-hoc-xanh/hoat-dong/{activity.id}"' in rows
    assert 'audit-kind">Hoạt động của trường<' in rows and "Nhận xét: Thêm ảnh" in rows
    assert "Từ chối bài dự thi" in rows and "entry.reject" not in rows.split("<tbody>")[1]


def test_content_sync_and_objects_without_a_page_read_in_vietnamese(client, db, login_as):
    admin = login_as("admin")
    audit.record("content.sync", None, "guides: 4 created, 1 updated, 0 archived, 3 unchanged; "
                 "documents: 0 created, 2 updated, 0 archived, 9 unchanged", actor=None)
    db.session.commit()
    rows = _rows(client, "?action=content.sync")
    assert "Đồng bộ nội dung" in rows
    assert "thêm 4, sửa 1, lưu trữ 0, giữ nguyên 3" in rows
    assert "guides:" not in rows and "created" not in rows


def test_settings_changes_and_deleted_items(client, db, login_as):
    admin = login_as("admin")
    framework = factories.make_framework()
    activity = factories.make_activity(factories.make_school(), framework)
    audit.record("activity.delete", activity, "Nháp đã xoá", actor=admin)
    audit.record("settings.update", None, "commune_name", actor=admin,
                 changes={"commune_name": ["Xã cũ", "Xã Kẻ Sặt"]})
    db.session.commit()
    rows = _rows(client)
    assert re.search(r"<del>Xã cũ</del>.*?<ins>Xã Kẻ Sặt</ins>", rows, re.S)
    assert "commune_name:" not in rows  # the setting's own label is shown
    assert f'href="/quan-tri/truong-hoc-xanh/hoat-dong/{activity.id}"' not in rows
    assert "Nháp đã xoá" in rows
