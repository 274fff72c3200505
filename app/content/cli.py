from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from .. import search
from ..extensions import db
from . import bp
from .sync import ContentError, sync_all  # sync imports .indexing, which registers its rebuild


@bp.cli.command("sync")
def sync() -> None:
    """Bring guides and documents in the database in line with content/ (idempotent)."""
    try:
        reports = sync_all(Path(current_app.config["CONTENT_ROOT"]))
    except ContentError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    for what, report in reports.items():
        for line in report.lines(what):
            click.echo(line)


@bp.cli.command("reindex")
def reindex() -> None:
    """Rebuild the search entries of every post, guide, document, campaign and warning."""

    count = search.rebuild_all()
    db.session.commit()
    click.echo(f"{count} entries indexed.")
