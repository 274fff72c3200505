"""Demo contests for `flask demo load` (issue 9, acceptance 12).

- Last year's contest, with its results published: entries screened, scored by every assigned
  judge, ranked, awarded in ranking order and shown in the gallery where the entrant agreed.
- This season's contest, open for entries: about fifteen entries in every state (received,
  rejected with a reason, accepted, in judging, withdrawn), one judge's recusal.

Dates follow the day of the load, so the phases hold whenever the demo is loaded. Writes go
through contest/operations.py (screening, gallery, judges, scores, awards, results), so the
rules and the audit log are those of the real pages; only the submission is built here, as
operations.submit_entry does it (it owns a request-time staging folder and its own commit).
People, groups, figures and prizes are invented; phone numbers are the demo's placeholder
mobiles "0900 000 0NN" (see data.py: why they look like this) and e-mails use example.vn. Pictures are drawn, not photographed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from .. import audit
from ..auth.operations import find_by_email
from ..content.media import save_image
from ..content.queries import today_local
from ..contest import operations as ops
from ..contest.models import PURPOSES, Consent, Contest, Entry, EntryFile
from ..contest.notice import default_notice
from ..contest.ranking import ranking
from ..extensions import db
from ..web.drawing import hex_rgb, landscape, mix
from ..web.timeutil import local_to_utc
from ..web.validators import normalise_phone
from . import data

# The three demo judges (data.ACCOUNTS): two on whole contests, one on the schools' category.
JUDGE_A = "giamkhao@kesat.example"
JUDGE_B = "giamkhao.nongnghiep@kesat.example"
JUDGE_C = "giamkhao.truonghoc@kesat.example"
# The open contest opened the day the launch post of posts.yaml
# ("phat-dong-cuoc-thi-sang-kien-vi-moi-truong", days_ago: 72) was published.
OPEN_DAYS_AGO = 72
PICTURE_SIZE = (640, 480)
ALL = frozenset(PURPOSES)
NO_NAME = frozenset({"judging", "contact"})


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return local_to_utc(datetime.combine(day, time(hour, minute)))


def _vn(day: date | datetime) -> str:
    return day.strftime("%d/%m/%Y")


# --- what the contests say -------------------------------------------------------------------

def _rules(c: dict) -> str:
    s = data.SETTINGS
    criteria = "\n".join(
        f"- **{name}** (trọng số {weight}%, chấm trên thang {top} điểm): {text}"
        for name, text, weight, top, _key in c["criteria"])
    prizes = "\n".join(f"- **{name}** ({places} giải): {reward}."
                       for name, reward, places in c["prizes"])
    categories = "\n".join(f"- **{name}**: {text}" for name, text in c["categories"])
    blind = ("\n\nỞ vòng chấm, tên và thôn của người dự thi được ẩn với giám khảo; giám khảo chỉ "
             "đọc nội dung sáng kiến." if c["blind"] else "")
    return f"""## Mục đích

{c["purpose"]}

## Ai được tham gia

- Cá nhân, hộ gia đình đang sinh sống, làm việc hoặc học tập trên địa bàn xã {s["commune_name"]}.
- Tập thể: chi hội nông dân, chi hội phụ nữ, chi đoàn, tổ dân cư, thôn, hợp tác xã.
- Thầy cô, học sinh và câu lạc bộ Thanh niên xanh của các trường trên địa bàn xã. Học sinh dưới 16 tuổi dự thi theo nhóm, do thầy cô phụ trách đứng tên và liên hệ.
- Thành viên Ban giám khảo và cán bộ Trung tâm trực tiếp tổ chức cuộc thi không dự thi.

## Lĩnh vực dự thi

{categories}

## Gửi gì

- Tên sáng kiến, lĩnh vực, một đoạn tóm tắt và bài mô tả: vấn đề ở thôn xóm mình là gì, làm thế nào, tốn bao nhiêu, ai cùng làm, đã có kết quả gì nếu đã làm thử.
- Tối đa 5 tệp ảnh hoặc PDF: ảnh mô hình, bản vẽ, bảng số liệu. Ảnh được xử lý lại và xóa thông tin vị trí, thông tin máy chụp trước khi lưu.
- Mỗi cá nhân hoặc nhóm gửi tối đa 2 sáng kiến. Sáng kiến đã đạt giải ở cuộc thi khác không gửi lại.
- Gửi bài trên trang này hoặc nộp bản giấy tại Trung tâm. Sau khi gửi, người dự thi nhận một mã bài để tra cứu, rút bài hoặc đề nghị xóa thông tin cá nhân.

## Thời gian

- Nhận bài: từ {c["opens_text"]} đến {c["closes_text"]}.
- Chấm thi: đến ngày {_vn(c["judging_ends"])}.
- Công bố kết quả: dự kiến ngày {_vn(c["results"])}.

## Sơ loại và chấm thi

Trung tâm đọc từng bài trong vòng vài ngày sau khi nhận. Bài đúng thể lệ được đưa vào vòng chấm; bài không đúng thể lệ (không phải sáng kiến, nội dung quảng cáo, gửi trùng) không được chấm, và người dự thi đọc được lý do trên trang tra cứu.

Mỗi bài được ít nhất {c["min_judges"]} thành viên Ban giám khảo chấm độc lập theo các tiêu chí:

{criteria}

Điểm của mỗi giám khảo được quy về thang 100 theo trọng số; điểm của bài là trung bình cộng điểm các giám khảo. Giám khảo có quan hệ gia đình hoặc quyền lợi với người dự thi phải xin không chấm bài đó.{blind}

## Giải thưởng

{prizes}

Ban tổ chức có thể không trao đủ số giải nếu không có bài đạt yêu cầu.

## Thông tin cá nhân

Số điện thoại và thư điện tử của người dự thi không bao giờ được công khai. Tên người đạt giải chỉ được công bố khi người dự thi đồng ý. Thông tin cá nhân được lưu {c["retention_days"]} ngày sau khi công bố kết quả rồi xóa. Chi tiết trong thông báo xử lý dữ liệu cá nhân của cuộc thi.

## Liên hệ

