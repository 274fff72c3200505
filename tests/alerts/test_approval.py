"""Issue 8, line 3: the second-person rule covers publish, update and cancel, and an approval
is bound to the text that was reviewed (the draft's version; a changed draft gets 409 and
shows what changed)."""
import re

import pytest
from sqlalchemy import func, select

from app.alerts.models import Alert
from app.audit.models import AuditEntry
from app.settings.models import SiteSetting

from .. import factories
from .staff import ask_approval, form, opened, post, publish, sign_in

ADMIN = "truong-ban@kesat.example"


def _entries(db, action) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _banner(client) -> str:
    return client.get("/").get_data(as_text=True).split('id="alert-banner"')[1][:3000]


@pytest.fixture
def two_person(db):
    db.session.add(SiteSetting(key="alerts_two_person", value="1"))
    factories.make_user(role="admin", email=ADMIN)
    db.session.commit()


def _draft(client, db, **kw) -> Alert:
    page = "/quan-tri/canh-bao/moi?loai=mua-lon&cap-do=3"
    assert post(client, "/quan-tri/canh-bao/moi", form(**kw), page).status_code == 303
    return db.session.scalar(select(Alert).order_by(Alert.id.desc()))


def test_an_editors_publish_is_a_request_an_admin_approves(client, db, login_as, app, two_person):
    editor = login_as("editor")
    alert = _draft(client, db)
    edit = f"/quan-tri/canh-bao/{alert.id}"
    page = client.get(edit).get_data(as_text=True)
    assert "/gui-duyet" in page and f"{edit}/dang" not in page  # the author sees "ask for approval"

    # pressing publish anyway does nothing
    forced = client.post(f"{edit}/dang", data=opened(client, edit))
    assert forced.status_code == 403
    db.session.refresh(alert)
    assert alert.sent is None

    assert ask_approval(client, alert.id).status_code == 303
    db.session.refresh(alert)
    assert alert.submitted_at is not None and alert.submitted_by_id == editor.id and alert.sent is None
    assert [e.actor_id for e in _entries(db, "alert.request")] == [editor.id]

    admin = sign_in(app, ADMIN, factories.PASSWORD)
    listing = admin.get("/quan-tri/canh-bao/").get_data(as_text=True)
    assert "approve-title" in listing and alert.headline in listing
    review = admin.get(f"{edit}/xem").get_data(as_text=True)
    assert f"{edit}/dang" in review and editor.email in review  # who asked
    assert publish(admin, alert.id).status_code == 303
    db.session.refresh(alert)
    assert alert.sent is not None and alert.published_by_id != editor.id
    entry = _entries(db, "alert.publish")[0]
    assert entry.actor_label == ADMIN and entry.details["approved_for"] == editor.id
    assert alert.headline in _banner(client)


def test_an_admin_does_not_approve_what_they_wrote(client, db, login_as, app, two_person):
    author = login_as("admin")
    alert = _draft(client, db)
    assert publish(client, alert.id).status_code == 403
    db.session.refresh(alert)
    assert alert.sent is None
    assert ask_approval(client, alert.id).status_code == 303
    assert publish(sign_in(app, ADMIN, factories.PASSWORD), alert.id).status_code == 303
    db.session.refresh(alert)
    assert alert.sent is not None and alert.published_by_id != author.id


def test_an_admin_who_changed_the_text_is_an_author_too(client, db, login_as, app, two_person):
    login_as("editor")
    alert = _draft(client, db)
    admin = sign_in(app, ADMIN, factories.PASSWORD)
    edit = f"/quan-tri/canh-bao/{alert.id}"
    assert post(admin, edit, form(headline="Mưa rất to", version=str(alert.version)), edit).status_code == 303
    refused = publish(admin, alert.id)
    assert refused.status_code == 403
    db.session.refresh(alert)
    assert alert.sent is None


def test_an_editor_cannot_approve_another_editors_draft(client, db, login_as, app, two_person):
    login_as("editor")
    alert = _draft(client, db)
    assert ask_approval(client, alert.id).status_code == 303
    factories.make_user(role="editor", email="bien-tap-2@kesat.example")
    db.session.commit()
    other = sign_in(app, "bien-tap-2@kesat.example", factories.PASSWORD)
    assert publish(other, alert.id).status_code == 403
    db.session.refresh(alert)
    assert alert.sent is None


