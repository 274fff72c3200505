"""What the content domain puts in the site-wide search."""
from __future__ import annotations

from sqlalchemy import select

from .. import search
from ..extensions import db
from ..web.markdown import plain_text
from .models import Campaign, Document, Guide, Post


def index_post(post: Post) -> None:
    db.session.flush()
    search.index("post", post.id, slug=post.slug, title=post.title,
                 body=f"{post.summary} {plain_text(post.body)}".strip(),
                 visible_from=post.publish_at,
                 hidden=post.state not in ("published", "scheduled"))


def index_guide(guide: Guide) -> None:
    db.session.flush()
    search.index("guide", guide.id, slug=guide.slug, title=guide.title,
                 body=f"{guide.summary} {' '.join(guide.key_points)} {plain_text(guide.body)}",
                 visible_from=guide.synced_at, hidden=guide.archived)


def index_document(document: Document) -> None:
    db.session.flush()
    search.index("document", document.id, slug=document.slug,
                 title=f"{document.doc_type} {document.number}: {document.title}".replace(" :", ":"),
                 body=f"{document.issuer}. {document.summary}",
                 visible_from=document.created_at, hidden=document.archived)


def index_campaign(campaign: Campaign) -> None:
    db.session.flush()
    search.index("campaign", campaign.id, slug=campaign.slug, title=campaign.title,
                 body=f"{campaign.summary} {campaign.goal} {plain_text(campaign.description)}",
                 visible_from=campaign.created_at, hidden=campaign.state == "draft")


def reindex_all() -> int:
    count = 0
    for model, indexer in ((Post, index_post), (Guide, index_guide), (Document, index_document),
                           (Campaign, index_campaign)):
        for item in db.session.scalars(select(model)):
            indexer(item)
            count += 1
    return count


search.register_rebuild("content", reindex_all)
