"""Vietnamese text helpers shared by the waste lookup and search."""
from __future__ import annotations

import re
import unicodedata

# For codes read aloud over the phone or copied from a photo (contest entries, incident codes):
# no 0/O, no 1/I/L.
READABLE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def fold(text: str) -> str:
    """Lower case without tone marks or diacritics, đ → d: "Đồ điện tử" → "do dien tu"."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))
