"""`make bench`: the portal under load, as in production, on loopback (issues 7 and 17).

For each size (500, 5,000, 50,000 synthetic cities on top of the real network) it prepares a
PostgreSQL database (reused when it already holds that many synthetic cities), serves the
portal with gunicorn (production settings, WhiteNoise, 2 workers, --no-control-socket) and
loads each URL with wrk, which asks for compressed answers (`Accept-Encoding: br, gzip`) as a
browser does. Every run measures the trivial view first: the same stack doing no work and no
page-cache lookup, the limit every page is compared to ("ratio"); the same view behind the
page cache's lookup ("trivial lookup") is a row of its own. Runs:

- uncached: the page cache off, at every size (the data caches stay: facet counts etc.);
- cached-locmem and cached-redis: the anonymous page cache on, with the local-memory cache
  and with Redis, at one size (a cached page costs the same whatever the size), and the map
  data alone from the cache at the largest size;
- csv: the CSV export's time to the first byte at every size, once built for a new content
  version and once served stored (bench/csv_export.py's client);
- scale-out: at one size, one server against two behind a round robin (haproxy when it is
  installed, else two wrk at once, one per server), both on one PostgreSQL and one Redis.

It prints a table, checks the targets of issue 17 and writes everything as JSON to
bench/results/latest.json (and a dated copy), with the machine's load average when the run
started and ended. Settings, all optional, from the environment: BENCH_SIZES
(500,5000,50000), BENCH_DURATION (seconds per URL, 5), BENCH_TRIVIAL_DURATION (seconds per run
of the trivial view, 3), BENCH_CONNECTIONS (8), BENCH_PG (postgres://postgres@127.0.0.1:5432),
BENCH_DB_PREFIX (gnlc_bench_), BENCH_PORT (8200; the scale-out run uses the next two ports as
well), BENCH_REDIS_URL (redis://127.0.0.1:6379/3; emptied before each Redis run),
BENCH_CACHED_SIZE (5000; also the size of the scale-out run).
"""