{s["centre_name"]}, {s["address"]}. Điện thoại: {s["phone"]}. Thư điện tử: {s["email"]}.
"""


def _privacy(c: dict) -> str:
    s = data.SETTINGS
    text = default_notice(centre=s["centre_name"], address=s["address"], phone=s["phone"],
                          email=s["email"], retention_days=c["retention_days"],
                          version=c["privacy_version"], applies_from=_vn(c["opens"]))
    # The demo's own wording of the retention period (why two years for the 2025 contest).
    return text.replace(f"{c['retention_days']} ngày kể từ ngày công bố kết quả.",
                        c["retention_text"])


PRIZE_NAMES = ("Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích")
REWARDS = ("Giấy khen của Chủ tịch UBND xã và 3.000.000 đồng",
           "Giấy khen của Chủ tịch UBND xã và 2.000.000 đồng",
           "Giấy khen của Chủ tịch UBND xã và 1.000.000 đồng",
           "Giấy khen của Trung tâm và 500.000 đồng")


def _past(today: date) -> dict:
    opens = today - timedelta(days=430)
    closes = today - timedelta(days=370)
    year = opens.year
    return dict(
        slug=f"sang-kien-moi-truong-{year}", year=year,
        title=f"Cuộc thi Sáng kiến môi trường xã Kẻ Sặt năm {year}",
        summary=("Sáng kiến của người dân, các chi hội, chi đoàn và trường học trong xã về tận "
                 "dụng rơm rạ, giảm rác thải nhựa, phòng chống thiên tai ở thôn xóm và trường "
                 "học xanh."),
        purpose=("Cuộc thi tìm những cách làm nhỏ, rẻ, làm được ngay ở thôn xóm để không còn đốt "
                 "rơm rạ ngoài đồng, bớt rác nhựa trong sinh hoạt, và để bà con chủ động hơn "
                 "trước mưa bão, ngập úng. Các sáng kiến đạt giải được giới thiệu trên cổng thông "
                 "tin để các thôn, các trường học theo."),
        opens=opens, closes=closes, judging_ends=today - timedelta(days=335),
        results=today - timedelta(days=330),
        opens_text=f"7 giờ ngày {_vn(opens)}", closes_text=f"17 giờ ngày {_vn(closes)}",
        privacy_version=f"{year}-1", retention_days=730,
        retention_text=("730 ngày (hai năm) kể từ ngày công bố kết quả, để phục vụ việc chi trả "
                        "giải thưởng và lưu hồ sơ cuộc thi."),
        blind=False, min_judges=2,
        categories=[
            ("Nông nghiệp xanh và rơm rạ",
             "Thu gom, tận dụng rơm rạ và phụ phẩm cây trồng thay cho đốt; giảm phân bón, thuốc "
             "bảo vệ thực vật và vỏ bao bì vứt ngoài đồng."),
            ("Giảm rác thải nhựa",
             "Bớt túi ni lông, cốc, đĩa, hộp nhựa dùng một lần ở chợ, quán, đám cỗ và trong gia "
             "đình."),
            ("Phòng chống thiên tai ở thôn xóm",
             "Báo tin, chuẩn bị và giúp nhau khi mưa lớn, ngập úng, dông lốc, nắng nóng."),
            ("Trường học xanh",
             "Sáng kiến của thầy cô, học sinh và câu lạc bộ Thanh niên xanh trong nhà trường."),
        ],
        criteria=[
            ("Tính sáng tạo", "Cách làm mới, hoặc mới với thôn xóm, với xã.", 30, 10, "new"),
            ("Tính khả thi", "Làm được bằng vật liệu, kinh phí và người sẵn có ở địa phương.",
             25, 10, "doable"),
            ("Hiệu quả môi trường", "Bớt rác, bớt khói đốt, giữ sạch nguồn nước, hoặc giúp bà "
             "con an toàn hơn; có số liệu trước và sau càng tốt.", 30, 10, "effect"),
            ("Khả năng nhân rộng", "Thôn khác, trường khác học theo được.", 15, 10, "spread"),
        ],
        prizes=[(PRIZE_NAMES[i], REWARDS[i], places) for i, places in enumerate((1, 1, 2, 3))],
    )


def _current(today: date) -> dict:
    opens = today - timedelta(days=OPEN_DAYS_AGO)
    closes = today + timedelta(days=21)
    year = opens.year
    return dict(
        slug=f"sang-kien-moi-truong-{year}-{year + 1}", year=year,
        title=f"Cuộc thi Sáng kiến vì môi trường xã Kẻ Sặt {year}–{year + 1}",
        summary=("Mời cá nhân, hộ gia đình, các chi hội, thôn và câu lạc bộ Thanh niên xanh gửi "
                 "sáng kiến giúp thôn xóm sạch hơn, an toàn hơn: không đốt rơm rạ, bớt rác nhựa, "
                 "chủ động trước mưa bão và ngập úng."),
        purpose=("Tiếp nối cuộc thi năm trước, cuộc thi năm nay tìm những sáng kiến làm được ngay "
                 "ở thôn xóm, trong chợ, trong trường học. Bài dự thi không cần to tát: một cách "
                 "ủ rơm, một điểm gom vỏ bao bì thuốc bảo vệ thực vật, một lá cờ báo ngập đều "
                 "đáng được chia sẻ để các thôn khác làm theo."),
        opens=opens, closes=closes, judging_ends=today + timedelta(days=45),
        results=today + timedelta(days=52),
        opens_text=f"7 giờ ngày {_vn(opens)}", closes_text=f"17 giờ ngày {_vn(closes)}",
        privacy_version=f"{year}-1", retention_days=365,
        retention_text="365 ngày (một năm) kể từ ngày công bố kết quả.",
        blind=True, min_judges=2,
        categories=[
            ("Nông nghiệp xanh, không đốt rơm rạ",
             "Cuộn, ủ, tận dụng rơm rạ và phụ phẩm cây trồng; thu gom vỏ bao bì thuốc bảo vệ "
             "thực vật; canh tác ít hóa chất."),
            ("Rác thải sinh hoạt và rác nhựa",
             "Phân loại rác tại nguồn, giảm túi ni lông và đồ nhựa dùng một lần ở chợ, quán, "
             "gia đình."),
            ("Thôn xóm an toàn trước thiên tai",
             "Báo tin, chuẩn bị và giúp nhau khi mưa lớn, ngập úng, dông lốc, nắng nóng, rét "
             "đậm."),
            ("Trường học xanh - an toàn",
             "Sáng kiến của thầy cô, học sinh và câu lạc bộ Thanh niên xanh: trường sạch, ít "
             "rác nhựa, an toàn trong mùa mưa bão."),
        ],
        criteria=[
            ("Tính sáng tạo", "Ý tưởng hoặc cách làm mới so với những gì đã có ở thôn xóm, ở xã.",
             25, 10, "new"),
            ("Tính khả thi", "Làm được bằng vật liệu, kinh phí và nhân lực sẵn có; đã làm thử "
             "càng tốt.", 20, 10, "doable"),
            ("Hiệu quả môi trường", "Bớt rác, bớt khói đốt, giữ sạch nguồn nước hoặc giúp bà "
             "con an toàn hơn trước thiên tai; có số liệu trước và sau càng tốt.", 25, 10,
             "effect"),
            ("Khả năng nhân rộng", "Thôn khác, trường khác học theo được; cách làm được ghi lại "
             "rõ ràng.", 15, 10, "spread"),
            ("Sự tham gia của cộng đồng", "Bao nhiêu người, bao nhiêu hộ cùng làm; có phụ nữ, "
             "người cao tuổi, thanh thiếu niên tham gia.", 15, 5, "people"),
        ],
        prizes=[(PRIZE_NAMES[i], REWARDS[i], places) for i, places in enumerate((1, 2, 3, 4))],
    )


# --- the entries ----------------------------------------------------------------------------
# fate: received | rejected | accepted | withdrawn (from received) | withdrawn_accepted.
# quality: a base score out of 10 per criterion, from which each judge's scores are drawn.
# reviews (open contest): judge → "submitted" | "draft" | "recused".

PAST_ENTRIES = [
    dict(key="P1", cat=0, kind="group", name="Chi hội Nông dân thôn Hòa Ché",
         members="Đỗ Văn Thắng (chi hội trưởng, đại diện nhóm); Nguyễn Văn Lộc; Phạm Thị Mến; "
                 "Đỗ Văn Hòa; Vũ Thị Lan",
         phone="0900000001", email="chihoinongdan.hoache@example.vn", hamlet="Thôn Hòa Ché",
         title="Tổ cuộn rơm dùng chung cho cả cánh đồng",
         summary="Chi hội thuê chung một máy cuộn rơm chạy theo lịch gặt của từng xứ đồng. Rơm "
                 "cuộn bán cho trại bò và các hộ trồng nấm; tiền bán rơm đủ trả công máy.",
         description="Vụ mùa năm ngoái, khói đốt rơm ở cánh đồng giáp đường liên xã làm nhiều hộ "
                     "phải đóng cửa cả buổi chiều. Bà con không muốn đốt, nhưng tự dọn rơm thì "
                     "mất công, để lại thì vướng khi làm đất.\n\n"
                     "Chi hội họp và thống nhất: các hộ đăng ký diện tích theo từng xứ đồng, chi "
                     "hội hợp đồng với một chủ máy cuộn rơm để máy đi liền sau máy gặt. Mỗi cuộn "
                     "nặng 15–18 kg, được một trại bò ở xã bên và ba hộ trồng nấm trong thôn đặt "
                     "mua trước. Tiền bán rơm trả công máy, phần dư nộp quỹ chi hội.\n\n"
                     "Vụ vừa rồi tổ đã cuộn rơm trên khoảng 14 ha; cả xứ đồng ven đường liên xã "
                     "không còn thửa ruộng nào đốt. Chi hội ghi lại lịch máy, giá thuê và danh "
                     "sách người mua để thôn khác làm theo.",
         consents=ALL, fate="accepted", quality=(8, 9, 9, 9), pictures=("straw",)),
    dict(key="P2", cat=1, kind="group", name="Chi hội Phụ nữ thôn Tuấn Kiệt",
         members="Nguyễn Thị Huệ (chi hội trưởng, đại diện nhóm); Trần Thị Nga; Lê Thị Thu; "
                 "Phạm Thị Hoa",
         phone="0900000002", email="", hamlet="Thôn Tuấn Kiệt",
         title="Bộ bát đĩa, cốc chén dùng chung cho đám giỗ, đám cưới",
         summary="Chi hội mua chung 200 bộ bát, đĩa, cốc và đũa để các gia đình mượn khi làm cỗ, "
                 "thay cho bát đĩa xốp, cốc nhựa dùng một lần.",
         description="Sau mỗi đám cỗ trong thôn có thể thải ra vài bao tải cốc nhựa, đĩa xốp và "
                     "đũa dùng một lần. Phần lớn không tái chế được và bị đổ lẫn vào rác sinh "
                     "hoạt.\n\n"
                     "Chi hội vận động mỗi hội viên góp 50.000 đồng, cùng phần hỗ trợ của các gia "
                     "đình trong thôn, mua 200 bộ bát đĩa sứ, cốc thủy tinh và đũa tre. Đồ dùng "
                     "cất ở nhà văn hóa thôn, có sổ cho mượn; gia đình mượn góp một khoản nhỏ để "
                     "thay đồ vỡ và mua nước rửa bát.\n\n"
                     "Sau năm tháng, bộ đồ dùng chung đã phục vụ 11 đám cỗ. Chi hội ước tính mỗi "
                     "đám bớt được khoảng 300 cốc nhựa và 150 đĩa xốp.",
         consents=ALL, fate="accepted", quality=(7, 9, 8, 9), pictures=("bags",)),
    dict(key="P3", cat=2, kind="individual", name="Trần Văn Chiến", members="",
         phone="0900000003", email="tranvanchien.nk@example.vn", hamlet="Thôn Nhân Kiệt",
         title="Cọc sơn vạch báo mức ngập ở các đoạn đường trũng",
         summary="Cắm cọc bê tông sơn vạch xanh, vàng, đỏ ở các đoạn đường làng hay ngập để người "
                 "đi đường biết nước sâu đến đâu mà dừng lại.",
         description="Mỗi lần mưa to, đoạn đường từ đầu thôn ra cánh đồng và đoạn qua cống tiêu "
                     "đều ngập; nhìn mặt nước không biết sâu nông thế nào. Đã có người đi xe máy "
                     "bị chết máy giữa dòng.\n\n"
                     "Tôi đề xuất cắm ở mỗi đoạn trũng một cọc bê tông cao 1,2 m, sơn ba vạch: "
                     "xanh đến 20 cm (đi chậm), vàng đến 40 cm (xe máy không nên đi qua), đỏ trên "
                     "40 cm (không đi qua, quay lại đường khác). Cạnh cọc có biển nhỏ giải thích "
                     "ý nghĩa ba màu.\n\n"
                     "Tôi đã làm thử một cọc ở đoạn cống tiêu, hết chưa đến 300.000 đồng. Cọc "
                     "còn giúp thôn ghi lại mức ngập sau mỗi trận mưa để báo lên xã.",
         consents=NO_NAME, fate="accepted", quality=(8, 8, 7, 8), pictures=("flag",)),
    dict(key="P4", cat=3, kind="group", name="Câu lạc bộ Thanh niên xanh Trường THCS Vĩnh Hồng",
         members="Cô Lê Thị Hồng (giáo viên phụ trách, đại diện nhóm) cùng 28 đội viên khối 8 "
                 "và khối 9",
         phone="0900000004", email="clbthanhnienxanh.thcsvinhhong@example.vn",
         hamlet="Khu vực xã Vĩnh Hồng (cũ)",
         title="Đổi vỏ hộp sữa lấy cây giống",
         summary="Học sinh mang vỏ hộp sữa giấy đã tráng sạch, ép dẹt đến trường; cứ 30 vỏ hộp "
                 "đổi được một cây giống để trồng ở nhà hoặc ở vườn trường.",
         description="Vỏ hộp sữa giấy khó tái chế nếu còn sữa bên trong, và thường bị vứt lẫn "
                     "trong thùng rác của các lớp.\n\n"
                     "Câu lạc bộ hướng dẫn các bạn tráng vỏ hộp, ép dẹt và mang đến “ngân hàng "
                     "vỏ hộp” đặt ở phòng Đội vào sáng thứ Hai. Mỗi lớp có sổ ghi số vỏ hộp. Đủ "
                     "30 vỏ, học sinh đổi được một cây giống (bưởi, ổi, hoa giấy) do hội cha mẹ "
                     "học sinh và một vườn ươm trong xã hỗ trợ. Vỏ hộp được giao cho cơ sở thu "
                     "mua để tái chế.\n\n"
                     "Sau một học kỳ, câu lạc bộ đã thu gần 9.000 vỏ hộp và trao 280 cây giống; "
                     "thùng rác các lớp vơi hẳn.",
         consents=ALL, fate="accepted", quality=(8, 7, 7, 8), pictures=()),
    dict(key="P5", cat=0, kind="individual", name="Phạm Thị Nhung", members="",
         phone="0900000005", email="", hamlet="Thôn Phụng Viện",
         title="Trồng nấm rơm ngay sau gặt, bã nấm bón lại ruộng",
         summary="Giữ rơm tươi trên ruộng nhà để trồng nấm rơm; hái nấm xong, bã rơm được ủ và "
                 "bón lại cho lúa vụ sau.",
         description="Gia đình tôi có 6 sào ruộng. Trước kia gặt xong là đốt rơm cho nhanh. Vụ "
                     "này tôi giữ lại rơm tươi, xếp thành luống ở góc ruộng cao, tưới ẩm và gieo "
                     "meo nấm mua ở cơ sở giống tin cậy.\n\n"
                     "Khoảng 12–15 ngày sau bắt đầu hái nấm, mỗi luống được vài chục ki-lô-gam. "
                     "Hết đợt nấm, bã rơm đã mục một nửa; tôi gom lại ủ thêm với ít phân chuồng "
                     "rồi bón cho ruộng.\n\n"
                     "Cách làm không cần máy móc, phụ nữ và người cao tuổi làm được. Tôi sẵn lòng "
                     "hướng dẫn các hộ trong thôn muốn làm thử.",
         consents=ALL, fate="accepted", quality=(7, 7, 8, 6), pictures=()),
    dict(key="P6", cat=1, kind="individual", name="Nguyễn Văn Hưởng", members="",
         phone="0900000006", email="huongquannuoc@example.vn",
         hamlet="Khu vực thị trấn Kẻ Sặt (cũ)",
         title="Quán nước mía không cốc nhựa, không ống hút nhựa",
         summary="Quán nước mía trước cổng chợ dùng cốc thủy tinh cho khách ngồi tại quán, ống hút "
                 "cỏ bàng, và bớt 2.000 đồng cho khách mang cốc riêng.",
         description="Quán tôi mỗi ngày bán khoảng 150 cốc nước mía. Trước đây dùng toàn cốc "
                     "nhựa, ống hút nhựa; cuối ngày thùng rác đầy ắp.\n\n"
                     "Tôi chuyển sang cốc thủy tinh cho khách ngồi tại quán, ống hút cỏ bàng rửa "
                     "sạch phơi khô, giá gần bằng ống hút nhựa. Khách mua mang đi được bớt 2.000 "
                     "đồng nếu mang theo cốc, bình của mình; khách không mang thì dùng cốc "
                     "giấy.\n\n"
                     "Sau ba tháng, quán gần như không còn rác nhựa. Tôi đã chia sẻ cách làm với "
                     "hai quán khác trong chợ.",
         consents=frozenset({"judging"}), fate="accepted", quality=(6, 7, 6, 6), pictures=()),
    dict(key="P7", cat=2, kind="group", name="Chi đoàn Thanh niên thôn Tuấn Kiệt",
         members="Đoàn Văn Khánh (bí thư chi đoàn, đại diện nhóm); Phạm Văn Tùng; Nguyễn Thị "
                 "Ngọc; Trần Văn Mạnh",
         phone="0900000007", email="chidoan.tuankiet@example.vn", hamlet="Thôn Tuấn Kiệt",
         title="Sổ tay những hộ cần giúp khi mưa bão",
         summary="Chi đoàn lập sổ các hộ có người cao tuổi sống một mình, người khuyết tật, trẻ "
                 "nhỏ, và phân công từng đoàn viên đến giúp khi có tin mưa bão, ngập úng.",
         description="Khi có cảnh báo mưa lớn, thôn báo qua loa, nhưng những cụ già sống một mình "
                     "hay người nằm liệt giường không tự chuẩn bị được.\n\n"
                     "Chi đoàn cùng trưởng thôn và chi hội người cao tuổi đi từng ngõ, hỏi từng "
                     "gia đình, ghi vào sổ những hộ cần giúp và việc cần làm: kê đồ lên cao, "
                     "chằng mái, đưa người sang nhà người thân. Chỉ ghi khi gia đình đồng ý; sổ "
                     "do trưởng thôn giữ.\n\n"
                     "Mỗi đoàn viên nhận hai đến ba hộ. Có tin cảnh báo là đoàn viên gọi điện "
                     "hoặc đến tận nhà. Đợt mưa lớn vừa qua, chi đoàn đã giúp 17 hộ kê dọn đồ "
                     "đạc và đưa hai cụ sang nhà con cháu.",
         consents=ALL, fate="accepted", quality=(6, 8, 5, 7), pictures=()),
    dict(key="P8", cat=3, kind="group", name="Lớp 5A Trường Tiểu học Hùng Thắng",
         members="Cô Lê Thị Vân (giáo viên chủ nhiệm, đại diện nhóm) cùng 31 học sinh lớp 5A",
         phone="0900000008", email="", hamlet="Khu vực xã Hùng Thắng (cũ)",
         title="Vườn rau treo bằng chai nhựa trên hành lang lớp học",
         summary="Chai nhựa 1,5 lít được cắt, treo thành giàn trên lan can hành lang để trồng "
                 "cải, hành, húng; học sinh tự chăm và tưới bằng nước mưa hứng từ mái.",
         description="Trường không có nhiều đất trống để làm vườn. Lớp em gom chai nhựa ở nhà và "
                     "ở căng-tin, cắt đôi, đục lỗ thoát nước rồi treo thành ba tầng trên lan can "
                     "hành lang.\n\n"
                     "Mỗi tổ chăm một giàn và ghi nhật ký ngày gieo, ngày tưới. Nước tưới lấy từ "
                     "thùng hứng nước mưa ở góc sân. Rau hái được góp cho bếp ăn bán trú.\n\n"
                     "Lớp đã dùng khoảng 120 chai nhựa. Các lớp khác đã sang xem và muốn làm theo.",
         consents=ALL, fate="accepted", quality=(6, 6, 5, 6), pictures=()),
    dict(key="P9", cat=0, kind="individual", name="Phạm Thị Nhung", members="",
         phone="0900000005", email="", hamlet="Thôn Phụng Viện",
         title="Trồng nấm rơm",
         summary="Dùng rơm ở ruộng nhà để trồng nấm, không đốt nữa.",
         description="Tôi dùng rơm ở ruộng nhà để trồng nấm rơm, không đốt nữa. Tôi sẽ gửi thêm "
                     "cách làm sau.",
         consents=ALL, fate="rejected", duplicate_of="P5"),
]

CURRENT_ENTRIES = [
    # received, not screened yet
    dict(key="O1", cat=0, kind="individual", name="Bùi Văn Tám", members="",
         phone="0900000009", email="", hamlet="Thôn Hòa Ché",
         title="Rơm làm đệm lót chuồng bò, chuồng gà rồi ủ thành phân",
         summary="Rơm khô sau gặt được chở về làm đệm lót chuồng thay trấu; đệm lót đã dùng được "
                 "gom vào hố ủ, thành phân bón rau màu.",
         description="Nhà tôi nuôi hai con bò và khoảng 100 con gà. Trước đây tôi mua trấu làm "
                     "đệm lót, còn rơm ngoài ruộng thì đốt.\n\n"
                     "Vụ này tôi phơi khô rơm, chất vào gian kho, mỗi tuần rải một lớp dày dưới "
                     "chuồng. Rơm hút nước tiểu, chuồng khô và đỡ mùi hơn. Đệm lót bẩn được gom "
                     "vào hố ủ có mái che, tưới chế phẩm vi sinh; khoảng hai tháng là thành phân "
                     "hoai.\n\n"
                     "Cách này vừa bớt tiền mua trấu, vừa không phải đốt rơm. Hộ nào có chăn "
                     "nuôi cũng làm được.",
         consents=ALL, fate="received", days=3),
    dict(key="O2", cat=1, kind="group", name="Chi hội Phụ nữ thôn Phụng Viện",
         members="Vũ Thị Duyên (chi hội trưởng, đại diện nhóm); Đặng Thị Lý; Nguyễn Thị Thơm",
         phone="0900000010", email="", hamlet="Thôn Phụng Viện",
         title="Gom dầu ăn đã qua sử dụng để nấu xà phòng rửa chuồng trại",
         summary="Mỗi hộ đựng dầu ăn thừa vào chai riêng thay vì đổ xuống cống; chi hội gom mỗi "
                 "tháng một lần và nấu thành xà phòng để rửa chuồng trại, lau sàn.",
         description="Dầu ăn thừa đổ xuống cống làm tắc rãnh thoát nước, bốc mùi, chảy ra ao làm "
                     "bẩn nước. Nhiều gia đình không biết bỏ đi đâu cho đúng.\n\n"
                     "Chi hội đề xuất mỗi hộ có một chai nhựa có nắp để đựng dầu thừa đã lọc cặn. "
                     "Ngày 15 hằng tháng, tổ hội viên nhận dầu tại nhà văn hóa thôn. Dầu được nấu "
                     "thành xà phòng ở chỗ thoáng, người nấu đeo găng tay và kính bảo hộ vì xút "
                     "ăn da. Xà phòng chỉ dùng rửa chuồng trại, lau sàn, không dùng để tắm gội.\n\n"
                     "Chi hội đã học cách làm ở một lớp hướng dẫn và nấu thử được 20 bánh xà "
                     "phòng.",
         consents=frozenset({"judging", "publish_name"}), fate="received", days=2),
    dict(key="O3", cat=3, kind="group", name="Câu lạc bộ Thanh niên xanh Trường THPT Kẻ Sặt",
         members="Thầy Đỗ Minh Tuấn (giáo viên phụ trách, đại diện nhóm) cùng 24 đoàn viên "
                 "khối 11",
         phone="0900000011", email="thanhnienxanh.thptkesat@example.vn",
         hamlet="Khu vực thị trấn Kẻ Sặt (cũ)",
         title="Thu gom pin cũ theo lớp, cân và công bố mỗi tháng",
         summary="Mỗi lớp có một hộp đựng pin cũ; cuối tháng câu lạc bộ cân, ghi kết quả lên bảng "
                 "tin và giao pin cho điểm thu gom rác nguy hại của xã.",
         description="Pin cũ chứa kim loại nặng nhưng ở nhiều gia đình vẫn bị vứt chung với rác "
                     "sinh hoạt. Học sinh có thể mang pin từ nhà đến trường nếu có chỗ nhận.\n\n"
                     "Câu lạc bộ làm 36 hộp các-tông có nắp, dán nhãn “Pin cũ – rác nguy hại”, "
                     "đặt ở mỗi lớp. Cuối tháng, thành viên câu lạc bộ cân pin của từng lớp và "
                     "công bố trên bảng tin. Pin được đóng thùng kín, giao cho điểm thu gom rác "
                     "nguy hại của xã vào ngày thu gom.\n\n"
                     "Tháng đầu làm thử ở 8 lớp, câu lạc bộ đã gom được 6,5 kg pin.",
         consents=ALL, fate="received", days=1),
    dict(key="O4", cat=2, kind="individual", name="Lương Thị Thoa", members="",
         phone="0900000012", email="", hamlet="Khu vực xã Vĩnh Hưng (cũ)",
         title="Loa cầm tay và còi cho tổ trưởng tổ dân cư khi mất điện",
         summary="Mỗi tổ trưởng tổ dân cư có một loa cầm tay chạy pin sạc và một chiếc còi, để "
                 "vẫn báo tin cho bà con khi mưa bão làm mất điện, loa truyền thanh không phát "
                 "được.",
         description="Trong những trận mưa bão, điện thường bị cắt, loa truyền thanh của xã "
                     "không phát được, sóng điện thoại chập chờn. Người già không xem được tin "
                     "trên mạng.\n\n"
                     "Tôi đề xuất mỗi tổ dân cư có một loa cầm tay dùng pin sạc, giá khoảng "
                     "400.000 đồng, và một chiếc còi. Tổ trưởng đi dọc các ngõ đọc lại thông báo "
                     "của xã. Quy ước ba hồi còi dài là nước lên nhanh: các hộ kê đồ, đưa người "
                     "già, trẻ nhỏ đi theo hướng dẫn của thôn.\n\n"
                     "Loa được sạc đầy trước mùa mưa bão và kiểm tra mỗi tháng một lần.",
         consents=NO_NAME, fate="received", days=4),
    # rejected, with the reason the entrant reads on the status page
    dict(key="X1", cat=0, kind="individual", name="Hoàng Văn Duẩn", members="",
         phone="0900000013", email="", hamlet="Thôn Tuấn Kiệt",
         title="Đốt rơm tập trung một chỗ vào chiều tối cho đỡ khói",
         summary="Gom rơm của nhiều ruộng về một bãi ven đê rồi đốt cùng lúc vào chiều tối, khi ít "
                 "người qua lại, để khói không bay vào nhà.",
         description="Rơm để lại ruộng thì vướng khi cày, mà mỗi nhà đốt một đám thì khói khắp "
                     "nơi. Tôi đề xuất gom rơm về một bãi trống ven đê, đốt tập trung một lần vào "
                     "chiều tối khi gió nhẹ, có người trông để không cháy lan.",
         consents=ALL, fate="rejected", days=40,
         reason="Cảm ơn anh đã gửi ý tưởng. Đốt rơm, dù gom về một chỗ hay đốt vào chiều tối, "
                "vẫn thải khói và bụi mịn có hại cho sức khỏe ra khu dân cư, nên không phù hợp "
                "với mục đích của cuộc thi là thay thế việc đốt. Ban tổ chức không đưa bài này "
                "vào vòng chấm. Anh có thể xem các cách cuộn, ủ rơm trong mục Hướng dẫn và gửi "
                "sáng kiến mới trước hạn nhận bài."),
    dict(key="X2", cat=1, kind="individual", name="Đinh Văn Toàn", members="",
         phone="0900000014", email="dinhtoan.cuahang@example.vn",
         hamlet="Khu vực thị trấn Kẻ Sặt (cũ)",
         title="Túi sinh học tự hủy giá sỉ cho tiểu thương chợ",
         summary="Cửa hàng chúng tôi phân phối túi sinh học tự hủy, giá sỉ ưu đãi cho tiểu "
                 "thương, giao hàng tận nơi trong xã.",
         description="Túi của cửa hàng phân hủy sau 6–12 tháng, in logo theo yêu cầu. Đặt từ 10 "
                     "kg được giảm 5%. Liên hệ cửa hàng để được báo giá.",
         consents=ALL, fate="rejected", days=25,
         reason="Bài dự thi giới thiệu và chào bán sản phẩm của một cửa hàng, không mô tả sáng "
                "kiến do anh hoặc nhóm của anh thực hiện ở địa phương. Theo thể lệ, Ban tổ chức "
                "không nhận bài có nội dung quảng cáo. Nếu anh có cách làm riêng để giảm túi ni "
                "lông ở chợ, mời anh gửi bài mới."),
    # accepted, no judge has opened them yet
    dict(key="A1", cat=0, kind="group", name="Chi hội Nông dân thôn Nhân Kiệt",
         members="Trần Văn Bình (chi hội trưởng, đại diện nhóm); Lê Văn Sơn; Nguyễn Văn Phúc",
         phone="0900000015", email="", hamlet="Thôn Nhân Kiệt",
         title="Bể chứa vỏ bao bì thuốc bảo vệ thực vật ở đầu bờ ruộng",
         summary="Xây ba bể nhỏ có nắp ở các đầu bờ chính để bà con bỏ vỏ chai, vỏ gói thuốc bảo "
                 "vệ thực vật sau khi phun, thay vì vứt xuống mương; khi đầy, giao cho đơn vị có "
                 "chức năng xử lý.",
         description="Sau mỗi đợt phun thuốc, vỏ chai, vỏ gói vứt dọc bờ mương, trôi theo nước "
                     "vào ruộng và ao. Đây là rác nguy hại, không được bán phế liệu hay đốt cùng "
                     "rác thường.\n\n"
                     "Chi hội đề xuất xây ba bể gạch có nắp đậy và biển ghi rõ “Chỉ bỏ vỏ bao bì "
                     "thuốc bảo vệ thực vật”, đặt ở chỗ cao, không ngập, xa nguồn nước. Bà con "
                     "tráng vỏ chai ba lần, đổ nước tráng vào bình phun rồi mới bỏ vỏ vào bể. Khi "
                     "bể đầy, chi hội báo xã để đơn vị có chức năng đến thu gom.\n\n"
                     "Mỗi bể tốn khoảng 1,5 triệu đồng. Đã có hội viên nhận trông coi từng bể.",
         consents=ALL, fate="accepted", days=30, gallery=True, pictures=("bins",)),
    dict(key="A2", cat=1, kind="individual", name="Đặng Thị Hạnh", members="",
         phone="0900000016", email="hanhdang.cho@example.vn", hamlet="Khu vực thị trấn Kẻ Sặt (cũ)",
         title="Nhà chứa rác phân loại ba ngăn cho chợ Kẻ Sặt",
         summary="Dựng ở góc chợ một nhà chứa rác có mái che, chia ba ngăn theo ba nhóm rác của "
                 "Luật Bảo vệ môi trường; tiểu thương bỏ rác đã phân loại trước giờ xe thu gom "
                 "đến.",
         description="Tôi bán rau ở chợ đã 15 năm. Cuối phiên, rau hỏng, túi ni lông, thùng xốp "
                     "đổ chung một đống ở góc chợ; trời mưa, nước rỉ chảy ra đường.\n\n"
                     "Tôi đề xuất dựng một nhà chứa rác nhỏ, mái tôn, nền xi măng dốc về rãnh thu "
                     "nước, chia ba ngăn sơn màu, chữ to: chất thải rắn có khả năng tái sử "
                     "dụng, tái chế (bìa, chai nhựa, lon), chất thải thực phẩm (rau, quả hỏng) "
                     "và chất thải rắn sinh hoạt khác (thùng xốp, túi bẩn). Chất thải thực "
                     "phẩm giao cho các hộ "
                     "ủ phân hoặc chăn nuôi (nấu chín kỹ trước khi cho lợn ăn); đồ tái chế để "
                     "riêng cho người thu mua.\n\n"
                     "Các tiểu thương cùng dãy hàng rau đã nhận lời phân loại thử một tháng nếu có "
                     "chỗ để.",
         consents=NO_NAME, fate="accepted", days=20),
    dict(key="A3", cat=3, kind="group",
         name="Câu lạc bộ Thanh niên xanh Trường THCS Kẻ Sặt",
         members="Cô Phạm Thu Trang (Tổng phụ trách Đội, đại diện nhóm) cùng 20 đội viên khối 7",
         phone="0900000017", email="thanhnienxanh.thcskesat@example.vn",
         hamlet="Khu vực thị trấn Kẻ Sặt (cũ)",
         title="Góc đổi sách vở, đồ dùng học tập cũ đầu năm học",
         summary="Mỗi dịp khai giảng, câu lạc bộ mở góc nhận sách giáo khoa, bút thước, cặp sách "
                 "còn dùng được để các bạn khóa sau đổi hoặc nhận, thay vì bán giấy vụn.",
         description="Cuối năm học, nhiều sách giáo khoa còn mới bị bán cân làm giấy vụn, trong "
                     "khi đầu năm các gia đình lại phải mua sách mới.\n\n"
                     "Câu lạc bộ mở góc đổi đồ ở thư viện trong hai tuần đầu năm học. Các bạn mang "
                     "sách, vở chưa viết, bút thước, cặp còn tốt đến và nhận phiếu đổi. Đồ được "
                     "xếp theo khối lớp; ai cần thì đến lấy, ưu tiên các bạn có hoàn cảnh khó "
                     "khăn. Sách quá cũ mới bán giấy vụn, tiền góp vào quỹ câu lạc bộ.\n\n"
                     "Năm học này góc đổi đồ đã nhận 640 cuốn sách và 200 món đồ dùng học tập; "
                     "hơn 300 bạn đã đến đổi hoặc nhận.",
         consents=ALL, fate="accepted", days=12, gallery=True),
    # in judging: accepted, with judges' drafts, submitted sheets or a recusal
    dict(key="J1", cat=0, kind="individual", name="Nguyễn Văn Khiêm", members="",
         phone="0900000018", email="", hamlet="Thôn Hòa Ché",
         title="Ủ rơm rạ bằng chế phẩm vi sinh thành phân bón cho vụ sau",
         summary="Gom rơm rạ sau gặt thành đống ở góc ruộng, tưới chế phẩm vi sinh và phủ bạt; "
                 "sau 30–45 ngày có phân hữu cơ bón lại cho ruộng, bớt được một phần phân hóa "
                 "học.",
         description="Tôi làm thử trên 2 sào ruộng nhà mình ở vụ mùa vừa rồi. Rơm được gom ngay "
                     "sau khi gặt, xếp thành lớp dày khoảng 30 cm; mỗi lớp tưới đều chế phẩm vi "
                     "sinh pha theo hướng dẫn trên bao bì, rắc thêm ít phân chuồng cho rơm nhanh "
                     "hoai.\n\n"
                     "Đống ủ cao khoảng 1,2 m, phủ bạt kín để giữ ẩm và giữ nhiệt. Sau 15 ngày "
                     "tôi đảo một lần, tưới thêm nước nếu rơm khô. Khoảng 40 ngày thì rơm mềm, "
                     "màu nâu sẫm, không còn mùi hăng.\n\n"
                     "Phân ủ được rải lại cho chính thửa ruộng trước khi cấy vụ sau. Chế phẩm cho "
                     "2 sào hết khoảng 60.000 đồng. Tôi muốn cùng chi hội nông dân thôn làm mẫu "
                     "cho các hộ xung quanh.",
         consents=NO_NAME, fate="accepted", days=55, pictures=("compost", "straw"),
         quality=(7, 9, 8, 8, 6), reviews={JUDGE_A: "submitted", JUDGE_B: "draft"}),
    dict(key="J2", cat=1, kind="group", name="Chi hội Phụ nữ thôn Nhân Kiệt",
         members="Lê Thị Xuân (chi hội trưởng, đại diện nhóm); Phạm Thị Hằng; Vũ Thị Nhàn; "
                 "Trần Thị Bích",
         phone="0900000019", email="phunu.nhankiet@example.vn", hamlet="Thôn Nhân Kiệt",
         title="Túi vải đi chợ may từ quần áo cũ: 10 túi ni lông đổi 1 túi vải",
         summary="Hội viên may túi vải từ quần áo cũ; ai mang 10 túi ni lông còn sạch đến nhà văn "
                 "hóa thôn được đổi một túi vải. Túi ni lông gom về được dùng lại hoặc bán cho cơ "
                 "sở tái chế.",
         description="Mỗi lần đi chợ, một gia đình mang về năm, bảy túi ni lông. Dùng một lần "
                     "rồi vứt, túi bay khắp đường làng, mắc vào bờ rào, lấp rãnh thoát nước.\n\n"
                     "Chi hội vận động hội viên góp quần áo cũ, nhất là quần bò, áo vải dày. Ba "
                     "hội viên có máy may nhận may túi, mỗi túi mất khoảng 20 phút. Chiều thứ Bảy "
                     "hằng tuần, chi hội đổi túi tại nhà văn hóa thôn: 10 túi ni lông còn sạch "
                     "đổi một túi vải. Túi ni lông đổi về được phân loại: túi còn tốt dùng lại ở "
                     "các quầy hàng, túi rách bán cho cơ sở tái chế.\n\n"
                     "Trong hai tháng, chi hội đã may và đổi 260 túi vải, thu về khoảng 2.600 túi "
                     "ni lông.",
         consents=ALL, fate="accepted", days=48, gallery=True, pictures=("bags",),
         quality=(7, 9, 8, 9, 9), reviews={JUDGE_A: "submitted", JUDGE_B: "submitted"}),
    dict(key="J3", cat=2, kind="group", name="Thôn Phụng Viện",
         members="Vũ Văn Lâm (trưởng thôn, đại diện nhóm); Nguyễn Văn Đức (tổ trưởng tổ an "
                 "ninh); Đặng Văn Hiếu; Phạm Văn Quang",
         phone="0900000020", email="", hamlet="Thôn Phụng Viện",
         title="Cờ báo ngập ba màu ở cống đầu làng và tổ trực khi mưa lớn",
         summary="Dựng cột cờ cạnh cống tiêu đầu làng, treo cờ xanh, vàng hoặc đỏ theo mực nước đo "
                 "được; tổ trực thay cờ và báo loa cho từng xóm khi mưa lớn kéo dài.",
         description="Thôn nằm thấp; mỗi khi mưa lớn kéo dài, nước từ cánh đồng dồn về cống đầu "
                     "làng. Bà con ở các xóm xa không biết nước đang lên nhanh hay đã rút.\n\n"
                     "Thôn dựng một cột cờ cao 6 m cạnh cống, nhìn rõ từ đường trục thôn, và một "
                     "cọc đo có vạch sơn. Cờ xanh: nước dưới vạch an toàn, đi lại bình thường. Cờ "
                     "vàng: nước đã lên vạch báo động, các hộ ven đồng kê đồ lên cao, không cho "
                     "trẻ em ra bờ mương. Cờ đỏ: nước trên vạch nguy hiểm, chuẩn bị đưa người "
                     "già, trẻ nhỏ đến nhà văn hóa thôn theo hướng dẫn của Ban Chỉ huy phòng thủ "
                     "dân sự xã.\n\n"
                     "Tổ trực gồm 8 người, chia ca trong những ngày có cảnh báo mưa lớn. Mỗi lần "
                     "đổi màu cờ, tổ trực báo qua loa thôn và nhóm Zalo của thôn.",
         consents=ALL, fate="accepted", days=35, pictures=("flag",),
         quality=(8, 8, 7, 8, 8), reviews={JUDGE_B: "recused", JUDGE_A: "draft"},
         recusal="Đại diện nhóm dự thi là anh rể tôi. Đây là bài của người thân nên tôi xin "
                 "không chấm."),
    dict(key="J4", cat=3, kind="group", name="Câu lạc bộ Thanh niên xanh Trường THCS Vĩnh Hồng",
         members="Cô Lê Thị Hồng (giáo viên phụ trách, đại diện nhóm) cùng 26 đội viên khối 8 "
                 "và khối 9",
         phone="0900000004", email="clbthanhnienxanh.thcsvinhhong@example.vn",
         hamlet="Khu vực xã Vĩnh Hồng (cũ)",
         title="Bản đồ điểm ngập quanh trường và đường đi học an toàn mùa mưa",
         summary="Đội viên cùng phụ huynh đi khảo sát, đánh dấu các đoạn đường hay ngập, cống hở, "
                 "bờ ao không rào quanh trường lên bản đồ; từ đó vẽ đường đi học an toàn và tập đi "
                 "thử theo từng thôn.",
         description="Sau mỗi trận mưa to, một số đoạn đường đến trường bị ngập; có cống hở và "
                     "bờ ao sát đường rất nguy hiểm cho học sinh đi xe đạp.\n\n"
                     "Câu lạc bộ chia thành bốn nhóm, mỗi nhóm cùng một phụ huynh đi khảo sát một "
                     "hướng đường về nhà. Các điểm nguy hiểm được chụp ảnh, đánh dấu lên bản đồ "
                     "vẽ tay rồi chép thành bản đồ khổ lớn treo ở cổng trường. Mỗi điểm có ghi "
                     "chú: mưa to thì ngập bao nhiêu, nên đi đường nào thay thế.\n\n"
                     "Câu lạc bộ đã gửi danh sách 9 điểm nguy hiểm cho nhà trường để đề nghị xã "
                     "rào chắn, đậy cống hở, và tổ chức cho học sinh đi thử đường an toàn theo "
                     "từng thôn.",
         consents=ALL, fate="accepted", days=28, pictures=("map",),
         quality=(8, 8, 7, 9, 8), reviews={JUDGE_C: "submitted", JUDGE_A: "draft"}),
    # withdrawn by the entrant from the status page
    dict(key="W1", cat=0, kind="individual", name="Trịnh Văn Quý", members="",
         phone="0900000021", email="", hamlet="Khu vực xã Vĩnh Hưng (cũ)",
         title="Nuôi giun quế bằng rơm rạ và phân bò",
         summary="Dùng rơm rạ băm nhỏ trộn phân bò làm thức ăn nuôi giun quế; giun cho gà, vịt "
                 "ăn, phân giun bón rau.",
         description="Tôi mới nuôi thử hai luống giun quế sau nhà. Rơm được băm nhỏ, ủ ẩm với "
                     "phân bò khoảng hai tuần rồi mới cho giun ăn. Giun vớt ra cho gà, vịt ăn; "
                     "phân giun bón rau rất tốt. Tôi muốn chia sẻ cách làm khi có kết quả sau một "
                     "vụ.",
         consents=NO_NAME, fate="withdrawn", days=50),
    dict(key="W2", cat=1, kind="individual", name="Mai Thị Oanh", members="",
         phone="0900000022", email="maioanh.vh@example.vn", hamlet="Khu vực xã Vĩnh Hồng (cũ)",
         title="Hộp cơm inox mang đi làm thay hộp xốp",
         summary="Vận động công nhân đi làm ở khu công nghiệp mang cơm bằng hộp inox, bình nước "
                 "riêng thay cho hộp xốp, chai nhựa mua dọc đường.",
         description="Mỗi sáng có hàng trăm người trong xã đi làm ở khu công nghiệp; nhiều người "
                     "mua cơm hộp xốp và chai nước ở quán dọc đường. Tôi và các chị em cùng tổ "
                     "sản xuất đã chuyển sang mang hộp cơm inox và bình nước từ nhà. Tôi đề xuất "
                     "xã phối hợp với công đoàn các công ty để vận động rộng hơn.",
         consents=ALL, fate="withdrawn_accepted", days=45),
]

# Judges' remarks, by criterion and by how the score stands (high, middle, low).
REMARKS = {
    "new": (["Cách làm mới với địa phương, tận dụng được thứ sẵn có.",
             "Ý tưởng đơn giản mà lạ, chưa thấy thôn nào trong xã làm."],
            ["Ý tưởng đã có nơi làm, nhưng nhóm đã chỉnh cho hợp với thôn mình.",
             "Chưa thật mới; cách tổ chức có điểm riêng."],
            ["Ý tưởng quen thuộc; bài chưa nói rõ khác gì cách làm sẵn có."]),
    "doable": (["Chi phí thấp, vật liệu mua được ở chợ xã, bà con tự làm được.",
                "Đã làm thử, có người phụ trách rõ ràng."],
               ["Làm được, nhưng cần nói rõ ai bỏ kinh phí ban đầu.",
                "Cần thêm kế hoạch duy trì sau vài tháng đầu."],
               ["Cần thiết bị hoặc kinh phí lớn, khó làm nếu không có hỗ trợ."]),
    "effect": (["Lợi ích rõ, bài có số liệu trước và sau.",
                "Tác động trực tiếp, thấy được ngay ở thôn xóm."],
               ["Có tác động nhưng bài chưa đưa số liệu đo được.",
                "Hiệu quả phụ thuộc nhiều vào việc bà con có làm đều hay không."],
               ["Tác động còn nhỏ hoặc chưa chứng minh được."]),
    "spread": (["Thôn khác học theo được ngay; nên làm thành tài liệu hướng dẫn.",
                "Dễ nhân rộng qua các chi hội."],
               ["Nhân rộng được ở nơi có điều kiện tương tự.",
                "Cần người hướng dẫn khi đem sang thôn khác."],
               ["Khó nhân rộng vì gắn với điều kiện riêng của một hộ."]),
    "people": (["Huy động được nhiều hộ cùng làm, có cả người cao tuổi và thanh niên.",
                "Nhiều hội viên tham gia, phân công rõ."],
               ["Mới có một nhóm nhỏ tham gia.",
                "Nên mời thêm các hộ xung quanh cùng làm."],
               ["Chủ yếu do một người làm."]),
}


# --- pictures ---------------------------------------------------------------------------------

def _draw(motif: str, seed: int) -> Image.Image:
    w, h = PICTURE_SIZE
    if motif in ("straw", "compost"):
        image = landscape(PICTURE_SIZE, hex_rgb("#a16207" if motif == "straw" else "#166534"),
                          seed=seed)
        draw = ImageDraw.Draw(image)
        if motif == "straw":  # round bales of straw on the stubble
            for i in range(4):
                x, y, r = 90 + i * 140 + (seed * 17) % 30, 300 + (i % 2) * 40, 38 + (i % 2) * 8
                draw.ellipse([x - r, y - r, x + r, y + r], fill=(234, 179, 8), outline=(161, 98, 7),
                             width=4)
                draw.arc([x - r // 2, y - r // 2, x + r // 2, y + r // 2], 0, 300,
                         fill=(161, 98, 7), width=3)
        else:  # a compost heap under a tarpaulin, a drum of microbial product beside it
            draw.ellipse([150, 250, 470, 420], fill=(120, 53, 15))
            draw.chord([150, 230, 470, 420], 180, 360, fill=(30, 58, 138))
            draw.rectangle([500, 300, 560, 400], fill=(37, 99, 235), outline=(23, 37, 84), width=3)
        return image
    image = Image.new("RGB", PICTURE_SIZE, (248, 250, 252))
    draw = ImageDraw.Draw(image)
    if motif == "bags":  # cloth bags sewn from old clothes
        for i, colour in enumerate(("#1d4ed8", "#b45309", "#15803d")):
            x = 70 + i * 180
            draw.arc([x + 30, 90, x + 120, 200], 180, 360, fill=hex_rgb(colour), width=10)
            draw.rounded_rectangle([x, 150, x + 150, 380], radius=14, fill=hex_rgb(colour))
            draw.line([(x + 20, 190), (x + 130, 190)], fill=mix(hex_rgb(colour), (255, 255, 255),
                                                                 0.5), width=4)
        draw.rectangle([0, 400, w, h], fill=(214, 211, 209))
    elif motif == "flag":  # a flood flag pole by a culvert, a gauge with three bands
        draw.rectangle([0, 0, w, 300], fill=(191, 219, 254))
        draw.rectangle([0, 300, w, h], fill=(120, 113, 108))
        draw.rectangle([0, 340, w, h], fill=(96, 165, 250))
        draw.rectangle([318, 60, 326, 420], fill=(41, 37, 36))
        draw.polygon([(326, 62), (440, 92), (326, 122)], fill=(220, 38, 38))
        for i, colour in enumerate(((22, 163, 74), (234, 179, 8), (220, 38, 38))):
            draw.rectangle([200, 400 - i * 40, 230, 440 - i * 40], fill=colour)
    elif motif == "bins":  # a roofed shelter with three sorting bins
        draw.rectangle([0, 380, w, h], fill=(168, 162, 158))
        draw.polygon([(80, 150), (320, 60), (560, 150)], fill=(100, 116, 139))
        for x in (100, 530):
            draw.rectangle([x, 150, x + 12, 380], fill=(71, 85, 105))
        for i, colour in enumerate(((22, 163, 74), (234, 179, 8), (107, 114, 128))):
            x = 150 + i * 120
            draw.rectangle([x, 240, x + 90, 380], fill=colour)
            draw.rectangle([x - 6, 228, x + 96, 244], fill=mix(colour, (0, 0, 0), 0.25))
    else:  # "map": the streets around a school, flooded spots, a safe way marked
        image.paste((254, 249, 195), (0, 0, w, h))
        for x in range(0, w, 80):
            draw.line([(x, 0), (x, h)], fill=(214, 211, 209), width=10)
        for y in range(0, h, 80):
            draw.line([(0, y), (w, y)], fill=(214, 211, 209), width=10)
        draw.rectangle([250, 170, 390, 290], fill=(185, 28, 28))
        for cx, cy in ((110, 110), (470, 380), (540, 150)):
            draw.ellipse([cx - 40, cy - 28, cx + 40, cy + 28], fill=(96, 165, 250))
        draw.line([(40, 440), (40, 240), (250, 240)], fill=(22, 163, 74), width=8)
        draw.polygon([(250, 224), (250, 256), (272, 240)], fill=(22, 163, 74))
    return image


ALTS = {
    "straw": "Hình vẽ minh họa: những cuộn rơm tròn trên ruộng đã gặt",
    "compost": "Hình vẽ minh họa: đống ủ rơm rạ phủ bạt bên bờ ruộng, cạnh thùng chế phẩm vi sinh",
    "bags": "Hình vẽ minh họa: ba chiếc túi vải đi chợ nhiều màu",
    "flag": "Hình vẽ minh họa: cột cờ đỏ và cọc đo ba vạch màu bên cống ngập nước",
    "bins": "Hình vẽ minh họa: nhà mái che có ba thùng phân loại rác màu xanh, vàng, xám",
    "map": "Hình vẽ minh họa: bản đồ quanh trường với các điểm ngập và đường đi an toàn",
}


def _pictures(motifs, seed: int) -> list[EntryFile]:
    return [EntryFile(media=save_image(_draw(m, seed + i), alt=ALTS[m],
                                       original_name=f"{m}-{seed + i}.jpg", private=True),
                      position=i)
            for i, m in enumerate(motifs)]


# --- loading --------------------------------------------------------------------------------

@dataclass
class Judges:
    a: object | None
    b: object | None
    c: object | None

    def by_email(self, email: str):
        return {JUDGE_A: self.a, JUDGE_B: self.b, JUDGE_C: self.c}[email]


def _judge(email: str):
    user = find_by_email(email)
    return user if user is not None and user.role == "judge" and user.active else None


def _make_contest(c: dict) -> Contest:
    rows = ops.Row
    return ops.save_contest(
        None, title=c["title"], slug=c["slug"], year=c["year"], summary=c["summary"],
        rules=_rules(c), opens_at=_at(c["opens"], 7), closes_at=_at(c["closes"], 17),
        judging_ends_at=_at(c["judging_ends"], 17), results_at=_at(c["results"], 9),
        privacy_notice=_privacy(c), privacy_version=c["privacy_version"],
        retention_days=c["retention_days"], blind_judging=c["blind"],
        min_judges=c["min_judges"], published=True,
        categories=[rows(name, description=text) for name, text in c["categories"]],
        criteria=[rows(name, description=text, weight=weight, max_score=top)
                  for name, text, weight, top, _key in c["criteria"]],
        prizes=[rows(name, reward=reward, places=places) for name, reward, places in c["prizes"]],
    )


def _submit(contest: Contest, raw: dict, at: datetime, seed: int) -> Entry:
    """An entry as operations.submit_entry stores it: a fresh code, the phone in its display
    form, one consent row per purpose under the notice's version, the files, an audit line."""
    phone = normalise_phone(raw["phone"])
    entry = Entry(contest_id=contest.id, code=ops.new_code(),
                  category_id=contest.categories[raw["cat"]].id, title=raw["title"],
                  summary=raw["summary"], description=raw["description"],
                  entrant_kind=raw["kind"], entrant_name=raw["name"],
                  members=raw["members"] if raw["kind"] == "group" else "", phone=phone,
                  phone_last4=re.sub(r"\D", "", phone)[-4:], email=raw["email"],
                  hamlet=raw["hamlet"], privacy_version=contest.privacy_version,
                  submitted_at=at, updated_at=at)
    for purpose in PURPOSES:
        entry.consents.append(Consent(purpose=purpose, given=purpose in raw["consents"],
                                      notice_version=contest.privacy_version, recorded_at=at))
    entry.files.extend(_pictures(raw.get("pictures", ()), seed))
    db.session.add(entry)
    db.session.flush()
    audit.record("entry.submit", entry, f"{ops.show_code(entry.code)} {entry.title}"[:255],
                 actor=None, files=len(entry.files))
    return entry


