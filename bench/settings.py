"""The production settings, plus the bare view's URL, for `make bench` only.

The environment is set by bench/run.py: DEBUG off, a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, no
HTTPS redirect (the load tool speaks plain HTTP on the loopback). PUBLIC_PAGE_CACHE_SECONDS=0
turns the page cache off to measure uncached pages (the other uses of the cache stay on).
"""

import os

from roubaix_aide.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
