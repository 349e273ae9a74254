"""The pinned dependencies: every file pip installs is checked against a hash (`make lock`)."""

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
REQUIREMENT_FILES = ["requirements.txt", "requirements-dev.txt"]
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?P<options>.*)$")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


def requirements(filename):
    """Each requirement of the file as pip reads it: continued lines joined, comments dropped."""
    text = (BASE_DIR / filename).read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            yield line


@pytest.mark.parametrize("filename", REQUIREMENT_FILES)
def test_every_requirement_is_pinned_with_a_hash(filename):
    lines = list(requirements(filename))
    assert len(lines) > 10
    for line in lines:
        pinned = PINNED.match(line)
        # An option (-e, --index-url, -r…) or a URL would be installed unchecked or refused.
        assert pinned, f"{filename}: not pinned with ==: {line!r}"
        assert HASH.search(pinned["options"]), f"{filename}: no sha256 hash: {line!r}"


def test_production_runs_the_versions_the_tests_run():
    def versions(filename):
        pins = (PINNED.match(line) for line in requirements(filename))
        return {pin["name"].lower(): pin["version"] for pin in pins if pin}

    production, development = versions("requirements.txt"), versions("requirements-dev.txt")
    assert {name: development.get(name) for name in production} == production
