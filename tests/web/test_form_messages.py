"""Forms speak the person's language (SPEC §4): no English validation message reaches a
Vietnamese form, whether it comes from our validators, from WTForms' built-in ones, from
email-validator (through WTForms' Email) or from Flask-WTF's CSRF protection."""
from __future__ import annotations

import importlib
import pathlib
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import fields

ROOT = pathlib.Path(__file__).resolve().parents[2]
PO = ROOT / "app" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
# Letters only Vietnamese writes: a Vietnamese sentence has some, an English one none.
VIETNAMESE = re.compile("[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]",
                        re.IGNORECASE)
# Flask-WTF's reasons for refusing a form (flask_wtf/csrf.py); CSRFProtect turns them into
# errors.py's translated page, and they must never be shown as they are.
CSRF_REASONS = ("The CSRF token is missing.", "The CSRF session token is missing.",
                "The CSRF token has expired.", "The CSRF token is invalid.",
                "The CSRF tokens do not match.", "The referrer header is missing.",
                "The referrer does not match the host.")


def _library_messages() -> set[str]:
    """The built-in messages of the installed WTForms and Flask-WTF, singular msgids."""
    import flask_wtf
    import wtforms

    found = set()
    for package in (wtforms, flask_wtf):
        folder = pathlib.Path(package.__file__).parent
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(folder), method_map=[("**.py", "python")],
            # reCAPTCHA is not used (and its messages are not translatable).
            directory_filter=lambda d: not d.endswith("recaptcha"),
            keywords={"gettext": None, "ngettext": (1, 2)},
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def _catalogue() -> dict[str, str]:
    with PO.open("rb") as fh:
        return {(m.id if isinstance(m.id, str) else m.id[0]):
                (m.string if isinstance(m.string, str) else m.string[0])
                for m in read_po(fh) if m.id}


