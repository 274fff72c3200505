"""/feed.atom and /sitemap.xml."""
from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask import abort, g, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..content import categories
from ..content import queries as content
from ..content.models import Campaign, Document, Guide, Post
from ..extensions import db
from ..schools import queries as schools
from ..settings import site_settings
from ..web.caching import public_page
from ..web.inputs import xml_text
from ..web.markdown import render
from ..web.responses import typed
from ..web.roles import public
from ..web.timeutil import utcnow
from ..web.urls import external_url
from . import bp

FEED_SIZE = 30


@bp.route("/feed.atom")
@public
@public_page(max_age=300)
def feed():
    """Atom feed of the latest posts, for the whole site or one category (?chuyen-muc=)."""

    slug = request.args.get("chuyen-muc")
    category = categories.get(slug)
    if slug and category is None:
        abort(404)
    posts = content.latest_posts(FEED_SIZE, (category.slug,) if category else None)
    settings = site_settings()
    feed_url = external_url("site.feed", **({"chuyen-muc": slug} if slug else {}))
    generator = FeedGenerator()
    generator.id(feed_url)
    with force_locale("vi"):
        title = f"{settings.commune_name} Xanh"
        if category:
            title += f": {category.name}"
        generator.title(xml_text(title))
        generator.subtitle(xml_text(_("Environmental portal of %(commune)s commune",
                                      commune=settings.commune_name)))
    generator.link(href=feed_url, rel="self")
    generator.link(href=external_url("site.home"), rel="alternate")
    generator.language("vi")
    generator.author({"name": xml_text(settings.centre_name)})
    generator.updated(max((p.updated_at for p in posts), default=utcnow()))
    # Stored texts go through xml_text: lxml refuses what XML 1.0 forbids, and a post saved
    # before the input guard (app/web/inputs.py) could hold such a character.
    for post in reversed(posts):  # feedgen prepends: add oldest first
        entry = generator.add_entry()
        link = external_url("content.post", slug=post.slug)
        entry.id(link)
        entry.title(xml_text(post.title))
        entry.link(href=link, rel="alternate")
        entry.published(post.publish_at)
        entry.updated(max(post.updated_at, post.publish_at))
        if post.summary:
            entry.summary(xml_text(post.summary))
        entry.content(xml_text(str(render(post.body))), type="html")
        entry.category(term=post.category, label=xml_text(categories.get(post.category).name))
    g.last_modified = max((p.updated_at for p in posts), default=None)
    return typed(generator.atom_str(pretty=False), "application/atom+xml")


@bp.route("/sitemap.xml")
@public
@public_page(max_age=3600)
def sitemap():

    posts = db.session.execute(
        content.visible_posts().with_only_columns(
            Post.slug, Post.updated_at, Post.publish_at)
        .order_by(Post.publish_at.desc())).all()
    guides = db.session.execute(select(Guide.slug, Guide.synced_at)
                                .where(Guide.archived.is_(False))).all()
    documents = db.session.execute(select(Document.slug, Document.updated_at)
                                   .where(Document.archived.is_(False))).all()
    campaigns = db.session.execute(select(Campaign.slug, Campaign.updated_at)
                                   .where(Campaign.state != "draft")).all()
    urls = [(external_url(e), None) for e in (
        "site.home", "content.post_list", "content.campaign_list", "content.guide_list",
        "content.document_list", "waste.lookup", "waste.calendar", "site.contact")]
    urls += [(external_url("content.post", slug=s), max(u, p)) for s, u, p in posts]
    urls += [(external_url("content.guide", slug=s), u) for s, u in guides]
    urls += [(external_url("content.document", slug=s), u) for s, u in documents]
    urls += [(external_url("content.campaign", slug=s), u) for s, u in campaigns]
    # Green schools: the board and each school's page (which shows approved activities only).
    urls.append((external_url("green.board"), None))
    urls += [(external_url("green.school", slug=school.slug), None) for school in schools.schools()]
    stamps = [u for _, u in urls if u]
    g.last_modified = max(stamps) if stamps else None
    return typed(render_template("feeds/sitemap.xml", urls=urls), "application/xml")
