"""gunicorn settings for production: `gunicorn roubaix_aide.wsgi` reads this file.

Every value can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS…).
"""

import multiprocessing
import os

from operations import memory
from roubaix_aide.env import envint

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: pages are short, database-bound requests.
workers = envint("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1, minimum=1)
threads = envint("GUNICORN_THREADS", 1, minimum=1)
# The first request of a full /donnees/ export of a large directory builds it, which can take
# longer than 30 s (bench/exports.py, BENCHMARKS.md): that would cut it off mid-file.
timeout = envint("GUNICORN_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows for long.
max_requests = envint("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = 200
# Django logs each request with its id and duration (operations/request_log.py).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Trust X-Forwarded-* only from the load balancer in front.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
preload_app = True


def pre_fork(server, worker):
    # The app loaded by the master (preload_app) out of the workers' collector's sight
    # (operations/memory.py); the collector, which writes into every object it walks, then no
    # longer copies the master's memory into each worker.
    memory.freeze()


def post_request(worker, req, environ, resp):
    if worker.nr in memory.FREEZE_AFTER_REQUESTS:
        memory.freeze()
