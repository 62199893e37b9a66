"""What the tests that start real processes share (tests/faults, tests/deployment): a free
port, waiting for one, a Redis server of the test's own, and an HTTP answer read without a
client library."""

import html
import shutil
import socket
import subprocess
import time
import urllib.request


def free_port():
    """A port of 127.0.0.1 that nothing listens on now, chosen by the system: tests that run
    at the same time (pytest-xdist workers, two checkouts on one machine) never share one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, *, up=True, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not come {'up' if up else 'down'}")


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return html.unescape(self.body.decode("utf-8", "replace"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands a redirect back as the answer, as a test that checks it wants."""

    def redirect_request(self, *args, **kwargs):
        return None


class RedisServer:
    """A redis-server of the test's own on `port`, keeping nothing on disk."""

    def __init__(self, port, workdir):
        self.port = port
        self.workdir = workdir
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)
        return self

    def flush(self):
        import redis

        redis.Redis.from_url(self.url).flushdb()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        wait_for_port(self.port, up=False)
