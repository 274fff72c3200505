"""The bulletin the commune radio (đài truyền thanh xã) reads, built in one place from a
warning's fields. The /loa page, its plain text for machines and the staff preview all use it.

How a commune radio speaks (DOMAIN.md §0, "Radio bulletins"): it opens with the station and
"Kính thưa bà con nhân dân!", says who issues the notice and from which forecast bulletin, names
the hazard and the level once, then the places, gives the period in absolute times and dates
(the text is replayed, so never "chiều nay"), the key actions, whom to call, repeats the key
message ("Xin nhắc lại") and closes.

Two versions: the full one reads in about a minute (FULL_WORDS), the short one in about thirty
seconds (SHORT_WORDS). The required parts always go in; the situation (the description) and the
actions beyond the first fill what is left of the budget, in the staff's order.

A warning that is no longer live (cancelled, replaced by an update, expired) never reads as live:
it says so at the start and at the end, with none of the actions.

Every number goes through `speech` (its own module: how Vietnamese numbers, times and dates are
read). The sentences are translatable msgids rendered in Vietnamese whatever the reader's language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..settings import site_settings
from ..web.timeutil import to_local, utcnow
from . import speech
from .catalogue import catalogue

FULL_WORDS = 180   # about a minute at speech.SYLLABLES_PER_MINUTE (one Vietnamese word, one syllable)
SHORT_WORDS = 90   # about thirty seconds
MAX_ACTIONS = 5
SHORT_ACTIONS = 3

LEVEL_SENTENCES = {
    1: _l("Disaster risk level: level %(n)s, low risk."),
    2: _l("Disaster risk level: level %(n)s, medium risk."),
    3: _l("Disaster risk level: level %(n)s, high risk."),
    4: _l("Disaster risk level: level %(n)s, very high risk."),
    5: _l("Disaster risk level: level %(n)s, catastrophe."),
}
# Place names start with a common noun that is written in lower case inside a sentence.
COMMON_HEADS = {"toàn", "thôn", "xã", "khu", "xóm", "làng", "tổ", "cụm", "thị", "phường", "ấp",
                "bản", "đội", "cánh", "đường", "các"}
# A sentence that states the risk level in prose ("Rủi ro thiên tai do mưa lớn cấp 2 (rủi ro
# trung bình).", "Rủi ro thiên tai vẫn ở cấp 3 (rủi ro lớn): …"): the bulletin says the level
# once, from the field, so these are left out (what follows a colon is kept).
LEVEL_PROSE = re.compile(
    r"^(?:cấp độ\s+)?rủi ro thiên tai(?:\s*:\s*|[^.:;!?]*?\s)cấp\s*(?:[1-5]|một|hai|ba|bốn|năm)\b"
    r"(?:\s*\([^)]*\))?\s*[.:;!?]?\s*", re.IGNORECASE)
# Day words that are only true on the day the text was written: anchored to that date.
PARTS_OF_DAY = r"rạng sáng|sáng sớm|sáng|trưa|chiều tối|chiều|tối|đêm"
RELATIVE_PART = re.compile(rf"(?<!\w)(?P<part>{PARTS_OF_DAY})\s+(?P<rel>nay|mai|qua)(?!\w)", re.IGNORECASE)
RELATIVE_DAY = re.compile(r"(?<!\w)(?P<word>hôm nay|ngày mai|hôm qua)(?!\w)", re.IGNORECASE)
RELATIVE_OFFSET = {"nay": 0, "hôm nay": 0, "mai": 1, "ngày mai": 1, "qua": -1, "hôm qua": -1}


@dataclass(frozen=True)
class Bulletin:
    """`kind`: live, cancelled, replaced or expired. `full` and `short`: lines to read, one
    or two sentences each."""

    kind: str
    full: tuple[str, ...]
    short: tuple[str, ...]

    @property
    def full_text(self) -> str:
        return "\n".join(self.full)

    @property
    def short_text(self) -> str:
        return "\n".join(self.short)

    @property
    def full_words(self) -> int:
        return words(self.full)

    @property
    def short_words(self) -> int:
        return words(self.short)

    @property
    def full_seconds(self) -> int:
        return speech.reading_seconds(self.full_text)

    @property
    def short_seconds(self) -> int:
        return speech.reading_seconds(self.short_text)


def words(lines) -> int:
    return sum(len(line.split()) for line in lines)


def build(context: dict, *, now: datetime | None = None) -> Bulletin:
    """The bulletin for a warning, from the context the public pages use (routes.alert_context)."""
    with force_locale("vi"):  # read aloud in Vietnamese, whatever the reader's language
        return _Writer(context, now or utcnow()).bulletin()


# --- pieces of speech ------------------------------------------------------------------------

def day(value: datetime) -> str:
    """"ngày ba mươi tháng mười một": the date as speech reads it, without the weekday."""
    said = speech.date(value)
    return said[said.find("ngày"):] if "ngày" in said else said


def moment(value: datetime) -> str:
    """"mười lăm giờ ngày ba mươi tháng mười một"."""
    return f"{speech.time_of_day(value)} {day(value)}"


def period(start: datetime, end: datetime) -> str:
    """From start to end in absolute times; the day said once when both fall on it, and
    midnight at the end said as "hai mươi bốn giờ" of the day that ends."""
    start_local, end_local = to_local(start), to_local(end)
    end_day = end_local
    end_clock = speech.time_of_day(end)
    if (end_local.hour, end_local.minute) == (0, 0) and end_local - start_local > timedelta(minutes=1):
        end_day = end_local - timedelta(minutes=1)
        end_clock = f"{speech.number(24)} giờ"
    if start_local.date() == end_day.date():
        return _("from %(start)s to %(end)s %(day)s", start=speech.time_of_day(start),
                 end=end_clock, day=day(end_day))
    return _("from %(start)s to %(end)s", start=moment(start), end=f"{end_clock} {day(end_day)}")


def sentence(text: str, *, capital: bool = True) -> str:
    """A line as a sentence: first letter upper case, one full stop."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;,:").strip()
    if not text:
        return ""
    end = "" if text[-1] in "!?" else "."
    return (text[:1].upper() if capital else text[:1]) + text[1:] + end


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def place(name: str) -> str:
    """An area or hamlet name inside a sentence: "Khu vực xã Vĩnh Hồng (cũ)" → "xã Vĩnh Hồng cũ"
    (the sentence already says "Khu vực", and the radio reads no brackets), "Toàn xã Kẻ Sặt" →
    "toàn xã Kẻ Sặt"."""
    name = re.sub(r"^\s*khu vực\s+", "", name.strip(), flags=re.IGNORECASE)
    name = _FORMER.sub(" cũ", name)
    head = name.split(" ", 1)[0].lower()
    return _lower_first(name) if head in COMMON_HEADS else name


