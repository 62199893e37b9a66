"""SQL queries per request for each benchmarked URL, through Django's test client.

Run by bench/run.py with the same environment as the benchmarked server (settings, database),
with the page cache off (every page rendered) or on (the next request is served from it).
Prints JSON: for each URL, the status, the queries of a first request (empty caches) and of
the next one (what a steady stream of visitors costs).
"""

import json
import os
import sys

import django


def main(paths):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gnlc.settings.production")
    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for path in paths:
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            counts.append(len(queries.captured_queries))
        results[path] = {"status": response.status_code, "first": counts[0], "next": counts[1]}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
