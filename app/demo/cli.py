from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from ..auth.models import User
from ..auth.operations import create_user, find_by_email
from ..content.sync import sync_all
from ..extensions import db
from ..schools.models import School
from ..settings import save_settings
from ..settings.models import SiteSetting
from . import bp, data
from .alerts_demo import load_alerts
from .content_demo import load_campaigns, load_posts
from .contest_demo import load_contests
from .schools_demo import load_schools


def _passphrase() -> str:
    return "-".join(secrets.token_urlsafe(6) for _i in range(3))


def load_demo() -> list[tuple[str, str, str | None]]:
    """Add whatever demo data is missing. Returns (email, role, password or None)."""
    existing = {s.slug: s for s in db.session.scalars(select(School))}
    for name, slug, level in data.SCHOOLS:
        if slug not in existing:
            existing[slug] = School(name=name, slug=slug, level=level)
            db.session.add(existing[slug])
    for school in existing.values():  # an earlier load's names with "Thị trấn"
        school.name = data.OLD_NAMES.get(school.name, school.name)
    db.session.flush()
    # Only settings nobody has set yet: a second load never undoes an admin's edit.
    stored = dict(db.session.execute(select(SiteSetting.key, SiteSetting.value)).all())
    save_settings({k: v for k, v in data.SETTINGS.items()
                   if k not in stored or stored[k] == data.OLD_SETTINGS.get(k)})
    created = []
    sync_all(Path(current_app.config["CONTENT_ROOT"]))
    for email, role, name, school_slug in data.ACCOUNTS:
        if find_by_email(email) is not None:
            created.append((email, role, None))
            continue
        password = _passphrase()
        create_user(email, password, role, name=name,
                    school=existing[school_slug] if school_slug else None)
        created.append((email, role, password))
    load_posts(load_campaigns(), author=find_by_email("bientap@kesat.example"))
    load_alerts(data.SETTINGS["email"])
    load_contests()
    load_schools()
    return created


@bp.cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has accounts.")
def load(if_empty: bool) -> None:
    """Load the demo data (idempotent). Refused with the production configuration."""
    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException(
            "Demo data is refused with APP_ENV=production: it would add known accounts."
        )
    if if_empty and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("The database already has data; demo data not loaded.")
        return
    accounts = load_demo()
    db.session.commit()
    click.echo("Demo data loaded.")
    for email, role, password in accounts:
        if password:
            click.echo(f"  {role:<7} {email:<36} password: {password}")
        else:
            click.echo(f"  {role:<7} {email:<36} (already existed; password unchanged)")
    if any(p for _e, _r, p in accounts):
        click.echo("The passwords are shown only this once.")
