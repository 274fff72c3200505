"""The loudspeaker text: every number, time, date, unit, phone number and symbol that staff
write is turned into the words an announcer reads (issue 8, acceptance line 6).

Each expectation below was read aloud and is written out in full."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.alerts import speech
from app.alerts.numbers_vi import number, phone
from app.settings.models import SiteSetting
from tests import factories

SPOKEN = [
    # The thousands dot and the decimal comma; decimals are read digit by digit.
    ("Hỗ trợ 2.500.000 đồng mỗi hộ.", "Hỗ trợ hai triệu năm trăm nghìn đồng mỗi hộ."),
    ("Mực nước sông Sặt 2,05 m.", "Mực nước sông Sặt hai phẩy không năm mét."),
    ("Sóng cao 0,5 m", "Sóng cao không phẩy năm mét"),
    ("Mực nước 12,75 m", "Mực nước mười hai phẩy bảy năm mét"),
    ("Mực nước 2.5 m", "Mực nước hai phẩy năm mét"),
    ("Thu hoạch 2.500,5 tấn thóc", "Thu hoạch hai nghìn năm trăm phẩy năm tấn thóc"),
    ("Tổng thiệt hại 2.500.000.000.000 đồng",
     "Tổng thiệt hại hai nghìn năm trăm tỷ đồng"),
    ("Kinh phí 1.000.000.000 đồng", "Kinh phí một tỷ đồng"),
    ("Xã có 10 500 ha đất nông nghiệp", "Xã có mười nghìn năm trăm héc-ta đất nông nghiệp"),
    ("Có 105 hộ và 1.010 nhân khẩu",
     "Có một trăm lẻ năm hộ và một nghìn không trăm mười nhân khẩu"),
    ("21 thôn, 24 tổ, 25 đội, 11 xóm, 10 đội, 15 tổ",
     "hai mươi mốt thôn, hai mươi bốn tổ, hai mươi lăm đội, mười một xóm, mười đội, mười lăm tổ"),
    ("Năm 2026 và năm 2006",
     "Năm hai nghìn không trăm hai mươi sáu và năm hai nghìn không trăm lẻ sáu"),
    ("Tiền hỗ trợ 2.000.000 đồng/người", "Tiền hỗ trợ hai triệu đồng một người"),
    ("Giá 50.000đ một bao cát", "Giá năm mươi nghìn đồng một bao cát"),
    # Ranges: the unit after a range is said once, at the end, for both numbers.
    ("Độ ẩm 50–55%", "Độ ẩm năm mươi đến năm mươi lăm phần trăm"),
    ("Lượng mưa 100-150 mm", "Lượng mưa một trăm đến một trăm năm mươi mi-li-mét"),
    ("Gió giật cấp 10 — 11", "Gió giật cấp mười đến mười một"),
    ("Mưa 100÷200mm, có nơi 100~150 mm",
     "Mưa một trăm đến hai trăm mi-li-mét, có nơi một trăm đến một trăm năm mươi mi-li-mét"),
    ("Độ ẩm 50%-55%", "Độ ẩm năm mươi phần trăm đến năm mươi lăm phần trăm"),
    # Units.
    ("Mưa 150 mm/24h", "Mưa một trăm năm mươi mi-li-mét trong hai mươi bốn giờ"),
    ("Gió mạnh 60 km/h", "Gió mạnh sáu mươi ki-lô-mét một giờ"),
    ("Gió 15 m/s, cách bờ 30 km", "Gió mười lăm mét một giây, cách bờ ba mươi ki-lô-mét"),
    ("Ngập 1.500 ha lúa", "Ngập một nghìn năm trăm héc-ta lúa"),
    ("Nắng nóng 38°C, có nơi trên 39 oC",
     "Nắng nóng ba mươi tám độ C, có nơi trên ba mươi chín độ C"),
    ("Rét đậm, nhiệt độ -2°C", "Rét đậm, nhiệt độ âm hai độ C"),
    ("Lưu lượng 5.000 m3/s", "Lưu lượng năm nghìn mét khối một giây"),
    ("Cấp 15 kg gạo, 5 tấn muối, 20 cm nước",
     "Cấp mười lăm ki-lô-gam gạo, năm tấn muối, hai mươi xăng-ti-mét nước"),
    ("Áp suất 985 hPa", "Áp suất chín trăm tám mươi lăm héc-tô-pát-xcan"),
    # Times.
    ("Lúc 15h30", "Lúc mười lăm giờ ba mươi phút"),
    ("Lúc 15h, 15 giờ 30, 15:30",
     "Lúc mười lăm giờ, mười lăm giờ ba mươi phút, mười lăm giờ ba mươi phút"),
    ("Từ 7h05 đến 21h", "Từ bảy giờ năm phút đến hai mươi mốt giờ"),
    ("Cắt điện 15h–17h", "Cắt điện mười lăm giờ đến mười bảy giờ"),
    ("Trong 48h tới", "Trong bốn mươi tám giờ tới"),
    # Dates: "ngày" is not said twice; the month April is "tháng tư".
    ("Sáng 12/9 có mưa", "Sáng ngày mười hai tháng chín có mưa"),
    ("Từ ngày 12/9", "Từ ngày mười hai tháng chín"),
    ("Ngày 12/9/2026", "Ngày mười hai tháng chín năm hai nghìn không trăm hai mươi sáu"),
    ("Lúc 15h30 ngày 12/4", "Lúc mười lăm giờ ba mươi phút ngày mười hai tháng tư"),
    ("Mưa trong hai ngày 12–13/9", "Mưa trong hai ngày mười hai đến mười ba tháng chín"),
    ("Từ 12/9 - 14/9", "Từ ngày mười hai tháng chín đến ngày mười bốn tháng chín"),
    ("Trong tháng 9/2026", "Trong tháng chín năm hai nghìn không trăm hai mươi sáu"),
    ("Văn bản ký 12-9-2026",
     "Văn bản ký ngày mười hai tháng chín năm hai nghìn không trăm hai mươi sáu"),
    ("Họp vào thứ 4", "Họp vào thứ tư"),
    # Phone numbers: digit by digit, in their groups, the leading zero kept.
    ("Gọi 0912 345 678", "Gọi không chín một hai, ba bốn năm, sáu bảy tám"),
    ("Gọi 0912345678", "Gọi không chín một hai, ba bốn năm, sáu bảy tám"),
    ("Trực ban: 0225 3852 112", "Trực ban: không hai hai năm, ba tám năm hai, một một hai"),
    ("Xã đội (0220) 3 852 112", "Xã đội không hai hai không, ba, tám năm hai, một một hai"),
    ("Đường dây nóng 1900 1234", "Đường dây nóng một chín không không, một hai ba bốn"),
    ("Khi cần, gọi ngay 112.", "Khi cần, gọi ngay một một hai."),
    ("Số khẩn cấp 112/113/114/115",
     "Số khẩn cấp một một hai, một một ba, một một bốn, một một năm"),
    ("Báo cháy 114 (cứu hỏa)", "Báo cháy một một bốn, cứu hỏa"),
    ("Di dời 113 hộ dân", "Di dời một trăm mười ba hộ dân"),
    # Wind force, alarm levels, brackets, symbols.
    ("Bão số 3, gió cấp 12, giật cấp 14-15",
     "Bão số ba, gió cấp mười hai, giật cấp mười bốn đến mười lăm"),
    ("Sông Thái Bình (trạm Phả Lại) trên báo động III.",
     "Sông Thái Bình, trạm Phả Lại, trên báo động ba."),
    ("Rủi ro thiên tai cấp 3 (rủi ro lớn)", "Rủi ro thiên tai cấp ba, rủi ro lớn"),
    ("Mưa ≥ 200 mm, gió ≤ 5 m/s",
     "Mưa không dưới hai trăm mi-li-mét, gió không quá năm mét một giây"),
    ("Mưa > 100 mm, độ ẩm < 40%", "Mưa trên một trăm mi-li-mét, độ ẩm dưới bốn mươi phần trăm"),
    ("Lượng mưa ~100 mm", "Lượng mưa khoảng một trăm mi-li-mét"),
    ("Các xã/phường ven sông", "Các xã, phường ven sông"),
    ("Tỷ lệ % hộ bị ngập", "Tỷ lệ phần trăm hộ bị ngập"),
    ("Lũ + triều cường", "Lũ và triều cường"),
    ("Hải Dương – Hải Phòng", "Hải Dương, Hải Phòng"),
    ("Bụi mịn PM2.5 vượt 1,5 lần", "Bụi mịn PM hai phẩy năm vượt một phẩy năm lần"),
    ("Trực 24/24", "Trực hai mươi bốn trên hai mươi bốn"),
    ("Xem #tin (mới) & làm theo", "Xem tin, mới, và làm theo"),
]


@pytest.mark.parametrize(("written", "spoken"), SPOKEN, ids=[w for w, _ in SPOKEN])
def test_staff_text_is_read_the_vietnamese_way(written, spoken):
    assert speech.spell_numbers(written) == spoken
    assert speech.leftovers(spoken) == []


NUMBERS = {
    0: "không", 1: "một", 4: "bốn", 5: "năm", 10: "mười", 11: "mười một", 14: "mười bốn",
    15: "mười lăm", 20: "hai mươi", 21: "hai mươi mốt", 24: "hai mươi bốn", 25: "hai mươi lăm",
    101: "một trăm lẻ một", 105: "một trăm lẻ năm", 110: "một trăm mười",
    115: "một trăm mười lăm", 1000: "một nghìn", 1001: "một nghìn không trăm lẻ một",
    1010: "một nghìn không trăm mười", 1100: "một nghìn một trăm",
    2005: "hai nghìn không trăm lẻ năm", 2026: "hai nghìn không trăm hai mươi sáu",
    10_500: "mười nghìn năm trăm", 100_000: "một trăm nghìn",
    100_005: "một trăm nghìn không trăm lẻ năm", 1_000_000: "một triệu",
    1_000_500: "một triệu không nghìn năm trăm", 2_500_000: "hai triệu năm trăm nghìn",
    1_000_000_000: "một tỷ", 1_000_000_005: "một tỷ không trăm lẻ năm",
    2_005_000_000: "hai tỷ không trăm lẻ năm triệu", 10**12: "một nghìn tỷ", 10**18: "một tỷ tỷ",
    -2: "âm hai",
}


@pytest.mark.parametrize(("n", "words"), NUMBERS.items())
def test_number_words(n, words):
    assert number(n) == words


def test_phone_numbers_keep_their_zero_and_groups():
    assert phone("0220 3 000 112") == "không hai hai không, ba, không không không, một một hai"
    assert phone("02438251234") == "không hai bốn, ba tám hai năm, một hai ba bốn"
    assert speech.digits("112") == "một một hai"


def test_dates_and_times_of_the_bulletin():
    # 2026-04-12 08:05 UTC is 15:05 in Việt Nam.
    value = datetime(2026, 4, 12, 8, 5, tzinfo=UTC)
    assert speech.moment(value) == "mười lăm giờ năm phút Chủ nhật, ngày mười hai tháng tư"
    assert speech.date(value, with_year=True).endswith("năm hai nghìn không trăm hai mươi sáu")


def test_leftovers_name_what_cannot_be_read():
    assert speech.leftovers("mưa 150 mm (cấp 3) ≥ 2%") == sorted(set("150()3≥2%"))
    assert speech.leftovers("một trăm năm mươi mi-li-mét, cấp ba.") == []
    assert speech.leftovers("Hải Dương - Hải Phòng") == ["-"]
    with pytest.raises(ValueError, match="1"):
        speech.assert_speakable("cấp 1")
    assert speech.assert_speakable("cấp một") == "cấp một"


def test_reading_time_counts_syllables():
    assert speech.reading_seconds("một " * 180) == 60
    assert speech.reading_seconds("mi-li-mét " * 60) == 60


# --- random texts: nothing unspeakable ever comes out -----------------------------------------

WORDS = ["mưa", "lũ", "ngày", "tháng", "lúc", "gọi", "gọi ngay", "cấp", "thứ", "báo động", "BĐ",
         "xã", "hộ", "từ", "đến", "đồng", "Sông Sặt", "khoảng", "số"]
UNITS = ["mm", "m", "km", "km/h", "ha", "°C", "oC", "%", "m/s", "m3/s", "cm", "kg", "tấn", "h",
         "đ", "VNĐ", "hPa", "mm/24h", "m²"]
SYMBOLS = ["/", "%", "°", "+", "~", "≥", "≤", ">", "<", "(", ")", "[", "]", "{", "}", "-", "–",
           "—", "÷", "=", "&", "*", "#", "@", "_", "|", "±", ":", ",", ".", "½", "−", "’"]
FORBIDDEN = re.compile(r"[0-9/%°+~≥≤><()\[\]{}=&*#@_|±÷–—]")

integers = st.integers(min_value=0, max_value=10**15)
numbers = st.one_of(
    integers.map(str),
    integers.map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(integers, st.integers(0, 999))
    .map(lambda t: f"{t[0]:,}".replace(",", ".") + f",{t[1]}"),
    st.tuples(st.integers(0, 30), st.integers(0, 70)).map(lambda t: f"{t[0]}h{t[1]:02d}"),
    st.tuples(st.integers(0, 30), st.integers(0, 70)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
    st.tuples(st.integers(0, 40), st.integers(0, 14), st.integers(1900, 2100))
    .map(lambda t: f"{t[0]}/{t[1]}/{t[2]}"),
    st.tuples(st.integers(0, 99), st.sampled_from("-–—~÷"), st.integers(0, 99))
    .map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
    st.from_regex(r"\A0[0-9 .\-]{6,14}\Z"),
    st.from_regex(r"\A11[1-6](/11[1-6]){0,3}\Z"),
    st.from_regex(r"\A[0-9.,: ]{1,12}\Z"),
)
pieces = st.one_of(numbers, st.sampled_from(WORDS), st.sampled_from(UNITS),
                   st.sampled_from(SYMBOLS))
texts = st.lists(st.tuples(pieces, st.sampled_from(["", " ", ", ", "-", "/", "\n"])), max_size=14) \
    .map(lambda parts: "".join(p + sep for p, sep in parts))


@settings(max_examples=400, deadline=None, database=None)
@given(texts)
def test_random_texts_come_out_speakable(text):
    spoken = speech.spell_numbers(text)
    assert not FORBIDDEN.search(spoken), (text, spoken)
    assert speech.leftovers(spoken) == [], (text, spoken)


def test_loudspeaker_bulletin_has_nothing_left_to_write_out(client, db):
    db.session.add_all([SiteSetting(key="civil_defence_name", value="Ban Chỉ huy xã (trực 24/24)"),
                        SiteSetting(key="civil_defence_phone", value="0220 3 852 112")])
    alert = factories.make_alert(
        "Mưa lớn 100–150 mm, cấp 3 (rủi ro lớn)", level=3,
        description="Mực nước sông Sặt lúc 15h30 ngày 12/9 là 2,05 m (trên báo động II); "
                    "độ ẩm 50–55%, gió 40 km/h, nhiệt độ 24°C. Hỗ trợ 2.500.000 đồng/hộ.",
        instruction="- Gọi 0912 345 678 hoặc 112/113/114/115\n- Sơ tán trước 17h")
    db.session.commit()
    response = client.get(f"/canh-bao/{alert.identifier}/loa.txt")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert speech.leftovers(text) == [], text
    # The bulletin keeps to a minute, so it may leave the long description out; what it
    # does read is fully written out (the figures themselves: the table above).
    for said in ("một trăm đến một trăm năm mươi mi-li-mét",
                 "không chín một hai, ba bốn năm, sáu bảy tám"):
        assert said in text
    short = client.get(f"/canh-bao/{alert.identifier}/loa-ngan.txt").get_data(as_text=True)
    assert speech.leftovers(short) == [], short


def test_template_blanks_stay_visible_in_the_spoken_text():
    """A blank is not read as a phrase: it stays, so the staff preview can mark it, and
    publishing is refused while it is there (tests/alerts/test_blanks.py)."""
    spoken = speech.spell_numbers("Trong [thời gian] tới, gió giật [cấp gió giật], mưa 50 mm.")
    assert spoken.startswith("Trong [thời gian] tới, gió giật [cấp gió giật]")
    assert "năm mươi mi-li-mét" in spoken
