"""Random input on every public GET parameter and every form answers below 500 (issue 7,
SPEC §4), on whichever database the suite runs (CI runs it on SQLite and PostgreSQL).

Hypothesis draws any Unicode text (control characters and lone surrogates included, sent
as the UTF-8 bytes a client would send: surrogates become undecodable bytes), raw bytes,
long strings and out-of-range numbers. A request carrying a C0 control (other than tab,
line feed, carriage return) or text that is not UTF-8 must be refused with 400 and write
nothing; anything else may be refused, but never with a 5xx. Examples are few and drawn
deterministically (derandomize) so the suite stays quick and repeatable.
"""
from __future__ import annotations

import io
import re
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from sqlalchemy import func, select

from app.content.media import save_image
from app.contest.operations import assign_judge
from app.content.models import Document
from app.extensions import db as _db
from app.web.roles import GUARDED_BLUEPRINTS

from .. import factories

FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

# Written independently of app/web/inputs.py, so that this test checks it.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# In form values a vertical tab or form feed becomes a line break (app/web/inputs.BREAKS).
BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F)
SURROGATE = st.characters(categories=["Cs"])
TEXT = st.one_of(
    st.text(max_size=40),  # any Unicode but surrogates
    st.text(st.one_of(CONTROL, SURROGATE, st.characters()), min_size=1, max_size=20),
    # Long strings, made by repetition: drawing 5,000 characters one by one is slow.
    st.tuples(st.text(st.one_of(CONTROL, st.characters()), min_size=1, max_size=8),
              st.integers(200, 1200)).map(lambda t: (t[0] * t[1])[:5000]),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "../../etc/passwd", "//evil.example", "%",
                     "%zz", "2026-13-45", "2026-02-30T25:61", "<script>x</script>", "đ Đ ư"]),
)
VALUE = st.one_of(TEXT, st.binary(max_size=30))  # raw bytes: often not UTF-8
NAME = st.one_of(st.text(max_size=12), st.sampled_from(["", "csrf_token", "_method"]))

# The query parameters our pages read (`grep -rn request.args app/`), with the fields of
# the staff GET filter forms (audit log, post list); random names are drawn besides.
KNOWN_PARAMS = ["trang", "chuyen-muc", "chien-dich", "q", "next", "loai", "nam", "trang-thai",
                "cap-do", "actor", "action", "date_from", "date_to", "state", "page", "v"]
HTMX = st.one_of(st.none(), st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                                    max_size=30))


def encode(value: str | bytes) -> str:
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote(raw, safe="")


def unsafe(value: str | bytes) -> bool:
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return True
    return UNSAFE.search(value) is not None


def form_value(value: str | bytes) -> str | bytes:
    return value.translate(BREAKS) if isinstance(value, str) else value.replace(b"\x0b", b"\n").replace(b"\x0c", b"\n")


def unsafe_after_replace(value: str | bytes) -> bool:
    """Werkzeug decodes a multipart field with errors="replace", and its test client does the
    same to a path: bytes that are not UTF-8 arrive as U+FFFD (harmless), so only control
    characters must be refused there (tests/web/test_inputs.py sends raw path bytes)."""
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return UNSAFE.search(raw.decode("utf-8", "replace")) is not None


def row_counts() -> tuple[int, ...]:
    """How many rows every table holds (one query)."""
    tables = _db.metadata.sorted_tables
    counts = _db.session.execute(select(*[
        select(func.count()).select_from(t).scalar_subquery() for t in tables])).one()
    _db.session.commit()
    return tuple(counts)


