"""A cache server that does not answer makes pages slower, never failing.

CACHE_URL's backends (roubaix_aide/settings.py) are Django's own Redis and memcached backends,
with each call of the cache API wrapped once: when the server fails, the call answers as an
empty cache would (a miss; nothing stored) and the page is computed from the database. Then:
- the server is left alone for RETRY_SECONDS, so that a server that does not answer costs a
  request at most one timeout (CACHE_TIMEOUT_MS) instead of one per call;
- a warning goes to the log at most once every WARNING_SECONDS, and a line when it answers again.
/sante/ says whether the cache answers (operations/health.py).

The page cache's keys hold the directory's generation (associations/caching.py): what was
stored before an outage is never served for data edited during it.
"""

import logging
import re
from time import monotonic

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.memcached import PyMemcacheCache as DjangoPyMemcacheCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from pymemcache.exceptions import MemcacheError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
WARNING_SECONDS = 60


class Outage:
    """Whether the cache server at a location fails; one per location, shared by a process's
    threads (each thread has its own backend object)."""

    def __init__(self, location):
        self.location = location
        self.since = self.failed_at = self.warned_at = None

    def skips(self, now):
        return self.failed_at is not None and now - self.failed_at < RETRY_SECONDS

    def failed(self, now, error):
        if self.since is None:
            self.since = now
        self.failed_at = now
        if self.warned_at is None or now - self.warned_at >= WARNING_SECONDS:
            self.warned_at = now
            logger.warning(
                "Cache server %s does not answer (%s): pages are served uncached.",
                self.location,
                error,
            )

    def answered(self, now):
        if self.since is not None:
            logger.warning(
                "Cache server %s answers again, after %d s.", self.location, now - self.since
            )
            self.since = self.failed_at = self.warned_at = None


_outages = {}


def shown(location):
    """The location without the password a URL may hold, for the log."""
    return re.sub(r"://[^@/]*@", "://***@", str(location))


class FailSoft:
    """Django's cache API over a server's backend (the next class in the MRO); `failures` are the
    exceptions of that server's client."""

    failures = ()

    def __init__(self, server, params):
        super().__init__(server, params)
        self._outage = _outages.setdefault(shown(server), Outage(shown(server)))

    def _call(self, default, method, *args, **kwargs):
        now = monotonic()
        if self._outage.skips(now):
            return default
        try:
            result = method(*args, **kwargs)
        except self.failures as error:
            self._outage.failed(now, error)
            return default
        self._outage.answered(now)
        return result

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        # As on an empty cache, where the key is missing (BaseCache.decr comes here too).
        result = self._call(None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key {key!r} not found.")
        return result

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(None, super().clear)


class RedisCache(FailSoft, DjangoRedisCache):
    failures = (RedisError, OSError)


class PyMemcacheCache(FailSoft, DjangoPyMemcacheCache):
    failures = (MemcacheError, OSError)
