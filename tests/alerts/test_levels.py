"""Issue 8, line 2: one level, one story. The level is stated in its field; when an update
changes it, the form points at every sentence still naming another level and publishing is
refused until they agree. After a 2→3 update, "cấp 2" appears nowhere in the new message:
page, loudspeaker text, CAP and share card."""
import re

from sqlalchemy import select

from app.alerts.models import Alert
from app.alerts.routes import card_text

from .staff import form, post, publish

OLD_LEVEL = "Rủi ro thiên tai do mưa lớn cấp 2 (rủi ro trung bình)."
DESCRIPTION = f"Từ chiều nay đến sáng mai có mưa to, lượng mưa 100–150 mm. {OLD_LEVEL} Ruộng trũng có thể ngập."
SAYS_LEVEL_2 = re.compile(r"cấp\s+(độ\s+)?(2|hai)\b|rủi ro trung bình|level 2|medium risk", re.IGNORECASE)


def _publish_level_2(client, db) -> Alert:
    page = "/quan-tri/canh-bao/moi?loai=mua-lon&cap-do=2"
    data = form(risk_level="2", headline="Mưa to: xã Kẻ Sặt đề phòng ngập úng", description=DESCRIPTION,
                severity="Moderate")
    assert post(client, "/quan-tri/canh-bao/moi", data, page).status_code == 303
    alert = db.session.scalar(select(Alert).order_by(Alert.id.desc()))
    assert publish(client, alert.id, f"/quan-tri/canh-bao/{alert.id}").status_code == 303
    return alert


def _start_update(client, db, alert) -> Alert:
    show = f"/quan-tri/canh-bao/{alert.id}/xem"
    assert post(client, f"/quan-tri/canh-bao/{alert.id}/cap-nhat", {}, show).status_code == 303
    return db.session.scalar(select(Alert).where(Alert.references_id == alert.id, Alert.sent.is_(None)))


def _everything_the_new_message_says(client, app, update: Alert) -> dict:
    texts = {
        "page": client.get(f"/canh-bao/{update.identifier}").get_data(as_text=True),
        "loudspeaker": client.get(f"/canh-bao/{update.identifier}/loa").get_data(as_text=True),
        "cap": client.get(f"/canh-bao/{update.identifier}.xml").get_data(as_text=True),
    }
    with app.test_request_context():
        texts["share card"] = " ".join(str(v) for v in card_text(update).values())
    return texts


def test_a_level_change_points_at_the_old_level_and_waits_for_agreement(client, db, login_as, app):
    login_as("editor")
    alert = _publish_level_2(client, db)
    update = _start_update(client, db, alert)
    edit = f"/quan-tri/canh-bao/{update.id}"
    assert update.description == DESCRIPTION and update.risk_level == 2  # the old text is copied

    # Raised to level 3, text untouched: the form marks the sentence that still says level 2.
    saved = post(client, edit, form(risk_level="3", headline="Mưa rất to: xã Kẻ Sặt phòng chống ngập sâu",
                                    description=DESCRIPTION, version=str(update.version)), edit)
    assert saved.status_code == 303
    page = client.get(edit).get_data(as_text=True)
    assert '<mark class="level-clash">Rủi ro thiên tai do mưa lớn cấp 2</mark>' in page
    assert 'class="level-change"' in page  # "the level changes from the earlier message"

    refused = publish(client, update.id, edit)
    assert refused.status_code == 422
    error = re.search(r'id="description-error">(.*?)</p>', refused.get_data(as_text=True), re.DOTALL)
    assert error and OLD_LEVEL in error.group(1).replace("&#34;", '"')
    db.session.refresh(update)
    assert update.sent is None

    # The editor makes the text agree; now it goes out.
    agreed = DESCRIPTION.replace(f" {OLD_LEVEL}", "")
    db.session.refresh(update)
    assert post(client, edit, form(risk_level="3", headline="Mưa rất to: xã Kẻ Sặt phòng chống ngập sâu",
                                   description=agreed, version=str(update.version)), edit).status_code == 303
    assert publish(client, update.id, edit).status_code == 303
    db.session.refresh(update)
    assert update.sent is not None and update.risk_level == 3

    for where, text in _everything_the_new_message_says(client, app, update).items():
        assert not SAYS_LEVEL_2.search(text), (where, SAYS_LEVEL_2.search(text).group())
    texts = _everything_the_new_message_says(client, app, update)
    assert "<value>3</value>" in texts["cap"]
    assert "Cấp 3" in texts["share card"] or "Level 3" in texts["share card"]


def test_a_template_warning_raised_by_an_update_names_only_the_new_level(client, db, login_as, app):
    """The templates never write the level, so raising it in an update leaves nothing behind."""
    login_as("editor")
    page = client.get("/quan-tri/canh-bao/moi?loai=mua-lon&cap-do=2").get_data(as_text=True)
    description = re.search(r'<textarea[^>]*name="description"[^>]*>\n?(.*?)</textarea>', page, re.DOTALL).group(1)
    headline = re.search(r'name="headline"[^>]*value="([^"]*)"', page).group(1)
    assert not SAYS_LEVEL_2.search(description + headline)
    filled = re.sub(r"\[[^\]]*\]", "các cánh đồng trũng", description)
    data = form(risk_level="2", headline=headline, description=filled)
    assert post(client, "/quan-tri/canh-bao/moi", data, "/quan-tri/canh-bao/moi?loai=mua-lon").status_code == 303
    alert = db.session.scalar(select(Alert))
    assert publish(client, alert.id, f"/quan-tri/canh-bao/{alert.id}").status_code == 303
    update = _start_update(client, db, alert)
    edit = f"/quan-tri/canh-bao/{update.id}"
    assert post(client, edit, {**data, "risk_level": "3", "version": str(update.version)}, edit).status_code == 303
    assert publish(client, update.id, edit).status_code == 303
    db.session.refresh(update)
    assert update.risk_level == 3
    for where, text in _everything_the_new_message_says(client, app, update).items():
        assert not SAYS_LEVEL_2.search(text), (where, SAYS_LEVEL_2.search(text).group())


def test_a_text_naming_a_level_needs_a_level_field(client, db, login_as):
    login_as("editor")
    data = form(risk_level="", description="Rủi ro thiên tai cấp 3 (rủi ro lớn).")
    assert post(client, "/quan-tri/canh-bao/moi", data, "/quan-tri/canh-bao/moi?loai=mua-lon").status_code == 303
    alert = db.session.scalar(select(Alert))
    refused = publish(client, alert.id, f"/quan-tri/canh-bao/{alert.id}")
    assert refused.status_code == 422
    db.session.refresh(alert)
    assert alert.sent is None


def test_wind_force_in_the_text_is_not_a_level(client, db, login_as):
    login_as("editor")
    data = form(risk_level="3", description="Gió mạnh cấp 5, giật cấp 7; mưa 100–150 mm.")
    assert post(client, "/quan-tri/canh-bao/moi", data, "/quan-tri/canh-bao/moi?loai=mua-lon").status_code == 303
    alert = db.session.scalar(select(Alert))
    assert publish(client, alert.id, f"/quan-tri/canh-bao/{alert.id}").status_code == 303
