"""The Vietnamese disaster-risk levels (Decision 18/2021/QĐ-TTg) and how they are shown:
colour, icon and words together, never colour alone. Map colours are official; the hex
values are our design choice (DOMAIN.md §3)."""
from flask_babel import lazy_gettext as _l

LEVELS = {
    1: {"name": _l("Level 1: low risk"), "colour": "#9ECAE1", "ink": "#0b2236"},
    2: {"name": _l("Level 2: medium risk"), "colour": "#FFF3A0", "ink": "#3a2f00"},
    3: {"name": _l("Level 3: high risk"), "colour": "#F39C12", "ink": "#2b1600"},
    4: {"name": _l("Level 4: very high risk"), "colour": "#D7301F", "ink": "#ffffff"},
    5: {"name": _l("Level 5: catastrophe"), "colour": "#6A1B9A", "ink": "#ffffff"},
}
STATE_LABELS = {
    "draft": _l("Draft"), "upcoming": _l("Not yet in force"), "active": _l("In force"),
    "updated": _l("Replaced by an update"), "cancelled": _l("Cancelled"),
    "expired": _l("Expired"), "cancel": _l("Cancellation notice"),
}


def level(n):
    return LEVELS.get(n)
