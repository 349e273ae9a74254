"""A real browser for the accessibility and keyboard tests: Debian's Chromium driven by Playwright.

No browser is downloaded: Playwright launches the system's `chromium` (`apt-get install chromium`,
which .ci/run does when it is missing). Without it the browser tests are skipped, saying why.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.test import Client

from operations.demo import load_demo
from tests.conftest import seed_lists

CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="no Chromium found: apt-get install chromium (or set CHROMIUM)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's synchronous API runs an event loop in this thread, and Django refuses database
    # queries from a thread with a running loop unless told the queries are not from async code.
    # They are not: the tests and the live server are plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(live_server):
    """The demo directory (15 fictional associations and the demo accounts)."""
    seed_lists()
    return load_demo()


@pytest.fixture
def log_in(page, live_server):
    """Log `user` in the browser, as client.force_login does (django-axes stays out of the way)."""

    def log_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return log_in
