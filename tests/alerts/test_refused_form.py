"""The draft form shown with a refusal (publish or "ask for approval" refused for a blank or a
level clash) saves the draft. It is rendered as the answer to the POST to /dang or /gui-duyet;
a form without its own action would post the edit back there, so "Save draft" would ask to
publish the saved text again, be refused again, and drop what the editor had just typed."""
import re

import pytest

from app.settings.models import SiteSetting

from .. import factories
from .staff import ask_approval, form, publish


def _draft_form_action(body: str) -> str | None:
    tag = re.search(r'<form\b[^>]*class="card form"[^>]*>', body).group()
    action = re.search(r'\baction="([^"]*)"', tag)
    return action.group(1) if action else None


@pytest.mark.parametrize("two_person", [False, True], ids=["publish", "ask-for-approval"])
def test_save_draft_on_a_refused_page_saves_the_draft(client, db, login_as, two_person):
    if two_person:
        db.session.add(SiteSetting(key="alerts_two_person", value="1"))
    editor = login_as("editor")
    alert = factories.make_alert(published=False, description="Mưa từ [thời gian].",
                                 created_by_id=editor.id)
    db.session.commit()
    edit = f"/quan-tri/canh-bao/{alert.id}"
    refused = ask_approval(client, alert.id) if two_person else publish(client, alert.id, edit)
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "[thời gian]" in body

    # The browser posts the form to its action, or, without one, back to the refused POST's URL.
    target = _draft_form_action(body) or refused.request.path
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)
    filled = form(description="Mưa từ 15 giờ hôm nay, lượng mưa 100 mm.", version=str(alert.version),
                  csrf_token=token)
    saved = client.post(target, data=filled)
    assert saved.status_code == 303 and saved.headers["Location"].endswith(edit)
    db.session.refresh(alert)
    assert alert.description == "Mưa từ 15 giờ hôm nay, lượng mưa 100 mm."
    assert alert.sent is None and alert.submitted_at is None
