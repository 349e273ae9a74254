"""`make audit` (dependency_audit.py): pip-audit against a vulnerability database served on the
loopback in OSV's format, so that no test leaves the machine."""

import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dependency_audit import verdict

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def database():
    """An OSV-like vulnerability database: `answers` maps a package name to its vulnerabilities
    (any version); `status` is the HTTP status of every answer."""

    class Database:
        answers = {}
        status = 200

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            vulnerabilities = Database.answers.get(query["package"]["name"])
            body = json.dumps({"vulns": vulnerabilities} if vulnerabilities else {}).encode()
            self.send_response(Database.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Database.url = f"http://127.0.0.1:{server.server_port}/v1/query"
    yield Database
    server.shutdown()
    server.server_close()


def audit(url, cache):
    return subprocess.run(
        [sys.executable, "dependency_audit.py", "--vulnerability-service", "osv"]
        + ["--osv-url", url, "--cache-dir", str(cache)],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_audit_passes_when_no_dependency_is_known_to_be_vulnerable(database, tmp_path):
    result = audit(database.url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No known vulnerability in the ")
    assert result.stdout.endswith(
        " dependencies pinned in requirements.txt and requirements-dev.txt.\n"
    )


def test_audit_names_each_vulnerable_dependency_and_its_fixed_version(database, tmp_path):
    database.answers["django"] = [
        {
            "id": "GHSA-0000-test-0000",
            "aliases": ["CVE-2099-0001"],
            "summary": "A made-up vulnerability.",
            "affected": [
                {
                    "package": {"name": "django", "ecosystem": "PyPI"},
                    "ranges": [
                        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}
                    ],
                }
            ],
        }
    ]
    result = audit(database.url, tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Known vulnerabilities in 1 of the ")
    assert len(lines) == 2
    assert lines[1].startswith("  django 5.")
    assert lines[1].endswith(": CVE-2099-0001, GHSA-0000-test-0000 (fixed in: 99.0)")


def test_audit_says_plainly_when_the_database_cannot_be_reached(tmp_path):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    result = audit(f"http://127.0.0.1:{port}/v1/query", tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "pip-audit could not reach its vulnerability database (ConnectionError, 127.0.0.1: "
        "Connection refused): nothing was checked.\n"
    )


def test_audit_says_plainly_when_the_database_answers_with_an_error(database, tmp_path):
    database.status = 503
    result = audit(database.url, tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "pip-audit could not reach its vulnerability database (HTTPError: 503 Server Error"
    )
    assert result.stderr.endswith("): nothing was checked.\n")
    assert "Traceback" not in result.stderr


def test_audit_checked_nothing_when_the_database_knows_no_dependency():
    # A registry mirror that serves the package index but not PyPI's vulnerability data answers
    # 404 for each version: pip-audit skips them all and alone would pass.
    report = {
        "dependencies": [
            {
                "name": name,
                "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} (1.0)",
            }
            for name in ("asgiref", "django")
        ],
        "fixes": [],
    }
    message, status = verdict(0, json.dumps(report), "")
    assert status == 2
    assert message == (
        "pip-audit could not reach its vulnerability database (it skipped all 2 dependencies: "
        "Dependency not found on PyPI and could not be audited: asgiref (1.0), …): nothing was "
        "checked."
    )


def test_audit_fails_when_some_dependencies_were_not_checked():
    report = {
        "dependencies": [
            {"name": "asgiref", "version": "3.13.0", "vulns": []},
            {"name": "private-package", "skip_reason": "Dependency not found on PyPI: private"},
        ],
        "fixes": [],
    }
    message, status = verdict(0, json.dumps(report), "")
    assert status == 2
    assert message.splitlines() == [
        "pip-audit could not check 1 of the 2 pinned dependencies:",
        "  Dependency not found on PyPI: private",
    ]