def _sheet(contest: Contest, raw: dict, entry_no: int, judge_no: int, criteria_keys,
           partial: bool = False) -> tuple[dict, dict]:
    """A judge's scores and a few remarks, drawn from the entry's quality; judges differ by a
    point here and there. A draft (partial) has the first criteria only."""
    scores, comments = {}, {}
    for c, (criterion, key) in enumerate(zip(contest.criteria, criteria_keys, strict=True)):
        if partial and c >= 2:
            break
        raw_score = raw["quality"][c] + (entry_no + 2 * judge_no + c) % 3 - 1
        value = max(0, min(criterion.max_score, round(raw_score * criterion.max_score / 10)))
        scores[criterion.id] = value
        if (entry_no + judge_no + c) % 3 == 0:
            share = value / criterion.max_score
            band = REMARKS[key][0 if share >= 0.8 else 1 if share >= 0.6 else 2]
            comments[criterion.id] = band[(entry_no + judge_no) % len(band)]
    return scores, comments


def _past_contest(today: date, judges: Judges) -> Contest:
    c = _past(today)
    contest = _make_contest(c)
    keys = [k for *_rest, k in c["criteria"]]
    made: dict[str, Entry] = {}
    window = (c["closes"] - c["opens"]).days
    for i, raw in enumerate(sorted(PAST_ENTRIES, key=lambda r: r.get("duplicate_of") is None)):
        # the incomplete first try (P9) comes in before the full entry it duplicates
        day = c["opens"] + timedelta(days=3 + (i * 7) % (window - 8))
        made[raw["key"]] = _submit(contest, raw, _at(day, 8 + i % 10, 5 * i % 60), seed=40 + i)
    for i, raw in enumerate(PAST_ENTRIES):
        entry = made[raw["key"]]
        screened = entry.submitted_at + timedelta(days=2, hours=i % 5)
        if raw["fate"] == "rejected":
            kept = made[raw["duplicate_of"]]
            ops.reject(entry, f"Chị đã gửi sáng kiến trồng nấm rơm hai lần. Ban tổ chức giữ lại "
                              f"bài gửi sau (mã {ops.show_code(kept.code)}) vì có mô tả đầy đủ "
                              f"hơn, và không chấm bài này. Chị không cần làm gì thêm.",
                       now=screened)
        else:
            ops.accept(entry, now=screened)
    sheets = _assign(contest, judges)
    scored_on = _at(c["closes"] + timedelta(days=10), 20)
    schools = _school_category(contest)
    for i, raw in enumerate(PAST_ENTRIES):
        entry = made[raw["key"]]
        if entry.state != "accepted":
            continue
        for j, judge in enumerate(sheets):
            if judge is None or (judge is judges.c and entry.category_id != schools):
                continue
            scores, comments = _sheet(contest, raw, i, j, keys)
            review = ops.save_scores(entry, judge, scores, comments, submit=True)
            review.submitted_at = review.updated_at = scored_on + timedelta(days=j, hours=i)
    prizes = [p for p in contest.prizes for _place in range(p.places)]
    for row, prize in zip(ranking(contest), prizes, strict=False):
        if row.mean is not None:
            ops.award(row.entry, prize.id)
    for raw in PAST_ENTRIES:
        entry = made[raw["key"]]
        if entry.state == "accepted" and entry.consented("publish_name"):
            ops.set_gallery(entry, True)
    if any(e.prize_id for e in made.values()):  # none if the judge accounts were unusable
        ops.publish_results(contest, now=_at(c["results"], 9))
    return contest