def htmx_headers(target: str | None) -> dict:
    if target is None:
        return {}
    return {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": target}


# --- the data the pages show ------------------------------------------------------------

@pytest.fixture
def seeded(app, db):
    """One of each thing a public or staff page can be about, and the path values that
    reach it (random text is tried too)."""
    from PIL import Image

    campaign = factories.make_campaign()
    post = factories.make_post(campaign=campaign)
    alert = factories.make_alert()
    draft = factories.make_alert("Bản nháp cảnh báo", published=False)
    document = Document(slug="ke-hoach-thu", doc_type="Kế hoạch", number="12/KH-UBND",
                        title="Kế hoạch bảo vệ môi trường")
    db.session.add(document)
    picture = save_image(Image.new("RGB", (64, 48), (20, 120, 60)), alt="Ảnh thử")
    db.session.flush()
    media_name = f"{picture.key}.jpg"
    other = factories.make_user("editor")
    contest = factories.make_contest()
    entry = factories.make_entry(contest, state="accepted", in_gallery=True)
    assignment = assign_judge(contest, factories.make_user("judge"), None)
    framework = factories.make_framework()
    activity = factories.make_activity(factories.make_school(), framework, state="approved")
    db.session.commit()
    return {
        "paths": {
            "slug": [post.slug, campaign.slug, document.slug, contest.slug, "tach-rac"],
            "identifier": [alert.identifier, draft.identifier],
            "code": [f"b{post.id}", f"c{campaign.id}", "b99999999999"],
            "name": [media_name, "trang-chu", post.category],
            "lang": ["vi", "en"],
            "filename": ["css/app.css"],
            "kind": ["cap", "loa", "in"],
            "post_id": [post.id, 2**40], "campaign_id": [campaign.id], "document_id": [document.id],
            "alert_id": [alert.id, draft.id], "media_id": [picture.id], "user_id": [other.id],
            "contest_id": [contest.id, 2**40], "entry_id": [entry.id, 2**40],
            "assignment_id": [assignment.id, 2**40],
            "activity_id": [activity.id, 2**40], "school_id": [activity.school_id, 2**40],
        },
        "post": post, "campaign": campaign, "document": document, "alert": alert,
        "draft": draft, "media": picture, "user": other,
    }


def _audience(app, rule) -> str | None:
    view = app.view_functions[rule.endpoint]
    if rule.endpoint == "static" or getattr(view, "audience", None) == "public":
        return "public"
    for name in GUARDED_BLUEPRINTS:
        if rule.endpoint.startswith(name + "."):
            return name
    return None


def get_rules(app, audience: str):
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and _audience(app, rule) == audience]


def build(rule_text: str, values: dict) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: encode(str(values[m.group(1)])), rule_text)


def path_values(seeded, draw_random: dict, pick: int) -> dict:
    values = {}
    for name, choices in seeded["paths"].items():
        random = draw_random.get(name)
        values[name] = random if random is not None else choices[pick % len(choices)]
    return values


PATH_VALUE = st.one_of(st.none(), st.none(), TEXT)


def _query(pairs) -> tuple[str, bool]:
    query = "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)
    return query, any(unsafe(k) or unsafe(v) for k, v in pairs)


def _check_get(client, rules, seeded, pairs, randoms, pick, target):
    query, refused = _query(pairs)
    values = path_values(seeded, randoms, pick)
    for rule in rules:
        used = {n: values[n] for n in rule.arguments}
        url = build(rule.rule, used)
        bad = refused or any(isinstance(v, str | bytes) and unsafe_after_replace(v)
                             for v in used.values())
        with client.get(f"{url}?{query}", headers=htmx_headers(target)) as response:
            status = response.status_code
        assert status < 500, (url, query[:200], status)
        if bad:
            assert status == 400, (url, query[:200], status)


PAIRS = st.lists(st.tuples(st.one_of(st.sampled_from(KNOWN_PARAMS), NAME), VALUE), max_size=4)
RANDOM_PATHS = st.fixed_dictionaries({"slug": PATH_VALUE, "identifier": PATH_VALUE,
                                      "code": PATH_VALUE, "name": PATH_VALUE,
                                      "lang": PATH_VALUE})


def test_every_public_get_page_is_walked(app):
    endpoints = {rule.endpoint for rule in get_rules(app, "public")}
    assert {"site.home", "content.post_list", "alerts.index", "site.search_page",
            "site.feed", "alerts.feed", "site.short_link", "waste.lookup"} <= endpoints


@FUZZ
@given(pairs=PAIRS, randoms=RANDOM_PATHS, pick=st.integers(0, 3), target=HTMX)
def test_public_get_parameters_never_answer_500(app, client, seeded, pairs, randoms, pick,
                                                target):
    _check_get(client, get_rules(app, "public"), seeded, pairs, randoms, pick, target)


@FUZZ
@given(pairs=PAIRS, pick=st.integers(0, 3), target=HTMX,
       ids=st.fixed_dictionaries({"post_id": st.one_of(st.none(), st.integers(0, 2**70))}))
def test_staff_get_parameters_never_answer_500(app, client, login_as, seeded, pairs, pick,
                                               target, ids):
    if not getattr(client, "_fuzz_signed_in", False):
        login_as("admin")
        client._fuzz_signed_in = True
    _check_get(client, get_rules(app, "admin") + get_rules(app, "account"), seeded, pairs,
               ids, pick, target)


# --- forms ------------------------------------------------------------------------------