def test_the_approval_is_bound_to_the_text_reviewed(client, db, login_as, app, two_person):
    """The admin opens the draft; the editor re-saves it; the admin's approval of what they
    read is refused with 409 and shows what changed; nothing goes out."""
    login_as("editor")
    alert = _draft(client, db, headline="Mưa lớn cấp 3 trên toàn xã", description="Dự báo mưa 150 mm.")
    assert ask_approval(client, alert.id).status_code == 303
    admin = sign_in(app, ADMIN, factories.PASSWORD)
    reviewed = opened(admin, f"/quan-tri/canh-bao/{alert.id}/xem")  # what is on the admin's screen

    edit = f"/quan-tri/canh-bao/{alert.id}"
    db.session.refresh(alert)
    changed = form(headline="Mưa lớn cấp 3 trên toàn xã", description="Dự báo mưa 300 mm, có nơi trên 350 mm.",
                   version=str(alert.version))
    assert post(client, edit, changed, edit).status_code == 303

    stale = publish(admin, alert.id, fields=reviewed)
    assert stale.status_code == 409
    body = stale.get_data(as_text=True)
    assert 'id="changes-title"' in body
    diff = re.search(r'<p class="diff pre">(.*?)</p>', body, re.DOTALL).group(1)
    assert "<del>150</del>" in diff and "<ins>300 mm, có nơi trên 350</ins>" in diff
    assert "Dự báo mưa 150 mm." in body  # before…
    assert "Dự báo mưa 300 mm, có nơi trên 350 mm." in body  # …and now
    db.session.refresh(alert)
    assert alert.sent is None and _entries(db, "alert.publish") == []
    assert "Mưa lớn cấp 3" not in _banner(client)

    # The 409 page carries the new version: approving from it sends the text now on screen.
    fresh = opened(admin, f"/quan-tri/canh-bao/{alert.id}/xem")
    assert fresh["version"] != reviewed["version"]
    assert publish(admin, alert.id, fields=fresh).status_code == 303
    db.session.refresh(alert)
    assert alert.sent is not None and alert.description.startswith("Dự báo mưa 300 mm")


@pytest.mark.parametrize("version", ["", "abc", "999", "-1"])
def test_a_publish_without_the_reviewed_version_is_refused(client, db, login_as, version):
    login_as("editor")
    alert = _draft(client, db)
    fields = {**opened(client, f"/quan-tri/canh-bao/{alert.id}"), "version": version}
    response = publish(client, alert.id, fields=fields)
    assert response.status_code == 409
    db.session.refresh(alert)
    assert alert.sent is None


def test_without_the_rule_a_stale_publish_is_refused_too(client, db, login_as):
    login_as("editor")
    alert = _draft(client, db)
    edit = f"/quan-tri/canh-bao/{alert.id}"
    on_screen = opened(client, edit)
    db.session.refresh(alert)
    post(client, edit, form(headline="Mưa rất to trên toàn xã", version=str(alert.version)), edit)
    response = publish(client, alert.id, fields=on_screen)
    assert response.status_code == 409
    assert "<ins>rất</ins>" in response.get_data(as_text=True)
    db.session.refresh(alert)
    assert alert.sent is None
    assert publish(client, alert.id, edit).status_code == 303  # reviewed again, it goes out


def test_publishing_twice_answers_409(client, db, login_as):
    login_as("editor")
    alert = _draft(client, db)
    on_screen = opened(client, f"/quan-tri/canh-bao/{alert.id}")
    assert publish(client, alert.id, fields=on_screen).status_code == 303
    again = publish(client, alert.id, fields=on_screen)
    assert again.status_code == 409
    assert len(_entries(db, "alert.publish")) == 1


def test_an_update_needs_the_second_person(client, db, login_as, app, two_person):
    editor = login_as("editor")
    live = factories.make_alert(created_by_id=editor.id)
    db.session.commit()
    show = f"/quan-tri/canh-bao/{live.id}/xem"
    assert post(client, f"/quan-tri/canh-bao/{live.id}/cap-nhat", {}, show).status_code == 303
    update = db.session.scalar(select(Alert).where(Alert.msg_type == "Update"))
    assert publish(client, update.id, f"/quan-tri/canh-bao/{update.id}").status_code == 403
    assert ask_approval(client, update.id).status_code == 303
    assert publish(sign_in(app, ADMIN, factories.PASSWORD), update.id).status_code == 303
    db.session.refresh(update)
    assert update.sent is not None


