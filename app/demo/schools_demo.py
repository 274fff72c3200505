"""Demo green schools for `flask demo load` (issue 10, acceptance 2 and 9).

Each demo school (data.SCHOOLS) gets its registry details, a registration for the school year
with its own targets, and the activities it logged since the year began, in every state of the
workflow (draft, submitted, returned with a comment, resubmitted, approved), with pictures drawn
here and stored as private media: they become visible to everyone only once approved. Staff
confirm the criteria that approved activities prove, so that Trường THCS Kẻ Sặt has reached
"achieved", two schools are in progress and two have just registered. Trường THCS Kẻ Sặt keeps
its "Thanh niên xanh" club page (đội viên led by the Tổng phụ trách Đội).

Writes go through schools/operations.py, so the rules and the audit log are those of the real
pages; only the times are moved back to when things happened. Dates count from the first day of
the school year in the framework; an activity that would fall after today is left out. People
and figures are invented.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from flask import current_app
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from .. import audit
from ..auth.operations import find_by_email
from ..content.media import save_image
from ..content.queries import today_local
from ..extensions import db
from ..schools import framework as frameworks
from ..schools import operations as ops
from ..schools import queries
from ..schools.models import Activity, Framework, Registration, School, SchoolProfile
from ..web.drawing import mix
from ..web.timeutil import local_to_utc, utcnow
from ..web.validators import normalise_phone
from . import data

PICTURE_SIZE = (480, 360)
STAFF_EMAIL = "bientap@kesat.example"  # the editor who reviews and confirms (data.ACCOUNTS)


# --- what the schools did ----------------------------------------------------------------------
# An activity: key, day (days after the year's first day), title, description, pupils, teachers,
# parents, criteria keys, state, the reviewer's comment when it was returned, pictures, and what
# a resubmitted activity added.
# A confirmation: criterion key, the keys of the approved activities proving it, day.

def A(key, day, title, text, counts, criteria, state, comment="", pictures=(),  # noqa: N802
      fix=""):
    """`fix` is what a resubmitted activity added after it was returned."""
    return dict(key=key, day=day, title=title, text=text, counts=counts, criteria=criteria,
                state=state, comment=comment, pictures=pictures, fix=fix)


PLANS = {
    "thcs-ke-sat": dict(
        target_level="achieved",
        targets=["kgx-cay-xanh", "vs-phan-loai", "vs-nhua", "at-dien-tap", "at-thuc-pham",
                 "gd-clb", "gd-cong-dong", "tk-dien"],
        activities=[
            A("clb", 12, "Ra mắt Câu lạc bộ Thanh niên xanh năm học mới",
              "Liên đội tổ chức buổi ra mắt câu lạc bộ với 42 đội viên từ lớp 6 đến lớp 9. Cô "
              "Tổng phụ trách Đội giới thiệu kế hoạch cả năm; các em bầu ban chủ nhiệm và chọn "
              "ba dự án đầu tiên: thu gom chai nhựa, chăm bồn hoa, nhắc tắt điện.",
              (42, 3, 0), ["gd-clb"], "approved", pictures=("club",)),
            A("cay", 18, "Trồng 40 cây bóng mát và bồn hoa quanh sân trường",
              "Mỗi lớp nhận chăm một cây bằng lăng hoặc cây sấu và một bồn hoa trước lớp. Hội "
              "cha mẹ học sinh góp cây giống và đất; lịch tưới cây dán ở bảng tin từng lớp.",
              (126, 14, 27), ["kgx-cay-xanh"], "approved", pictures=("trees", "trees")),
            A("rac", 25, "Đặt thùng phân loại rác ở 18 lớp học",
              "Mỗi lớp có ba thùng theo ba nhóm rác: chất thải rắn có khả năng tái sử dụng, "
              "tái chế; chất thải thực phẩm; chất thải rắn sinh hoạt khác, kèm tờ hướng dẫn "
              "dán ngay trên nắp. Lớp trực tuần ghi sổ theo dõi việc bỏ rác đúng chỗ.",
              (628, 36, 0), ["vs-phan-loai"], "approved", pictures=("bins",)),
            A("so-tan", 33, "Diễn tập sơ tán khi có bão lũ",
              "Nghe hiệu lệnh kẻng, học sinh các lớp rời phòng học theo sơ đồ, tập trung ở sân "
              "sau trong 6 phút. Ban Chỉ huy phòng thủ dân sự xã nhận xét và hướng dẫn cách ở "
              "lại trường an toàn khi nước dâng.",
              (628, 38, 0), ["at-dien-tap"], "approved", pictures=("drill", "drill")),
            A("dien", 45, "Lớp trực tuần kiểm tra tắt điện, quạt khi ra khỏi lớp",
              "Sau tiết cuối mỗi buổi, đội viên lớp trực đi từng phòng, ghi phòng còn bật đèn "
              "hoặc quạt. Cuối tuần, liên đội đọc tên lớp làm tốt trong giờ chào cờ.",
              (36, 2, 0), ["tk-dien"], "approved", pictures=("lights",)),
            A("chau-cay", 55, "Sinh hoạt câu lạc bộ: làm chậu cây từ chai nhựa",
              "Các nhóm cắt chai nhựa đã thu gom thành chậu treo, trồng sen đá và cỏ lan chi, "
              "treo dọc hành lang tầng hai. Câu lạc bộ thu được 215 chai trong tháng.",
              (40, 2, 0), ["gd-clb", "vs-nhua"], "approved", pictures=("club",)),
            A("song-sat", 70, "Ngày Chủ nhật xanh: nhặt rác dọc bờ sông Sặt",
              "Đội viên cùng chi đoàn thanh niên khu dân cư nhặt rác dọc bờ sông Sặt, phân loại "
              "ngay tại chỗ; chai nhựa và giấy được đưa về góc tái chế của trường.",
              (85, 6, 20), ["gd-cong-dong", "vs-nhua"], "submitted", pictures=("river",)),
            A("can-tin", 80, "Kiểm tra an toàn thực phẩm ở căng tin trường",
              "Ban giám hiệu cùng đại diện cha mẹ học sinh kiểm tra hóa đơn nhập hàng, hạn dùng "
              "của bánh sữa bán cho học sinh và việc che đậy thức ăn.",
              (0, 3, 2), ["at-thuc-pham"], "draft", pictures=("kitchen",)),
        ],
        confirmations=[("kgx-cay-xanh", ["cay"], 30), ("vs-phan-loai", ["rac"], 40),
                       ("at-dien-tap", ["so-tan"], 42), ("gd-clb", ["clb", "chau-cay"], 62),
                       ("tk-dien", ["dien"], 75)],
    ),
    "thcs-vinh-hong": dict(
        target_level="achieved",
        targets=["vs-phan-loai", "vs-huu-co", "at-dien-tap", "at-duoi-nuoc", "at-co-so",
                 "gd-tiet-hoc", "tk-nuoc"],
        activities=[
            A("co-so", 8, "Kiểm tra điện, cây cao và tường rào trước mùa mưa bão",
              "Thầy phụ trách cơ sở vật chất cùng bảo vệ kiểm tra ổ điện các phòng, tỉa cành hai "
              "cây xà cừ sát lớp học và gia cố đoạn tường rào phía sau bị nứt.",
              (0, 4, 0), ["at-co-so"], "approved", pictures=("check",)),
            A("goc-rac", 22, "Khai trương góc phân loại rác cạnh căng tin",
              "Góc phân loại rác đặt ở nơi học sinh qua lại nhiều nhất mỗi giờ ra chơi. Đội viên "
              "các lớp thay nhau trực, hướng dẫn bạn bỏ vỏ hộp sữa, chai nhựa đúng thùng.",
              (534, 30, 0), ["vs-phan-loai"], "approved", pictures=("bins", "bins")),
            A("duoi-nuoc", 35, "Học kỹ năng phòng chống đuối nước",
              "Cán bộ Trạm Y tế xã hướng dẫn nhận biết chỗ nước sâu ở ao, mương quanh thôn và "
              "cách gọi người lớn, ném phao cứu bạn mà không nhảy xuống nước.",
              (260, 10, 0), ["at-duoi-nuoc"], "approved", pictures=("river",)),
            A("u-phan", 48, "Ủ phân hữu cơ từ lá cây và rau thừa",
              "Tổ Sinh học cùng lớp 8A làm hai thùng ủ ở góc vườn trường, dùng lá rụng và rau "
              "thừa của căng tin.",
              (38, 2, 0), ["vs-huu-co"], "returned",
              comment="Ảnh chưa thấy thùng ủ. Nhà trường bổ sung ảnh thùng ủ và nhật ký ủ phân "
                      "(ngày đảo trộn, lượng lá đưa vào) rồi gửi lại.",
              pictures=("garden",)),
            A("bao-lu", 58, "Diễn tập sơ tán khi có bão lũ, nước dâng",
              "Học sinh sơ tán từ tầng một lên tầng hai theo từng khối, mang theo cặp sách; "
              "giáo viên chủ nhiệm điểm danh và báo về Ban giám hiệu.",
              (534, 32, 0), ["at-dien-tap"], "resubmitted",
              comment="Ghi thêm số học sinh từng khối và thời gian sơ tán để phần rút kinh "
                      "nghiệm có số liệu.",
              pictures=("drill",),
              fix=" Bổ sung theo góp ý: khối 6 có 140 em, khối 7 có 132 em, khối 8 có 128 em, "
                  "khối 9 có 134 em; toàn trường sơ tán xong trong 7 phút."),
            A("nguon-nuoc", 72, "Tiết Sinh học lồng ghép bài học về nguồn nước",
              "Học sinh lớp 9 lấy mẫu nước ao và nước giếng, so độ trong, thảo luận cách tiết "
              "kiệm nước ở nhà và ở trường.",
              (78, 2, 0), ["gd-tiet-hoc", "tk-nuoc"], "submitted", pictures=("water",)),
            A("nuoc-mua", 82, "Lắp bể hứng nước mưa tưới vườn trường",
              "Hội cha mẹ học sinh góp hai bồn nhựa, nối máng hứng nước từ mái nhà đa năng.",
              (12, 3, 6), ["tk-nuoc"], "draft", pictures=("water",)),
        ],
        confirmations=[("at-co-so", ["co-so"], 20), ("vs-phan-loai", ["goc-rac"], 38)],
    ),
    "tieu-hoc-hung-thang": dict(
        target_level="achieved",
        targets=["kgx-vuon-truong", "vs-phan-loai", "vs-ve-sinh", "at-duoi-nuoc",
                 "gd-cong-dong", "tk-dien"],
        activities=[
            A("vuon", 15, "Làm luống rau ở vườn trường cho khối 4 và khối 5",
              "Mỗi lớp nhận một luống, gieo rau cải và trồng hành; các em ghi nhật ký cây lớn "
              "từng tuần trong giờ Khoa học.",
              (148, 8, 10), ["kgx-vuon-truong"], "approved", pictures=("garden", "garden")),
            A("thu", 30, "Viết thư gửi ông bà, cha mẹ: mùa gặt không đốt rơm rạ",
              "Học sinh khối 3, 4 và 5 viết hơn 300 lá thư nhắc gia đình không đốt rơm rạ sau "
              "mùa gặt, mang về nhà và kể lại câu trả lời của người thân.",
              (312, 12, 0), ["gd-cong-dong"], "approved", pictures=("letters",)),
            A("rac-lop", 50, "Phân loại rác ở lớp học",
              "Mỗi lớp có hai thùng rác và một hộp đựng giấy vụn; cô chủ nhiệm hướng dẫn các em "
              "bỏ đúng chỗ trong giờ sinh hoạt lớp.",
              (486, 18, 0), ["vs-phan-loai"], "returned",
              comment="Hiện mới có ảnh của một lớp. Nhà trường bổ sung ảnh thùng rác ở các lớp "
                      "khác và sổ theo dõi của lớp trực tuần.",
              pictures=("bins",)),
            A("tat-dien", 66, "Tắt điện, quạt khi ra khỏi lớp",
              "Mỗi lớp cử hai bạn phụ trách công tắc; cuối buổi, lớp trực tuần đi kiểm tra và ghi "
              "vào sổ.",
              (40, 2, 0), ["tk-dien"], "submitted", pictures=("lights",)),
            A("rua-tay", 78, "Rửa tay với xà phòng trước bữa ăn bán trú",
              "Các lớp xếp hàng rửa tay ở dãy vòi mới lắp, theo sáu bước dán trên tường.",
              (210, 9, 0), ["vs-ve-sinh"], "draft", pictures=("handwash",)),
        ],
        confirmations=[("gd-cong-dong", ["thu"], 44)],
    ),
    "tieu-hoc-vinh-hung": dict(
        target_level="achieved",
        targets=["kgx-cay-xanh", "vs-nhua", "at-thuc-pham", "gd-tiet-hoc", "tk-nuoc"],
        activities=[
            A("bep-an", 40, "Kiểm tra an toàn thực phẩm bếp ăn bán trú",
              "Ban giám hiệu, nhân viên y tế trường và đại diện cha mẹ học sinh kiểm tra nguồn "
              "gốc rau, thịt, sổ lưu mẫu thức ăn 24 giờ và khu sơ chế của bếp.",
              (0, 4, 3), ["at-thuc-pham"], "approved", pictures=("kitchen",)),
            A("binh-nuoc", 62, "Mang bình nước riêng, không dùng chai nhựa một lần",
              "Từ tháng 11, học sinh mang bình nước cá nhân; trường đặt thêm hai bình lọc ở hành "
              "lang để các em lấy nước.",
              (418, 16, 0), ["vs-nhua"], "submitted", pictures=("water",)),
            A("hoa-20-11", 76, "Trồng hoa ở bồn trước lớp chào mừng ngày 20/11",
              "Mỗi lớp trồng một bồn hoa mười giờ và cúc, tự làm biển tên lớp chăm sóc.",
              (418, 16, 15), ["kgx-cay-xanh"], "draft", pictures=("trees",)),
        ],
        confirmations=[],
    ),
    "mam-non-ke-sat": dict(
        target_level="achieved",
        targets=["kgx-vuon-truong", "vs-ve-sinh", "at-thuc-pham", "tk-nuoc"],
        activities=[
            A("rua-tay", 28, "Bé tập rửa tay đúng cách với xà phòng",
              "Các cô hướng dẫn trẻ rửa tay theo bài hát sáu bước trước giờ ăn và sau khi chơi "
              "ngoài sân; mỗi lớp có khăn lau tay riêng cho từng trẻ.",
              (312, 24, 0), ["vs-ve-sinh"], "approved", pictures=("handwash",)),
            A("bep", 60, "Kiểm tra bếp ăn: nguồn gốc thực phẩm và lưu mẫu thức ăn",
              "Nhà trường kiểm tra hợp đồng mua thực phẩm, sổ kiểm thực ba bước và tủ lưu mẫu.",
              (0, 5, 2), ["at-thuc-pham"], "returned",
              comment="Bổ sung biên bản kiểm tra có chữ ký của đại diện Ban đại diện cha mẹ "
                      "trẻ, và ảnh tủ lưu mẫu.",
              pictures=("kitchen",)),
        ],
        confirmations=[],
    ),
}

CLUB = dict(
    school="thcs-ke-sat",
    name="Câu lạc bộ Thanh niên xanh Trường THCS Kẻ Sặt",
    members=42,
    leaders="Cô Nguyễn Thị Lan — Tổng phụ trách Đội, phụ trách câu lạc bộ\n"
            "Thầy Đào Văn Hiếu — giáo viên Sinh học, cố vấn\n"
            "Em Khang (lớp 9A) — chủ nhiệm câu lạc bộ\n"
            "Em Trang (lớp 8B) — phó chủ nhiệm câu lạc bộ",
    meetings="""Câu lạc bộ gồm 42 đội viên từ lớp 6 đến lớp 9, sinh hoạt chiều thứ Sáu tuần thứ hai và tuần thứ tư mỗi tháng tại phòng Sinh học, do cô Tổng phụ trách Đội phụ trách.

