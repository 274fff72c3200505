"""What a warning's words must not carry (app/alerts/wording.py): blanks and a second level.
Also: the hazard templates never write the level as a number."""
import re
from pathlib import Path

import pytest
import yaml

from app.alerts import wording

HAZARDS = Path(__file__).resolve().parents[2] / "content" / "hazards.yaml"


@pytest.mark.parametrize("text, found", [
    ("Trong [thời gian], gió giật [cấp gió giật].", ["[thời gian]", "[cấp gió giật]"]),
    ("Từ [thời gian] đến [thời gian]", ["[thời gian]"]),  # each once
    ("[Bão số .../Áp thấp nhiệt đới] đang ở [vị trí]", ["[Bão số .../Áp thấp nhiệt đới]", "[vị trí]"]),
    ("Xã {commune} và {cap_do}", ["{commune}", "{cap_do}"]),  # a placeholder nobody filled
    ("Mưa [ ] to", ["[ ]"]),
    ("Từ 15 giờ ngày 30/11 đến 9 giờ ngày 1/12, mưa 100–150 mm.", []),
    ("Gọi 112 {không phải chỗ điền}", []),
    ("", []),
    (None, []),
])
def test_blanks(text, found):
    assert wording.blanks(text) == found


@pytest.mark.parametrize("text, levels", [
    ("Rủi ro thiên tai cấp 2 (rủi ro trung bình).", [2, 2]),
    ("Rủi ro thiên tai do mưa lớn cấp 3 (rủi ro lớn).", [3, 3]),
    ("Rủi ro thiên tai do áp thấp nhiệt đới cấp 3.", [3]),
    ("cấp độ rủi ro thiên tai cấp 4", [4]),
    ("Cấp độ rủi ro: 2", [2]),
    ("Mưa lớn cấp 3 trên toàn xã", [3]),
    ("mưa to, cấp độ 2", [2]),
    ("nguy cơ rủi ro rất lớn", [4]),
    ("cấp 5 (thảm họa)", [5, 5]),
    ("Level 2: medium risk", [2]),
    ("risk level 3 in the commune", [3]),
    # wind and wave force, school grades, ranges and large numbers are not risk levels
    ("gió mạnh cấp 5–6, giật cấp 7", []),
    ("sức gió mạnh nhất cấp 4, giật cấp 5", []),
    ("Học sinh cấp 2 nghỉ học", []),
    ("sóng biển cao, cấp 3", []),
    ("bão mạnh cấp 12", []),
    ("Trong [cấp gió giật]", []),
    ("Mưa 150 mm, nhiệt độ 35°C", []),
])
def test_level_mentions(text, levels):
    assert [m.level for m in wording.level_mentions(text)] == levels


def test_other_levels_points_at_the_sentences():
    text = ("Từ chiều nay có mưa rất to. Rủi ro thiên tai cấp 2 (rủi ro trung bình). "
            "Gió mạnh cấp 5, giật cấp 7.\nRuộng trũng có thể ngập.")
    assert wording.other_levels(text, 2) == []
    clashes = wording.other_levels(text, 3)
    assert [c.sentence for c in clashes] == ["Rủi ro thiên tai cấp 2 (rủi ro trung bình)."]
    assert clashes[0].levels == (2,)
    # no level chosen: any level in the text clashes
    assert len(wording.other_levels(text, None)) == 1


def test_mark_escapes_and_highlights():
    marked = wording.mark("<b>Trong [thời gian]</b> cấp 2", 3, check_level=True)
    assert '&lt;b&gt;Trong <mark class="blank">[thời gian]</mark>&lt;/b&gt;' in marked
    assert '<mark class="level-clash">cấp 2</mark>' in marked
    assert "level-clash" not in wording.mark("cấp 2", 2, check_level=True)


def test_mark_html_leaves_tags_attributes_and_titles_alone():
    html = ('<title>Mưa [thời gian]</title><meta content="[thời gian]">'
            '<p class="x">Trong [thời gian] &amp; <a href="/[a]">[b]</a></p>')
    out = wording.mark_html(html)
    assert out.startswith('<title>Mưa [thời gian]</title><meta content="[thời gian]">')
    assert '<p class="x">Trong <mark class="blank">[thời gian]</mark> &amp; ' in out
    assert '<a href="/[a]"><mark class="blank">[b]</mark></a>' in out


def test_level_phrase():
    assert wording.level_phrase(3) == "cấp 3 (rủi ro lớn)"
    assert wording.level_phrase(5) == "cấp 5 (thảm họa)"
    assert wording.level_phrase(None) == ""


def _templates():
    data = yaml.safe_load(HAZARDS.read_text(encoding="utf-8"))["hazards"]
    for hazard in data:
        for level, template in (hazard.get("templates") or {}).items():
            for name in ("headline", "description", "instruction"):
                yield hazard["key"], level, name, str(template.get(name) or "")


@pytest.mark.parametrize("hazard, level, name, text", list(_templates()))
def test_templates_never_write_the_level(hazard, level, name, text):
    """One level, one story: template prose refers to the level through the field ({cap_do})
    or leaves it to the badge; it never writes it as a number or a level name."""
    assert "{level}" not in text
    assert wording.level_mentions(text) == [], (hazard, level, name)
    assert not re.search(r"cấp\s+(độ\s+)?[1-5]\b(?!\s*[–-])", re.sub(r"(gió|giật)[^.;]*", "", text))
    # every {placeholder} is one the filler knows
    assert set(re.findall(r"\{(\w+)\}", text)) <= {"commune", "cap_do"}
