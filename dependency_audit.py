"""`make audit`: the pinned dependencies checked against a vulnerability database by pip-audit.

pip-audit alone can pass without having checked anything: when its database answers "not found"
for every package (as a registry mirror that serves only the package index does), it skips them
all and says "No known vulnerabilities found"; when the database cannot be reached at all, it
ends in a traceback. This runs it, reads its JSON report, and says in one sentence which of
these happened. Exit status: 0 when every dependency was checked and none is known to be
vulnerable, 1 when one is, 2 when something was not checked.

    python dependency_audit.py [pip-audit options, e.g. --vulnerability-service osv]
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
REQUIREMENT_FILES = ["requirements.txt", "requirements-dev.txt"]
UNREACHABLE = "pip-audit could not reach its vulnerability database ({}): nothing was checked."


def run(options=()):
    """Run pip-audit on the requirement files; return its exit status, report and messages."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "--disable-pip"]
        for filename in REQUIREMENT_FILES:
            command += ["--requirement", filename]
        command += ["--format", "json", "--output", str(report), "--progress-spinner", "off"]
        result = subprocess.run([*command, *options], cwd=BASE_DIR, capture_output=True, text=True)
        text = report.read_text() if report.exists() else ""
    return result.returncode, text, result.stderr


def network_failure(errors):
    """What stopped pip-audit from reaching its database, read from its error output, or None
    when it failed for another reason."""
    lines = [line.strip() for line in errors.splitlines()]
    for line in reversed(lines):
        # A traceback's last requests exception: a refused connection, a name that does not
        # resolve, a time-out, an HTTP error.
        if line.startswith("requests.exceptions."):
            kind, _, detail = line.removeprefix("requests.exceptions.").partition(": ")
            host = re.search(r"host='([^']+)'", detail)
            cause = re.findall(r"\[Errno [^\]]*\] ([^'\")]+)", detail)
            if host and cause:
                return f"{kind}, {host[1]}: {cause[-1].strip()}"
            return f"{kind}: {detail[:200]}" if detail else kind
    for line in lines:
        # pip-audit's own word for a connection time-out.
        if line.startswith("ERROR:pip_audit") and ("connect" in line or "redirect" in line):
            return line.split(":", 2)[-1].strip()
    return None


def verdict(returncode, report, errors):
    """The message to print and the exit status, from pip-audit's exit status, JSON report and
    error output."""
    if not report:
        reason = network_failure(errors)
        if reason:
            return UNREACHABLE.format(reason), 2
        return f"pip-audit failed (exit status {returncode}): nothing was checked.\n{errors}", 2

    dependencies = json.loads(report)["dependencies"]
    skipped = [dependency for dependency in dependencies if "skip_reason" in dependency]
    checked = [dependency for dependency in dependencies if "skip_reason" not in dependency]
    if not checked:
        if not skipped:
            return "pip-audit read no dependency: nothing was checked.", 2
        reason = f"it skipped all {len(skipped)} dependencies: {skipped[0]['skip_reason']}, …"
        return UNREACHABLE.format(reason), 2

    lines = []
    vulnerable = [dependency for dependency in checked if dependency["vulns"]]
    if vulnerable:
        lines.append(
            f"Known vulnerabilities in {len(vulnerable)} of the {len(dependencies)} pinned "
            "dependencies (upgrade in pyproject.toml if needed, then make lock):"
        )
        for dependency in vulnerable:
            for vulnerability in dependency["vulns"]:
                names = ", ".join([vulnerability["id"], *vulnerability.get("aliases", [])])
                fixes = ", ".join(vulnerability["fix_versions"]) or "no fixed version yet"
                lines.append(
                    f"  {dependency['name']} {dependency['version']}: {names} (fixed in: {fixes})"
                )
    if skipped:
        lines.append(
            f"pip-audit could not check {len(skipped)} of the {len(dependencies)} pinned "
            "dependencies:"
        )
        lines += [f"  {dependency['skip_reason']}" for dependency in skipped]
    if not lines:
        files = " and ".join(REQUIREMENT_FILES)
        return f"No known vulnerability in the {len(checked)} dependencies pinned in {files}.", 0
    return "\n".join(lines), 1 if vulnerable else 2


def main():
    message, status = verdict(*run(sys.argv[1:]))
    print(message, file=sys.stdout if status == 0 else sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
