import pytest

from app.extensions import db as _db

from ..conftest import make_app


@pytest.fixture
def proxied_client(database_url, db):
    """A client of an app behind one proxy (PROXY_FIX_HOPS=1), as in production behind nginx.
    Its own engine is disposed afterwards, so no connection outlives the test."""
    app = make_app(database_url, PROXY_FIX_HOPS=1)
    try:
        yield app.test_client()
    finally:
        with app.app_context():
            for engine in _db.engines.values():
                engine.dispose()
