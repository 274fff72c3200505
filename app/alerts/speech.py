"""Text for the commune loudspeakers: what staff wrote, with every number, time, date, unit,
telephone number and symbol written out as it is read aloud (numbers_vi.py has the choices).

`spell_numbers(text)` runs, in order: brackets become pauses; telephone numbers; dates;
times; numbers with their units; ranges ("50–55%" → "năm mươi đến năm mươi lăm phần trăm",
the unit said once at the end, as a Vietnamese speaker does); the symbols left (≥, ~, +, /…)
become words or go. Each reading is put between two marks (OPEN … CLOSE) until the end, so
that a dash between two of them is known to be a range and a dash between words a pause.
`leftovers(text)` lists what a reader could not say (a digit, a symbol, a bracket);
`spell_numbers` never leaves any, and the bulletin can check its whole text with
`assert_speakable`.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from ..web.timeutil import to_local
from .numbers_vi import decimal, digit_by_digit, month, number, phone
from .wording import BLANK

WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]

OPEN, CLOSE = "\x01", "\x02"  # around each reading until the end of spell_numbers
LETTER = r"[^\W\d_]"
NOT_AFTER_NUMBER = r"(?<![\d.,/:])"  # a match starts a number, never inside one
DASH = r"[-–—~÷]"  # 50-55, 50–55, 50 — 55, 100~150, 100÷150 (Vietnamese technical writing)

# Units after a number, longest first; the unit is said once after a range.
UNITS = {
    "km/h": "ki-lô-mét một giờ", "km/giờ": "ki-lô-mét một giờ", "m3/s": "mét khối một giây",
    "m/s": "mét một giây", "mm/h": "mi-li-mét một giờ",
    "km2": "ki-lô-mét vuông", "m2": "mét vuông", "m3": "mét khối",
    "mm": "mi-li-mét", "cm": "xăng-ti-mét", "km": "ki-lô-mét", "m": "mét",
    "ha": "héc-ta", "kg": "ki-lô-gam", "hPa": "héc-tô-pát-xcan",
    "°C": "độ C", "° C": "độ C", "oC": "độ C", "0C": "độ C", "°": "độ", "%": "phần trăm",
    "VNĐ": "đồng", "VND": "đồng", "đ": "đồng", "h": "giờ",
}
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# Per-unit words after a quantity: "500.000 đồng/người" → "… đồng một người".
PER = {"giờ": "giờ", "h": "giờ", "ngày": "ngày", "đêm": "đêm", "tuần": "tuần", "tháng": "tháng",
       "năm": "năm", "người": "người", "hộ": "hộ", "khẩu": "khẩu", "lần": "lần", "sào": "sào",
       "ha": "héc-ta", "kg": "ki-lô-gam", "tấn": "tấn", "s": "giây", "giây": "giây", "phút": "phút"}

NUMBER = re.compile(rf"""
    (?P<sign>(?<![^\s,;:]) [-−] (?=\d))?
    (?: (?P<dotted> \d{{1,3}}(?:\.\d{{3}})+ )(?!\d) (?:,(?P<dfrac>\d+))?   # 2.500.000 / 2.500,5
      | (?P<spaced> [1-9]\d{{0,2}}(?:[ ]\d{{3}})+ )(?!\d|\.\d) (?:,(?P<sfrac>\d+))?  # 10 500
      | (?P<plain> \d+ ) (?:[.,](?P<pfrac>\d+))?                             # 2,05 / 2.5 / 15
    )
    (?: [ ]? (?P<unit>{_UNIT}) (?!{LETTER}) )?
    (?: [ ]?/[ ]?(?P<per>\d{{1,3}}) [ ]? (?:h|giờ) (?!{LETTER}) )?   # 150 mm/24h
