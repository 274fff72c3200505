"""A live server for the browser tests: `python -m tests.browser.server URL PORT`."""
import sys

from werkzeug.serving import make_server

from app import create_app
from app.config import TEST_OVERRIDES


def main() -> None:
    database_url, port = sys.argv[1], int(sys.argv[2])
    app = create_app({**TEST_OVERRIDES, "SQLALCHEMY_DATABASE_URI": database_url,
                      "TESTING": False, "PROPAGATE_EXCEPTIONS": False})
    make_server("127.0.0.1", port, app, threaded=True).serve_forever()


if __name__ == "__main__":
    main()
