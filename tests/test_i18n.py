"""Vietnamese first, English second (SPEC §4; after SecureDrop test_i18n.py)."""
import os
import pathlib

import pytest
from babel.messages.pofile import read_po

PO = pathlib.Path("app/translations/vi/LC_MESSAGES/messages.po")


def test_vietnamese_catalogue_is_complete_and_not_fuzzy():
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    assert not catalog.fuzzy, "the catalogue header is fuzzy"
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_catalogue_covers_every_message_in_the_code():
    """A string marked for translation in app/ or templates/ must be in the catalogue."""
    from babel.messages.extract import extract_from_dir

    with PO.open("rb") as fh:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    method_map = [("app/**.py", "python"), ("templates/**.html", "jinja2"),
                  ("templates/**.xml", "jinja2")]
    options = {"templates/**.html": {"trimmed": "true", "extensions": "jinja2.ext.do"},
               "templates/**.xml": {"trimmed": "true", "extensions": "jinja2.ext.do"}}
    missing = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        ".", method_map=method_map, options_map=options,
        directory_filter=lambda d: not os.path.basename(d).startswith((".", "node_modules")),
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None},
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid not in known:
            missing.add(msgid)
    assert not missing, f"run `make extract-messages` and translate: {sorted(missing)[:10]}"


@pytest.mark.parametrize("header", ["vi-VN,vi;q=0.9", "en-GB,en;q=0.8", "fr-FR", None])
def test_vietnamese_whatever_the_browser_asks_for(client, header):
    headers = {"Accept-Language": header} if header else {}
    html = client.get("/", headers=headers).get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Chuyển đến nội dung chính" in html


def test_explicit_choice_wins_and_works_without_javascript(client):
    response = client.get("/ngon-ngu/en?next=/dang-nhap", headers={"Accept-Language": "vi"})
    assert response.status_code == 303 and response.headers["Location"] == "/dang-nhap"
    html = client.get("/", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    client.get("/ngon-ngu/vi")
    assert '<html lang="vi">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_a_cookie_naming_another_language_is_ignored(client):
    client.set_cookie("lang", "fr")
    assert '<html lang="vi">' in client.get("/", headers={"Accept-Language": "fr, en"}).get_data(
        as_text=True)


def test_language_switch_refuses_other_sites_and_unknown_languages(client):
    response = client.get("/ngon-ngu/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    response = client.get("/ngon-ngu/xx")
    assert "Set-Cookie" not in response.headers


def test_every_page_has_a_language_link_for_the_other_language(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/ngon-ngu/en?next=/"' in html and 'lang="en"' in html


def test_times_are_shown_in_ho_chi_minh(app):
    from datetime import datetime, timezone

    from app.web.templating import local_datetime

    with app.test_request_context(headers={"Accept-Language": "vi"}):
        # 17:30 UTC on 31 Dec is 00:30 on 1 Jan in Kẻ Sặt.
        shown = local_datetime(datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc))
    assert shown == "00:30 01/01/2027"
