"""Every write on accounts, with its audit entry. Shared by views and the CLI."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from .. import audit
from ..extensions import db
from ..web.roles import ROLES, SCHOOL
from ..web.timeutil import utcnow
from . import passwords
from .models import User, UserSession

if TYPE_CHECKING:  # annotations only: auth never loads another domain's models
    from ..schools.models import School


audit.register_actions({
    "auth.sign_in_failed": _l("Failed sign-in"),
    "auth.session_end": _l("Session ended by its owner"),
    "auth.sessions_end_others": _l("Other sessions ended by their owner"),
    "security.forbidden": _l("Access refused"),
})


class AccountError(ValueError):
    """A change that cannot be made; the message is translated and shown as is.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_role(role: str, school: School | None) -> None:

    if role not in ROLES:
        raise AccountError(_("Unknown role."), field="role")
    if role == SCHOOL and school is None:
        raise AccountError(_("A school account must be bound to a school."), field="school")
    if role != SCHOOL and school is not None:
        raise AccountError(_("Only school accounts are bound to a school."), field="school")


def _check_password(password: str, email: str, name: str = "") -> None:
    errors = passwords.policy_errors(password, user_inputs=[email, email.split("@")[0], name])
    if errors:
        raise AccountError(errors[0], field="password")


def create_user(email: str, password: str, role: str, *, name: str = "",
                school: School | None = None, actor: User | None = None) -> User:

    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise AccountError(_("An account with this email already exists."), field="email")
    _check_role(role, school)
    _check_password(password, email, name)
    user = User(
        email=email, name=name.strip(), role=role, school=school,
        password_hash=passwords.hash_password(password),
    )
    db.session.add(user)
    audit.record("user.create", user, f"{email} ({role})", actor=actor, role=role,
                 school=school.slug if school else None)
    return user


def update_user(user: User, *, name: str, role: str, school: School | None,
                actor: User | None = None) -> None:
    _check_role(role, school)
    changes = {}
    ended = None
    if user.name != name.strip():
        changes["name"] = [user.name, name.strip()]
        user.name = name.strip()
    if user.role != role or user.school_id != (school.id if school else None):
        changes["role"] = [user.role, role]
        if user.school != school:
            changes["school"] = [user.school.slug if user.school else None,
                                 school.slug if school else None]
        user.role = role
        user.school = school
        ended = end_all_sessions(user)  # the new role takes effect at the next sign-in
    if changes:
        audit.record("user.update", user, user.email, actor=actor, changes=changes,
                     sessions_ended=ended)


def set_active(user: User, active: bool, *, actor: User | None = None) -> None:

    if actor is not None and actor.id == user.id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    ended = end_all_sessions(user)
    audit.record("user.activate" if active else "user.deactivate", user, user.email, actor=actor,
                 sessions_ended=ended or None)


def set_password(user: User, password: str, *, actor: User | None = None) -> None:
    _check_password(password, user.email, user.name)
    user.password_hash = passwords.hash_password(password)
    audit.record("user.password_reset", user, user.email, actor=actor,
                 sessions_ended=end_all_sessions(user))


def change_own_password(user: User, current: str, new: str, *,
                        keep: UserSession | None = None) -> User:
    """A person changes their own password; the other sessions of the account end
    (`keep` is the one they are using)."""

    if not passwords.verify_password(user.password_hash, current):
        raise AccountError(_("The current password is not correct."), field="current")
    try:
        _check_password(new, user.email, user.name)
    except AccountError as error:
        error.field = "new"
        raise
    user.password_hash = passwords.hash_password(new)
    audit.record("user.password_change", user, user.email, actor=user,
                 sessions_ended=end_all_sessions(user, keep=keep))
    return user


# --- sessions ---------------------------------------------------------------------------

def end_all_sessions(user: User, *, keep: UserSession | None = None) -> int:
    """Delete the sessions of `user` (all but `keep`): their cookies stop working at once."""
    if user.id is None:
        return 0
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    return db.session.execute(statement).rowcount or 0


def end_other_sessions(user: User, current: UserSession) -> int:
    """"End all other sessions" on /tai-khoan/."""
    ended = end_all_sessions(user, keep=current)
    audit.record("auth.sessions_end_others", user, user.email, actor=user, sessions_ended=ended)
    return ended


def end_session(user: User, session_id: int) -> UserSession | None:
    """End one session of `user`; None when they have no session with this id (someone
    else's sessions are as invisible as ones that never existed)."""
    row = db.session.scalar(select(UserSession).where(UserSession.id == session_id,
                                                      UserSession.user_id == user.id))
    if row is None:
        return None
    audit.record("auth.session_end", user, user.email, actor=user, session=row.id,
                 session_ip=row.ip or None)
    db.session.delete(row)
    return row


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (the same None for every failure)."""
    user = find_by_email(email)
    if user is None:
        # Spend the same time as a real check so that timing does not reveal accounts.
        passwords.verify_password(_dummy_hash(), password)
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    audit.record("auth.sign_in", user, user.email, actor=user)
    return user


_DUMMY: dict[str, str] = {}


def _dummy_hash() -> str:

    key = str(current_app.config["ARGON2_MEMORY_COST"])
    if key not in _DUMMY:
        _DUMMY[key] = passwords.hash_password("not a real password, used for timing")
    return _DUMMY[key]

