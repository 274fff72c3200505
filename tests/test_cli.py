from sqlalchemy import func, select

from app.auth.models import User
from app.demo import data as demo_data
from app.schools.models import School

from . import factories


def test_users_create_reads_a_piped_password(runner, db):
    result = runner.invoke(args=["users", "create", "Ban.Bien.Tap@kesat.example", "--role", "editor"],
                           input="lúa vàng trên đồng quê\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "ban.bien.tap@kesat.example"))
    assert user.role == "editor" and user.password_hash.startswith("$argon2id$")


def test_users_create_school_account_needs_existing_school(runner, db):
    result = runner.invoke(args=["users", "create", "t@kesat.example", "--role", "school",
                                 "--school", "khong-co"], input="lúa vàng trên đồng quê\n")
    assert result.exit_code != 0 and "No school" in result.output
    school = factories.make_school(slug="th-hung-thang")
    db.session.commit()
    result = runner.invoke(args=["users", "create", "t@kesat.example", "--role", "school",
                                 "--school", "th-hung-thang"], input="lúa vàng trên đồng quê\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.email == "t@kesat.example")).school_id == school.id


def test_users_create_refuses_weak_password_and_bad_role(runner, db):
    result = runner.invoke(args=["users", "create", "w@kesat.example", "--role", "editor"],
                           input="12345678\n")
    assert result.exit_code != 0
    result = runner.invoke(args=["users", "create", "w@kesat.example", "--role", "boss"],
                           input="lúa vàng trên đồng quê\n")
    assert result.exit_code != 0
    assert db.session.scalar(select(User).where(User.email == "w@kesat.example")) is None


def test_users_create_refuses_duplicates(runner, db):
    factories.make_user(role="judge", email="dup@kesat.example")
    db.session.commit()
    result = runner.invoke(args=["users", "create", "dup@kesat.example", "--role", "judge"],
                           input="lúa vàng trên đồng quê\n")
    assert result.exit_code == 1, result.output  # a clear refusal (click's 1), not a crash
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_demo_load_is_idempotent_and_prints_passwords_once(runner, db):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert first.output.count("password:") == len(demo_data.ACCOUNTS) == 7  # 3 judges, 2 schools
    counts = (db.session.scalar(select(func.count()).select_from(User)),
              db.session.scalar(select(func.count()).select_from(School)))
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0
    assert "password:" not in second.output
    assert counts == (db.session.scalar(select(func.count()).select_from(User)),
                      db.session.scalar(select(func.count()).select_from(School)))
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"admin", "editor", "judge", "school"}
    from app.content.models import Campaign, Post

    posts = db.session.scalars(select(Post)).all()
    assert len([p for p in posts if p.state == "published"]) >= 20
    assert {p.state for p in posts} >= {"published", "draft", "scheduled"}
    assert len({p.category for p in posts}) == 7
    assert any(p.cover for p in posts)
    assert db.session.scalar(select(func.count()).select_from(Campaign)) == 2
    from app.alerts import queries as alert_queries
    from app.alerts.models import Alert

    alerts = db.session.scalars(select(Alert)).all()
    assert {a.msg_type for a in alerts} == {"Alert", "Update", "Cancel"}
    assert len(alert_queries.active_alerts()) == 1


def test_demo_load_if_empty_skips_a_used_database(runner, db):
    factories.make_user(role="admin")
    db.session.commit()
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0 and "not loaded" in result.output
    assert db.session.scalar(select(func.count()).select_from(School)) == 0


def test_demo_load_refused_in_production(app, runner, db):
    app.config["APP_ENV"] = "production"
    try:
        result = runner.invoke(args=["demo", "load"])
    finally:
        app.config["APP_ENV"] = "testing"
    assert result.exit_code != 0 and "production" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
