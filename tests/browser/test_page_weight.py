"""Page weight (issue 7): the home page's first load, with an empty browser cache, transfers
at most 200 KB, all of it from the site itself.

Measured as production serves it: the static files are collected with the production storage
(hashed names, gzip and Brotli copies made by WhiteNoise) into a temporary folder and served
by WhiteNoise inside a server started for this test; Chromium reports the bytes each answer
really took on the wire (headers and encoded body).
"""

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread

from tests.browser.helpers import watch_page
from tests.gnlc.test_static_compression import collect_static_as_production

LIMIT = 200 * 1024


@pytest.fixture
def production_static(settings, tmp_path):
    return collect_static_as_production(settings, tmp_path)


@pytest.fixture
def production_site(production_static, transactional_db):
    """A server of its own (the shared live server was started with the development static
    files): the whole middleware stack, WhiteNoise serving the collected files."""
    shared = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared[connection.alias] = connection
    thread = LiveServerThread(
        "127.0.0.1", static_handler=lambda application: application, connections_override=shared
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


@pytest.mark.django_db(transaction=True)
def test_home_first_load_is_small_and_all_from_the_site(
    browser, production_site, network, settings
):
    from tests.browser.conftest import BrowserProblems

    context = browser.new_context()  # a fresh profile: nothing cached yet
    page = context.new_page()
    problems = BrowserProblems(origin=production_site)
    watch_page(page, problems)
    answers = []
    page.on("requestfinished", lambda request: answers.append(request))
    page.goto(f"{production_site}/en/", wait_until="networkidle")

    transferred, encodings = {}, {}
    for request in answers:
        sizes = request.sizes()
        transferred[request.url] = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        encodings[request.url] = request.response().headers.get("content-encoding")
    total = sum(transferred.values())
    context.close()
    print(f"home page, first load: {total} bytes in {len(transferred)} requests")  # for -s

    assert problems.outside_requests() == []
    assert problems.failed_requests == []
    # The page's own files were really fetched, and came compressed where that helps: Chromium
    # accepts Brotli, and the collected files have their Brotli copies.
    stylesheets = [url for url in transferred if url.endswith(".css")]
    assert stylesheets, transferred
    assert {encodings[url] for url in stylesheets} == {"br"}
    assert total <= LIMIT, sorted(transferred.items(), key=lambda item: -item[1])
