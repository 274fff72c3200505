"""Wording that a Vietnamese-speaking review corrected (issue 11) must not come back: in the
guides and legal texts of content/, in the demo posts, campaigns, warnings, contests and schools
of app/demo, and in the compiled Vietnamese catalogue. The waste list (content/waste-items.yaml)
has its own checks. Each rule is a function of the text, so the tests at the end show that every
rule catches the form it is meant to catch."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CONTENT = [*sorted((ROOT / "content/guides").glob("*.md")),
           *(ROOT / "content" / name for name in ("documents.yaml", "hazards.yaml", "areas.yaml",
                                                   "README.md"))]
DEMO_TEXT = sorted((ROOT / "app/demo/content").glob("*.yaml"))
DEMO_CODE = sorted((ROOT / "app/demo").glob("*.py"))
CATALOGUE = ROOT / "app/translations/vi/LC_MESSAGES"

FORMER = "Vĩnh Hồng|Vĩnh Hưng|Hùng Thắng"
PLAIN_RULES = [
    # Northern everyday words (DOMAIN.md §0): đệm, hoa quả, cốc.
    (re.compile(r"(?<!\w)nệm(?!\w)", re.IGNORECASE), "write đệm, not nệm"),
    (re.compile(r"(?<!\w)trái cây(?!\w)", re.IGNORECASE), "write hoa quả, not trái cây"),
    (re.compile(r"(?<!\w)ly(?!\w)", re.IGNORECASE), "write cốc, not ly"),
    (re.compile(r"(?<!\w)(nilon|nylon|bịch)(?!\w)", re.IGNORECASE),
     "write túi ni lông or túi bóng"),
    (re.compile(r"bóp (dẹp|bẹp)", re.IGNORECASE), "write bóp dẹt"),
    (re.compile(r"Trạm y tế"), "write Trạm Y tế"),
    (re.compile(r"Bỏ qua"), "the skip link reads Chuyển đến nội dung chính"),
    # 112 does not replace 113, 114 and 115 (DOMAIN.md §0).
    (re.compile(r"không cần nhớ|chỉ cần nhớ|chỉ cần gọi 112", re.IGNORECASE),
     "112 does not replace 113, 114 and 115"),
    # The three groups of Art. 75 LEP 2020 by their legal names.
    (re.compile(r"rác thực phẩm|rác còn lại|đồ tái chế được", re.IGNORECASE),
     "name the group as Art. 75 does"),
    (re.compile(r"(?<!chất thải rắn )(?<!Chất thải rắn )sinh hoạt khác"),
     "write chất thải rắn sinh hoạt khác"),
    # Former units: "xã Vĩnh Hồng (cũ)", "thị trấn Kẻ Sặt (cũ)"; no current "Thị trấn".
    (re.compile(rf"(?<!\w)xã ({FORMER})(?! \(cũ\))"), "a former commune is written xã … (cũ)"),
    (re.compile(rf"({FORMER}|Kẻ Sặt) cũ(?!\w)"), "write (cũ) in brackets after the name"),
    (re.compile(r"thị trấn Kẻ Sặt(?! \(cũ\))", re.IGNORECASE), "the town is thị trấn Kẻ Sặt (cũ)"),
]
SENTENCE = re.compile(r"[^.!?\n]+")
FIRE = re.compile(r"(?<!\w)(cháy|lửa)(?!\w)")
HURT = re.compile(r"bị thương|say nắng|sốc nhiệt|ngạt|hạ thân nhiệt|sét đánh|ốm nặng")
PHONE = re.compile(r"(?<![\d/])0\d(?:[ .]?\d){8,9}(?!\d)")
DEMO_PHONE = re.compile(r"0220 ?3000 ?0\d\d|0900 ?000 ?0\d\d")


def problems(text: str) -> list[str]:
    """What a text gets wrong, one entry per finding."""
    found = [f"{why}: {m.group(0)!r}" for rule, why in PLAIN_RULES for m in rule.finditer(text)]
    for sentence in SENTENCE.findall(text):
        if "rơm rạ" in sentence.lower() \
                and re.search(r"chất thải thực phẩm|thức ăn thừa", sentence, re.IGNORECASE) \
                and "không phải" not in sentence:
            found.append(f"straw is a crop by-product, not food waste: {sentence.strip()!r}")
        if re.search(r"(?<!\w)lợn(?!\w)", sentence) \
                and re.search(r"thức ăn thừa|cơm thừa|rau thừa|chất thải thực phẩm", sentence,
                              re.IGNORECASE) \
                and "nấu chín" not in sentence:
            found.append(f"leftovers for pigs are cooked thoroughly first: {sentence.strip()!r}")
        if "gọi" in sentence and "112" in sentence:
            if FIRE.search(sentence) and "114" not in sentence:
                found.append(f"a fire: call 114 too: {sentence.strip()!r}")
            if HURT.search(sentence) and "115" not in sentence:
                found.append(f"someone hurt: call 115 too: {sentence.strip()!r}")
    return found


def phone_problems(text: str) -> list[str]:
    return [f"a demo phone number that could be real: {m.group(0)!r}"
            for m in PHONE.finditer(text) if not DEMO_PHONE.fullmatch(m.group(0))]


def _strings(path: Path) -> list[str]:
    """The string literals of a demo module, without the keys of OLD_* maps (the names and
    numbers an earlier demo load used, kept so that a new load can replace them)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.startswith("OLD_")
                                                for t in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]


