"""The Vietnamese phone validator shared by the settings and the contest entry form."""
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField
from wtforms.validators import Optional

from app.web.validators import InvalidPhone, VietnamesePhone, normalise_phone


@pytest.mark.parametrize("typed, shown", [
    ("0225 3812 345", "0225 3812 345"),      # Hải Phòng landline
    ("024 3825 1234", "024 3825 1234"),      # Hà Nội landline
    ("0912345678", "0912 345 678"),          # mobile
    ("+84 912 345 678", "0912 345 678"),
    ("0084 912 345 678", "0912 345 678"),
    ("1900 1234", "1900 1234"),              # hotlines
    ("18001234", "1800 1234"),
])
def test_vietnamese_numbers_are_shown_in_the_national_format(typed, shown):
    assert normalise_phone(typed) == shown


@pytest.mark.parametrize("typed", [
    "", "abc", "tel:0912345678", "0912 345 678 (anh Nam)", "0123456789", "0225",
    "+1 650 253 0000", "+44 20 7946 0958", "0225 3812 345 ext 12", "112", "0" * 40,
])
def test_what_is_not_a_vietnamese_number_is_refused(typed):
    with pytest.raises(InvalidPhone):
        normalise_phone(typed)


@pytest.mark.parametrize("number", ["112", "113", "114", "115"])
def test_emergency_numbers_only_where_allowed(number):
    assert normalise_phone(number, emergency=True) == number
    with pytest.raises(InvalidPhone):
        normalise_phone(number)


@given(st.text(max_size=30).filter(lambda s: any(c.isalpha() for c in s)))
def test_nothing_with_a_letter_in_it_is_a_phone_number(text):
    for emergency in (False, True):
        with pytest.raises(InvalidPhone):
            normalise_phone(text, emergency=emergency)


@given(st.sampled_from(["09", "03", "08", "0225", "024", "1900"]),
       st.text("0123456789", min_size=5, max_size=8),
       st.sampled_from(["", " ", ".", "-"]))
def test_the_display_format_is_stable(prefix, rest, separator):
    typed = prefix + separator + rest
    try:
        shown = normalise_phone(typed)
    except InvalidPhone:
        assume(False)
    assert normalise_phone(shown) == shown
    assert shown.replace(" ", "") == (prefix + rest)


class _Form(Form):
    phone = StringField(validators=[Optional(), VietnamesePhone()])
    hotline = StringField(validators=[Optional(), VietnamesePhone(emergency=True)])


def test_the_wtforms_validator_rewrites_the_number_and_explains_a_refusal(app):
    with app.test_request_context():
        form = _Form(MultiDict({"phone": "+84225 3812345", "hotline": "115"}))
        assert form.validate()
        assert (form.phone.data, form.hotline.data) == ("0225 3812 345", "115")
        form = _Form(MultiDict({"phone": "abc", "hotline": "abc"}))
        assert not form.validate()
        assert form.phone.errors[0].startswith("Vui lòng nhập số điện thoại Việt Nam")
        assert form.hotline.errors[0].startswith("Vui lòng nhập 112, 113, 114 hoặc 115")
        assert _Form(MultiDict({"phone": ""})).validate()
