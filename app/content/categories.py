"""The categories of campaign content (SPEC §3.1). Fixed in code so that every page,
feed and default share image agrees on them; names are translated."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Category:
    slug: str
    name: object  # a lazy string
    colour: str  # background of the default share image and the tag


CATEGORIES = [
    Category("phan-loai-rac-tai-nguon", _l("Sorting waste at source"), "#166534"),
    Category("han-che-dot-rom-ra", _l("Less straw burning"), "#a16207"),
    Category("phong-chong-thien-tai", _l("Disaster prevention"), "#1e40af"),
    Category("suc-khoe-moi-truong", _l("Environmental health"), "#9d174d"),
    Category("truong-hoc-xanh", _l("Green schools"), "#15803d"),
    Category("sang-kien-moi-truong", _l("Environmental initiatives"), "#6d28d9"),
    Category("tin-hoat-dong", _l("News of activities"), "#334155"),
]
BY_SLUG = {c.slug: c for c in CATEGORIES}
# The categories the home page shows first.
KEY_CATEGORIES = ("phan-loai-rac-tai-nguon", "han-che-dot-rom-ra", "phong-chong-thien-tai")


def get(slug: str | None) -> Category | None:
    return BY_SLUG.get(slug or "")
