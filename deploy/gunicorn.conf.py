"""gunicorn settings for Kẻ Sặt Xanh: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Environment: APP_ENV=production, SECRET_KEY, SITE_URL, DATABASE_URL (PostgreSQL), REDIS_URL,
PROXY_FIX_HOPS=1 behind nginx. See README.md, "Production".
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# No recycling of workers by request count (gunicorn's default). It was 5000: under a
# storm-day load (2,000 requests/s) each worker then restarted every few seconds, and every
# restart is a cold start (imports, templates compiled again, empty page cache) that made the
# 1% slowest answers take 0.5–1.2 s instead of about 30 ms (make bench, 50 connections).
# GUNICORN_MAX_REQUESTS=N turns it back on if a leak ever shows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# The app itself writes one JSON line per request to stderr, with its request id and the path
# without the query string (app/web/logs.py), so gunicorn's own access log is off unless asked
# for (GUNICORN_ACCESS_LOG=- or a file); its lines then pass through the app's masking of
# tokens, emails and phone numbers.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = "127.0.0.1"

# gunicorn writes "Server: gunicorn" (its name; no version since 20.0) before the app's own
# headers and has no setting to leave it out. Name no product: answer "Server: kesat" instead
# (Response reads this module global for each response, in every worker). Behind nginx the
# header is nginx's own anyway ("Server: nginx" with server_tokens off).
from gunicorn.http import wsgi as _gunicorn_wsgi  # noqa: E402

_gunicorn_wsgi.SERVER = "kesat"