import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from statistics import mean, median

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/csv_export.py imported as bench.*
    sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "500,5000,50000").split(",")]
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
TRIVIAL_DURATION = int(os.environ.get("BENCH_TRIVIAL_DURATION", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "gnlc_bench_")
PORT = int(os.environ.get("BENCH_PORT", "8200"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
CACHED_SIZE = int(os.environ.get("BENCH_CACHED_SIZE", "5000"))

# (name, path); the trivial view comes first in every run.
PAGES = [
    ("trivial", "/bench/trivial"),
    ("trivial lookup", "/bench/trivial-lookup"),
    ("home", "/en/"),
    ("directory", "/en/cities/"),
    ("filtered", "/en/cities/?region=LAC&sort=newest"),
    # A country with a page of members at every size (42 at 500, 2,867 at 50,000): Germany
    # had 11 at 500, whose page was cheaper to render, not to filter (the check said 1.65).
    ("country", "/en/cities/?country=CN&sort=name"),
    # Searches that fill a page (24 cities) at every size, so that the scaling check compares
    # the same work: "sintetica 123" finds 1 city at 500 and about 200 at 50,000, and its
    # page at 500 is cheaper to render, not to search.
    ("search", "/en/cities/?q=sintetica"),
    ("search 2", "/en/cities/?q=city+7"),
    ("profile", "/en/cities/hamburg/"),
    ("map page", "/en/cities/map/"),
    ("map data", "/en/cities/map/data/"),
    ("api list", "/api/v1/cities/"),
]
TRIVIAL = PAGES[0][1]
# Pages the page cache does not serve: the trivial views and the API (its own ETags). The
# trivial view behind the lookup is measured in the cached runs too: there the lookup costs.
NOT_PAGE_CACHED = {"trivial", "trivial lookup", "api list"}
# What wrk and the size measurement ask for, as a browser does.
ACCEPT_ENCODING = "br, gzip"

# The targets of issue 17, as ratios to the lookup-free trivial view of the same run.
CACHED_TARGETS = {"cached-locmem": 0.8, "cached-redis": 0.5}
# Uncached pages, at every size.
UNCACHED_TARGETS = {"directory": 0.08, "profile": 0.15, "map page": 0.05}
# Every search and filter at the largest size: at most this many times its time at the smallest.
SCALING = {"filtered": 1.5, "country": 1.5, "search": 1.5, "search 2": 1.5}
# The map data at the largest size: from the cache, and its compressed size.
MAP_DATA_TARGETS = {"cached-locmem": 0.5, "cached-redis": 0.3}
MAP_DATA_MAX_BYTES = 1_000_000
MAP_DATA_BUILD_S = 0.3
MAP_DATA = "/en/cities/map/data/"
# The CSV at the largest size: seconds to the first byte when a new content version is built.
CSV_FIRST_BYTE_S = 0.2
CSV_REPEAT = 3
# The scale-out run: pages loaded through one server and through two.
SCALE_OUT_PAGES = {
    "cached": [("trivial", TRIVIAL), ("directory", "/en/cities/")],
    "uncached": [("trivial", TRIVIAL), ("profile", "/en/cities/hamburg/")],
}
# Stored exports (the CSV) of the run's servers: a directory of its own, removed at the end.
MEDIA_ROOT = tempfile.mkdtemp(prefix="gnlc-bench-media-")


def log(message):
    print(message, flush=True)


def database_url(size):
    return f"{PG}/{DB_PREFIX}{size}"


def base_env(size):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_URL", "DATABASE_URL", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="gnlc.settings.production",
        SECRET_KEY=BENCH_SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{PORT}",
        # Loopback over plain HTTP: no redirect to HTTPS (the documented switch).
        SECURE_SSL_REDIRECT="0",
        BENCHMARK="1",
        DATABASE_URL=database_url(size),
        LOG_LEVEL="WARNING",
        # The API's per-client limits would answer wrk with 429 after 120 requests.
        API_RATE_LIMIT="",
        API_EXPORT_BUILD_RATE_LIMIT="",
        MEDIA_ROOT=MEDIA_ROOT,
    )
    return env


BENCH_SECRET = secrets.token_urlsafe(50)


def manage(env, *args, quiet=True):
    command = [PYTHON, "manage.py", *args]
    subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def psql(sql, params=()):
    """Run one statement on the server's maintenance database; the rows of a SELECT."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def prepare_database(size):
    """Migrate and seed `size` synthetic cities, unless the database already has them."""
    name = f"{DB_PREFIX}{size}"
    if not psql("SELECT 1 FROM pg_database WHERE datname = %s", [name]):
        psql(_statement("CREATE DATABASE {}", name))
    env = base_env(size)
    manage(env, "migrate", "--noinput")
    import psycopg

    with psycopg.connect(database_url(size)) as connection:
        synthetic, real = connection.execute(
            "SELECT count(*) FILTER (WHERE slug LIKE 'synthetic-%%'),"
            " count(*) FILTER (WHERE slug NOT LIKE 'synthetic-%%') FROM cities_city"
        ).fetchone()
    if synthetic == size and real > 0:
        log(f"  database {name}: reused ({real} real + {synthetic} synthetic cities)")
        vacuum(size)
        return
    if synthetic > size:
        log(f"  database {name}: {synthetic} synthetic cities, more than asked; recreating")
        psql(_statement("DROP DATABASE {} WITH (FORCE)", name))
        psql(_statement("CREATE DATABASE {}", name))
        manage(env, "migrate", "--noinput")
    started = time.monotonic()
    manage(env, "seed_demo", "--synthetic", str(size), "-v", "0")
    log(f"  database {name}: seeded in {time.monotonic() - started:.0f} s")
    vacuum(size)


def vacuum(size):
    """What autovacuum does to a table in service after a bulk load or a migration: its
    statistics, and its pages marked all-visible (which index-only scans need, such as the
    map's: migration cities/0019)."""
    import psycopg

    with psycopg.connect(database_url(size), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _statement(template, name):
    from psycopg import sql

    return sql.SQL(template).format(sql.Identifier(name))


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class Server:
    """gunicorn as in production, on loopback."""

    def __init__(self, env, port=PORT):
        self.env = env
        self.port = port
        self.process = None

    def __enter__(self):
        command = [
            str(Path(PYTHON).with_name("gunicorn")),
            "gnlc.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--no-control-socket",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{TRIVIAL}", timeout=10)
                return self
            except OSError:  # not listening yet, or still loading
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _find(pattern, text):
    found = re.search(pattern, text)
    return found.group(1) if found else None


def _milliseconds(text):
    """wrk's "1.23ms", "850.00us", "1.20s" in milliseconds; None when wrk had no answer."""
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text or "")
    return float(found.group(1)) * _UNITS[found.group(2)] if found else None


def wrk(path, duration, *, port=PORT, connections=CONNECTIONS):
    return _wrk_result(
        subprocess.run(
            _wrk_command(path, duration, port, connections),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


def _wrk_command(path, duration, port, connections):
    return [
        "wrk",
        "--latency",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "20s",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        f"http://127.0.0.1:{port}{path}",
    ]


def _wrk_result(output):
    result = {
        "requests_per_s": float(_find(r"Requests/sec:\s+([\d.]+)", output) or 0),
        # The lines of "Latency Distribution" (not a "+/- Stdev" figure such as 78.50%).
        "p50_ms": _milliseconds(_find(r"(?m)^\s+50%\s+(\S+)[ \t]*$", output)),
        "p99_ms": _milliseconds(_find(r"(?m)^\s+99%\s+(\S+)[ \t]*$", output)),
        "requests": int(_find(r"(\d+) requests in", output) or 0),
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(errors.group(1)) if errors else 0
    timeouts = re.search(r"timeout (\d+)", output)
    result["timeouts"] = int(timeouts.group(1)) if timeouts else 0
    return result


def _get(path, headers):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 - loopback
            return answer.status, answer.headers, len(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, len(error.read())


def answer_facts(path):
    """The status, page-cache state and size of the page's answer: in bytes transferred as
    wrk asks for it (`Accept-Encoding: br, gzip`) and as a client that accepts no encoding
    gets it."""
    status, headers, compressed = _get(path, {"Accept-Encoding": ACCEPT_ENCODING})
    _status, _headers, identity = _get(path, {})
    return {
        "status": status,
        "page_cache": headers.get("X-Page-Cache"),
        "content_encoding": headers.get("Content-Encoding"),
        "bytes": compressed,
        "bytes_uncompressed": identity,
    }


def count_queries(env, *, page_cache=False, pages=PAGES):
    """SQL queries per request of each page, the page cache on or off (local memory)."""
    env = {**env, "PAGE_CACHE_SECONDS": "600" if page_cache else "0"}
    env.pop("REDIS_URL", None)
    command = [PYTHON, "-m", "bench.count_queries", *(path for _, path in pages)]
    output = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output)


def run_mode(mode, size, queries, only=None):
    """One server, every page of the mode loaded in turn (or the pages named in `only`). The
    trivial view is measured between every two pages; a page's ratio is to the mean of the
    trivial runs just before and just after it, so that a machine whose load changes during
    the run (other work on the same cores) distorts the ratios as little as it can."""
    env = base_env(size)
    pages = [page for page in PAGES if page[0] != "trivial"]
    if mode == "uncached":
        env["PAGE_CACHE_SECONDS"] = "0"
    else:
        env["PAGE_CACHE_SECONDS"] = "600"
        pages = [
            page for page in pages if page[0] not in NOT_PAGE_CACHED or page[0] == "trivial lookup"
        ]
    if only is not None:
        pages = [page for page in pages if page[0] in only]
    if mode != "uncached":
        # What a page costs when it is served from the cache (the second request).
        queries = {**queries, **count_queries(env, page_cache=True, pages=pages)}
    if mode == "cached-redis":
        env["REDIS_URL"] = REDIS_URL
        flush_redis()
    rows, trivial_runs = [], []
    with Server(env):
        wrk(TRIVIAL, 1)
        trivial_runs.append(wrk(TRIVIAL, TRIVIAL_DURATION))
        for name, path in pages:
            facts = answer_facts(path)
            wrk(path, 1)  # warm-up: both workers, every cache
            result = wrk(path, DURATION)
            trivial_runs.append(wrk(TRIVIAL, TRIVIAL_DURATION))
            limit = (trivial_runs[-2]["requests_per_s"] + trivial_runs[-1]["requests_per_s"]) / 2
            result.update(
                name=name,
                path=path,
                **facts,
                queries=queries[path]["next"],
                queries_first=queries[path]["first"],
                trivial_requests_per_s=round(limit, 1),
                ratio=round(result["requests_per_s"] / limit, 4) if limit else None,
            )
            rows.append(result)
            log(
                f"  {mode:13} {size:>6} {name:14} {result['requests_per_s']:9.1f} req/s"
                f"  p50 {_fmt(result['p50_ms'], 8)} ms  trivial {limit:7.1f} req/s"
                f"  ratio {result['ratio']:.3f}  status {result['status']}"
                f"  {result['bytes']} B ({result['content_encoding'] or 'identity'})"
            )
    trivial = {
        "name": "trivial",
        "path": TRIVIAL,
        "status": 200,
        "page_cache": None,
        "content_encoding": None,
        "bytes": 2,
        "bytes_uncompressed": 2,
        "queries": queries[TRIVIAL]["next"],
        "queries_first": queries[TRIVIAL]["first"],
        "requests_per_s": round(mean(r["requests_per_s"] for r in trivial_runs), 1),
        "p50_ms": mean(r["p50_ms"] for r in trivial_runs if r["p50_ms"] is not None),
        "p99_ms": mean(r["p99_ms"] for r in trivial_runs if r["p99_ms"] is not None),
        "requests": sum(r["requests"] for r in trivial_runs),
        "non_2xx": sum(r["non_2xx"] for r in trivial_runs),
        "timeouts": sum(r["timeouts"] for r in trivial_runs),
        "runs_requests_per_s": [r["requests_per_s"] for r in trivial_runs],
        "ratio": 1.0,
    }
    return {"mode": mode, "size": size, "pages": [trivial, *rows]}


def machine():
    def first_line(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        memory_kb = int(handle.readline().split()[1])
    os_name = ""
    if Path("/etc/os-release").exists():
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": os_name or platform.platform(),
        "python": platform.python_version(),
        "postgresql": psql("SELECT version()")[0][0].split(" on ")[0],
        "redis": first_line(["redis-server", "--version"]).split(" sha=")[0],
        "wrk": first_line(["wrk", "--version"]).split(" [")[0],
    }


def run_csv(size):
    """The CSV export at `size`, with Redis as in production: its time to the first byte
    (bench/csv_export.py's client) for a new content version (the request builds the file;
    the version bumped as an edit bumps it, which needs the cache shared with this process)
    and from the stored file, then its throughput under wrk against the trivial view's. Not
    in the local-memory runs: there each worker has its own content version, and each
    worker's build deletes the other's file, so every request builds. The map data's build
    for a new content version is timed here too, for the same reason."""
    from bench.csv_export import CSV, fetch, new_version

    env = {**base_env(size), "REDIS_URL": REDIS_URL, "PAGE_CACHE_SECONDS": "0"}
    flush_redis()
    built, stored = [], []
    with Server(env):
        fetch("/api/v1/figures/", port=PORT)  # both imports and the database warm
        for _ in range(CSV_REPEAT):
            new_version(env)
            built.append(fetch(CSV, port=PORT))
            stored += [fetch(CSV, port=PORT) for _ in range(2)]
        # The map data too: its build for a new content version, and its copy in Redis read
        # by a worker that did not build it (or the builder's own copy).
        map_built, map_stored = [], []
        for _ in range(CSV_REPEAT):
            new_version(env)
            map_built.append(timed_get(MAP_DATA, {"Accept-Encoding": ACCEPT_ENCODING}))
            map_stored += [
                timed_get(MAP_DATA, {"Accept-Encoding": ACCEPT_ENCODING}) for _ in range(2)
            ]
        facts = answer_facts(CSV)
        wrk(CSV, 1)
        trivial_before = wrk(TRIVIAL, TRIVIAL_DURATION)["requests_per_s"]
        load = wrk(CSV, DURATION)
        trivial_after = wrk(TRIVIAL, TRIVIAL_DURATION)["requests_per_s"]

    def medians(results):
        first, row, total, size_bytes = zip(*results, strict=True)
        return {
            "first_byte_s": round(median(first), 4),
            "first_row_s": round(median(row), 4),
            "total_s": round(median(total), 4),
            "bytes": size_bytes[0],
            "n": len(results),
        }

    limit = (trivial_before + trivial_after) / 2
    result = {
        "size": size,
        "map_data": {
            "path": MAP_DATA,
            "built_s": round(median(seconds for seconds, _bytes in map_built), 4),
            "stored_s": round(median(seconds for seconds, _bytes in map_stored), 4),
            "bytes": map_built[0][1],
        },
        "path": CSV,
        "built": medians(built),
        "stored": medians(stored),
        **facts,
        **load,
        "trivial_requests_per_s": round(limit, 1),
        "ratio": round(load["requests_per_s"] / limit, 4) if limit else None,
    }
    for state in ("built", "stored"):
        log(
            f"  csv           {size:>6} {state:7} first byte "
            f"{result[state]['first_byte_s'] * 1000:7.1f} ms  total "
            f"{result[state]['total_s'] * 1000:7.1f} ms  {result[state]['bytes']} B"
        )
    log(
        f"  map data      {size:>6} built in {result['map_data']['built_s'] * 1000:7.1f} ms,"
        f" stored {result['map_data']['stored_s'] * 1000:7.1f} ms, "
        f"{result['map_data']['bytes']} B ({ACCEPT_ENCODING})"
    )
    log(
        f"  csv           {size:>6} stored  {load['requests_per_s']:9.1f} req/s  trivial "
        f"{limit:7.1f} req/s  ratio {result['ratio']}  {facts['bytes']} B "
        f"({facts['content_encoding'] or 'identity'})"
    )
    return result


def timed_get(path, headers):
    """(seconds to the last byte, bytes received) of one request."""
    started = time.perf_counter()
    _status, _headers, size = _get(path, headers)
    return time.perf_counter() - started, size


class Balancer:
    """The round robin in front of two servers: haproxy when it is installed (one wrk loads
    it), else none (two wrk at once, one per server, half the connections each)."""

    def __init__(self, port, backends):
        self.port, self.backends = port, backends
        self.haproxy = shutil.which("haproxy")
        self.process = None
        self.config = None

    @property
    def kind(self):
        return "haproxy round robin" if self.haproxy else "two wrk at once, one per server"

    def __enter__(self):
        if not self.haproxy:
            return self
        servers = "\n".join(
            f"    server app{index} 127.0.0.1:{port}" for index, port in enumerate(self.backends)
        )
        text = f"""global
    maxconn 1024
defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend portal
    bind 127.0.0.1:{self.port}
    default_backend servers
backend servers
    balance roundrobin
{servers}
"""
        handle, self.config = tempfile.mkstemp(prefix="gnlc-bench-haproxy-", suffix=".cfg")
        with os.fdopen(handle, "w") as config:
            config.write(text)
        self.process = subprocess.Popen([self.haproxy, "-db", "-f", self.config])
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{TRIVIAL}", timeout=5)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("haproxy did not answer within 20 s")

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.config:
            Path(self.config).unlink(missing_ok=True)

    def wrk(self, path, duration):
        if self.haproxy:
            return wrk(path, duration, port=self.port)
        half = max(CONNECTIONS // 2, 2)
        running = [
            subprocess.Popen(
                _wrk_command(path, duration, port, half), stdout=subprocess.PIPE, text=True
            )
            for port in self.backends
        ]
        results = [_wrk_result(process.communicate()[0]) for process in running]
        combined = {
            key: sum(result[key] for result in results)
            for key in ("requests_per_s", "requests", "non_2xx", "timeouts")
        }
        for key in ("p50_ms", "p99_ms"):
            values = [result[key] for result in results if result[key] is not None]
            combined[key] = mean(values) if values else None
        return combined


def run_scale_out(size):
    """One server (2 workers) against two (2 workers each) behind the round robin, on one
    PostgreSQL and one Redis, as production runs (docs/deployment.md): the trivial view, a
    page from the page cache and a page rendered for every request. All three processes run
    throughout; "one server" is wrk on the first server alone (the second idles), measured
    just before and just after the two behind the round robin, whose gain is to the mean of
    the two: a machine whose load changes during the run distorts it as little as it can."""
    rows = []
    second, front = PORT + 1, PORT + 2
    for state, pages in SCALE_OUT_PAGES.items():
        env = {
            **base_env(size),
            "REDIS_URL": REDIS_URL,
            "PAGE_CACHE_SECONDS": "600" if state == "cached" else "0",
        }
        flush_redis()
        with (
            Server(env),
            Server(env, port=second),
            Balancer(front, [PORT, second]) as balancer,
        ):
            for name, path in pages:
                balancer.wrk(path, 1)  # warm-up: both servers, every worker, every cache
                before = wrk(path, DURATION)
                two = balancer.wrk(path, DURATION)
                after = wrk(path, DURATION)
                one = (before["requests_per_s"] + after["requests_per_s"]) / 2
                row = {
                    "name": name,
                    "path": path,
                    "page_cache": state,
                    "one_server_requests_per_s": round(one, 1),
                    "one_server_runs_requests_per_s": [
                        before["requests_per_s"],
                        after["requests_per_s"],
                    ],
                    "two_servers_requests_per_s": two["requests_per_s"],
                    "one_server_p50_ms": before["p50_ms"],
                    "two_servers_p50_ms": two["p50_ms"],
                    "non_2xx": before["non_2xx"] + two["non_2xx"] + after["non_2xx"],
                    "gain": round(two["requests_per_s"] / one, 3) if one else None,
                }
                rows.append(row)
                log(
                    f"  scale-out     {size:>6} {name:14} one server {one:8.1f} req/s"
                    f"  two servers {two['requests_per_s']:8.1f} req/s  x{row['gain']}"
                    f"  ({balancer.kind})"
                )
    return {"size": size, "balancer": balancer.kind, "pages": rows}


def checks(runs, csv_runs):
    """The targets of issue 17, each with its measured value and whether it is met."""
    found = []
    by_key = {(run["mode"], run["size"]): run for run in runs}
    small, large = min(SIZES), max(SIZES)
    for mode, target in CACHED_TARGETS.items():
        # The map data has targets of its own (below).
        for run in (r for r in runs if r["mode"] == mode):
            for row in run["pages"]:
                if row["name"] in NOT_PAGE_CACHED or row["name"] == "map data":
                    continue
                found.append(_check(f"{mode} {run['size']} {row['name']}", row["ratio"], target))
    for size in SIZES:
        if ("uncached", size) not in by_key:
            continue
        for name, target in UNCACHED_TARGETS.items():
            row = _row(by_key[("uncached", size)], name)
            found.append(_check(f"uncached {size} {name}", row["ratio"], target))
    for mode, target in MAP_DATA_TARGETS.items():
        if (mode, large) in by_key:
            row = _row(by_key[(mode, large)], "map data")
            found.append(_check(f"{mode} {large} map data", row["ratio"], target))
    if ("uncached", large) in by_key:
        row = _row(by_key[("uncached", large)], "map data")
        found.append(
            {
                "check": f"map data at {large}: bytes transferred ({ACCEPT_ENCODING})",
                "value": row["bytes"],
                "target": f"<= {MAP_DATA_MAX_BYTES}",
                "met": row["bytes"] <= MAP_DATA_MAX_BYTES,
            }
        )
    for result in csv_runs:
        if result["size"] == large:
            value = result["map_data"]["built_s"]
            found.append(
                {
                    "check": f"map data at {large}: a new version's build, to the last byte (s)",
                    "value": value,
                    "target": f"<= {MAP_DATA_BUILD_S}",
                    "met": value <= MAP_DATA_BUILD_S,
                }
            )
            value = result["built"]["first_byte_s"]
            found.append(
                {
                    "check": f"csv at {large}: first byte of a new version's build (s)",
                    "value": value,
                    "target": f"<= {CSV_FIRST_BYTE_S}",
                    "met": value <= CSV_FIRST_BYTE_S,
                }
            )
    if ("uncached", small) in by_key and ("uncached", large) in by_key and small != large:
        for name, limit in SCALING.items():
            before = _row(by_key[("uncached", small)], name)
            after = _row(by_key[("uncached", large)], name)
            # Time per request from the throughput, as a share of the run's trivial view,
            # so that the noise of a shared machine cancels out as far as it can.
            slower = before["ratio"] / after["ratio"] if after["ratio"] else None
            found.append(
                {
                    "check": f"{name}: time at {large} / time at {small}",
                    "value": round(slower, 2) if slower else None,
                    "target": f"<= {limit}",
                    "met": slower is not None and slower <= limit,
                }
            )
        for name, _path in PAGES:
            counts = {
                size: _row(by_key[("uncached", size)], name)["queries"]
                for size in SIZES
                if ("uncached", size) in by_key
            }
            found.append(
                {
                    "check": f"{name}: SQL queries per request at every size",
                    "value": counts,
                    "target": "the same",
                    "met": len(set(counts.values())) == 1,
                }
            )
    return found


def _row(run, name):
    return next(row for row in run["pages"] if row["name"] == name)


def _check(label, ratio, target):
    return {"check": label, "value": ratio, "target": f">= {target}", "met": ratio >= target}


def _fmt(value, width=9):
    return f"{value:>{width}.2f}" if value is not None else f"{'-':>{width}}"


def table(runs):
    lines = [
        f"{'mode':14}{'cities':>7}  {'page':15}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'SQL':>5}{'ratio':>8}{'bytes':>11}{'identity':>11}  status",
        "-" * 110,
    ]
    for run in runs:
        for row in run["pages"]:
            status = str(row["status"])
            if row["non_2xx"]:
                status += f" ({row['non_2xx']} non-2xx)"
            if row["timeouts"]:
                status += f" ({row['timeouts']} timeouts)"
            lines.append(
                f"{run['mode']:14}{run['size']:>7}  {row['name']:15}"
                f"{row['requests_per_s']:>9.1f}{_fmt(row['p50_ms'])}{_fmt(row['p99_ms'])}"
                f"{row['queries']:>5}{row['ratio']:>8.3f}"
                f"{row['bytes']:>11}{row['bytes_uncompressed']:>11}  {status}"
            )
    return "\n".join(lines)


def load_average():
    return [round(value, 2) for value in os.getloadavg()]


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (the Makefile's bench target does it).")
    started = time.monotonic()
    load_at_start = load_average()
    log(f"Load average (1, 5, 15 min) at the start: {load_at_start}")
    log("Static files (collectstatic, compressed and hashed as in production) …")
    manage(base_env(SIZES[0]), "collectstatic", "--noinput", "--clear")
    log(f"  done in {time.monotonic() - started:.0f} s")
    runs, csv_runs, scale_out = [], [], None
    cached_size = CACHED_SIZE if CACHED_SIZE in SIZES else SIZES[0]
    try:
        for size in SIZES:
            log(f"{size} synthetic cities:")
            prepare_database(size)
            queries = count_queries(base_env(size))
            log(f"  SQL queries counted ({time.monotonic() - started:.0f} s since the start)")
            runs.append(run_mode("uncached", size, queries))
            for mode in ("cached-locmem", "cached-redis"):
                if size == cached_size:
                    runs.append(run_mode(mode, size, queries))
                elif size == max(SIZES):
                    # The map data from the cache at the largest size (its own target).
                    runs.append(run_mode(mode, size, queries, only={"map data"}))
            csv_runs.append(run_csv(size))
            if size == cached_size:
                scale_out = run_scale_out(size)
    finally:
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    results = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average": {"start": load_at_start, "end": load_average()},
        "settings": {
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "wrk_threads": 2,
            "gunicorn_workers": 2,
            "accept_encoding": ACCEPT_ENCODING,
            "baseline": f"{TRIVIAL} (no page-cache lookup)",
        },
        "runs": runs,
        "csv": csv_runs,
        "scale_out": scale_out,
    }
    results["checks"] = checks(runs, csv_runs)
    results["elapsed_s"] = round(time.monotonic() - started)
    log("")
    log(table(runs))
    log("")
    for result in csv_runs:
        log(
            f"csv {result['size']:>6}: first byte {result['built']['first_byte_s'] * 1000:.0f} ms"
            f" built, {result['stored']['first_byte_s'] * 1000:.0f} ms stored;"
            f" {result['requests_per_s']:.1f} req/s (ratio {result['ratio']});"
            f" {result['bytes']} B transferred, {result['bytes_uncompressed']} B uncompressed"
        )
    if scale_out:
        log(f"\nOne server against two ({scale_out['size']} cities, {scale_out['balancer']}):")
        for row in scale_out["pages"]:
            log(
                f"  {row['name']:10} ({row['page_cache']:8})"
                f" {row['one_server_requests_per_s']:8.1f} req/s →"
                f" {row['two_servers_requests_per_s']:8.1f} req/s  (x{row['gain']})"
            )
    log("")
    for check in results["checks"]:
        mark = "met   " if check["met"] else "MISSED"
        log(f"{mark} {check['check']}: {check['value']} (target {check['target']})")
    log(
        f"\nLoad average (1, 5, 15 min): {results['load_average']['start']} at the start, "
        f"{results['load_average']['end']} at the end."
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2)
    (RESULTS / "latest.json").write_text(text + "\n")
    stamp = results["when"].replace(":", "").replace("-", "")[:13]
    (RESULTS / f"{stamp}.json").write_text(text + "\n")
    log(f"\nWritten to bench/results/latest.json ({results['elapsed_s']} s in all).")


if __name__ == "__main__":
    main()
