"""Text for the commune loudspeakers: numbers, times and dates written out as read aloud."""
from __future__ import annotations

import re
from datetime import datetime

from ..web.timeutil import to_local

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def _tens(n: int) -> str:
    tens, unit = divmod(n, 10)
    if tens == 0:
        return DIGITS[unit]
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        return f"{head} lăm"
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    if unit == 4 and tens > 1:
        return f"{head} tư"
    return f"{head} {DIGITS[unit]}"


def _hundreds(n: int, full: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _tens(rest)
    head = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} lẻ {DIGITS[rest]}"
    return f"{head} {_tens(rest)}"


def number(n: int) -> str:
    """0 ≤ n < 1,000,000 in Vietnamese words: 2026 → "hai nghìn không trăm hai mươi sáu"."""
    if n < 0 or n >= 1_000_000:
        return str(n)
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        return _hundreds(rest, full=False)
    head = f"{_hundreds(thousands, full=False)} nghìn"
    if rest == 0:
        return head
    return f"{head} {_hundreds(rest, full=True)}"


def digits(text: str) -> str:
    """Phone numbers are read digit by digit: 112 → "một một hai"."""
    return " ".join(DIGITS[int(d)] for d in text if d.isdigit())


def time_of_day(value: datetime) -> str:
    local = to_local(value)
    words = f"{number(local.hour)} giờ"
    if local.minute:
        words += f" {number(local.minute)} phút"
    return words


def date(value: datetime, *, with_year: bool = False) -> str:
    """The year is left out unless asked: a loudspeaker message is about this week."""
    local = to_local(value)
    text = f"{WEEKDAYS[local.weekday()]}, ngày {number(local.day)} tháng {number(local.month)}"
    if with_year:
        text += f" năm {number(local.year)}"
    return text


def moment(value: datetime) -> str:
    return f"{time_of_day(value)} {date(value)}"


def spell_numbers(text: str) -> str:
    """Numbers left inside free text are written out too (e.g. "150 mm" → words)."""
    def replace(match: re.Match) -> str:
        raw = match.group(0)
        if "." in raw or "," in raw:
            whole, _, frac = raw.replace(",", ".").partition(".")
            return f"{number(int(whole))} phẩy {number(int(frac))}" if whole and frac else raw
        return number(int(raw)) if len(raw) <= 6 else digits(raw)

    text = re.sub(r"\b(11[1-5])\b", lambda m: digits(m.group(1)), text)  # 112, 113, 114, 115
    text = re.sub(r"(\d)\s*[–—-]\s*(\d)", r"\1 đến \2", text)
    text = re.sub(r"\bmm\b", "mi-li-mét", text)
    text = re.sub(r"°C|ºC|độ C\b", " độ C", text)
    return re.sub(r"\d+(?:[.,]\d+)?", replace, text)


SYLLABLES_PER_MINUTE = 180  # a clear, unhurried reading over the loudspeakers


def reading_seconds(text: str) -> int:
    return round(len(text.split()) * 60 / SYLLABLES_PER_MINUTE)
