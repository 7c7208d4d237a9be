"""Gunicorn settings for config.wsgi:application; each can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: the app is CPU-light and database-bound; 2 per core plus one, at most 8.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
# Excel exports and org chart imports can take a while; anything longer belongs in Celery.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# The longest request line gunicorn allows (default 4094): search and similar-idea queries
# carry Korean text, percent-encoded at 9 bytes a syllable.
limit_request_line = 8190
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 1000
max_requests_jitter = 100
# Behind a reverse proxy that sets X-Forwarded-Proto (see SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def post_worker_init(worker):
    """Load the Korean analyser (library search) and the sentence encoder (the similar-ideas
    check) and run each once before the worker takes requests. Left to the first search,
    loading (0.7 s) and the first analysis (1.5 s) held that request for over 2 s after
    each start and each recycle (max_requests), and every request queued behind it waited
    too; the encoder's first sentence took 1–4.7 s more, on a team leader typing a title.
    The library's index stays lazy: it needs the database, and a worker that never serves
    the check need not hold it."""
    from similarity import encoder, morphology

    morphology.terms("혁신 관리")
    encoder.encode(["혁신 관리"])  # logs and falls back to words alone if it cannot load