@pytest.mark.parametrize("path", CONTENT + DEMO_TEXT, ids=lambda p: str(p.relative_to(ROOT)))
def test_content_and_demo_text(path):
    text = path.read_text(encoding="utf-8")
    assert problems(text) == [] and phone_problems(text) == []


@pytest.mark.parametrize("path", DEMO_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_demo_modules(path):
    found = [p for s in _strings(path) for p in problems(s) + phone_problems(s)]
    assert found == []


def test_compiled_catalogue():
    with open(CATALOGUE / "messages.mo", "rb") as handle:
        catalogue = read_mo(handle)
    found = [p for m in catalogue if m.id and isinstance(m.string, str) for p in problems(m.string)]
    assert found == []
    assert catalogue.get("Skip to main content").string == "Chuyển đến nội dung chính"


def test_warnings_are_issued_not_posted():
    """Staff and public texts about warnings say "phát hành", never "đăng"."""
    with open(CATALOGUE / "messages.po", "rb") as handle:
        catalogue = read_po(handle)
    wrong = [m.id for m in catalogue
             if m.id and isinstance(m.string, str)
             and any("alerts" in path for path, _line in m.locations)
             and re.search(r"(?<!\w)[Đđ]ăng(?! nhập| xuất| ký)", m.string)]
    assert wrong == []


def test_guides_say_what_the_review_asked():
    straw = (ROOT / "content/guides/khong-dot-rom-ra.md").read_text(encoding="utf-8")
    fire = straw.split("## Khi thấy đám cháy lan rộng", 1)[1]
    assert "114" in fire and "112" in fire and "phụ phẩm cây trồng" in straw
    sorting = (ROOT / "content/guides/phan-loai-rac-tai-nguon.md").read_text(encoding="utf-8")
    for group in ("Chất thải rắn có khả năng tái sử dụng, tái chế", "Chất thải thực phẩm",
                  "Chất thải rắn sinh hoạt khác"):
        assert group in sorting
    assert "**chất thải thực phẩm màu xanh**" in sorting
    assert "**chất thải rắn sinh hoạt khác màu vàng**" in sorting
    assert "nấu chín kỹ" in sorting


@pytest.mark.parametrize("bad", [
    "Vứt nệm cũ", "vỏ trái cây", "một ly nhựa", "túi nilon", "bóp dẹp chai", "Trạm y tế xã",
    "Bỏ qua, đến nội dung chính", "Chỉ cần nhớ số 112, không cần nhớ số khác.",
    "Rác thực phẩm bỏ túi xanh.", "rác còn lại", "túi rác sinh hoạt khác",
    "khu vực xã Vĩnh Hồng cũ", "ở xã Hùng Thắng có", "Trường Mầm non Thị trấn Kẻ Sặt",
    "Rơm rạ và thức ăn thừa đều là chất thải thực phẩm.",
    "Cơm thừa cho lợn ăn.",
    "Thấy cháy lan, gọi 112.", "Có người bị thương, gọi 112.",
])
def test_each_rule_catches_its_form(bad):
    assert problems(bad)


@pytest.mark.parametrize("good", [
    "Đệm, hoa quả, cốc nhựa, túi ni lông, bóp dẹt chai.", "Trạm Y tế xã",
    "xã Vĩnh Hồng (cũ) và thị trấn Kẻ Sặt (cũ)", "Trường THCS Vĩnh Hồng", "xã Kẻ Sặt",
    "Rơm rạ là phụ phẩm cây trồng, không phải chất thải thực phẩm.",
    "Cho lợn ăn thì nấu chín kỹ thức ăn thừa.", "Cháy, gọi 114 hoặc 112.",
    "Chất thải rắn sinh hoạt khác bỏ túi vàng.",
])
def test_correct_forms_pass(good):
    assert problems(good) == []


def test_phone_rule():
    assert phone_problems("Gọi 0912 408 135 hoặc 0220 3771 205.") == [
        "a demo phone number that could be real: '0912 408 135'",
        "a demo phone number that could be real: '0220 3771 205'"]
    assert phone_problems("0220 3000 001, 0900000024, 112, 115, 29/4/2026") == []
