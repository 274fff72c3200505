from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from ..sharing import share
from ..web import htmx
from ..web.caching import public_page
from ..web.roles import public
from . import bp
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
