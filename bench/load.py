"""Throughput under gunicorn on 127.0.0.1: start the server, load one URL at a time, stop.

wrk is the load tool; without it a small Python load generator stands in, and says so in the
results (it saturates long before wrk does, so its figures are lower bounds).
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 4


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """The production gunicorn.conf.py, with the bench's settings and, by default, no worker
    recycling.

    max_requests is off by default so that the memory read after the load is that of the
    workers that served it, not of a fresh one; the soak (bench/soak.py) chooses its own.
    """

    def __init__(self, env, log_path, max_requests=0):
        self.port = free_port()
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_MAX_REQUESTS": str(max_requests),
        }
        self.log_path = log_path

    def __enter__(self):
        self.log = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bench.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.status("/bench/bare/") == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start, see {self.log_path}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def status(self, path):
        with urllib.request.urlopen(self.url(path), timeout=60) as response:
            response.read()
            return response.status

    def workers(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def max_worker_rss_mb(self):
        """The largest resident set of the workers, from /proc/<pid>/status (VmRSS)."""
        largest = 0
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                largest = max(largest, int(match.group(1)))
        return round(largest / 1024, 1)


def load_tool():
    return "wrk" if shutil.which("wrk") else "python"


def describe_load_tool(seconds):
    if load_tool() == "wrk":
        version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
        name = version.split("[")[0].strip() or "wrk"
        return f"{name}, 1 thread, {CONNECTIONS} connections, {seconds} s per URL"
    return (
        f"Python load generator (wrk not installed), {CONNECTIONS} threads, "
        f"{seconds} s per URL: lower bounds"
    )


def requests_per_second(url, seconds):
    """(requests per second, failed requests) over `seconds` of load on `url`."""
    if load_tool() == "wrk":
        return _wrk(url, seconds)
    return _python_load(url, seconds)


def _wrk(url, seconds):
    output = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    failed = sum(
        int(n)
        for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output)
        + re.findall(r"timeout (\d+)", output)
    )
    return rate, failed


def _python_load(url, seconds):
    host, port = url.split("/")[2].split(":")
    path = "/" + url.split("/", 3)[3]
    done, failed = [0], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                connection.close()
            with lock:
                done[0] += ok
                failed[0] += not ok

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started), failed[0]


def environment(database_url, workdir):
    """Production settings, except what a plain-HTTP run on the loopback needs; static files
    and built exports in the run's working folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        # One folder per database: both count generations from the same numbers.
        "EXPORTS_DIR": str(workdir / "exports" / Path(database_url).name),
    }
