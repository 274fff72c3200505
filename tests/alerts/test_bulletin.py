"""The radio bulletin (issue 8, line 5): how the commune radio reads a warning, full and short.

Several tests check that no digit, symbol or bracket is left in the text: the number reading
of app/alerts/speech.py (line 6) makes every unit and symbol sayable.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from app.alerts import bulletin, speech
from app.settings import save_settings
from app.web.timeutil import utcnow

from .. import factories

# What a listener cannot hear: digits, symbols, brackets (punctuation that reads as a pause is fine).
UNSAYABLE = re.compile(r"[0-9%°/\\()\[\]{}<>=+*#&@_|~–—]|(?<![^\W\d_])-|-(?![^\W\d_])")
HAZARDS = Path(__file__).resolve().parents[2] / "content" / "hazards.yaml"

# Blanks of content/hazards.yaml as staff fill them from a real bulletin (invented figures).
FILL = {
    "[thời gian]": "chiều tối nay",
    "[nhiệt độ]": "37–39°C",
    "[lượng mưa dự báo]": "100–150 mm, có nơi trên 200 mm",
    "[cấp gió giật]": "cấp 9–10",
    "[cấp gió]": "cấp 6–7",
    "[độ ẩm]": "45–50%",
    "[độ sâu]": "0,3–0,5 m",
    "[không khí lạnh]": "Không khí lạnh tăng cường",
    "[giờ]": "11 giờ đến 16 giờ",
    "[khu vực trũng]": "cánh đồng trũng thôn Phụng Viện",
    "[Bão số .../Áp thấp nhiệt đới]": "Bão số 3",
    "[bão số .../áp thấp nhiệt đới]": "bão số 3",
    "[điểm trú tránh]": "nhà văn hóa thôn",
    "[vị trí]": "khoảng 20,5 độ Vĩ Bắc, 107,2 độ Kinh Đông",
    "[tầm nhìn]": "dưới 1 km, có nơi dưới 200 m",
    "[tên tuyến đường]": "đường trục xã",
    "[hướng di chuyển]": "Tây Tây Bắc, tốc độ 15–20 km/h",
    "[có/không có sương muối]": "có sương muối",
    "[số ngày]": "3 đến 4 ngày",
    "[mưa vừa/mưa to]": "mưa to",
    "[mưa lớn/nước sông lên]": "mưa lớn kéo dài",
    "[Diện tích]": "Khoảng 120 ha",
    "[loại sự cố: cháy, rò rỉ hóa chất, ...]": "rò rỉ hóa chất tại kho vật tư",
}


def _fill(text: str) -> str:
    return re.sub(r"\[[^\]]*\]", lambda m: FILL.get(m.group(0), "đường ven sông Sặt"), text)


def _templates():
    for hazard in yaml.safe_load(HAZARDS.read_text(encoding="utf-8"))["hazards"]:
        for key, template in (hazard.get("templates") or {}).items():
            yield hazard["key"], str(key), template


def _lines(client, alert, short=False) -> list[str]:
    response = client.get(f"/canh-bao/{alert.identifier}/{'loa-ngan' if short else 'loa'}.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return response.get_data(as_text=True).strip().splitlines()


def _live(**kw):
    """A warning in force whose hazard falls on fixed dates: 15:00 on 30/11 to 09:00 on 1/12."""
    alert = factories.make_alert(kw.pop("headline", "Mưa to, rủi ro thiên tai cấp 3 tại xã Kẻ Sặt"),
                                 level=kw.pop("level", 3), hours_from=-1, hours_to=24 * 365 * 70, **kw)
    alert.onset = datetime(2096, 11, 30, 8, 0, tzinfo=UTC)      # 15:00 in Kẻ Sặt
    alert.expires = datetime(2096, 12, 1, 2, 0, tzinfo=UTC)     # 09:00 the next day
    return alert


SEVEN = "\n".join(f"- {a}" for a in [
    "Khơi thông cống rãnh quanh nhà; dọn rác chắn cửa cống.",
    "Không ra đồng khi mưa to, có sấm sét.",
    "Kê cao thóc lúa, phân bón ở nơi khô ráo.",
    "Trông giữ trẻ em, không cho chơi gần ao, mương.",
    "Kéo thuyền lên bờ, buộc chắc.",
    "Sạc đầy điện thoại, chuẩn bị đèn pin.",
    "Theo dõi loa truyền thanh của xã."])


def test_full_bulletin_reads_as_the_commune_radio_does(client, db):
    save_settings({"commune_name": "Vĩnh Lại", "civil_defence_name": "Ban Chỉ huy phòng thủ dân sự xã Vĩnh Lại",
                   "civil_defence_phone": "0220 3 000 112"})
    alert = _live(areas=("vinh-hong", "hung-thang"), instruction=SEVEN,
                  description="Rủi ro thiên tai do mưa lớn cấp 3 (rủi ro lớn). Ruộng trũng có thể ngập.",
                  source_agency="Đài Khí tượng thủy văn khu vực Đông Bắc",
                  source_issued_at=datetime(2096, 11, 30, 3, 0, tzinfo=UTC))  # 10:00 in Kẻ Sặt
    db.session.commit()
    lines = _lines(client, alert)
    text = "\n".join(lines)
    assert lines[0] == "Đây là Đài truyền thanh xã Vĩnh Lại. Kính thưa bà con nhân dân!"
    assert lines[1] == ("Theo bản tin của Đài Khí tượng thủy văn khu vực Đông Bắc phát lúc mười giờ ngày ba mươi "
                        "tháng mười một, Ban Chỉ huy phòng thủ dân sự xã Vĩnh Lại cảnh báo mưa lớn.")
    assert lines[2] == "Cấp độ rủi ro thiên tai: cấp ba, rủi ro lớn."
    assert lines[3] == ("Khu vực ảnh hưởng: xã Vĩnh Hồng cũ, gồm thôn Phụng Viện; xã Hùng Thắng cũ, "
                        "gồm thôn Hòa Ché, thôn Tuấn Kiệt, thôn Nhân Kiệt.")
    assert lines[4] == ("Thời gian: từ mười lăm giờ ngày ba mươi tháng mười một đến chín giờ "
                        "ngày một tháng mười hai.")
    # The level once before the repeat, in words, never in brackets or from the description.
    before_repeat = text.split("Xin nhắc lại")[0]
    assert before_repeat.count("cấp ba") == 1 and "(" not in text and "rủi ro lớn)" not in text
    assert "Khu vực: Khu vực" not in text and "ảnh hưởng: khu vực" not in text.lower()
    assert "chiều nay" not in text and "sáng mai" not in text
    # At most five actions, after "Đề nghị bà con:", then whom to call, the repeat, the closing.
    ask = lines.index("Đề nghị bà con:")
    call = next(i for i, line in enumerate(lines) if line.startswith("Khi có sự cố, gọi một một hai"))
    assert 1 <= call - ask - 1 <= 5
    assert lines[ask + 1] == "Khơi thông cống rãnh quanh nhà."  # a long line: its first clause
    repeat = next(i for i, line in enumerate(lines) if line.startswith("Xin nhắc lại:"))
    assert repeat > call
    assert lines[repeat] == "Xin nhắc lại: Mưa to, rủi ro thiên tai cấp ba tại xã Kẻ Sặt."
    assert lines[repeat + 1] == lines[ask + 1]  # the first action again
    assert lines[-1] == "Đài truyền thanh xã Vĩnh Lại vừa phát tin cảnh báo mưa lớn." or \
        lines[-2] == "Đài truyền thanh xã Vĩnh Lại vừa phát tin cảnh báo mưa lớn."
    assert len(text.split()) <= bulletin.FULL_WORDS
    assert not re.search(r"\d", text)


def test_short_version_takes_thirty_seconds(client, db):
    alert = _live(instruction=SEVEN, source_agency="Trung tâm Dự báo khí tượng thủy văn quốc gia")
    db.session.commit()
    lines = _lines(client, alert, short=True)
    text = "\n".join(lines)
    assert lines[0].startswith("Đây là Đài truyền thanh xã Kẻ Sặt.")
    assert "cấp ba" in text and "Khu vực ảnh hưởng: toàn xã Kẻ Sặt." in lines
    assert "từ mười lăm giờ ngày ba mươi tháng mười một đến chín giờ ngày một tháng mười hai" in text
    assert "Khi có sự cố, gọi một một hai." in lines
    assert "Khơi thông cống rãnh quanh nhà." in lines  # the key words of the first action
    assert len(text.split()) <= bulletin.SHORT_WORDS
    assert len(text.split()) < len(" ".join(_lines(client, alert)).split())


def test_times_and_days_are_absolute_because_the_text_is_replayed(client, db):
    alert = _live(headline="Mưa lớn từ chiều nay", instruction="- Khơi thông cống rãnh",
                  description="Từ chiều nay đến sáng mai, mưa to. Hôm nay ruộng trũng có thể ngập.")
    alert.sent = datetime(2096, 11, 30, 3, 0, tzinfo=UTC)  # written at 10:00 on 30/11
    db.session.commit()
    text = "\n".join(_lines(client, alert))
    for relative in ("chiều nay", "sáng mai", "Hôm nay", "hôm nay"):
        assert relative not in text
    assert "Xin nhắc lại: Mưa lớn từ chiều ngày ba mươi tháng mười một." in text
    assert "Từ chiều ngày ba mươi tháng mười một đến sáng ngày một tháng mười hai, mưa to." in text
    assert "Ngày ba mươi tháng mười một ruộng trũng có thể ngập." in text


def test_midnight_ends_the_day_and_one_day_is_said_once(client, db):
    alert = _live(instruction="- Khơi thông cống rãnh")
    alert.onset = datetime(2096, 11, 30, 6, 30, tzinfo=UTC)     # 13:30
    alert.expires = datetime(2096, 11, 30, 17, 0, tzinfo=UTC)   # 00:00 on 1/12
    db.session.commit()
    text = "\n".join(_lines(client, alert))
    assert (f"Thời gian: từ mười ba giờ ba mươi phút đến {speech.number(24)} giờ ngày ba mươi "
            "tháng mười một.") in text


def test_level_stated_in_prose_is_not_read_again(client, db):
    """A description that still names a level (2) never reaches the radio: the field (3) does."""
    alert = _live(level=3, instruction="- Khơi thông cống rãnh",
                  headline="Mưa rất to tại xã Kẻ Sặt",
                  description="Rủi ro thiên tai do mưa lớn cấp 2 (rủi ro trung bình). Ruộng trũng có thể ngập.")
    db.session.commit()
    for short in (False, True):
        text = "\n".join(_lines(client, alert, short=short))
        assert "cấp hai" not in text and "trung bình" not in text and "cấp ba" in text
    assert "Ruộng trũng có thể ngập." in _lines(client, alert)


def test_cancelled_warning_says_so_at_start_and_end_and_is_never_replayed(client, db):
    live = _live(headline="Dông mạnh, rủi ro thiên tai cấp 2", level=2, hazard="loc-set-mua-da",
                 instruction="- Không trú dưới cây cao\n- Cất gọn đồ vật")
    cancel = factories.make_alert("Đã hủy: Dông mạnh", msg_type="Cancel", references=live, level=2,
                                  hazard="loc-set-mua-da", description="Dông đã tan, không còn nguy cơ lốc.",
                                  instruction="")
    db.session.commit()
    for message in (live, cancel):
        for short in (False, True):
            lines = _lines(client, message, short=short)
            text = "\n".join(lines)
            assert "HỦY BỎ" in " ".join(lines[:2]), text
            assert "HỦY BỎ" in " ".join(lines[-2:]), text
            assert "Đề nghị bà con:" not in text and "Không trú dưới cây cao" not in text
            assert "Xin nhắc lại: Dông mạnh" not in text and "cấp hai" not in text
            assert len(text.split()) <= (bulletin.SHORT_WORDS if short else bulletin.FULL_WORDS)
        assert "Lý do: dông đã tan, không còn nguy cơ lốc." in _lines(client, message)


def test_replaced_and_expired_warnings_are_not_read_as_live(client, db):
    old = _live(instruction="- Khơi thông cống rãnh")
    factories.make_alert("Mưa rất to", msg_type="Update", references=old, level=3)
    expired = factories.make_alert("Nắng nóng tuần trước", hazard="nang-nong", level=1,
                                   hours_from=-100, hours_to=-50, instruction="- Uống đủ nước")
    db.session.commit()
    replaced = "\n".join(_lines(client, old))
    assert "THAY THẾ" in replaced and "Đề nghị bà con:" not in replaced
    gone = "\n".join(_lines(client, expired))
    assert "HẾT HIỆU LỰC" in gone and "Uống đủ nước" not in gone
    page = client.get(f"/canh-bao/{old.identifier}/loa").get_data(as_text=True)
    assert "/loa" in page and "Bulletin of the latest message" not in page  # translated
    assert "Bản tin của tin mới nhất" in page or "tin mới nhất" in page


def test_exercise_is_said_to_be_one(client, db):
    alert = _live(status="Exercise", instruction="- Khơi thông cống rãnh")
    db.session.commit()
    lines = _lines(client, alert)
    assert "diễn tập" in lines[1] and "diễn tập" in lines[-1]


def test_demo_warnings_fit_a_minute_and_thirty_seconds(app, client, db, runner):
    from sqlalchemy import select

    from app.alerts.models import Alert

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    alerts = db.session.scalars(select(Alert).where(Alert.sent.is_not(None))).all()
    assert len(alerts) >= 5
    for alert in alerts:
        full, short = _lines(client, alert), _lines(client, alert, short=True)
        assert len(" ".join(full).split()) <= bulletin.FULL_WORDS, full
        assert len(" ".join(short).split()) <= bulletin.SHORT_WORDS, short
        assert full[0].startswith("Đây là Đài truyền thanh xã Kẻ Sặt.")
        assert "chiều nay" not in " ".join(full) and "đêm nay" not in " ".join(full)


@pytest.mark.parametrize("hazard, key, template", list(_templates()),
                         ids=[f"{h}-{k}" for h, k, _t in _templates()])
def test_every_hazard_template_filled_fits_the_budget(client, db, hazard, key, template):
    level = int(key) if key.isdigit() else None
    values = {"commune": "Kẻ Sặt", "level": level or ""}
    alert = _live(headline=_fill(template["headline"].format(**values)), hazard=hazard, level=level,
                  description=_fill(template.get("description", "").format(**values)),
                  instruction=_fill(str(template.get("instruction", "")).strip().format(**values)),
                  source_agency="Trung tâm Dự báo khí tượng thủy văn quốc gia",
                  source_issued_at=utcnow() - timedelta(hours=2))
    db.session.commit()
    full, short = _lines(client, alert), _lines(client, alert, short=True)
    text = "\n".join(full)
    assert len(text.split()) <= bulletin.FULL_WORDS, text
    assert len(" ".join(short).split()) <= bulletin.SHORT_WORDS, short
    assert "[" not in text and "(" not in text
    ask = full.index("Đề nghị bà con:")
    call = next(i for i, line in enumerate(full) if line.startswith("Khi có sự cố"))
    assert 1 <= call - ask - 1 <= 5  # the first action always, at most five
    if level:
        assert text.split("Xin nhắc lại")[0].count(f"cấp {speech.number(level)},") == 1


@pytest.mark.parametrize("hazard, key, template", list(_templates()),
                         ids=[f"{h}-{k}" for h, k, _t in _templates()])
def test_filled_templates_leave_nothing_unsayable(client, db, hazard, key, template):
    """Depends on speech.py (issue 8, line 6): units, ranges, decimals, symbols all read."""
    level = int(key) if key.isdigit() else None
    values = {"commune": "Kẻ Sặt", "level": level or ""}
    alert = _live(headline=_fill(template["headline"].format(**values)), hazard=hazard, level=level,
                  description=_fill(template.get("description", "").format(**values)),
                  instruction=_fill(str(template.get("instruction", "")).strip().format(**values)))
    db.session.commit()
    for short in (False, True):
        text = "\n".join(_lines(client, alert, short=short))
        assert not UNSAYABLE.search(text), UNSAYABLE.findall(text)


@pytest.mark.parametrize("hazard, key, template", list(_templates()),
                         ids=[f"{h}-{k}" for h, k, _t in _templates()])
def test_every_sentence_a_bulletin_may_read_is_sayable(app, hazard, key, template):
    """Depends on speech.py (issue 8, line 6). Each sentence of a filled template's
    description, actions and headline, as the bulletin would read it when the minute allows."""
    values = {"commune": "Kẻ Sặt", "level": key if key.isdigit() else ""}
    texts = [template["headline"], template.get("description", ""), str(template.get("instruction", ""))]
    with app.test_request_context("/"):
        for text in texts:
            for piece in bulletin.situation(_fill(text.format(**values))):
                said = bulletin.say(piece, utcnow())
                assert not UNSAYABLE.search(said), (piece, said)


def test_demo_warnings_leave_nothing_unsayable(client, db, runner):
    """Depends on speech.py (issue 8, line 6): "35–37°C", "50–55%" are read in words."""
    from sqlalchemy import select

    from app.alerts.models import Alert

    runner.invoke(args=["demo", "load"])
    for alert in db.session.scalars(select(Alert).where(Alert.sent.is_not(None))):
        for short in (False, True):
            text = "\n".join(_lines(client, alert, short=short))
            assert not UNSAYABLE.search(text), (alert.identifier, UNSAYABLE.findall(text))


def test_what_the_bulletin_writes_itself_is_sayable_today(client, db):
    """Opening, source, level, places, period, call, repeat and closing: no digit or symbol,
    with today's speech.py (free text here holds only numbers it already reads)."""
    save_settings({"civil_defence_phone": "0220 3 000 112"})
    alert = _live(instruction="- Khơi thông cống rãnh\n- Gọi 112 khi cần",
                  description="Lượng mưa 100 đến 150 mm.", areas=("hung-thang",),
                  source_agency="Trung tâm Dự báo khí tượng thủy văn quốc gia",
                  source_issued_at=datetime(2096, 11, 29, 23, 30, tzinfo=UTC))
    db.session.commit()
    for short in (False, True):
        text = "\n".join(_lines(client, alert, short=short))
        assert not UNSAYABLE.search(text), UNSAYABLE.findall(text)
    full = "\n".join(_lines(client, alert))
    assert "sáu giờ ba mươi phút ngày ba mươi tháng mười một" in full
