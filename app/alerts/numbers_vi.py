"""Numbers in Vietnamese words, the way they are read over the commune loudspeakers.

Written by hand rather than with num2words: its Vietnamese reads 2026 as "hai nghìn lẻ hai
mươi sáu", 1010 as "một nghìn lẻ mười" and 10**18 as "một Quintillion", and drops the zero of
2,05. It is right only below a thousand, the part these few lines already did.

Choices (one reading each, so that a listener always hears the same thing):
- 4 after a ten is "bốn" (24 → "hai mươi bốn"): clearer than "tư" over a loudspeaker;
  the month April keeps its name, "tháng tư";
- 5 after a ten is "lăm" (15, 25, 105 is "một trăm lẻ năm"); 1 after twenty and more is
  "mốt" (21, 31), "một" in 11 and 101;
- "lẻ" (the northern word, Hải Dương's) before a single digit: 105 → "một trăm lẻ năm";
- after a higher class every class is read in full: 2026 → "hai nghìn không trăm hai
  mươi sáu", 100 005 → "một trăm nghìn không trăm lẻ năm"; an empty thousands class
  between two others is said ("một triệu không nghìn năm trăm", never heard as 1 500 000);
  other classes of three zeros are not read (1 000 000 → "một triệu");
- "nghìn", "triệu", "tỷ", then "nghìn tỷ", "triệu tỷ", "tỷ tỷ": any size;
- decimals digit by digit after "phẩy": 2,05 → "hai phẩy không năm", 12,75 → "mười hai
  phẩy bảy năm". Reading the part after the comma as a number ("bảy mươi lăm") is also
  correct Vietnamese, but "năm" then means both 0,5 and 0,05 in careless speech, and a water
  level must not be misheard;
- telephone numbers digit by digit in the groups they are written in, keeping the zero:
  0912 345 678 → "không chín một hai, ba bốn năm, sáu bảy tám".
"""
from __future__ import annotations

import re

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
MONTHS = ["", "một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
          "mười một", "mười hai"]
CLASSES = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))
BILLION = 10**9


def _tens(n: int) -> str:
    """0 ≤ n < 100."""
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
    return f"{head} {DIGITS[unit]}"


def _class(n: int, full: bool) -> str:
    """0 < n < 1000; `full` once a higher class was read: 26 → "không trăm hai mươi sáu"."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _tens(rest)
    head = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} lẻ {DIGITS[rest]}"
    return f"{head} {_tens(rest)}"


def _words(n: int, full: bool) -> str:
    """0 < n."""
    if n >= BILLION:
        high, low = divmod(n, BILLION)
        head = f"{_words(high, full)} tỷ"
        return f"{head} {_words(low, True)}" if low else head
    parts = []
    for size, name in CLASSES:
        value = n // size % 1000
        if value:
            parts.append(_class(value, full) + (f" {name}" if name else ""))
            full = True
        elif size == 1000 and n // 10**6 % 1000 and n % 1000:
            # 1 000 500 is "một triệu không nghìn năm trăm": "một triệu năm trăm" is heard
            # as 1 500 000 in everyday speech.
            parts.append("không nghìn")
    return " ".join(parts)


def number(n: int) -> str:
    """Any whole number: 2500000 → "hai triệu năm trăm nghìn", -2 → "âm hai"."""
    if n < 0:
        return f"âm {number(-n)}"
    return _words(n, False) if n else DIGITS[0]


def digit_by_digit(text: str) -> str:
    return " ".join(DIGITS[int(d)] for d in text if d.isdigit())


def decimal(whole: int, fraction: str) -> str:
    """2, "05" → "hai phẩy không năm": the digits after the comma are read one by one."""
    return f"{number(whole)} phẩy {digit_by_digit(fraction)}"


def month(n: int) -> str:
    return MONTHS[n]


def _split(group: str) -> list[str]:
    """A run of digits written without spaces, in the groups a Vietnamese reader makes."""
    n = len(group)
    if n <= 4:
        return [group]
    if n == 10 and group.startswith("0"):          # mobile: 0912 345 678
        sizes = (4, 3, 3)
    elif n == 11 and group.startswith(("024", "028")):  # Hà Nội, TP HCM: 024 3825 1234
        sizes = (3, 4, 4)
    elif n == 11:                                   # other landlines: 0220 3852 112
        sizes = (4, 4, 3)
    elif n == 8:                                    # 1900 1234
        sizes = (4, 4)
    else:
        sizes = (3,) * (n // 3 - 1) + ((3,) if n % 3 == 0 else (4,) if n % 3 == 1 else (3, 2))
    out, start = [], 0
    for size in sizes:
        out.append(group[start:start + size])
        start += size
    if start < n:
        out.append(group[start:])
    return out


def phone(text: str) -> str:
    """Digit by digit, a pause between groups, the leading zero kept:
    "0220 3 000 112" → "không hai hai không, ba, không không không, một một hai"."""
    groups = [g for part in re.split(r"\D+", text) if part for g in _split(part)]
    return ", ".join(digit_by_digit(g) for g in groups)