def _app_forms() -> list[type]:
    """Every form of the app: each package's forms.py is imported, then every FlaskForm
    subclass defined under app/ is collected (the staff settings form lives in its view)."""
    for path in sorted((ROOT / "app").rglob("forms.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        importlib.import_module(module)
    forms, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("app.") and cls not in forms:
            forms.append(cls)
    return sorted(forms, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = _app_forms()
TEXT_FIELDS = (fields.StringField,)  # also TextArea, Email, Tel, Password, Hidden, Search…
NUMBER_FIELDS = (fields.IntegerField, fields.DecimalField, fields.FloatField)
TIME_FIELDS = (fields.DateTimeField, fields.DateField, fields.TimeField, fields.MonthField,
               fields.WeekField, fields.DateTimeLocalField)


def _wrong_data(app, form_class) -> MultiDict:
    """A value of the wrong kind in every field: too long, not a number, not a date, not one
    of the choices, not an email address."""
    with app.test_request_context():
        form = form_class(meta={"csrf": False})
    data = MultiDict()
    for field in form:
        if field.name == "csrf_token" or isinstance(field, (fields.FileField, fields.BooleanField)):
            continue
        if isinstance(field, (fields.SelectField, fields.SelectMultipleField)):
            data.add(field.name, "__khong-co__")
        elif isinstance(field, NUMBER_FIELDS):
            data.add(field.name, "mười hai")
        elif isinstance(field, TIME_FIELDS):
            data.add(field.name, "31/02/2026 25:61")
        elif isinstance(field, TEXT_FIELDS):
            data.add(field.name, "@" * 100_001)  # longer than any Length(max=…), not an email
    return data


def _flatten(errors) -> list[str]:
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _flatten(value)]
    if isinstance(errors, (list, tuple)):
        return [m for value in errors for m in _flatten(value)]
    return [str(errors)]


@pytest.fixture
def submit(app, client, db):
    """Validate a form as the app does on a POST: a real session cookie and CSRF token, the
    app's before-request hooks (CSRFProtect, locale), no language chosen (so Vietnamese)."""
    token = client.csrf_token("/dang-nhap")
    cookie = client.get_cookie("session")

    def submit(form_class, data: MultiDict, lang: str | None = None):
        data = MultiDict(data)
        data["csrf_token"] = token
        cookies = f"session={cookie.value}" + (f"; lang={lang}" if lang else "")
        with app.test_request_context("/dang-xuat", method="POST", data=data,
                                      headers={"Cookie": cookies,
                                               "Accept-Language": "en-US,en;q=0.9"}):
            app.preprocess_request()
            form = form_class()
            form.validate()
            return {name: _flatten(errors) for name, errors in form.errors.items()}

    return submit


def test_the_walk_finds_the_forms_of_every_domain():
    names = {f"{c.__module__}.{c.__name__}" for c in FORMS}
    for expected in ("app.auth.forms.LoginForm", "app.admin.forms.UserCreateForm",
                     "app.content.forms.PostForm", "app.alerts.forms.AlertForm",
                     "app.admin.routes.SettingsForm"):
        assert expected in names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_no_english_message_reaches_a_vietnamese_form(app, submit, form_class):
    with_wrong_data = submit(form_class, _wrong_data(app, form_class))
    empty = submit(form_class, MultiDict())
    english = [f"{field}: {message}" for errors in (empty, with_wrong_data)
               for field, messages in errors.items() for message in messages
               if not VIETNAMESE.search(message)]
    assert not english, f"English messages on {form_class.__name__}: {english}"


def test_the_walk_meets_the_built_in_messages(app, submit):
    """The test above must really see WTForms' messages, not only our own."""
    seen = set()
    for form_class in FORMS:
        for data in (MultiDict(), _wrong_data(app, form_class)):
            for messages in submit(form_class, data).values():
                seen.update(messages)
    for expected in ("Ô này không được để trống.", "Ô này không được dài quá 200 ký tự.",
                     "Vui lòng chọn một mục có trong danh sách.", "Ngày không hợp lệ.",
                     "Ngày giờ không hợp lệ.", "Địa chỉ email không hợp lệ.",
                     "Vui lòng nhập một số nguyên."):
        assert expected in seen


def test_english_readers_get_the_english_messages(submit):
    from app.auth.forms import LoginForm

    errors = submit(LoginForm, MultiDict(), lang="en")
    assert errors["email"] == ["This field is required."]


def test_every_built_in_message_of_the_libraries_is_translated():
    """An upgrade of WTForms or Flask-WTF that adds a message fails here, until it is added to
    WTFORMS_MESSAGES (app/web/i18n.py) and translated."""
    catalogue = _catalogue()
    library = _library_messages()
    assert "This field is required." in library and "Not a valid choice." in library
    missing = sorted(m for m in library if not catalogue.get(m))
    assert not missing, f"add to WTFORMS_MESSAGES and translate: {missing}"
    untranslated = sorted(m for m in library if not VIETNAMESE.search(catalogue[m]))
    assert not untranslated, untranslated


def test_sign_in_posted_empty_answers_in_vietnamese(client):
    token = client.csrf_token("/dang-nhap")
    response = client.post("/dang-nhap", data={"email": "", "password": "", "csrf_token": token},
                           headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'id="email-error">Ô này không được để trống\.<', html)
    assert re.search(r'id="password-error">Ô này không được để trống\.<', html)
    for message in _library_messages():
        assert f">{message}<" not in html and f" {message}<" not in html


def test_sign_in_with_a_wrong_email_answers_in_vietnamese(client):
    token = client.csrf_token("/dang-nhap")
    response = client.post("/dang-nhap", data={"email": "x" * 300, "password": "mật khẩu",
                                               "csrf_token": token})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Ô này không được dài quá 254 ký tự." in html
    assert "Field cannot be longer" not in html


@pytest.mark.parametrize("case", ["missing", "invalid", "other session", "no session"])
def test_refused_csrf_tokens_answer_in_vietnamese(app, client, case):
    data = {"email": "ai@kesat.example", "password": "mật khẩu"}
    if case == "invalid":
        client.csrf_token("/dang-nhap")
        data["csrf_token"] = "khong-phai-ma"
    elif case == "other session":
        client.csrf_token("/dang-nhap")
        data["csrf_token"] = app.test_client().csrf_token("/dang-nhap")
    elif case == "no session":
        data["csrf_token"] = app.test_client().csrf_token("/dang-nhap")
    response = client.post("/dang-nhap", data=data, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html and "Biểu mẫu đã hết hạn" in html
    assert not [reason for reason in CSRF_REASONS if reason in html]
