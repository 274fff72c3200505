"""What every page reads is kept per worker for a few seconds (issue 12, line 2): site
settings and the warnings in force. The worker that changes them sees the change at once."""
import pytest
from sqlalchemy import event

from app.alerts import operations as alert_ops
from app.alerts.banner import banner_alerts
from app.settings import save_settings, site_settings
from app.web import workercache

from .. import factories


@pytest.fixture
def cached_for_a_while(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    app.extensions.pop("ksx_worker_cache", None)
    yield
    app.extensions.pop("ksx_worker_cache", None)


def _queries(db, action):
    count = []
    listener = lambda *a, **k: count.append(1)  # noqa: E731
    event.listen(db.engines[None], "before_cursor_execute", listener)
    try:
        value = action()
    finally:
        event.remove(db.engines[None], "before_cursor_execute", listener)
    return value, len(count)


def test_a_value_is_loaded_once_per_interval_and_again_after_clear(app, cached_for_a_while):
    calls = []
    with app.app_context():
        for _ in range(3):
            workercache.cached("thing", lambda: calls.append(1) or len(calls))
        assert calls == [1]
        workercache.clear("thing")
        assert workercache.cached("thing", lambda: calls.append(1) or len(calls)) == 2


def test_a_failed_load_is_not_remembered(app, cached_for_a_while):
    def broken():
        raise RuntimeError("database down")

    with app.app_context():
        with pytest.raises(RuntimeError):
            workercache.cached("thing", broken)
        assert workercache.cached("thing", lambda: "back") == "back"


def test_without_an_interval_every_call_loads(app):
    calls = []
    with app.app_context():
        workercache.cached("thing", lambda: calls.append(1))
        workercache.cached("thing", lambda: calls.append(1))
    assert len(calls) == 2


def test_settings_are_read_once_and_a_save_is_seen_at_once(app, db, cached_for_a_while):
    with app.test_request_context():
        _, first = _queries(db, site_settings)
    with app.test_request_context():
        _, again = _queries(db, site_settings)
    assert first >= 1 and again == 0
    with app.test_request_context():
        save_settings({"commune_name": "Vĩnh Hồng"})
        db.session.commit()
    with app.test_request_context():
        assert site_settings().commune_name == "Vĩnh Hồng"


def test_the_banner_reads_warnings_once_and_a_publish_is_seen_at_once(app, db, cached_for_a_while):
    factories.make_alert("Mưa lớn cấp 2", level=2)
    db.session.commit()
    with app.test_request_context():
        shown, first = _queries(db, banner_alerts)
        _, again = _queries(db, banner_alerts)
    assert [a.headline for a in shown] == ["Mưa lớn cấp 2"] and first >= 1 and again == 0
    admin = factories.make_user(role="admin")
    storm = factories.make_alert("Bão số 9 cấp 4", level=4, hazard="bao-ap-thap", published=False)
    db.session.commit()
    with app.test_request_context():
        alert_ops.publish(storm, actor=admin, version=storm.version)
        db.session.commit()
        assert [a.headline for a in banner_alerts()] == ["Bão số 9 cấp 4", "Mưa lớn cấp 2"]