def test_an_editors_cancel_waits_for_approval(client, db, login_as, app, two_person):
    """Today one editor can cancel a live warning alone. Under the rule the cancel is a Cancel
    draft with the reason; the warning stays in force until an admin approves it."""
    editor = login_as("editor")
    live = factories.make_alert("Mưa lớn trên toàn xã, cấp 2")
    db.session.commit()
    show = f"/quan-tri/canh-bao/{live.id}/xem"
    response = post(client, f"/quan-tri/canh-bao/{live.id}/huy", {"reason": "Mưa đã ngớt."}, show)
    assert response.status_code == 303
    request = db.session.scalar(select(Alert).where(Alert.msg_type == "Cancel"))
    assert request.sent is None and request.references_id == live.id
    assert request.description == "Mưa đã ngớt." and request.submitted_by_id == editor.id
    assert response.headers["Location"].endswith(f"/quan-tri/canh-bao/{request.id}/xem")
    assert "Mưa lớn trên toàn xã" in _banner(client)  # still in force
    assert client.get(f"/canh-bao/{request.identifier}").status_code == 404
    assert [e.actor_id for e in _entries(db, "alert.cancel_request")] == [editor.id]
    assert _entries(db, "alert.cancel") == []
    # the editor sees no approve button, and pressing it anyway does nothing
    show_request = f"/quan-tri/canh-bao/{request.id}/xem"
    assert f"/quan-tri/canh-bao/{request.id}/dang" not in client.get(show_request).get_data(as_text=True)
    forced = client.post(f"/quan-tri/canh-bao/{request.id}/dang", data={
        "csrf_token": client.csrf_token(show_request), "version": str(request.version)})
    assert forced.status_code == 403

    admin = sign_in(app, ADMIN, factories.PASSWORD)
    assert request.headline in admin.get("/quan-tri/canh-bao/").get_data(as_text=True)
    review = admin.get(f"/quan-tri/canh-bao/{request.id}/xem").get_data(as_text=True)
    assert "Mưa đã ngớt." in review and editor.email in review
    approved = publish(admin, request.id)
    assert approved.status_code == 303
    db.session.refresh(request)
    assert request.sent is not None and request.effective <= request.sent
    assert "Mưa lớn trên toàn xã" not in _banner(client)
    entry = _entries(db, "alert.cancel")[0]
    assert entry.actor_label == ADMIN and entry.details["approved_for"] == editor.id


def test_without_the_rule_an_editor_publishes_and_cancels_alone(client, db, login_as):
    login_as("editor")
    alert = _draft(client, db)
    assert "/gui-duyet" not in client.get(f"/quan-tri/canh-bao/{alert.id}").get_data(as_text=True)
    assert publish(client, alert.id).status_code == 303
    show = f"/quan-tri/canh-bao/{alert.id}/xem"
    assert post(client, f"/quan-tri/canh-bao/{alert.id}/huy", {"reason": "Hết mưa."}, show).status_code == 303
    cancel = db.session.scalar(select(Alert).where(Alert.msg_type == "Cancel"))
    assert cancel.sent is not None
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "alert.cancel")) == 1


def test_a_second_cancel_of_a_cancelled_warning_is_409(client, db, login_as):
    login_as("editor")
    live = factories.make_alert()
    db.session.commit()
    show = f"/quan-tri/canh-bao/{live.id}/xem"
    token_page = client.csrf_token(show)
    assert client.post(f"/quan-tri/canh-bao/{live.id}/huy", data={"reason": "Hết mưa.", "csrf_token": token_page}).status_code == 303
    again = client.post(f"/quan-tri/canh-bao/{live.id}/huy", data={"reason": "Hết mưa.", "csrf_token": token_page})
    assert again.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Alert).where(Alert.msg_type == "Cancel")) == 1


def test_a_form_with_unsaved_text_offers_no_publish_button(client, db, login_as):
    """After a refused save the form shows what was typed, not what is saved: a publish button
    there would send text that is not on the screen."""
    login_as("editor")
    alert = _draft(client, db)
    edit = f"/quan-tri/canh-bao/{alert.id}"
    response = post(client, edit, form(headline="Mưa rất to", expires="not a date",
                                       version=str(alert.version)), edit)
    assert response.status_code == 422
    assert f"{edit}/dang" not in response.get_data(as_text=True)
    assert f"{edit}/dang" in client.get(edit).get_data(as_text=True)
