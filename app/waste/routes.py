from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from ..sharing import share
from ..web import htmx
from ..web.caching import public_page
from ..web.roles import public
from . import bp
from .calendar import calendar as collection_calendar
from .catalogue import catalogue


@bp.route("/phan-loai-rac/")
@public
@public_page(max_age=300)
def lookup():
    """Which bin? A plain GET form; htmx refreshes only the results while typing."""
    q = request.args.get("q", "").strip()[:80]
    data = catalogue()
    results = data.search(q) if q else []
    suggestions = data.nearest(q) if q and not results else []
    return htmx.render("waste/lookup.html", "waste/_results.html", q=q, results=results,
                       suggestions=suggestions, groups=data.groups, count=len(data.items),
                       share=share(_("Which bin?"), _("Type an item and see which group it belongs "
                                                       "to and what to do with it."),
                                   "waste.lookup", category="phan-loai-rac-tai-nguon",
                                   type_="website"))


@bp.route("/phan-loai-rac/lich-thu-gom")
@public
@public_page(max_age=300)
def calendar():
    """When each hamlet's waste is collected, as the commune sets it; `thon` shows one hamlet."""
    data = collection_calendar()
    chosen = request.args.get("thon", "").strip()[:80]
    row = data.row(chosen) if chosen else None
    unknown = bool(chosen) and row is None
    return htmx.render("waste/calendar.html", data=data, chosen=row.key if row else "",
                       rows=[row] if row else list(data.rows), unknown=unknown,
                       status=400 if unknown else 200,
                       share=share(_("Collection calendar"),
                                   _("When household, hazardous and bulky waste is collected in "
                                     "each hamlet."), "waste.calendar",
                                   category="phan-loai-rac-tai-nguon", type_="website"))
