"""A real browser for the accessibility and keyboard tests: Debian's Chromium driven by Playwright.

No browser is downloaded: Playwright launches the system's `chromium` (`apt-get install chromium`,
which .ci/run does when it is missing), or the one the CHROMIUM environment variable names. Without
one the browser tests are skipped, saying why in the last lines of the run.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.test import Client

from operations.demo import load_demo
from tests.conftest import seed_lists

ENABLE = "apt-get install chromium (Debian), or CHROMIUM=/path/to/chromium make test"

# A CHROMIUM that names no executable is reported as such rather than replaced by the chromium on
# PATH: whoever set it meant that browser, and Playwright's own error would come once per test.
if os.environ.get("CHROMIUM"):
    CHROMIUM = shutil.which(os.environ["CHROMIUM"])
    MISSING = f"CHROMIUM={os.environ['CHROMIUM']} is not an executable file"
else:
    CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
    MISSING = "no chromium or chromium-browser on PATH"
SKIPPED = f"{MISSING}: {ENABLE}"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    # The marker, not item.keywords: every test of this folder has the keyword "browser", its name.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=SKIPPED))


def pytest_terminal_summary(terminalreporter):
    """Say so at the end of the run, where it is read: a skip is otherwise one "s" among hundreds."""
    # A skip's report holds (file, line, "Skipped: <reason>").
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if report.longrepr[2] == f"Skipped: {SKIPPED}"
    ]
    if skipped:
        terminalreporter.write_sep("=", "browser tests skipped", yellow=True)
        terminalreporter.write_line(f"{len(skipped)} browser tests skipped: {MISSING}.")
        terminalreporter.write_line(f"To run them: {ENABLE}")


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
