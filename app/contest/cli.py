"""`flask contest purge-personal-data`: safe to run from cron, as often as wanted."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from .operations import purge_personal_data

group = AppGroup("contest", help="Initiative contest tasks.")


@group.command("purge-personal-data")
def purge_command():
    """Erase entrants' personal data past each contest's retention limit (idempotent)."""
    count = purge_personal_data()
    db.session.commit()
    click.echo(f"{count} entries anonymised.")


def init_app(app: Flask) -> None:
    if "contest" not in app.cli.commands:
        app.cli.add_command(group)