# Every POST route: who may send it, the page that holds its form, and fields it reads
# that the page does not show as inputs (htmx sends them). {name} = a seeded object's id.
FORMS = {
    "auth.login": (None, "/dang-nhap", "/dang-nhap", ()),
    "auth.logout": ("editor", "/quan-tri/", "/dang-xuat", ()),
    "account.password": ("editor", "/tai-khoan/mat-khau", "/tai-khoan/mat-khau", ()),
    "admin.content.post_create": ("editor", "/quan-tri/bai-viet/moi", "/quan-tri/bai-viet/moi", ("action",)),
    "admin.content.post_edit": ("editor", "/quan-tri/bai-viet/{post}", "/quan-tri/bai-viet/{post}", ("action",)),
    "admin.content.post_preview": ("editor", "/quan-tri/bai-viet/moi", "/quan-tri/bai-viet/xem-truoc", ("body",)),
    "admin.content.campaign_create": ("editor", "/quan-tri/chien-dich/moi", "/quan-tri/chien-dich/moi", ()),
    "admin.content.campaign_edit": ("editor", "/quan-tri/chien-dich/{campaign}", "/quan-tri/chien-dich/{campaign}", ()),
    "admin.content.document_create": ("editor", "/quan-tri/van-ban/moi", "/quan-tri/van-ban/moi", ()),
    "admin.content.document_edit": ("editor", "/quan-tri/van-ban/{document}", "/quan-tri/van-ban/{document}", ()),
    "admin.content.media_library": ("editor", "/quan-tri/thu-vien/", "/quan-tri/thu-vien/", ()),
    "admin.content.media_alt": ("editor", "/quan-tri/thu-vien/", "/quan-tri/thu-vien/{media}", ()),
    "admin.alerts.create": ("editor", "/quan-tri/canh-bao/moi", "/quan-tri/canh-bao/moi", ()),
    "admin.alerts.edit": ("editor", "/quan-tri/canh-bao/{draft}", "/quan-tri/canh-bao/{draft}", ()),
    "admin.alerts.publish": ("editor", "/quan-tri/canh-bao/{draft}", "/quan-tri/canh-bao/{draft}/dang", ()),
    "admin.alerts.start_update": ("editor", "/quan-tri/canh-bao/{alert}/xem", "/quan-tri/canh-bao/{alert}/cap-nhat", ()),
    "admin.alerts.cancel": ("editor", "/quan-tri/canh-bao/{alert}/xem", "/quan-tri/canh-bao/{alert}/huy", ()),
    "admin.settings": ("admin", "/quan-tri/cai-dat", "/quan-tri/cai-dat", ()),
    "admin.user_create": ("admin", "/quan-tri/nguoi-dung/moi", "/quan-tri/nguoi-dung/moi", ()),
    "admin.user_edit": ("admin", "/quan-tri/nguoi-dung/{user}", "/quan-tri/nguoi-dung/{user}", ()),
    "admin.user_reset_password": ("admin", "/quan-tri/nguoi-dung/{user}", "/quan-tri/nguoi-dung/{user}/mat-khau", ()),
    "admin.user_toggle_active": ("admin", "/quan-tri/nguoi-dung/{user}", "/quan-tri/nguoi-dung/{user}/trang-thai", ()),
}


def test_the_form_table_names_real_routes(app):
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert set(FORMS) <= posts, set(FORMS) - posts


def _role_for(app, rule) -> str | None:
    view = app.view_functions[rule.endpoint]
    if getattr(view, "audience", None) == "public":
        return None
    roles = getattr(view, "required_roles", None) or next(
        roles for name, roles in GUARDED_BLUEPRINTS.items() if rule.endpoint.startswith(name + "."))
    return "admin" if "admin" in roles else roles[0]


@pytest.mark.parametrize("role", [None, "admin", "editor", "judge", "school"])
@FUZZ
@given(pairs=st.lists(st.tuples(st.one_of(st.sampled_from(["name", "title", "body", "q"]), NAME),
                                VALUE), max_size=5), target=HTMX)
