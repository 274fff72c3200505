"""`flask users …`: staff accounts are created here or by an admin; never signed up."""
from __future__ import annotations

import sys

import click
from sqlalchemy import select

from ..extensions import db
from ..schools.queries import school_by_slug
from ..web.roles import ROLES
from . import bp
from .models import User
from .operations import AccountError, create_user, find_by_email, set_password


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        raise click.ClickException("No password on standard input.")
    return line.rstrip("\r\n")


@bp.cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--school", "school_slug", help="Slug of the school (school accounts only).")
@click.option("--name", default="", help="Display name.")
def create(email: str, role: str, school_slug: str | None, name: str) -> None:
    """Create an account. The password is read from a prompt or from standard input."""
    school = None
    if school_slug:
        school = school_by_slug(school_slug)
        if school is None:
            raise click.ClickException(f"No school with slug {school_slug!r}.")
    password = _read_password()
    try:
        user = create_user(email, password, role, name=name, school=school)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).")


@bp.cli.command("set-password")
@click.argument("email")
def set_password_command(email: str) -> None:
    """Set a new password for an account (read from a prompt or standard input)."""
    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account {email!r}.")
    try:
        set_password(user, _read_password())
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Password changed for {user.email}; their sessions have ended.")


@bp.cli.command("list")
def list_users() -> None:
    """List accounts with their role and state."""
    for user in db.session.scalars(select(User).order_by(User.role, User.email)):
        state = "active" if user.active else "inactive"
        school = f" [{user.school.slug}]" if user.school else ""
        click.echo(f"{user.email}\t{user.role}{school}\t{state}")