- **17/9:** ra mắt câu lạc bộ, bầu ban chủ nhiệm, chọn ba dự án của học kỳ I.
- **9/10:** tìm hiểu cách phân loại rác thành ba nhóm; mỗi đội viên nhận hướng dẫn một lớp khối 6.
- **30/10:** làm chậu cây từ chai nhựa, treo dọc hành lang tầng hai.
- **13/11:** chuẩn bị cho Ngày Chủ nhật xanh dọc bờ sông Sặt.
- **27/11:** tổng kết tháng, đọc kết quả kiểm tra tắt điện của các lớp.""",
    projects="""### Thu gom chai nhựa đổi cây xanh

Mỗi lớp có một bao đựng chai nhựa; cuối tháng câu lạc bộ đem bán phế liệu, tiền thu được mua cây giống cho bồn hoa. Đã thu 215 chai trong tháng 10.

### Lớp học tắt điện

Đội viên lớp trực kiểm tra các phòng sau tiết cuối, ghi lớp còn bật đèn, quạt. Cuối tuần, liên đội đọc tên lớp làm tốt.

### Bồn hoa trước lớp

Mỗi chi đội nhận chăm một bồn hoa và một cây bóng mát trồng đầu năm học.""",
)


# --- pictures ---------------------------------------------------------------------------------

ALTS = {
    "club": "Hình vẽ minh họa: học sinh ngồi quanh bàn trong buổi sinh hoạt câu lạc bộ",
    "trees": "Hình vẽ minh họa: hàng cây non mới trồng bên sân trường",
    "bins": "Hình vẽ minh họa: ba thùng phân loại rác xanh, vàng, xám cạnh lớp học",
    "drill": "Hình vẽ minh họa: học sinh xếp hàng theo mũi tên ra điểm tập trung ở sân",
    "lights": "Hình vẽ minh họa: lớp học đã tắt đèn, công tắc ở vị trí tắt",
    "kitchen": "Hình vẽ minh họa: bếp ăn với bếp nấu, khay inox và tủ lưu mẫu",
    "river": "Hình vẽ minh họa: bờ sông có bao đựng rác đã nhặt",
    "garden": "Hình vẽ minh họa: các luống rau xanh trong vườn trường",
    "letters": "Hình vẽ minh họa: những lá thư viết tay xếp trên bàn",
    "handwash": "Hình vẽ minh họa: dãy vòi nước và bánh xà phòng để rửa tay",
    "water": "Hình vẽ minh họa: bồn chứa nước và bình nước cá nhân",
    "check": "Hình vẽ minh họa: dãy lớp học, cây cao đã tỉa cành và tường rào",
}


def _draw(motif: str, seed: int) -> Image.Image:
    w, h = PICTURE_SIZE
    sky, ground = (219, 234, 254), (187, 247, 208)
    image = Image.new("RGB", PICTURE_SIZE, sky)
    draw = ImageDraw.Draw(image)
    shift = (seed * 23) % 40
    if motif in ("trees", "garden", "river", "check", "drill"):
        draw.rectangle([0, 220, w, h], fill=ground)
    if motif == "trees":
        for i in range(5):
            x = 40 + i * 95 + shift // 2
            draw.rectangle([x - 4, 190, x + 4, 270], fill=(120, 53, 15))
            draw.ellipse([x - 36, 120, x + 36, 200], fill=(22, 101, 52))
            draw.ellipse([x - 40, 260, x + 40, 285], fill=(161, 98, 7))
    elif motif == "garden":
        for i in range(4):
            y = 235 + i * 30
            draw.rectangle([30, y, w - 30, y + 20], fill=(120, 83, 45))
            for x in range(50 + shift % 20, w - 40, 30):
                draw.ellipse([x - 9, y - 8, x + 9, y + 8], fill=(34, 197, 94))
    elif motif == "river":
        draw.polygon([(0, 280), (w, 250), (w, h), (0, h)], fill=(96, 165, 250))
        for i in range(3):
            x = 80 + i * 110 + shift
            draw.rounded_rectangle([x, 170, x + 60, 240], radius=12,
                                   fill=((22, 163, 74), (234, 179, 8), (107, 114, 128))[i])
    elif motif == "check":
        draw.rectangle([60, 110, 380, 220], fill=(254, 243, 199), outline=(146, 64, 14), width=3)
        for x in range(80, 370, 60):
            draw.rectangle([x, 140, x + 35, 180], fill=(147, 197, 253))
        draw.rectangle([408, 120, 418, 230], fill=(120, 53, 15))
        draw.ellipse([385, 80, 441, 140], fill=(22, 101, 52))
        draw.rectangle([0, 260, w, 275], fill=(168, 162, 158))
    elif motif == "drill":
        draw.rectangle([40, 60, 300, 220], fill=(254, 243, 199), outline=(146, 64, 14), width=3)
        for i in range(6):
            x, y = 120 + i * 45, 280 - (i % 2) * 10
            draw.ellipse([x - 10, y - 30, x + 10, y - 10], fill=(251, 191, 36))
            draw.rectangle([x - 9, y - 10, x + 9, y + 15], fill=(30, 64, 175))
        draw.line([(90, 320), (400, 320)], fill=(220, 38, 38), width=6)
        draw.polygon([(400, 308), (400, 332), (425, 320)], fill=(220, 38, 38))
        draw.rectangle([420, 160, 428, 300], fill=(41, 37, 36))
        draw.polygon([(428, 162), (470, 175), (428, 188)], fill=(22, 163, 74))
    elif motif == "bins":
        image.paste((241, 245, 249), (0, 0, w, h))
        draw.rectangle([0, 290, w, h], fill=(203, 213, 225))
        for i, colour in enumerate(((22, 163, 74), (234, 179, 8), (107, 114, 128))):
            x = 70 + i * 125 + shift // 4
            draw.rectangle([x, 170, x + 90, 300], fill=colour)
            draw.rectangle([x - 6, 158, x + 96, 174], fill=mix(colour, (0, 0, 0), 0.25))
            draw.rectangle([x + 25, 200, x + 65, 230], fill=(255, 255, 255))
    elif motif == "lights":
        image.paste((71, 85, 105), (0, 0, w, h))
        for x in range(60, w - 40, 120):
            draw.rectangle([x, 40, x + 80, 50], fill=(148, 163, 184))
        for row in range(2):
            for x in range(50, w - 60, 90):
                draw.rectangle([x, 200 + row * 60, x + 70, 220 + row * 60], fill=(120, 83, 45))
        draw.rounded_rectangle([400, 110, 440, 170], radius=6, fill=(241, 245, 249))
        draw.rectangle([412, 140, 428, 162], fill=(30, 41, 59))
    elif motif == "kitchen":
        image.paste((241, 245, 249), (0, 0, w, h))
        draw.rectangle([30, 180, 250, 300], fill=(148, 163, 184))
        for x in (80, 190):
            draw.ellipse([x - 40, 160, x + 40, 190], fill=(71, 85, 105))
        for i in range(3):
            draw.rounded_rectangle([280, 200 + i * 25, 420, 218 + i * 25], radius=6,
                                   fill=(203, 213, 225), outline=(100, 116, 139))
        draw.rectangle([300, 40, 430, 160], fill=(226, 232, 240), outline=(71, 85, 105), width=3)
        for i in range(3):
            draw.rectangle([315 + i * 38, 70, 340 + i * 38, 130], fill=(186, 230, 253))
    elif motif == "club":
        image.paste((254, 252, 232), (0, 0, w, h))
        draw.rectangle([60, 40, 420, 130], fill=(22, 101, 52))
        draw.ellipse([140, 200, 340, 290], fill=(180, 83, 9))
        for i in range(8):
            x = 120 + (i % 4) * 80 + shift // 4
            y = 190 if i < 4 else 300
            draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill=(251, 191, 36))
    elif motif == "letters":
        image.paste((254, 243, 199), (0, 0, w, h))
        for i in range(6):
            x, y = 40 + (i % 3) * 140, 60 + (i // 3) * 140 + shift // 3
            draw.rectangle([x, y, x + 120, y + 100], fill=(255, 255, 255), outline=(180, 83, 9),
                           width=2)
            for line in range(4):
                draw.line([(x + 12, y + 20 + line * 18), (x + 105, y + 20 + line * 18)],
                          fill=(30, 64, 175), width=2)
    elif motif == "handwash":
        image.paste((224, 242, 254), (0, 0, w, h))
        draw.rectangle([20, 200, w - 20, 240], fill=(203, 213, 225))
        for i in range(5):
            x = 60 + i * 90
            draw.rectangle([x, 150, x + 10, 200], fill=(100, 116, 139))
            draw.line([(x + 5, 205), (x + 5, 235)], fill=(59, 130, 246), width=4)
        draw.rounded_rectangle([200 + shift, 250, 260 + shift, 280], radius=10,
                               fill=(244, 114, 182))
    else:  # "water": a rain tank and pupils' own bottles
        image.paste((224, 242, 254), (0, 0, w, h))
        draw.rectangle([60, 80, 220, 300], fill=(59, 130, 246), outline=(30, 64, 175), width=4)
        draw.line([(140, 20), (140, 80)], fill=(100, 116, 139), width=8)
        for i in range(4):
            x = 270 + i * 50
            draw.rounded_rectangle([x, 200, x + 34, 300], radius=8,
                                   fill=((22, 163, 74), (234, 88, 12), (147, 51, 234),
                                         (14, 165, 233))[i])
    return image


def _pictures(motifs, seed: int) -> list:
    return [save_image(_draw(m, seed + i), alt=ALTS[m], original_name=f"{m}-{seed + i}.jpg",
                       private=True) for i, m in enumerate(motifs)]


# --- loading ------------------------------------------------------------------------------------

def _at(day: date, hour: int) -> datetime:
    return min(local_to_utc(datetime.combine(day, time(hour))), utcnow())


def framework_for(today: date) -> Framework | None:
    """This school year's framework; read from content/ first if `flask content sync` has not
    run yet."""
    framework = queries.current_framework(today)
    if framework is None:
        folder = Path(current_app.config["CONTENT_ROOT"]) / frameworks.FOLDER
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            frameworks.apply(frameworks._load(path))
        db.session.flush()
        framework = queries.current_framework(today)
    return framework


def _profile(school: School) -> None:
    if db.session.get(SchoolProfile, school.id) is not None:
        return  # an admin's edits stay
    fields = dict(data.PROFILES[school.slug])
    fields["phone"] = normalise_phone(fields["phone"])
    db.session.add(SchoolProfile(school=school, **fields))
    audit.record("school.profile", school, school.name)


def _activity(school, framework, spec, criteria, seed, today) -> Activity | None:
    held_on = framework.starts_on + timedelta(days=spec["day"])
    if held_on > today or held_on > utcnow().date():
        return None
    pupils, teachers, parents = spec["counts"]
    fields = dict(held_on=held_on, title=spec["title"], description=spec["text"],
                  pupils=pupils, teachers=teachers, parents=parents,
                  criterion_ids=[criteria[k].id for k in spec["criteria"]])
    activity = ops.save_activity(school, framework, None,
                                 photos=_pictures(spec["pictures"], seed), **fields)
    state = spec["state"]
    stamps = {"created_at": _at(held_on, 17)}
    if state != "draft":
        ops.submit(activity)
        stamps["submitted_at"] = _at(held_on + timedelta(days=1), 16)
    if state in ("returned", "resubmitted"):
        ops.return_activity(activity, spec["comment"])
        stamps["returned_at"] = _at(held_on + timedelta(days=3), 10)
    if state == "resubmitted":  # the school put it right and sent it again
        fields["description"] += spec["fix"]
        ops.save_activity(school, framework, activity, **fields)
        ops.submit(activity)
        stamps["submitted_at"] = _at(held_on + timedelta(days=4), 15)
    if state == "approved":
        ops.approve(activity)
        stamps["approved_at"] = _at(held_on + timedelta(days=3), 9)
    for name, value in stamps.items():
        setattr(activity, name, value)
    activity.updated_at = max(stamps.values())
    return activity


def _school(school: School, framework: Framework, plan: dict, staff, seed: int,
            today: date) -> bool:
    """Register the school and log its year; False when it was loaded before."""
    criteria = {c.key: c for g in framework.groups for c in g.criteria}
    registration = db.session.scalar(select(Registration).where(
        Registration.school_id == school.id, Registration.framework_id == framework.id))
    if registration is None:
        registration = ops.register(school, framework, [criteria[k].id for k in plan["targets"]],
                                    plan["target_level"])
        registration.registered_at = registration.updated_at = _at(
            framework.starts_on + timedelta(days=3), 10)
    logged = db.session.scalar(select(func.count(Activity.id)).where(
        Activity.school_id == school.id, Activity.framework_id == framework.id))
    if logged:
        return False  # loaded before: the school's own log is left as it is
    done = {}
    for i, spec in enumerate(plan["activities"]):
        activity = _activity(school, framework, spec, criteria, seed + 10 * i, today)
        if activity is not None:
            done[spec["key"]] = activity
    db.session.flush()
    for key, proof, day in plan["confirmations"]:
        if not all(k in done for k in proof):
            continue
        confirmation = ops.confirm(school, framework, criteria[key].id,
                                   [done[k].id for k in proof],
                                   note="Đã đối chiếu ảnh và biên bản nhà trường gửi.")
        confirmation.confirmed_at = _at(framework.starts_on + timedelta(days=day), 14)
        confirmation.confirmed_by_id = staff.id if staff is not None else None
    return True


def _club(school: School) -> None:
    if school.club is not None:
        return
    fields = {k: v for k, v in CLUB.items() if k != "school"}
    ops.save_club(school, **fields)


def load_schools() -> int:
    """Add the demo schools' year where it is missing; returns how many schools were filled."""
    today = today_local()
    framework = framework_for(today)
    schools = {s.slug: s for s in db.session.scalars(
        select(School).where(School.slug.in_([slug for _n, slug, _l in data.SCHOOLS])))}
    for school in schools.values():
        _profile(school)
    if framework is None or framework.starts_on > today:
        return 0
    staff = find_by_email(STAFF_EMAIL)
    filled = 0
    for n, (slug, plan) in enumerate(PLANS.items()):
        school = schools.get(slug)
        if school is None:
            continue
        filled += _school(school, framework, plan, staff, seed=100 * n, today=today)
    if CLUB["school"] in schools:
        _club(schools[CLUB["school"]])
    db.session.flush()
    return filled
