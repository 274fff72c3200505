"""A fixed set of entries and the exact ordered results of a dozen queries. CI runs this
file on SQLite and on PostgreSQL: the same lists must come out of both engines."""
from datetime import timedelta

import pytest

from app import search
from app.web.timeutil import utcnow

# (key, kind, title, body, hours ago); None hours = hidden, negative = not yet visible.
CORPUS = [
    ("straw", "post", "Không đốt rơm rạ sau mùa gặt", "Ủ rơm với chế phẩm vi sinh thay vì đốt.", 1),
    ("sorting", "post", "Phân loại rác tại nguồn", "Chai nhựa, lon bia và giấy báo là đồ tái chế.", 2),
    ("compost", "guide", "Hướng dẫn ủ rơm rạ làm phân bón",
     "Rơm rạ sau gặt không đốt mà ủ với chế phẩm.", 3),
    ("smoke", "alert", "Cảnh báo khói do đốt rơm rạ",
     "Không khí ô nhiễm; không đốt rơm rạ ngoài đồng.", 4),
    ("rules", "document", "Quy định xử lý rác thải sinh hoạt", "Phân loại rác thải tại hộ gia đình.", 5),
    ("cleanup", "campaign", "Chiến dịch ra quân dọn rác", "Người dân ra đồng thu gom vỏ thuốc.", 6),
    ("patrol", "post", "Rà soát điểm đốt rơm",
     "Tổ công tác rà soát các cánh đồng, nhắc bà con không đốt rơm rạ.", 7),
    ("photos", "contest", "Cuộc thi ảnh rơm vàng", "Chụp ảnh đồng lúa, rạ và rơm.", 8),
    ("plots", "post", "Phân lô đất trồng cây", "Phân lô cho các hộ trồng cây xanh.", 9),
    ("hidden", "post", "Tin ẩn về rơm rạ và rác", "Phân loại rác.", None),
    ("future", "post", "Tin hẹn giờ về rơm rạ và rác", "Phân loại rác.", -2),
    ("reverse", "post", "Rạ và rơm: đừng đốt", "Bà con nhớ giữ gìn.", 0.5),
    ("organic", "guide", "Ủ phân hữu cơ", "Cách làm tại nhà.", 10),
    ("microbe", "guide", "Ủ phân vi sinh", "Cách làm tại nhà.", 10),
]


@pytest.fixture
def corpus(db):
    now = utcnow().replace(microsecond=0)
    for ref_id, (key, kind, title, body, hours) in enumerate(CORPUS, start=1):
        search.index(kind, ref_id, slug=key, title=title, body=body,
                     visible_from=now - timedelta(hours=hours if hours is not None else 1),
                     hidden=hours is None)
    db.session.commit()


def keys(results):
    return [h.entry.slug for h in results.hits]


@pytest.mark.parametrize("query, prefix, expected", [
    # Phrase in the title (newest first), phrase in the body, every word in the title, the rest.
    ("dot rom ra", False, ["straw", "smoke", "patrol", "reverse", "compost"]),
    ("ĐỐT RƠM RẠ", False, ["straw", "smoke", "patrol", "reverse", "compost"]),
    ("rơm rạ", False, ["straw", "compost", "smoke", "patrol", "reverse", "photos"]),
    # Whole syllables: "ra" is ra, rạ, rà, never rác; "rác" never ra.
    ("ra", False, ["reverse", "straw", "compost", "smoke", "cleanup", "patrol", "photos"]),
    ("rác", False, ["sorting", "rules", "cleanup"]),
    ("rac", False, ["sorting", "rules", "cleanup"]),
    # Only while typing may the last word be the start of a syllable.
    ("phan lo", True, ["sorting", "plots", "rules"]),
    ("phan lo", False, ["plots"]),
    ("phan l", True, ["sorting", "plots", "rules", "compost", "organic", "microbe"]),
    ("phan l", False, []),
    ("khong dot", False, ["straw", "compost", "smoke", "patrol"]),
    ("rom dot", False, ["reverse", "straw", "smoke", "patrol", "compost"]),
    ("đồng", False, ["smoke", "cleanup", "patrol", "photos"]),
    # Same rank and time: the older id first.
    ("u phan", False, ["organic", "microbe", "compost"]),
    # Operators are words like any other.
    ('"rom" OR rac', False, []),
    ("-rac*", False, ["sorting", "rules", "cleanup"]),
    ("NEAR(rom ra)", False, []),
    ("xyz", False, []),
])
def test_exact_ordered_results(corpus, query, prefix, expected):
    assert keys(search.search(query, prefix=prefix)) == expected


def test_grouped_by_kind_in_order_of_best_hit(corpus):
    results = search.overview("rom ra", per_kind=2)
    assert [(s.kind, s.total, [h.entry.slug for h in s.hits]) for s in results.sections] == [
        ("post", 3, ["straw", "patrol"]),
        ("guide", 1, ["compost"]),
        ("alert", 1, ["smoke"]),
        ("contest", 1, ["photos"]),
    ]
    assert results.total == 6


def test_one_kind_only(corpus):
    assert keys(search.search("rom ra", kinds=("post",))) == ["straw", "patrol", "reverse"]


@pytest.mark.parametrize("text, terms, prefix, expected", [
    ("phân loại rác", ["ra"], False, "phân loại rác"),
    ("phân loại rác", ["ra"], True, "phân loại <mark>rác</mark>"),
    ("phân loại rác", ["phan", "lo"], True, "<mark>phân</mark> <mark>loại</mark> rác"),
    ("phân loại rác", ["phan", "lo"], False, "<mark>phân</mark> loại rác"),
    ("Đốt rơm rạ, rà soát", ["dot", "rom", "ra"], False,
     "<mark>Đốt</mark> <mark>rơm</mark> <mark>rạ</mark>, <mark>rà</mark> soát"),
    ("ĐƯỜNG đường", ["duong"], False, "<mark>ĐƯỜNG</mark> <mark>đường</mark>"),
    ("mã 112a và 112", ["112"], False, "mã 112a và <mark>112</mark>"),
    ("<b>rạ</b>", ["ra"], False, "&lt;b&gt;<mark>rạ</mark>&lt;/b&gt;"),
])
def test_highlights_cover_whole_syllables_only(text, terms, prefix, expected):
    assert str(search.highlight(text, terms, prefix=prefix)) == expected


def test_snippet_never_marks_part_of_a_syllable():
    body = "Phân loại rác tại nguồn. " * 20 + "Không đốt rơm rạ."
    piece = str(search.snippet(body, ["ra"]))
    assert "<mark>rạ</mark>" in piece and "<mark>rá" not in piece
