"""Backups: `flask backup create` and `flask backup restore ARCHIVE` (README, "Sao lưu và
khôi phục / Backup and restore").

A shared service: it reads the database and MEDIA_ROOT whole, whatever the domains keep there,
so it imports no domain.
"""
from __future__ import annotations

from flask import Flask

from . import cli


def init_app(app: Flask) -> None:
    if "backup" not in app.cli.commands:
        app.cli.add_command(cli.group)
