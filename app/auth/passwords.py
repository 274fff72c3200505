"""Password hashing (argon2id) and the password policy.

Policy: at least 8 characters, long passphrases welcome (up to 256), Vietnamese letters
accepted (normalised to NFC, so the same phrase typed on any keyboard matches), and
guessable or common passwords refused (zxcvbn score below 3, or a known common password).
"""
from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 256
# zxcvbn only knows English words; these are what people here type too often.
LOCAL_WORDS = [
    "matkhau", "mat khau", "anhyeuem", "emyeuanh", "yeuem", "vietnam", "haiphong",
    "hai phong", "haiduong", "kesat", "ke sat", "quantri", "admin", "truonghoc",
    "giamkhao", "bientap", "xanh", "kesatxanh",
]


def normalise(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(normalise(password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def policy_errors(password: str, *, user_inputs: list[str] = ()) -> list[str]:
    """Translated reasons why `password` may not be used; empty when it is fine."""
    password = normalise(password)
    if len(password) < MIN_LENGTH:
        return [_("Use at least %(n)d characters. A short sentence is easy to remember.", n=MIN_LENGTH)]
    if len(password) > MAX_LENGTH:
        return [_("Use at most %(n)d characters.", n=MAX_LENGTH)]
    # zxcvbn is slow on very long inputs; a long passphrase is strong in any case.
    result = zxcvbn(password[:64], user_inputs=[*LOCAL_WORDS, *user_inputs])
    if result["score"] < 3:
        return [_("This password is too common or too easy to guess. Try a short sentence of several words.")]
    return []
