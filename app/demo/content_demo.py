"""Demo campaigns and posts from app/demo/content/*.yaml, with covers drawn by the code."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from ..content import categories
from ..content.indexing import reindex_all
from ..content.media import save_image
from ..content.models import Campaign, Post
from ..content.queries import today_local
from ..extensions import db
from ..web.drawing import hex_rgb, landscape
from ..web.timeutil import utcnow

HERE = Path(__file__).parent / "content"


def _cover(colour: str, seed: int, alt: str):
    image = landscape((1600, 900), hex_rgb(colour), seed=seed)
    return save_image(image, alt=alt)


def load_campaigns() -> dict[str, Campaign]:
    data = yaml.safe_load((HERE / "campaigns.yaml").read_text(encoding="utf-8"))
    existing = {c.slug: c for c in db.session.scalars(select(Campaign))}
    today = today_local()
    for i, raw in enumerate(data["campaigns"]):
        if raw["slug"] in existing:
            continue
        colour = "#a16207" if "rom" in raw["slug"] else "#166534"
        campaign = Campaign(
            slug=raw["slug"], title=raw["title"], goal=raw.get("goal", ""),
            summary=raw.get("summary", ""), description=raw.get("description", ""),
            starts_on=today + timedelta(days=int(raw["start_offset_days"])),
            ends_on=today + timedelta(days=int(raw["end_offset_days"])), state="published",
            cover=_cover(colour, i + 3, f"Tranh vẽ cánh đồng lúa minh họa cho chiến dịch “{raw['title']}”"),
        )
        db.session.add(campaign)
        existing[campaign.slug] = campaign
    db.session.flush()
    return existing


def load_posts(campaigns: dict[str, Campaign], author=None) -> int:
    data = yaml.safe_load((HERE / "posts.yaml").read_text(encoding="utf-8"))
    existing = set(db.session.scalars(select(Post.slug)))
    now = utcnow()
    added = 0
    for i, raw in enumerate(data["posts"]):
        if raw["slug"] in existing:
            continue
        state = raw.get("state") or "published"
        publish_at = now - timedelta(days=int(raw.get("days_ago", 0)), hours=i % 7)
        category = categories.get(raw["category"])
        cover = None
        if i % 2 == 0 and category is not None:
            cover = _cover(category.colour, i, f"Tranh vẽ minh họa: {raw['title']}")
        db.session.add(Post(
            slug=raw["slug"], title=raw["title"], summary=raw.get("summary", ""),
            body=raw.get("body", ""), category=raw["category"],
            campaign=campaigns.get(raw.get("campaign") or ""), state=state,
            publish_at=None if state == "draft" else publish_at, cover=cover,
            author_id=getattr(author, "id", None), created_at=publish_at, updated_at=publish_at,
        ))
        added += 1
    if added:

        reindex_all()
    return added