def _school_category(contest: Contest) -> int:
    return contest.categories[3].id


def _assign(contest: Contest, judges: Judges) -> list:
    """Two judges on the whole contest, the third on the schools' category only."""
    if judges.a is not None:
        ops.assign_judge(contest, judges.a, None)
    if judges.b is not None:
        ops.assign_judge(contest, judges.b, None)
    if judges.c is not None:
        ops.assign_judge(contest, judges.c, _school_category(contest))
    return [judges.a, judges.b, judges.c]


def _current_contest(today: date, judges: Judges) -> Contest:
    c = _current(today)
    contest = _make_contest(c)
    keys = [k for *_rest, k in c["criteria"]]
    _assign(contest, judges)
    order = [judges.a, judges.b, judges.c]
    for i, raw in enumerate(CURRENT_ENTRIES):
        submitted = _at(today - timedelta(days=raw["days"]), 7 + (i * 5) % 14, (i * 13) % 60)
        entry = _submit(contest, raw, submitted, seed=70 + i)
        screened = submitted + timedelta(days=2, hours=3)
        fate = raw["fate"]
        if fate == "rejected":
            ops.reject(entry, raw["reason"], now=screened)
        elif fate in ("accepted", "withdrawn_accepted"):
            ops.accept(entry, now=screened)
        if fate == "withdrawn":
            ops.withdraw(entry, now=submitted + timedelta(days=6, hours=5))
        elif fate == "withdrawn_accepted":
            ops.withdraw(entry, now=screened + timedelta(days=9))
        if raw.get("gallery"):
            ops.set_gallery(entry, True)
        for email, state in raw.get("reviews", {}).items():
            judge = judges.by_email(email)
            if judge is None:
                continue
            j = order.index(judge)
            if state == "recused":
                review = ops.recuse(entry, judge, raw["recusal"])
            else:
                scores, comments = _sheet(contest, raw, i, j, keys, partial=state == "draft")
                review = ops.save_scores(entry, judge, scores, comments,
                                         submit=state == "submitted")
            review.updated_at = screened + timedelta(days=3 + j, hours=i % 6)
            if review.submitted_at is not None:
                review.submitted_at = review.updated_at
    return contest


def load_contests() -> int:
    """Add the demo contests that are missing (matched by address); returns how many."""
    today = today_local()
    judges = Judges(_judge(JUDGE_A), _judge(JUDGE_B), _judge(JUDGE_C))
    existing = set(db.session.scalars(select(Contest.slug)))
    added = 0
    for spec, build in ((_past, _past_contest), (_current, _current_contest)):
        if spec(today)["slug"] in existing:
            continue
        build(today, judges)
        added += 1
    return added