""", re.VERBOSE)

TIME = re.compile(rf"""
    {NOT_AFTER_NUMBER}
    (?P<h>2[0-4]|[01]?\d)
    (?: [ ]?[hHg:][ ]?(?P<m>[0-5]\d)(?![\d]|[.,]\d)          # 15h30, 15:30, 15g30
        (?:[ ]?(?:phút|ph|p|'|’))?
      | [ ]?[hH]                                                           # 15h
      | [ ]giờ[ ](?P<m2>[0-5]?\d)(?![\d]|[.,]\d) (?:[ ]?phút)?               # 15 giờ 30
    )
    (?!{LETTER})
""", re.VERBOSE)

_D = r"3[01]|[12]\d|0?[1-9]"
_M = r"1[0-2]|0?[1-9]"
_END = r"(?![\d/]|[.,]\d)"
DATE_RANGE = re.compile(
    rf"{NOT_AFTER_NUMBER}(?P<d1>{_D})\s*{DASH}\s*(?P<d>{_D})\s?/\s?(?P<m>{_M})"
    rf"(?:\s?/\s?(?P<y>\d{{4}}|\d{{2}}))?{_END}")
DATE = re.compile(
    rf"{NOT_AFTER_NUMBER}(?:(?P<d>{_D})\s?/\s?(?P<m>{_M})(?:\s?/\s?(?P<y>\d{{4}}|\d{{2}}))?"
    rf"|(?P<d_>{_D})(?P<s>[-.])(?P<m_>{_M})(?P=s)(?P<y_>\d{{4}})){_END}")
# "ngày 12.9"; not "ngày 12-9", which is as often the days 12 to 9… or 12 to 13.
DATE_AFTER_NGAY = re.compile(rf"(?i)(?<!{LETTER})(ngày\s+)(?P<d>{_D})\.(?P<m>{_M}){_END}")
MONTH_YEAR = re.compile(rf"{NOT_AFTER_NUMBER}(?P<m>{_M})\s?/\s?(?P<y>\d{{4}}){_END}")
MONTH_FOUR = re.compile(rf"(?i)(?<!{LETTER})(tháng\s+)0?4{_END}(?!\s?[hHg:]\d)")
ORDINAL = re.compile(rf"(?i)(?<!{LETTER})(thứ\s+)0?([14]){_END}(?!\s?[hHg:]\d)")
# River alarm levels and dyke grades: "báo động III", "BĐ3", "đê cấp IV".
ROMAN_LEVEL = re.compile(rf"(?<!{LETTER})(?:(?P<word>(?i:báo động|cấp))\s*(?P<roman>IV|V|I{{1,3}})"
                         rf"|BĐ\s?(?P<bd>IV|V|I{{1,3}}|[1-5]))(?!{LETTER}|\d|[.,]\d)")

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}

EMERGENCY = r"11[1-6]"  # 111 children, 112 rescue, 113 police, 114 fire, 115 ambulance, 116
_CUE = (r"gọi|số điện thoại|điện thoại|đt|sđt|đường dây nóng|đường dây|tổng đài|hotline"
        r"|quay số|bấm số|liên hệ")  # not "số" alone: "số 115" may be a house
_LIST = rf"{EMERGENCY}(?:\s*(?:,|/|hoặc|và|{DASH})\s*{EMERGENCY})*"
EMERGENCY_AFTER_CUE = re.compile(
    rf"(?i)(?<!{LETTER})(?:{_CUE})\s*:?\s*(?:(?:ngay|số|tới|đến)\s+)*"
    rf"(?P<list>{_LIST})(?!\d|[.,]\d)")
EMERGENCY_LIST = re.compile(
    rf"{NOT_AFTER_NUMBER}(?P<list>{EMERGENCY}(?:\s*(?:,|/|hoặc|và)\s*{EMERGENCY})+)(?!\d|[.,]\d)")
EMERGENCY_BEFORE_SERVICE = re.compile(
    rf"(?i){NOT_AFTER_NUMBER}(?P<list>{EMERGENCY})(?!\d|[.,]\d)(?=\s*[-–:,(]?\s*"
    r"(?:cứu hỏa|cứu hoả|cứu nạn|cứu hộ|cấp cứu|công an|cảnh sát|pccc|phòng cháy))")
PLUS84 = re.compile(r"\+\s?84[ .\-]?(?P<p>\d(?:[ .\-]?\d){8,9})(?!\d)")
MOBILE_OR_LANDLINE = re.compile(r"(?<![\d.,/+])(?P<p>0\d(?:[ .\-]?\d){7,9})(?!\d|[.,]\d)")
HOTLINE = re.compile(rf"{NOT_AFTER_NUMBER}(?P<p>1[89]00(?:[ .\-]?\d){{4,6}})(?!\d|[.,]\d)")
AREA_CODE = re.compile(r"\(\s*(0\d{1,3})\s*\)\s*(?=\d)")  # (0220) 3 852 112

SYMBOL_WORDS = [
    (re.compile(r"≥|>="), " không dưới "), (re.compile(r"≤|<="), " không quá "),
    (re.compile(r">"), " trên "), (re.compile(r"<"), " dưới "),
    (re.compile(r"[~≈]"), " khoảng "), (re.compile(r"±|\+/-"), " cộng trừ "),
    (re.compile(rf"\+(?=\s*{OPEN})|(?<={CLOSE})\s*\+"), " cộng "), (re.compile(r"\+"), " và "),
    (re.compile(r"="), " bằng "), (re.compile(r"&"), " và "),
    (re.compile(r"%"), " phần trăm "), (re.compile(r"°"), " độ "),
    (re.compile(r"/"), ", "),
]
SPOKEN_PUNCTUATION = set(".,;:!?'\"“”‘’«»\n\t ")


def _q(words: str) -> str:
    return f"{OPEN}{words}{CLOSE}"


def _int(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def digits(text: str) -> str:
    """Telephone numbers, digit by digit in their groups: 112 → "một một hai"."""
    return phone(text)


def time_of_day(value: datetime) -> str:
    local = to_local(value)
    words = f"{number(local.hour)} giờ"
    if local.minute:
        words += f" {number(local.minute)} phút"
    return words


def date(value: datetime, *, with_year: bool = False) -> str:
    """The year is left out unless asked: a loudspeaker message is about this week."""
    local = to_local(value)
    text = f"{WEEKDAYS[local.weekday()]}, ngày {number(local.day)} tháng {month(local.month)}"
    if with_year:
        text += f" năm {number(local.year)}"
    return text


def moment(value: datetime) -> str:
    return f"{time_of_day(value)} {date(value)}"


# --- the passes of spell_numbers ------------------------------------------------------------

def _prepare(text: str) -> str:
    # NFKC: m² → m2, ℃ → °C, º → o, ½ → 1⁄2, full-width digits → 0-9, no-break spaces → space.
    text = unicodedata.normalize("NFKC", text).replace("⁄", "/").replace("−", "-")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")


def _pauses_for_brackets(text: str) -> str:
    text = AREA_CODE.sub(r"\1 ", text)
    return re.sub(r"[(\[{]|[)\]}]", " , ", text)


def _phones(text: str) -> str:
    def emergency(match: re.Match) -> str:
        said = re.sub(EMERGENCY, lambda m: f" {digit_by_digit(m.group(0))} ", match.group("list"))
        said = re.sub(r"\s*/\s*", ", ", said)
        return match.group(0)[: match.start("list") - match.start()] + said

    text = PLUS84.sub(lambda m: f" cộng tám bốn, {phone(m.group('p'))} ", text)
    text = MOBILE_OR_LANDLINE.sub(lambda m: f" {phone(m.group('p'))} ", text)
    text = HOTLINE.sub(lambda m: f" {phone(m.group('p'))} ", text)
    for pattern in (EMERGENCY_AFTER_CUE, EMERGENCY_LIST, EMERGENCY_BEFORE_SERVICE):
        text = pattern.sub(emergency, text)
    return text


def _level(match: re.Match) -> str:
    if match["word"]:
        return f"{match['word']} {_q(number(ROMAN[match['roman']]))}"
    level = match["bd"]
    return f"báo động {_q(number(ROMAN.get(level) or int(level)))}"


def _after_ngay(match: re.Match) -> bool:
    return match.string[: match.start()].rstrip().casefold().endswith("ngày")


def _dates(text: str) -> str:
    def said(d, m, y, with_ngay: bool) -> str:
        words = f"ngày {number(int(d))} tháng {month(int(m))}" if with_ngay else \
            f"{number(int(d))} tháng {month(int(m))}"
        return words + (f" năm {number(int(y))}" if y else "")

    def date_range(match: re.Match) -> str:
        head = "" if _after_ngay(match) else "ngày "
        return _q(f"{head}{number(int(match['d1']))} đến "
                  + said(match["d"], match["m"], match["y"], with_ngay=False))

    def one_date(match: re.Match) -> str:
        d, m, y = (match["d"], match["m"], match["y"]) if match["d"] else \
            (match["d_"], match["m_"], match["y_"])
        return _q(said(d, m, y, with_ngay=not _after_ngay(match)))

    def month_year(match: re.Match) -> str:
        after_thang = match.string[: match.start()].rstrip().casefold().endswith("tháng")
        head = "" if after_thang else "tháng "
        return _q(f"{head}{month(int(match['m']))} năm {number(int(match['y']))}")

    text = DATE_RANGE.sub(date_range, text)
    text = DATE.sub(one_date, text)
    text = DATE_AFTER_NGAY.sub(lambda m: m.group(1) + _q(said(m["d"], m["m"], None, False)), text)
    text = MONTH_YEAR.sub(month_year, text)
    return MONTH_FOUR.sub(lambda m: f"{m.group(1)}{_q('tư')}", text)


def _times(text: str) -> str:
    def said(match: re.Match) -> str:
        minutes = int(match["m"] or match["m2"] or 0)
        words = f"{number(int(match['h']))} giờ"
        return _q(f"{words} {number(minutes)} phút" if minutes else words)

    return TIME.sub(said, text)


def _numbers(text: str) -> str:
    def said(match: re.Match) -> str:
        if match["dotted"] or match["spaced"]:
            whole = _int(match["dotted"] or match["spaced"])
            fraction = match["dfrac"] or match["sfrac"]
            words = decimal(whole, fraction) if fraction else number(whole)
        elif match["pfrac"]:
            words = decimal(int(match["plain"]), match["pfrac"])
        elif len(match["plain"]) > 2 and match["plain"].startswith("0"):
            words = digit_by_digit(match["plain"])  # a code such as 0123: its zeros are said
        else:
            words = number(int(match["plain"]))
        if match["sign"]:
            before = match.string[: match.start()].rstrip()
            if before[-1:].isdigit():  # "50 -55": a range typed loosely, not a minus
                return f"- {_q(words + _unit(match))}"
            words = f"âm {words}"
        return _q(words + _unit(match))

    return NUMBER.sub(said, text)


def _unit(match: re.Match) -> str:
    words = f" {UNITS[match['unit']]}" if match["unit"] else ""
    if match["per"]:
        words += f" trong {number(int(match['per']))} giờ"
    return words


def _ranges_and_rates(text: str) -> str:
    text = re.sub(rf"{CLOSE}\s*{DASH}\s*{OPEN}", f"{CLOSE} đến {OPEN}", text)
    text = re.sub(rf"{CLOSE}\s*/\s*{OPEN}", f"{CLOSE} trên {OPEN}", text)  # 24/24
    per = "|".join(sorted(PER, key=len, reverse=True))
    return re.sub(rf"({CLOSE}(?:\s+{LETTER}+){{0,2}})\s*/\s*({per})(?!{LETTER})",
                  lambda m: f"{m.group(1)} một {PER[m.group(2)]}", text)


def _symbols(text: str) -> str:
    for pattern, words in SYMBOL_WORDS:
        text = pattern.sub(words, text)
    text = text.replace(OPEN, " ").replace(CLOSE, " ")
    # A dash between words is a pause; a hyphen stays only inside a word (mi-li-mét).
    text = re.sub(r"(^|\s)-+(?=\s|$)|[–—]", r"\1, ", text, flags=re.MULTILINE)
    text = re.sub(rf"(?<!{LETTER})-|-(?!{LETTER})", " ", text)
    # A digit is never dropped: every one was spelled above, and a test would see one left.
    return "".join(c if _speakable(c) or c.isdecimal() else " " for c in text)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    text = re.sub(r",(?:[ ,]*,)+", ",", text)
    text = re.sub(r",\s*([.;:!?])", r"\1", text)
    text = re.sub(r"([.;:!?])(?: *,)+", r"\1", text)
    text = re.sub(r"([,;:])(?=[^\W\d_])", r"\1 ", text)
    lines = [line.strip(" ,") for line in text.split("\n")]
    return "\n".join(lines).strip()


def spell_numbers(text: str) -> str:
    """Free text written by staff, made speakable: "Mực nước 2,05 m lúc 15h30 ngày 12/9" →
    "Mực nước hai phẩy không năm mét lúc mười lăm giờ ba mươi phút ngày mười hai tháng chín".

    A template blank such as "[thời gian]" is kept as it is: it must stay visible (and
    marked in the staff previews) until someone fills it; it never reaches the public,
    because publishing is refused while one remains (wording.blanks)."""
    pieces = BLANK.split(text)
    if len(pieces) > 1:
        kept = BLANK.findall(text)
        spoken = [_spell_between_blanks(piece) for piece in pieces]
        return "".join(part for pair in zip(spoken, kept + [""]) for part in pair)
    return _spell(text)


def _spell_between_blanks(piece: str) -> str:
    """The text around a blank keeps its spaces and punctuation at both ends."""
    lead = re.match(r"[\s,.;:!?]*", piece).group(0)
    rest = piece[len(lead):]
    trail = re.search(r"[\s,.;:!?]*$", rest).group(0)
    core = rest[: len(rest) - len(trail)]
    return lead + (_spell(core) if core else "") + trail


def _spell(text: str) -> str:
    text = _prepare(text)
    text = _pauses_for_brackets(text)
    text = ROMAN_LEVEL.sub(_level, text)
    text = ORDINAL.sub(lambda m: m.group(1) + _q("nhất" if m.group(2) == "1" else "tư"), text)
    text = _phones(text)
    text = _dates(text)
    text = _times(text)
    text = _numbers(text)
    text = _ranges_and_rates(text)
    return _tidy(_symbols(text))


# --- what a reader cannot say ---------------------------------------------------------------

def _speakable(char: str) -> bool:
    if char in SPOKEN_PUNCTUATION or char == "-":
        return True
    kind = unicodedata.category(char)
    return kind[0] in "LM" or kind == "Zs"


def leftovers(text: str) -> list[str]:
    """The characters of `text` a reader cannot say: digits, symbols, brackets, a dash that is
    not inside a word (mi-li-mét is fine). Empty when the text is speakable."""
    found = [c for c in text if not _speakable(c)]
    found += [m.group(0) for m in re.finditer(rf"(?<!{LETTER})-|-(?!{LETTER})", text)]
    return sorted(set(found))


def assert_speakable(text: str) -> str:
    """`text` unchanged, or ValueError naming what is left to write out."""
    left = leftovers(text)
    if left:
        raise ValueError(f"not speakable: {' '.join(left)!s} in {text!r}")
    return text


SYLLABLES_PER_MINUTE = 180  # a clear, unhurried reading over the loudspeakers


def reading_seconds(text: str) -> int:
    """Vietnamese is one syllable per written word; "mi-li-mét" counts three."""
    return round(len(re.findall(r"[^\W_]+", text)) * 60 / SYLLABLES_PER_MINUTE)
