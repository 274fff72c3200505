"""Issue 8, line 1: no blanks go out. A template's `[thời gian]` or `[cấp gió giật]` left in the
headline, description or instruction (Vietnamese or English) keeps the warning from being
published or approved; the form and every staff preview mark the blanks."""
import html
import re

from sqlalchemy import func, select

from app.alerts.models import Alert
from app.audit.models import AuditEntry
from app.settings.models import SiteSetting

from .. import factories
from .staff import form, post, publish, sign_in

TEMPLATE = "/quan-tri/canh-bao/moi?loai=loc-set-mua-da&cap-do=2"


def _template_values(client) -> dict:
    """The draft form exactly as the template fills it: what an editor saves untouched."""
    page = client.get(TEMPLATE).get_data(as_text=True)

    def textarea(name):
        match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.DOTALL)
        return html.unescape(match.group(1))

    headline = html.unescape(re.search(r'name="headline"[^>]*value="([^"]*)"', page).group(1))
    return form(hazard="loc-set-mua-da", risk_level="2", headline=headline,
                description=textarea("description"), instruction=textarea("instruction"))


def _publishes(db) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "alert.publish"))


def test_the_form_marks_a_templates_blanks(client, login_as):
    login_as("editor")
    page = client.get(TEMPLATE).get_data(as_text=True)
    assert '<mark class="blank">[thời gian]</mark>' in page
    assert '<mark class="blank">[cấp gió giật]</mark>' in page
    assert 'id="description-check"' in page


def test_an_untouched_template_cannot_be_published(client, db, login_as):
    login_as("editor")
    data = _template_values(client)
    assert "[thời gian]" in data["description"]
    response = post(client, "/quan-tri/canh-bao/moi", data, TEMPLATE)
    assert response.status_code == 303  # a draft may keep its blanks
    alert = db.session.scalar(select(Alert))
    edit = f"/quan-tri/canh-bao/{alert.id}"
    page = client.get(edit).get_data(as_text=True)
    assert "blanks are still to fill in" in page or "chỗ trống" in page  # the flash counts them
    assert '<mark class="blank">[thời gian]</mark>' in page

    refused = publish(client, alert.id, edit)
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    # the refusal sits at the field and lists the blanks
    error = re.search(r'id="description-error">(.*?)</p>', body, re.DOTALL).group(1)
    assert "[thời gian]" in error and "[cấp gió giật]" in error
    assert 'aria-invalid="true"' in body
    db.session.refresh(alert)
    assert alert.sent is None and _publishes(db) == 0
    assert client.get(f"/canh-bao/{alert.identifier}").status_code == 404

    # filled in, it goes out
    filled = {key: (value.replace("[thời gian]", "chiều nay").replace("[cấp gió giật]", "cấp 8")
                    if isinstance(value, str) else value) for key, value in data.items()}
    saved = post(client, edit, {**filled, "version": str(alert.version)}, edit)
    assert saved.status_code == 303
    assert publish(client, alert.id, edit).status_code == 303
    db.session.refresh(alert)
    assert alert.sent is not None and _publishes(db) == 1
    public = client.get(f"/canh-bao/{alert.identifier}").get_data(as_text=True)
    assert "[thời gian]" not in public and "[cấp gió giật]" not in public


def test_blanks_in_the_english_text_count_too(client, db, login_as):
    login_as("editor")
    alert = factories.make_alert(published=False, level=3, headline_en="Heavy rain from [time]")
    db.session.commit()
    response = publish(client, alert.id, f"/quan-tri/canh-bao/{alert.id}")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert re.search(r'id="headline_en-error">[^<]*\[time\]', body)
    assert "<details open" in body  # the English fields are shown, not folded away
    db.session.refresh(alert)
    assert alert.sent is None


def test_every_staff_preview_marks_the_blanks(client, db, login_as):
    login_as("editor")
    alert = factories.make_alert(published=False, headline="Dông lốc trong [thời gian]",
                                 description="Gió giật [cấp gió giật].")
    db.session.commit()
    base = f"/quan-tri/canh-bao/{alert.id}"
    for path in (f"{base}/xem", f"{base}/xem-truoc/in", f"{base}/xem-truoc/loa", f"{base}/xem-truoc/cap"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<mark class="blank">[cấp gió giật]</mark>' in response.get_data(as_text=True), path
    # the documents themselves, as machines get them, are untouched
    for kind, mimetype in (("loa", "text/plain"), ("cap", "application/xml")):
        raw = client.get(f"{base}/xem-truoc/{kind}?tho=1")
        assert raw.mimetype == mimetype and "<mark" not in raw.get_data(as_text=True)
        assert "[cấp gió giật]" in raw.get_data(as_text=True)
    # the print preview keeps its title and attributes intact
    printed = client.get(f"{base}/xem-truoc/in").get_data(as_text=True)
    assert "<title><mark" not in printed


def test_the_second_persons_approval_is_refused_too(client, db, login_as, app):
    db.session.add(SiteSetting(key="alerts_two_person", value="1"))
    factories.make_user(role="admin", email="truong-ban@kesat.example")
    editor = login_as("editor")
    alert = factories.make_alert(published=False, description="Mưa từ [thời gian].",
                                 created_by_id=editor.id)
    db.session.commit()
    # the author cannot even ask while blanks remain
    asked = client.post(f"/quan-tri/canh-bao/{alert.id}/gui-duyet", data={
        "csrf_token": client.csrf_token(f"/quan-tri/canh-bao/{alert.id}"), "version": str(alert.version)})
    assert asked.status_code == 422
    db.session.refresh(alert)
    assert alert.submitted_at is None
    admin = sign_in(app, "truong-ban@kesat.example", factories.PASSWORD)
    refused = publish(admin, alert.id)
    assert refused.status_code == 422
    assert "[thời gian]" in refused.get_data(as_text=True)
    db.session.refresh(alert)
    assert alert.sent is None and _publishes(db) == 0


def test_a_cancellation_reason_with_a_blank_is_refused(client, db, login_as):
    login_as("editor")
    alert = factories.make_alert()
    db.session.commit()
    show = f"/quan-tri/canh-bao/{alert.id}/xem"
    response = post(client, f"/quan-tri/canh-bao/{alert.id}/huy", {"reason": "Hết mưa lúc [giờ]."}, show)
    assert response.status_code == 422
    assert "[giờ]" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1
