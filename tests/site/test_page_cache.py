from sqlalchemy import event

from app.web.caching import clear_page_cache

from .. import factories


def _queries(db, client, path, **kw):
    count = []
    engine = db.engines[None]
    listener = lambda *a, **k: count.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get(path, **kw)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return response, len(count)


def test_anonymous_pages_are_rendered_once_per_interval(app, client, db, login_as):
    factories.make_post(slug="dem")
    db.session.commit()
    app.config["PAGE_CACHE_SECONDS"] = 30
    clear_page_cache()
    try:
        first, n1 = _queries(db, client, "/tin-tuc/")
        second, n2 = _queries(db, client, "/tin-tuc/")
        assert n1 > 0 and n2 == 0
        assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
        assert "public" in second.headers["Cache-Control"]
        assert second.headers["Content-Security-Policy"]
        revalidated, _ = _queries(db, client, "/tin-tuc/", headers={"If-None-Match": first.headers["ETag"]})
        assert revalidated.status_code == 304
        client.set_cookie("lang", "en")  # the language switcher's choice
        english, n3 = _queries(db, client, "/tin-tuc/")
        client.delete_cookie("lang")
        assert n3 > 0 and english.data != first.data
        partial, n4 = _queries(db, client, "/tin-tuc/", headers={"HX-Request": "true",
                                                                 "HX-Request-Type": "partial"})
        assert n4 > 0 and b"<html" not in partial.data
        login_as("editor")
        staff, n5 = _queries(db, client, "/tin-tuc/")
        assert n5 > 0 and staff.headers["Cache-Control"] == "no-store"
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        clear_page_cache()
