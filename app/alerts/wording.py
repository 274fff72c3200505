"""What a warning's words must not carry when they reach the public.

- Blanks: a template's bracketed places to fill, such as `[thời gian]`, and any `{name}`
  the template filler did not know. Read aloud they make no sense, and a resident cannot act on
  "Trong [thời gian]…".
- A second level: the risk level is stated once, in its field (badge, CAP, bulletin). A sentence
  that names another level (left from the message an update copied, or typed by hand) tells
  another story than the badge above it.

Plain functions on strings, so the form, the previews, the publishing checks and the tests
all find the same things.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

# The text fields a resident reads (and the loudspeaker says), in both languages.
TEXT_FIELDS = ("headline", "description", "instruction", "headline_en", "description_en",
               "instruction_en")

BLANK = re.compile(r"\[[^\[\]\n]{0,80}\]|\{[A-Za-z_][A-Za-z0-9_]{0,30}\}")

# The level names of Decision 18/2021/QĐ-TTg (DOMAIN.md §3, app/alerts/levels.py).
LEVEL_NAMES = {"thấp": 1, "trung bình": 2, "lớn": 3, "rất lớn": 4, "thảm họa": 5}
_NAME = r"(?P<name>thấp|trung bình|rất lớn|lớn|thảm họa)"
_LEVEL_PATTERNS = (
    # "rủi ro thiên tai cấp 3", "Rủi ro thiên tai do mưa lớn cấp 2", "cấp độ rủi ro thiên tai cấp 4"
    re.compile(r"rủi ro(?:\s+thiên\s+tai)?(?:\s+do\s+[^.;:!?\n\d]{1,40}?)?\s+(?:là\s+)?cấp(?:\s+độ)?\s+"
               r"(?P<n>\d+)(?!\s*[–-]\s*\d)", re.IGNORECASE),
    # "cấp độ rủi ro 3", "cấp độ rủi ro thiên tai: 2"
    re.compile(r"cấp\s+độ\s+rủi\s+ro(?:\s+thiên\s+tai)?(?:\s+là|:)?\s+(?P<n>\d+)", re.IGNORECASE),
    # "cấp 2", "cấp độ 2" on their own (wind force and school grades excluded below)
    re.compile(r"(?<![\w-])cấp(?:\s+độ)?\s+(?P<n>[1-5])(?!\d|[,.]\d)(?!\s*[–-]\s*\d)", re.IGNORECASE),
    # the names: "(rủi ro trung bình)", "rủi ro rất lớn", "(thảm họa)"
    re.compile(r"rủi\s+ro\s+" + _NAME + r"(?!\w)", re.IGNORECASE),
    re.compile(r"\((?P<name>thảm họa)\)", re.IGNORECASE),
    # English: "level 2", "risk level 3", "Level 2: medium risk"
    re.compile(r"(?<![\w-])level\s+(?P<n>[1-5])(?!\d)", re.IGNORECASE),
)
# A bare "cấp N" after these words is wind or wave force (Beaufort), or a school grade.
_NOT_A_RISK_LEVEL = re.compile(r"(gió|giật|sóng|bô-pho|beaufort|trường|học|bậc)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def level_phrase(level: int | None) -> str:
    """The level as template prose says it, "cấp 3 (rủi ro lớn)", filled in from the level
    field (a template's {cap_do}); empty when the warning has no level."""
    if not level:
        return ""
    name = next(words for words, n in LEVEL_NAMES.items() if n == level)
    return f"cấp {level} (thảm họa)" if level == 5 else f"cấp {level} (rủi ro {name})"


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def blanks(text: str | None) -> list[str]:
    """The blanks left in `text`, in order, each once: ["[thời gian]", "[cấp gió giật]"]."""
    found: list[str] = []
    for match in BLANK.finditer(_nfc(text)):
        if match.group() not in found:
            found.append(match.group())
    return found


@dataclass(frozen=True)
class Mention:
    """A place where the text names a risk level."""
    start: int
    end: int
    level: int
    words: str


def level_mentions(text: str | None) -> list[Mention]:
    """Every place in `text` that names a risk level (1–5), by number or by name."""
    text = _nfc(text)
    found: dict[tuple[int, int], Mention] = {}
    for pattern in _LEVEL_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("n"):
                level = int(groups["n"])
                if not 1 <= level <= 5:
                    continue
            else:
                level = LEVEL_NAMES[groups["name"].lower()]
            if pattern is _LEVEL_PATTERNS[2]:
                sentence_start = max(text.rfind(c, 0, match.start()) for c in ".;!?\n")
                before = text[max(sentence_start + 1, match.start() - 30):match.start()]
                if _NOT_A_RISK_LEVEL.search(before):
                    continue
            span = (match.start(), match.end())
            if any(s <= span[0] and span[1] <= e for s, e in found):
                continue  # inside a longer mention already found
            for inner in [k for k in found if span[0] <= k[0] and k[1] <= span[1]]:
                del found[inner]
            found[span] = Mention(span[0], span[1], level, match.group())
    return sorted(found.values(), key=lambda m: m.start)


@dataclass(frozen=True)
class Clash:
    """A sentence naming a level other than the chosen one."""
    sentence: str
    levels: tuple[int, ...]
    words: tuple[str, ...]


def other_levels(text: str | None, level: int | None) -> list[Clash]:
    """The sentences of `text` that name a risk level other than `level` (any level, when the
    warning has none), each with the words that do."""
    text = _nfc(text)
    clashes = []
    for sentence in _sentences(text):
        wrong = [m for m in level_mentions(sentence) if m.level != level]
        if wrong:
            clashes.append(Clash(sentence, tuple(sorted({m.level for m in wrong})),
                                 tuple(m.words for m in wrong)))
    return clashes


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def problems(values: dict) -> dict[str, dict]:
    """Per text field: its blanks and the sentences naming another level than
    values["risk_level"]. Fields without a problem are left out."""
    level = values.get("risk_level")
    found = {}
    for name in TEXT_FIELDS:
        text = values.get(name) or ""
        entry = {"blanks": blanks(text), "clashes": other_levels(text, level)}
        if entry["blanks"] or entry["clashes"]:
            found[name] = entry
    return found


def mark(text: str | None, level: int | None = None, *, check_level: bool = False) -> Markup:
    """`text`, escaped, with each blank in <mark class="blank"> and, when `check_level`, each
    mention of another level in <mark class="level-clash">: for staff eyes only."""
    text = _nfc(text)
    spans = [(m.start(), m.end(), "blank") for m in BLANK.finditer(text)]
    if check_level:
        spans += [(m.start, m.end, "level-clash") for m in level_mentions(text) if m.level != level]
    spans.sort()
    out, position = [], 0
    for start, end, kind in spans:
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(Markup('<mark class="{}">{}</mark>').format(kind, text[start:end]))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_RAW_ELEMENTS = ("title", "script", "style", "textarea")


def mark_html(html: str) -> str:
    """A rendered page with the blanks in its text wrapped in <mark class="blank">, leaving tags,
    attributes and raw-text elements alone (for the staff previews of a draft)."""
    parts = _TAG.split(html)
    raw = None
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = re.match(r"</?\s*([A-Za-z0-9]+)", part)
            if name and name.group(1).lower() in _RAW_ELEMENTS:
                raw = None if part.startswith("</") else name.group(1).lower()
            continue
        if raw is None and part:
            parts[index] = BLANK.sub(lambda m: f'<mark class="blank">{m.group()}</mark>', part)
    return "".join(parts)
