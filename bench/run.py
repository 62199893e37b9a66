"""`make bench`: the portal under load, as in production, on loopback (issue 7, "Speed").

For each size (500, 5,000, 50,000 synthetic cities on top of the real network) it prepares a
PostgreSQL database (reused when it already holds that many synthetic cities), serves the
portal with gunicorn (production settings, WhiteNoise, 2 workers, --no-control-socket) and
loads each URL with wrk. Every run measures the trivial view first: the same stack doing no
work, the limit every page is compared to ("ratio"). Runs:

- uncached: the page cache off, at every size (the data caches stay: facet counts etc.);
- cached-locmem and cached-redis: the anonymous page cache on, with the local-memory cache
  and with Redis, at one size (a cached page costs the same whatever the size).

It prints a table, checks the targets of issue 7 and writes everything as JSON to
bench/results/latest.json (and a dated copy). Settings, all optional, from the environment:
BENCH_SIZES (500,5000,50000), BENCH_DURATION (seconds per URL, 5), BENCH_TRIVIAL_DURATION
(seconds per run of the trivial view, 3), BENCH_CONNECTIONS (8),
BENCH_PG (postgres://postgres@127.0.0.1:5432), BENCH_DB_PREFIX (gnlc_bench_), BENCH_PORT
(8200), BENCH_REDIS_URL (redis://127.0.0.1:6379/3; emptied before each Redis run),
BENCH_CACHED_SIZE (5000).
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
import time
import urllib.error
import urllib.request
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
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
    ("home", "/en/"),
    ("directory", "/en/cities/"),
    ("filtered", "/en/cities/?region=LAC&sort=newest"),
    ("search", "/en/cities/?q=sintetica+123"),
    ("profile", "/en/cities/hamburg/"),
    ("map data", "/en/cities/map/data/"),
    ("api list", "/api/v1/cities/"),
]
TRIVIAL = PAGES[0][1]
# Pages the page cache does not serve: the trivial view and the API (its own ETags).
NOT_PAGE_CACHED = {"trivial", "api list"}

TARGETS = {
    "cached-locmem": 0.5,
    "cached-redis": 0.3,
    ("uncached", 5000, "directory"): 0.03,
    ("uncached", 5000, "profile"): 0.06,
}
SCALING = {"directory": 1.5, "filtered": 3.0, "search": 3.0}


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
        # The API's per-client limit would answer wrk with 429 after 120 requests.
        API_RATE_LIMIT="",
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
        return
    if synthetic > size:
        log(f"  database {name}: {synthetic} synthetic cities, more than asked; recreating")
        psql(_statement("DROP DATABASE {} WITH (FORCE)", name))
        psql(_statement("CREATE DATABASE {}", name))
        manage(env, "migrate", "--noinput")
    started = time.monotonic()
    manage(env, "seed_demo", "--synthetic", str(size), "-v", "0")
    log(f"  database {name}: seeded in {time.monotonic() - started:.0f} s")
    with psycopg.connect(database_url(size), autocommit=True) as connection:
        connection.execute("ANALYZE")


def _statement(template, name):
    from psycopg import sql

    return sql.SQL(template).format(sql.Identifier(name))


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class Server:
    """gunicorn as in production, on loopback."""

    def __init__(self, env):
        self.env = env
        self.process = None

    def __enter__(self):
        command = [
            str(Path(PYTHON).with_name("gunicorn")),
            "gnlc.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--no-control-socket",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/trivial", timeout=10)
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


def wrk(path, duration):
    url = f"http://127.0.0.1:{PORT}{path}"
    command = [
        "wrk",
        "--latency",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{duration}s",
        "--timeout",
        "20s",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
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


def status_and_cache(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60) as answer:
            return answer.status, answer.headers.get("X-Page-Cache")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache")


def count_queries(env, *, page_cache=False, pages=PAGES):
    """SQL queries per request of each page, the page cache on or off (local memory)."""
    env = {**env, "PAGE_CACHE_SECONDS": "600" if page_cache else "0"}
    env.pop("REDIS_URL", None)
    command = [PYTHON, "-m", "bench.count_queries", *(path for _, path in pages)]
    output = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output)


def run_mode(mode, size, queries):
    """One server, every page of the mode loaded in turn. The trivial view is measured
    between every two pages; a page's ratio is to the mean of the trivial runs just before
    and just after it, so that a machine whose load changes during the run (other work on
    the same cores) distorts the ratios as little as it can."""
    env = base_env(size)
    pages = [page for page in PAGES if page[0] != "trivial"]
    if mode == "uncached":
        env["PAGE_CACHE_SECONDS"] = "0"
    else:
        env["PAGE_CACHE_SECONDS"] = "600"
        pages = [page for page in pages if page[0] not in NOT_PAGE_CACHED]
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
            status, cache_state = status_and_cache(path)
            wrk(path, 1)  # warm-up: both workers, every cache
            result = wrk(path, DURATION)
            trivial_runs.append(wrk(TRIVIAL, TRIVIAL_DURATION))
            limit = (trivial_runs[-2]["requests_per_s"] + trivial_runs[-1]["requests_per_s"]) / 2
            result.update(
                name=name,
                path=path,
                status=status,
                page_cache=cache_state,
                queries=queries[path]["next"],
                queries_first=queries[path]["first"],
                trivial_requests_per_s=round(limit, 1),
                ratio=round(result["requests_per_s"] / limit, 4) if limit else None,
            )
            rows.append(result)
            log(
                f"  {mode:13} {size:>6} {name:10} {result['requests_per_s']:9.1f} req/s"
                f"  p50 {_fmt(result['p50_ms'], 8)} ms  trivial {limit:7.1f} req/s"
                f"  ratio {result['ratio']:.3f}  status {status}"
            )
    trivial = {
        "name": "trivial",
        "path": TRIVIAL,
        "status": 200,
        "page_cache": None,
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


def checks(runs):
    """The targets of issue 7, each with its measured value and whether it is met."""
    found = []
    by_key = {(run["mode"], run["size"]): run for run in runs}
    for mode in ("cached-locmem", "cached-redis"):
        for run in (r for r in runs if r["mode"] == mode):
            for row in run["pages"]:
                if row["name"] in NOT_PAGE_CACHED:
                    continue
                found.append(_check(f"{mode} {row['name']}", row["ratio"], TARGETS[mode]))
    for key, target in TARGETS.items():
        if isinstance(key, tuple) and (key[0], key[1]) in by_key:
            row = _row(by_key[(key[0], key[1])], key[2])
            found.append(_check(f"uncached {key[1]} {key[2]}", row["ratio"], target))
    small, large = min(SIZES), max(SIZES)
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
        f"{'mode':14}{'cities':>7}  {'page':11}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'SQL':>5}{'ratio':>8}  status",
        "-" * 84,
    ]
    for run in runs:
        for row in run["pages"]:
            status = str(row["status"])
            if row["non_2xx"]:
                status += f" ({row['non_2xx']} non-2xx)"
            if row["timeouts"]:
                status += f" ({row['timeouts']} timeouts)"
            lines.append(
                f"{run['mode']:14}{run['size']:>7}  {row['name']:11}"
                f"{row['requests_per_s']:>9.1f}{_fmt(row['p50_ms'])}{_fmt(row['p99_ms'])}"
                f"{row['queries']:>5}{row['ratio']:>8.3f}  {status}"
            )
    return "\n".join(lines)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (the Makefile's bench target does it).")
    started = time.monotonic()
    log("Static files (collectstatic, compressed and hashed as in production) …")
    manage(base_env(SIZES[0]), "collectstatic", "--noinput", "--clear")
    log(f"  done in {time.monotonic() - started:.0f} s")
    runs = []
    for size in SIZES:
        log(f"{size} synthetic cities:")
        prepare_database(size)
        queries = count_queries(base_env(size))
        log(f"  SQL queries counted ({time.monotonic() - started:.0f} s since the start)")
        modes = ["uncached"]
        if size == CACHED_SIZE or (CACHED_SIZE not in SIZES and size == SIZES[0]):
            modes += ["cached-locmem", "cached-redis"]
        for mode in modes:
            runs.append(run_mode(mode, size, queries))
    results = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "wrk_threads": 2,
            "gunicorn_workers": 2,
        },
        "runs": runs,
    }
    results["checks"] = checks(runs)
    results["elapsed_s"] = round(time.monotonic() - started)
    log("")
    log(table(runs))
    log("")
    for check in results["checks"]:
        mark = "met   " if check["met"] else "MISSED"
        log(f"{mark} {check['check']}: {check['value']} (target {check['target']})")
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2)
    (RESULTS / "latest.json").write_text(text + "\n")
    stamp = results["when"].replace(":", "").replace("-", "")[:13]
    (RESULTS / f"{stamp}.json").write_text(text + "\n")
    log(f"\nWritten to bench/results/latest.json ({results['elapsed_s']} s in all).")


if __name__ == "__main__":
    main()
