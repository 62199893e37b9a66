"""The CSV export under gunicorn (issue 17): time to the first byte and to the last, when the
request builds the file and when it is served from the stored file; two requests at once for
a version not yet built; throughput of the stored file.

Run against a database that already holds the synthetic cities (`manage.py seed_demo
--synthetic 50000`); it starts gunicorn (production settings, 2 workers) on BENCH_PORT, with the
cache in Redis (BENCH_REDIS_URL, emptied first) and the stored exports in a temporary
MEDIA_ROOT, and prints one line per measurement. Environment: DATABASE_URL (required),
BENCH_PORT (8217), BENCH_REDIS_URL (redis://127.0.0.1:6379/11), BENCH_REPEAT (5).
"""

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8217"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
CSV = "/api/v1/cities.csv"


def environment(media):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="gnlc.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{PORT}",
        SECURE_SSL_REDIRECT="0",
        BENCHMARK="1",
        LOG_LEVEL="WARNING",
        REDIS_URL=REDIS_URL,
        MEDIA_ROOT=media,
        API_RATE_LIMIT="",
        API_EXPORT_BUILD_RATE_LIMIT="",
    )
    return env


def fetch(path=CSV, port=None):
    """(seconds to the first byte of the body, to the first row after the CSV's header line,
    to the last byte; bytes). `port`: the server's (BENCH_PORT unless given; bench/run.py
    gives its own)."""
    started = time.perf_counter()
    url = f"http://127.0.0.1:{port or PORT}{path}"
    with urllib.request.urlopen(url, timeout=120) as response:
        first = response.read(1)
        first_at = time.perf_counter() - started
        lines = first + response.readline() + response.readline()
        row_at = time.perf_counter() - started
        size = len(lines) + len(response.read())
    return first_at, row_at, time.perf_counter() - started, size


def new_version(env):
    """What an edit of public content does to the cache: the next request builds."""
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c",
         "from gnlc.core.public_cache import bump_content_version; bump_content_version()"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip


def show(label, results):
    firsts, rows, totals, sizes = zip(*results, strict=True)
    print(
        f"{label:<34} first byte {median(firsts) * 1000:5.0f} ms"
        f"   first row {median(rows) * 1000:5.0f} ms   total {median(totals) * 1000:5.0f} ms"
        f"   {sizes[0] / 1e6:5.2f} MB   (n={len(results)}, medians)"
    )


def main():
    with tempfile.TemporaryDirectory() as media:
        env = environment(media)
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        server = subprocess.Popen(
            [str(Path(PYTHON).with_name("gunicorn")), "gnlc.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{PORT}", "--no-control-socket", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            wait_for_server()
            fetch("/api/v1/figures/")  # warm both imports and the DB
            builds, served = [], []
            for _ in range(REPEAT):
                new_version(env)
                builds.append(fetch())
                served += [fetch() for _ in range(3)]
            show("built (first request of a version)", builds)
            show("served from the stored file", served)
            new_version(env)
            together = []
            threads = [threading.Thread(target=lambda: together.append(fetch())) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for index, result in enumerate(sorted(together)):
                show(f"two at once, new version: #{index + 1}", [result])
            stored = list(Path(media, "api-exports").rglob("*.csv"))
            print(f"files stored: {[str(p.relative_to(media)) for p in stored]}")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def wait_for_server():
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/figures/", timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


if __name__ == "__main__":
    main()
