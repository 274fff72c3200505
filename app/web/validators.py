"""Validators shared by the forms of every domain (the site settings, the contest entry form).

Phone numbers are checked with `phonenumbers` (Google's libphonenumber metadata) rather than a
hand-written pattern: Vietnamese numbering changed in 2018 (11-digit mobiles became 10 digits,
landline area codes moved), and the library's metadata follows such changes.
"""
from __future__ import annotations

import re

import phonenumbers
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

REGION = "VN"
# Police 113, fire and rescue 114, ambulance 115, and 112, the national number for search and
# rescue that disaster bulletins give. libphonenumber does not know 112 for Vietnam.
EMERGENCY_NUMBERS = frozenset({"112", "113", "114", "115"})
# What people type between digits: spaces, dots, dashes, brackets, a leading +.
_TYPED = re.compile(r"\+?[0-9(][0-9 .()\-]*")
_LONGEST = 30

PHONE_MESSAGE = _l("Enter a Vietnamese phone number, for example 0225 3812 345 or 0912 345 678.")
EMERGENCY_MESSAGE = _l("Enter 112, 113, 114 or 115, a 1800 or 1900 hotline, or a Vietnamese phone number.")


class InvalidPhone(ValueError):
    """Not a Vietnamese phone number."""


def normalise_phone(value: str | None, *, emergency: bool = False) -> str:
    """A Vietnamese number in one display format, the national one: "0225 3812 345",
    "0912 345 678", "1900 1234". With `emergency`, the short numbers 112–115 are accepted too.
    Raises InvalidPhone for anything else (letters, foreign numbers, extensions, wrong length)."""
    raw = (value or "").strip()
    if len(raw) > _LONGEST or not _TYPED.fullmatch(raw):
        raise InvalidPhone(raw)
    digits = re.sub(r"\D", "", raw)
    if emergency and digits in EMERGENCY_NUMBERS and digits == raw:
        return digits
    try:
        number = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(raw) from error
    if (not phonenumbers.is_valid_number(number) or number.extension
            or phonenumbers.region_code_for_number(number) != REGION):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


class VietnamesePhone:
    """WTForms validator: a Vietnamese phone number, rewritten in the display format of
    `normalise_phone` so that what is stored is always the same shape. An empty field passes:
    put `DataRequired()` or `Optional()` before it."""

    def __init__(self, *, emergency: bool = False, message=None):
        self.emergency = emergency
        self.message = message

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        try:
            field.data = normalise_phone(field.data, emergency=self.emergency)
        except InvalidPhone:
            message = self.message or (EMERGENCY_MESSAGE if self.emergency else PHONE_MESSAGE)
            raise ValidationError(str(message)) from None
