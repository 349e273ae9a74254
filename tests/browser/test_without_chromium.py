"""Without Chromium the browser tests are skipped, and the end of the run says how to run them."""

import os
import re
import subprocess
import sys

from django.conf import settings


def test_a_missing_chromium_skips_the_browser_tests_and_the_last_lines_say_how_to_run_them(
    tmp_path,
):
    missing = tmp_path / "chromium"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/browser", "-m", "browser"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "CHROMIUM": str(missing)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    *_, header, count, command, totals = run.stdout.splitlines()
    skipped = int(re.search(r"(\d+) skipped", totals)[1])
    assert skipped > 0 and "passed" not in totals
    assert "browser tests skipped" in header
    assert (
        count == f"{skipped} browser tests skipped: CHROMIUM={missing} is not an executable file."
    )
    assert command == (
        "To run them: apt-get install chromium (Debian), or CHROMIUM=/path/to/chromium make test"
    )
