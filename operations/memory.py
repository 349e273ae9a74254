"""Keeping Python's garbage collector off the objects a server process keeps for its life.

A full collection walks every object the process holds: some 120,000 once Django has served
its first pages (its modules, compiled templates, URL resolvers, translations), every few dozen
requests, and made most of a list page's p95 in the benchmark. Those objects live as long as
the process; `freeze()` moves them out of the collector's sight (gc.freeze), so
a collection walks only what requests have made since. gunicorn.conf.py freezes the app that
the master loads before it forks, then what each worker has built by its first requests; the
benchmark does the same before it times pages.
"""

import gc

# A worker's requests after which it freezes what it holds: by then the pages it serves have
# compiled their templates and filled Django's caches.
FREEZE_AFTER_REQUESTS = frozenset({1, 10, 100})


def freeze():
    """Collect the garbage, then freeze every object left (they are all long-lived)."""
    gc.collect()
    gc.freeze()
