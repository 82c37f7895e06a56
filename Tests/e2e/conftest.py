"""Fixtures for end-to-end tests: a real `wheelhouse` process on a real data folder."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# WHEELHOUSE_TEST_BINARY lets a second checkout test its web/ against an already built server.
BINARY = Path(os.environ.get("WHEELHOUSE_TEST_BINARY", ROOT / ".build" / "debug" / "wheelhouse"))
OUTPUT = ROOT / "test-output"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url, process=None, timeout=30, what="the server"):
    """Waits until `url`/healthz answers 200; fails if `process` exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        assert process is None or process.poll() is None, f"{what} exited"
        assert time.monotonic() < deadline, f"{what} did not start"
        time.sleep(0.05)


class Server:
    """A wheelhouse server process; restartable on the same data folder."""

    def __init__(self, data: Path, plugins: Path = ROOT / "Plugins", admin_token: str = "test-admin-token",
                 min_group_size: int | None = 1):
        self.data = data
        # Most tests count two or three phones: a minimum group size of 1 unless they test
        # small-team trust (None: the server's own default, 3).
        self.min_group_size = min_group_size
        self.plugins = plugins
        self.admin_token = admin_token
        self.port = free_port()
        self.process = None
        self.log_path = data.parent / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def command(self):
        return [str(BINARY), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                "--data", str(self.data), "--plugins", str(self.plugins), "--web", str(ROOT / "web"),
                "--admin-token", self.admin_token] + (
                    ["--min-group-size", str(self.min_group_size)] if self.min_group_size is not None else [])

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not become healthy")

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(sig)
        return self.process.wait(timeout=15)

    def kill(self):
        self.process.kill()
        self.process.wait()

    def request(self, method: str, path: str, body=None, headers=None, raw: bytes | None = None):
        """Returns (status, parsed JSON or text)."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        if body is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, payload, kind = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            status, payload, kind = error.code, error.read(), error.headers.get("Content-Type", "")
        if "json" in kind:
            return status, json.loads(payload)
        return status, payload.decode("utf-8", "replace")


@pytest.fixture
def server(tmp_path):
    instance = Server(tmp_path / "data").start()
    yield instance
    instance.stop()


@pytest.fixture
def make_server(tmp_path):
    """Factory for servers with custom plugin folders; all stopped at the end."""
    servers = []

    def make(**kwargs):
        instance = Server(tmp_path / f"data{len(servers)}", **kwargs)
        servers.append(instance)
        return instance

    yield make
    for instance in servers:
        instance.stop()


@pytest.fixture
def drivers():
    """Browsers a test starts (append each); all quit at the end, pass or fail."""
    started = []
    yield started
    for driver in started:
        driver.quit()