def test_posts_not_in_the_table_never_answer_500(app, client, login_as, seeded, role, pairs,
                                                 target):
    """Routes added after this file was written are fuzzed too, with random field names,
    until they get an entry in FORMS (which finds their real fields on their page)."""
    rules = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods
             and rule.endpoint not in FORMS and _role_for(app, rule) == role]
    if not rules:
        return
    state = client.__dict__.setdefault("_fuzz", {})
    if "token" not in state:
        if role:
            login_as(role)
        state["token"] = client.csrf_token("/dang-nhap" if role is None else "/tai-khoan/mat-khau")
    values = path_values(seeded, {}, 0)
    body_pairs = [("csrf_token", state["token"]), *pairs]
    refused = any(unsafe(k) or unsafe(form_value(v)) for k, v in body_pairs)
    body = "&".join(f"{encode(k)}={encode(v)}" for k, v in body_pairs).encode()
    for rule in rules:
        used = {n: values.get(n, 1 if "int" in str(rule._converters[n]).lower() else "x")
                for n in rule.arguments}
        before = row_counts() if refused else None
        response = client.post(build(rule.rule, used), data=body,
                               content_type="application/x-www-form-urlencoded",
                               headers=htmx_headers(target))
        assert response.status_code < 500, (rule.endpoint, response.status_code)
        if refused:
            assert response.status_code == 400, (rule.endpoint, response.status_code)
            assert row_counts() == before, f"{rule.endpoint}: refused input was written"


def _ids(seeded) -> dict:
    return {name: seeded[name].id for name in ("post", "campaign", "document", "alert",
                                                "draft", "media", "user")}


def form_fields(client, page: str, action: str) -> tuple[list[str], list[str], bool]:
    """The text and file fields of the POST form on `page` that is sent to `action`."""
    tree = lxml_html.fromstring(client.get(page).get_data(as_text=True))
    for form in tree.iter("form"):
        if (form.get("method") or "").lower() != "post":
            continue
        target = urlsplit(form.get("action") or page).path
        if target != action:
            continue
        texts, files = [], []
        for field in form.iter("input", "textarea", "select"):
            name = field.get("name")
            if not name or name == "csrf_token":
                continue
            (files if field.get("type") == "file" else texts).append(name)
        return texts, files, form.get("enctype") == "multipart/form-data"
    return [], [], False


def multipart(fields, files, boundary: str = "fuzzboundary7MA4YWxk") -> bytes:
    out = io.BytesIO()
    for name, value in fields:
        raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(raw + b"\r\n")
    for name, filename, data in files:
        safe = re.sub(r'["\\\r\n]', "_", filename).encode("utf-8", "surrogatepass")
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="'
                  .encode() + safe + b'"\r\nContent-Type: application/octet-stream\r\n\r\n')
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue()


FILE_DATA = st.one_of(st.binary(max_size=64), st.just(factories.png_bytes((40, 30))),
                      st.just(factories.pdf_bytes()))
FILE_NAME = st.one_of(st.just("anh.jpg"), st.text(st.one_of(CONTROL, st.characters()), max_size=20))


@pytest.mark.parametrize("endpoint", sorted(FORMS))
@FUZZ
@given(values=st.lists(VALUE, min_size=6, max_size=6), extra=st.lists(st.tuples(NAME, VALUE), max_size=2),
       file=st.one_of(st.none(), st.tuples(FILE_NAME, FILE_DATA)), target=HTMX,
       as_multipart=st.booleans())
def test_forms_never_answer_500_and_refused_input_writes_nothing(
        app, client, login_as, seeded, endpoint, values, extra, file, target, as_multipart):
    role, page, action, hidden = FORMS[endpoint]
    ids = _ids(seeded)
    page, action = page.format(**ids), action.format(**ids)
    state = client.__dict__.setdefault("_fuzz", {})
    if "token" not in state:
        if role:
            login_as(role)
        state["token"] = client.csrf_token(page)
        state["fields"] = form_fields(client, page, action)
    texts, files, form_multipart = state["fields"]
    names = list(dict.fromkeys([*texts, *hidden]))
    pairs = [("csrf_token", state["token"])]
    pairs += [(name, values[i % len(values)]) for i, name in enumerate(names)]
    if (form_multipart or files) and as_multipart:
        refused = any(unsafe_after_replace(form_value(v)) for _, v in pairs)
        uploads = []
        if file is not None and files:
            uploads = [(files[0], file[0], file[1])]
            refused = refused or UNSAFE.search(file[0]) is not None
        body = multipart(pairs, uploads)
        content_type = "multipart/form-data; boundary=fuzzboundary7MA4YWxk"
    else:
        pairs += extra
        refused = any(unsafe(k) or unsafe(form_value(v)) for k, v in pairs)
        body = "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs).encode()
        content_type = "application/x-www-form-urlencoded"
    before = row_counts() if refused else None
    response = client.post(action, data=body, content_type=content_type,
                           headers=htmx_headers(target))
    assert response.status_code < 500, (endpoint, response.status_code)
    if refused:
        assert response.status_code == 400, (endpoint, response.status_code)
        assert row_counts() == before, f"{endpoint}: refused input was written"
