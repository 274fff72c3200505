"""The yardstick of `make bench`: a minimal Flask + Jinja page of about 23 KB, read from SQLite.

Served by gunicorn with the portal's own settings (deploy/gunicorn.conf.py), in the same run,
so each page of the portal is reported as a ratio to what the bare stack does on this machine.
"""
import os
import sqlite3

from flask import Flask, render_template_string

app = Flask(__name__)
DB = os.environ.get("BASELINE_DB", "/tmp/ksx-baseline.db")
PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ title }}</title>
</head><body><h1>{{ title }}</h1>{% for row in rows %}<article><h2>{{ row[0] }}</h2>
<p>{{ row[1] }}</p></article>{% endfor %}</body></html>"""


@app.get("/")
def page():
    with sqlite3.connect(DB) as conn:
        rows = conn.execute("SELECT title, body FROM posts ORDER BY id").fetchall()
    return render_template_string(PAGE, title="Trang thử", rows=rows)


def make_db(path: str = DB) -> None:
    """30 posts of about 760 bytes each: a rendered page of about 23 KB."""
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE IF EXISTS posts")
        conn.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
        body = "Phân loại rác tại nguồn giúp giảm lượng rác phải chôn lấp. " * 9
        conn.executemany("INSERT INTO posts (title, body) VALUES (?, ?)",
                         [(f"Bài viết số {i}", body) for i in range(30)])


SIZE_NOTE = "30 rows from SQLite, 23 KB"
