"""Public pages of the content domain."""
from __future__ import annotations

import re
from pathlib import Path

from flask import abort, g, request, send_file, url_for
from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy import select

from .. import sharing
from ..extensions import db
from ..web import htmx
from ..web.caching import public_page
from ..web.markdown import render
from ..web.markdown import render as markdown
from ..web.qr import qr_svg
from ..web.roles import public
from ..web.templating import local_date
from ..web.urls import external_url
from . import bp, categories, queries
from .media import DENIED, PUBLIC, file_name, media_root, visibility
from .models import Media


def share(title: str, description: str, endpoint: str, *, cover: Media | None = None,
          **values) -> dict:
    """Share tags for content pages: the cover's 1200×630 variant when there is one."""
    image = None
    if cover is not None:
        image = (external_url("content.media", name=file_name(cover, "og")),
                 cover.alt or title)
    return sharing.share(title, description, endpoint, image=image, **values)


def _page_arg() -> int:
    page = request.args.get("trang", 1, type=int) or 1
    return max(1, min(page, 10_000))


def _latest(items, attr: str = "updated_at"):
    stamps = [getattr(i, attr) for i in items if getattr(i, attr, None)]
    return max(stamps) if stamps else None


@bp.route("/tin-tuc/")
@public
@public_page()
def post_list():
    category = categories.get(request.args.get("chuyen-muc"))
    campaign = None
    if request.args.get("chien-dich"):
        campaign = queries.campaign_by_slug(request.args["chien-dich"])
        if campaign is None:
            abort(404)
    if request.args.get("chuyen-muc") and category is None:
        abort(404)
    pagination = queries.post_page(_page_arg(), category=category.slug if category else None,
                                   campaign=campaign)
    g.last_modified = _latest(pagination.items)
    title = category.name if category else campaign.title if campaign else _("News")
    return htmx.render("content/post_list.html", "content/_post_page.html",
                       pagination=pagination, category=category, campaign=campaign,
                       categories=categories.CATEGORIES,
                       share=share(str(title), _("News from the environmental portal"),
                                   "content.post_list", category=category.slug if category else None,
                                   type_="website", **request.args.to_dict()))


@bp.route("/tin-tuc/<slug>")
@public
@public_page()
def post(slug: str):
    item = queries.post_by_slug(slug)
    if item is None:
        abort(404)
    g.last_modified = item.updated_at
    return htmx.render("content/post.html", post=item, related=queries.related_posts(item),
                       category=categories.get(item.category),
                       share=share(item.title, item.summary, "content.post", slug=item.slug,
                                   cover=item.cover, category=item.category))


@bp.route("/chien-dich/")
@public
@public_page()
def campaign_list():
    campaigns = queries.published_campaigns()
    g.last_modified = _latest(campaigns)
    return htmx.render("content/campaign_list.html", campaigns=campaigns,
                       counts=queries.campaign_post_counts(), today=queries.today_local(),
                       share=share(_("Campaigns"), _("The commune's environmental campaigns"),
                                   "content.campaign_list", type_="website"))


@bp.route("/chien-dich/<slug>")
@public
@public_page()
def campaign(slug: str):
    item = queries.campaign_by_slug(slug)
    if item is None:
        abort(404)
    pagination = queries.post_page(_page_arg(), campaign=item)
    g.last_modified = max(filter(None, [item.updated_at, _latest(pagination.items)]))
    return htmx.render("content/campaign.html", "content/_post_page.html", campaign=item,
                       pagination=pagination, today=queries.today_local(),
                       share=share(item.title, item.summary or item.goal, "content.campaign",
                                   slug=item.slug, cover=item.cover))


@bp.route("/huong-dan/")
@public
@public_page()
def guide_list():
    guides = queries.guides()
    g.last_modified = _latest(guides, "synced_at")
    return htmx.render("content/guide_list.html", guides=guides,
                       share=share(_("Guides"), _("Practical guides for every household"),
                                   "content.guide_list", type_="website"))


@bp.route("/huong-dan/<slug>")
@public
@public_page()
def guide(slug: str):
    item = queries.guide_by_slug(slug)
    if item is None:
        abort(404)
    g.last_modified = item.synced_at
    others = [x for x in queries.guides() if x.id != item.id]
    return htmx.render("content/guide.html", guide=item, others=others,
                       category=categories.get(item.category),
                       share=share(item.title, item.summary, "content.guide", slug=item.slug,
                                   category=item.category))


@bp.route("/van-ban/")
@public
@public_page()
def document_list():
    q = request.args.get("q", "").strip()[:100]
    documents = queries.documents(q)
    g.last_modified = _latest(documents)
    return htmx.render("content/document_list.html", "content/_document_rows.html",
                       documents=documents, q=q,
                       share=share(_("Documents"), _("The commune's plan and the laws it implements"),
                                   "content.document_list", type_="website"))