def hazard_words(hazard) -> str:
    """"Mưa lớn" → "mưa lớn"; the catch-all "Sự cố khác" → "sự cố"."""
    name = re.sub(r"\s+khác$", "", hazard.name.strip())
    return _lower_first(name)


def issuer(settings) -> str:
    """The commune's civil-defence command, with the commune's name."""
    name = settings.civil_defence_name.strip() or _("The commune civil-defence command")
    if settings.commune_name and settings.commune_name not in name:
        name = f"{name} {settings.commune_name}" if name.endswith(" xã") else name
    return name


def _anchor_days(text: str, written: datetime) -> str:
    """"chiều nay" → "chiều ngày ba mươi tháng mười một", counted from when it was written."""
    def part(match: re.Match) -> str:
        when = written + timedelta(days=RELATIVE_OFFSET[match["rel"].lower()])
        return f"{match['part']} {day(when)}"

    def whole_day(match: re.Match) -> str:
        when = written + timedelta(days=RELATIVE_OFFSET[match["word"].lower()])
        said = day(when)
        return said[:1].upper() + said[1:] if match["word"][:1].isupper() else said

    return RELATIVE_DAY.sub(whole_day, RELATIVE_PART.sub(part, text))


# A former unit is written "xã Vĩnh Hồng (cũ)"; read aloud it is "xã Vĩnh Hồng cũ", no pause.
_FORMER = re.compile(r"\s*\(\s*cũ\s*\)")


