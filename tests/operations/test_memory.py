"""gunicorn's workers keep the garbage collector off what they hold for their life."""

import gc
import runpy
import weakref
from pathlib import Path
from types import SimpleNamespace

import pytest

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.fixture
def hooks():
    yield runpy.run_path(str(GUNICORN_CONF))
    gc.unfreeze()


class Node:
    pass


def test_the_master_freezes_the_loaded_app_before_forking(hooks):
    gc.unfreeze()
    garbage = Node()
    garbage.cycle = garbage
    dropped = weakref.ref(garbage)
    del garbage
    hooks["pre_fork"](server=None, worker=None)
    assert gc.get_freeze_count() > 0
    # Garbage is collected first, not frozen for the life of the process.
    assert dropped() is None


@pytest.mark.parametrize(("requests", "freezes"), [(1, True), (2, False), (10, True), (99, False)])
def test_a_worker_freezes_what_it_holds_after_its_first_requests(hooks, requests, freezes):
    gc.unfreeze()
    kept = [object() for _ in range(10)] + [[] for _ in range(1000)]
    hooks["post_request"](SimpleNamespace(nr=requests), None, None, None)
    assert (gc.get_freeze_count() >= len(kept)) is freezes