@bp.route("/van-ban/<slug>")
@public
@public_page()
def document(slug: str):
    item = queries.document_by_slug(slug)
    if item is None:
        abort(404)
    g.last_modified = item.updated_at
    return htmx.render("content/document.html", document=item,
                       implemented_by=queries.implemented_by(item),
                       share=share(item.title, item.summary, "content.document", slug=item.slug,
                                   type_="website"))


MEDIA_NAME = re.compile(r"^([0-9a-f]{32})(?:-(\d+|og))?\.(jpg|png|pdf)$")


@bp.route("/media/<name>")
@public
def media(name: str):
    match = MEDIA_NAME.match(name)
    if not match:
        abort(404)
    key, variant, _ext = match.groups()
    item = db.session.scalar(select(Media).where(Media.key == key))
    if item is None or name != file_name(item, variant):
        abort(404)
    if variant and variant != "og" and int(variant) not in item.variants:
        abort(404)
    seen_by = visibility(item)
    if seen_by == DENIED:  # a private file this reader may not see: as if it did not exist
        abort(404)
    path = Path(media_root()) / name
    if not path.exists():
        abort(404)
    mimetype = "image/jpeg" if variant == "og" else item.mime
    download = None
    if item.kind == "pdf":
        download = _download_name(item.original_name)
    response = send_file(path, mimetype=mimetype, as_attachment=bool(download),
                         download_name=download, max_age=365 * 24 * 3600, conditional=True,
                         etag=True)
    if item.private:
        # Whether it may be seen can change (an entry leaves the gallery): never kept long,
        # and never by shared caches unless it is public right now.
        response.cache_control.max_age = 300 if seen_by == PUBLIC else 0
        response.cache_control.public = seen_by == PUBLIC
        response.cache_control.private = seen_by != PUBLIC
        if seen_by != PUBLIC:
            response.cache_control.no_store = True
    else:
        response.cache_control.public = True
        response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _download_name(original: str) -> str:
    """A safe file name for Content-Disposition; Werkzeug writes the RFC 6266 forms."""

    stem = original.rsplit(".", 1)[0] if "." in original else original
    return (slugify(stem, max_length=80) or "van-ban") + ".pdf"


def media_url(item: Media | None, variant=None) -> str | None:
    if item is None:
        return None
    return url_for("content.media", name=file_name(item, variant))


def register_template_helpers(app) -> None:

    def srcset(item: Media) -> str:
        parts = [f"{media_url(item, w)} {w}w" for w in item.variants]
        parts.append(f"{media_url(item)} {item.width}w")
        return ", ".join(parts)

    app.add_template_global(media_url, "media_url")
    app.add_template_global(srcset, "srcset")
    app.add_template_global(categories.get, "category")
    app.add_template_filter(markdown, "markdown")


# --- print views: A4 notices with a QR code back to the page -------------------------------

def _print(title, kind, canonical_endpoint, short_code, *, lead="", points=(), body=None,
           date=None, **values):

    canonical = external_url(canonical_endpoint, **values)
    short_url = external_url("site.short_link", code=short_code)
    return htmx.render("content/print.html", title=title, kind=kind, lead=lead, points=points,
                       body=body, date=date, canonical=canonical, short_url=short_url,
                       qr=qr_svg(canonical, _("QR code: %(url)s", url=canonical)))


@bp.route("/tin-tuc/<slug>/in")
@public
@public_page(max_age=300)
def post_print(slug: str):

    item = queries.post_by_slug(slug)
    if item is None:
        abort(404)
    g.last_modified = item.updated_at

    return _print(item.title, _("News"), "content.post", f"b{item.id}", lead=item.summary,
                  body=render(item.body), date=local_date(item.publish_at), slug=slug)


@bp.route("/huong-dan/<slug>/in")
@public
@public_page(max_age=300)
def guide_print(slug: str):
    item = queries.guide_by_slug(slug)
    if item is None:
        abort(404)
    g.last_modified = item.synced_at
    date = item.updated_on.strftime("%d/%m/%Y") if item.updated_on else None
    return _print(item.title, _("Guide"), "content.guide", f"h{item.id}", lead=item.summary,
                  points=item.key_points, date=date, slug=slug)


@bp.route("/van-ban/<slug>/in")
@public
@public_page(max_age=300)
def document_print(slug: str):
    item = queries.document_by_slug(slug)
    if item is None:
        abort(404)
    g.last_modified = item.updated_at
    kind = f"{item.doc_type} {item.number}".strip()
    date = item.issued_on.strftime("%d/%m/%Y") if item.issued_on else None
    return _print(item.title, kind, "content.document", f"v{item.id}", lead=item.summary,
                  points=[item.issuer] if item.issuer else [], date=date, slug=slug)