def _unbracket(text: str) -> str:
    """Round brackets become pauses: "cấp 4 (rất lớn): xã" → "cấp 4, rất lớn: xã"; a former
    unit's "(cũ)" is read as part of its name."""
    text = _FORMER.sub(" cũ", text)
    text = re.sub(r"\s*\(\s*([^()]*?)\s*\)", r", \1,", text)
    text = re.sub(r",\s*(?=[,.;:!?]|$)", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


BLANK = re.compile(r"(\[[^\]\n]*\])")  # a template blank left unfilled: "[thời gian]"


def say(text: str, written: datetime) -> str:
    """Free text written by staff, made ready to read: days anchored, brackets as pauses,
    numbers written out by speech.spell_numbers. A blank left from a template stays as it is,
    so that the staff preview shows it (publishing refuses it)."""
    parts = BLANK.split(_unbracket(_anchor_days(text, written)))
    said = "".join(part if BLANK.fullmatch(part) else speech.spell_numbers(part) for part in parts)
    return re.sub(r"\s+", " ", said).strip()


def situation(description: str) -> list[str]:
    """The description's sentences, without the ones that state the level in prose."""
    kept = []
    for raw in re.split(r"(?<=[.!?])\s+|\n+", description.strip()):
        raw = raw.strip()
        match = LEVEL_PROSE.match(raw)
        if match:
            raw = raw[match.end():].strip()
        if raw:
            kept.append(raw)
    return kept


def actions(instruction: str) -> list[str]:
    """One action per line; list marks ("-", "•", "1.") left out."""
    lines = (re.sub(r"^\s*(?:[-•*–+]|\d{1,2}[.)])\s*", "", line) for line in instruction.splitlines())
    return [line.strip() for line in lines if line.strip()]


def _first_clause(line: str) -> str:
    return line.split(";", 1)[0]


def _action(line: str, limit: int = 10) -> str:
    """An action as read on the radio: the whole line when short, else its first clause
    (staff write the main action first: "Tháo nước, khơi thông mương; phối hợp với thôn…")."""
    whole = sentence(line)
    return whole if len(whole.split()) <= limit else sentence(_first_clause(line))


class _Budget:
    """Words left in a version. Lines are taken in order, up to the first that does not fit;
    with `skip`, a line too long is passed over for a shorter one after it (actions: each is
    whole, and they are still read in the staff's order)."""

    def __init__(self, limit: int, used: int):
        self.left = limit - used

    def take(self, lines, *, skip: bool = False) -> list[str]:
        taken = []
        for line in lines:
            count = len(line.split())
            if count > self.left:
                if skip:
                    continue
                break
            taken.append(line)
            self.left -= count
        return taken


# --- the bulletin ----------------------------------------------------------------------------

class _Writer:
    def __init__(self, context: dict, now: datetime):
        self.context = context
        self.alert = context["alert"]
        self.hazard = context["hazard"]
        self.settings = site_settings()
        self.now = now
        self.issuer = issuer(self.settings)
        self.commune = self.settings.commune_name

    # shared lines
    def opening(self) -> str:
        return _("This is the radio station of %(commune)s commune. Dear residents!", commune=self.commune)

    def drill(self, alert) -> list[str]:
        if alert.status == "Exercise":
            return [_("This is an exercise, not a real warning.")]
        if alert.status == "Test":
            return [_("This is a test, not a real warning.")]
        return []

    def written(self, alert) -> datetime:
        return alert.sent or self.now

    def bulletin(self) -> Bulletin:
        state, successor = self.context["state"], self.context.get("successor")
        alert = self.alert
        if alert.msg_type == "Cancel":
            return self.cancelled(alert.references or alert, alert)
        if state == "cancelled" and successor is not None:
            return self.cancelled(alert, successor)
        if state == "updated" and successor is not None:
            return self.replaced(alert, successor)
        if state == "expired":
            return self.expired(alert)
        return self.live(alert)

    # a warning in force (or a draft, or one not yet in force)
    def live(self, alert) -> Bulletin:
        written = self.written(alert)
        hazard = hazard_words(self.hazard)
        verb = (_("%(issuer)s updates its warning of %(hazard)s.", issuer=self.issuer, hazard=hazard)
                if alert.msg_type == "Update" else
                _("%(issuer)s warns of %(hazard)s.", issuer=self.issuer, hazard=hazard))
        if alert.source_agency:
            source = (_("the bulletin of %(agency)s issued at %(time)s", agency=alert.source_agency.strip(),
                        time=moment(alert.source_issued_at))
                      if alert.source_issued_at else
                      _("the bulletin of %(agency)s", agency=alert.source_agency.strip()))
            announce = _("According to %(source)s, %(rest)s", source=source, rest=verb)
        else:
            announce = verb
        announce = speech.spell_numbers(announce)  # an agency's name may hold a number
        level = ([str(LEVEL_SENTENCES[alert.risk_level]) % {"n": speech.number(alert.risk_level)}]
                 if alert.risk_level in LEVEL_SENTENCES else [])
        area_keys = catalogue().areas
        places = [area_keys[k] for k in alert.areas if k in area_keys]
        with_hamlets = "; ".join(
            _("%(area)s, including %(hamlets)s", area=place(a.name),
              hamlets=", ".join(place(h) for h in a.hamlets)) if a.hamlets else place(a.name)
            for a in places)
        names_only = ", ".join(place(a.name) for a in places)
        when = _("Time: %(period)s.", period=period(alert.onset or alert.effective, alert.expires))
        todo = [say(line, written) for line in actions(alert.instruction)][:MAX_ACTIONS]
        told = situation(alert.description)
        # The sentence with the figures (rain in mm, wind, temperature…) comes first if any.
        key_fact = next((i for i, s in enumerate(told) if re.search(r"\d", s)), 0)
        said = [sentence(say(s, written)) for s in told]
        headline = sentence(say(alert.headline, written))
        emergency = speech.digits(self.settings.emergency_number)
        call = _("If anything happens, call %(number)s.", number=emergency)
        local = ([_("Or call %(name)s on %(phone)s.", name=self.issuer,
                    phone=speech.digits(self.settings.civil_defence_phone))]
                 if self.settings.civil_defence_phone else [])
        ask = _("Residents are asked to:")
        closing = _("The radio station of %(commune)s commune has just read the warning of %(hazard)s.",
                    commune=self.commune, hazard=hazard)
        follow = _("Please keep listening for the next bulletins.")
        drill = self.drill(alert)
        key = [_action(line) for line in todo]  # the key words of each action

        # Full: what is required, then, as the minute allows and in this order: the next two
        # actions, the sentence with the figures, the local number, the last two actions, the
        # rest of the situation, a last word. Each is read in its place, in the staff's order.
        where = [_("Area affected: %(areas)s.", areas=with_hamlets)] if places else []
        head = [self.opening(), *drill, announce, *level, *where, when]
        repeat = [_("Once again: %(headline)s", headline=headline), *key[:1]]
        fixed = words(head + [call] + repeat + [closing] + ([ask] + key[:1] if key else []))
        budget = _Budget(FULL_WORDS, fixed)
        early = budget.take(key[1:3], skip=True)
        fact = budget.take(said[key_fact:key_fact + 1])
        phone = budget.take(local)
        late = budget.take(key[3:], skip=True)
        rest = budget.take([s for i, s in enumerate(said) if i != key_fact]) if fact else []
        bye = budget.take([follow])
        chosen = key[:1] + early + late
        situation_lines = [s for s in said if s in fact or s in rest]  # in the staff's order
        full = [*head, *situation_lines, *([ask, *chosen] if chosen else []), call, *phone, *repeat,
                closing, *bye, *drill]

        # Short: who, what, where, when, the first actions, the number to call.
        short_where = [_("Area affected: %(areas)s.", areas=names_only)] if places else []
        short_head = [self.opening(), *drill, speech.spell_numbers(verb), *level, *short_where, when]
        budget = _Budget(SHORT_WORDS, words(short_head + [call] + ([ask] if key else [])))
        picked = budget.take(key[:SHORT_ACTIONS], skip=True)
        end = budget.take([closing])
        short = [*short_head, *([ask, *picked] if picked else []), call, *end, *drill]
        return Bulletin("live", _clean(full), _clean(short))

    # no longer live: said at the start and at the end, never replayed as live
    def cancelled(self, cancelled, cancel) -> Bulletin:
        hazard = hazard_words(self.hazard)
        issued = moment(self.written(cancelled))
        start = _("%(issuer)s announces the CANCELLATION of the warning of %(hazard)s issued at %(time)s.",
                  issuer=self.issuer, hazard=hazard, time=issued)
        reason_text = cancel.description.strip() or cancel.note.strip()
        reason = [_("Reason: %(reason)s", reason=sentence(
            _lower_first(say(reason_text, self.written(cancel))), capital=False))] if reason_text else []
        advice = [sentence(say(line, self.written(cancel))) for line in actions(cancel.instruction)[:1]]
        again = _("Once again: the warning of %(hazard)s issued at %(time)s is CANCELLED.",
                  hazard=hazard, time=issued)
        closing = _("The radio station of %(commune)s commune has just read the cancellation of the "
                    "warning of %(hazard)s.", commune=self.commune, hazard=hazard)
        drill = self.drill(cancel)
        full = [self.opening(), *drill, start, *reason, *advice, again, closing, *drill]
        short = [self.opening(), *drill, start, *(reason if words(reason) <= 30 else []), again, *drill]
        return Bulletin("cancelled", _clean(full), _clean(short))

    def replaced(self, alert, successor) -> Bulletin:
        lines = [self.opening(),
                 _("The warning of %(hazard)s issued at %(time)s has been REPLACED by an update issued at %(new)s.",
                   hazard=hazard_words(self.hazard), time=moment(self.written(alert)),
                   new=moment(self.written(successor))),
                 _("Please listen to the latest bulletin.")]
        return Bulletin("replaced", _clean(lines), _clean(lines))

    def expired(self, alert) -> Bulletin:
        lines = [self.opening(),
                 _("The warning of %(hazard)s issued at %(time)s has been OUT OF FORCE since %(end)s.",
                   hazard=hazard_words(self.hazard), time=moment(self.written(alert)),
                   end=moment(alert.expires)),
                 _("Please listen to the latest bulletin.")]
        return Bulletin("expired", _clean(lines), _clean(lines))


def _clean(lines) -> tuple[str, ...]:
    out = []
    for line in lines:
        line = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", str(line))).strip()
        line = re.sub(r"([,;:])\1+", r"\1", line)
        if line:
            out.append(line)
    return tuple(out)
