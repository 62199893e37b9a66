"""The anonymous page cache (gnlc/core/page_cache.py): fresh after every edit, and nothing personal
ever passes from one visitor to another through it."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from gnlc.core.page_cache import HEADER, PRIVATE_PREFIXES

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PREFIX = re.compile(rf"^/({'|'.join(LANGUAGES)})/")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    # Off for the rest of the suite (gnlc/settings/test.py); on here, as in production.
    settings.PAGE_CACHE_SECONDS = 300


def page_cache_server_down(settings):
    """The page cache on a real Redis client pointed at a port where nothing listens."""
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
    }
    settings.PAGE_CACHE_ALIAS = "down"


def cache_state(response):
    return response.get(HEADER)


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client, network, django_assert_num_queries
):
    first = client.get("/en/cities/")
    assert cache_state(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get("/en/cities/")
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_the_query_string_and_the_language_are_part_of_the_key(client, network):
    client.get("/en/cities/")
    filtered = client.get("/en/cities/?country=CO")
    assert cache_state(filtered) == "miss"
    assert "Medellín" in filtered.content.decode()
    assert "Cork" not in filtered.content.decode().split("<main", 1)[1]
    french = client.get("/fr/cities/")
    assert cache_state(french) == "miss"
    assert '<html lang="fr"' in french.content.decode()


def test_a_head_request_is_answered_from_the_cached_page(client, network):
    client.get("/en/cities/cork/")
    response = client.head("/en/cities/cork/")
    assert response.status_code == 200
    assert cache_state(response) == "hit"


def test_an_edit_shows_at_once_on_the_cached_directory_profile_and_home(client, network):
    from cities.services import update_city

    pages = ["/en/", "/en/cities/", "/en/cities/medellin/"]
    for url in pages:
        client.get(url)
        assert cache_state(client.get(url)) == "hit"
    update_city(network["medellin"], name_en="Medellín de Antioquia")
    for url in pages:
        response = client.get(url)
        assert cache_state(response) == "miss", url
        assert "Medellín de Antioquia" in response.content.decode(), url


def test_a_cluster_change_shows_at_once_on_the_cached_profile(client, network):
    from cities.services import set_cluster_role

    assert "Health and well-being" not in client.get("/en/cities/limerick/").content.decode()
    set_cluster_role(network["limerick"], network["health"])
    assert "Health and well-being" in client.get("/en/cities/limerick/").content.decode()


def _form_values(form):
    """What the browser would send back for an unchanged form: its initial values."""
    values = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            values[form.add_prefix(name)] = [str(item) for item in value]
        else:
            values[form.add_prefix(name)] = value if value is True else str(value)
    return values


def _admin_change_data(response):
    """The admin change form of `response` with its inlines, as posted unchanged."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_values(formset.management_form))
        for form in formset.initial_forms:
            data.update(_form_values(form))
    return data


def test_an_edit_in_the_admin_shows_at_once_on_cached_pages(client, network, staff_user):
    pages = ["/en/", "/en/cities/", "/en/cities/espoo/", "/en/clusters/health-and-well-being/"]
    for url in pages:
        client.get(url)
        assert cache_state(client.get(url)) == "hit", url
    staff = Client()
    staff.force_login(staff_user)
    change_url = f"/admin/cities/city/{network['espoo'].pk}/change/"
    data = _admin_change_data(staff.get(change_url))
    data["name_en"] = "Espoo (Esbo)"
    answer = staff.post(change_url, data)
    assert answer.status_code == 302, answer.context and answer.context["adminform"].form.errors
    for url in ["/en/", "/en/cities/", "/en/clusters/health-and-well-being/"]:
        assert "Espoo (Esbo)" in client.get(url).content.decode(), url
    assert client.get("/en/cities/espoo/").status_code in (200, 404)


def test_a_conference_edit_shows_at_once_on_the_cached_archive(client, db):
    import datetime

    from conferences.models import Conference

    conference = Conference.objects.create(
        number=9,
        slug="9th-iclc",
        title_en="9th International Conference on Learning Cities",
        country="KR",
        starts_on=datetime.date(2099, 9, 1),
        ends_on=datetime.date(2099, 9, 3),
    )
    assert "9th International" in client.get("/en/conferences/").content.decode()
    conference.title_en = "Ninth International Conference on Learning Cities"
    conference.save()
    body = client.get("/en/conferences/").content.decode()
    assert "Ninth International" in body


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _public_path(path):
    stripped = PREFIX.sub("", path)
    return not (
        stripped.startswith(PRIVATE_PREFIXES)
        or "/apply/" in path
        or path.startswith(("/static/", "/media/", "/admin/", "/api/"))
    )


@pytest.mark.django_db
def test_every_public_page_is_cached_without_a_form_a_token_or_a_cookie(client):
    call_command("seed_demo", verbosity=0)
    to_visit = [f"/{code}/" for code in LANGUAGES]
    seen, checked = set(to_visit), []
    while to_visit:
        path = to_visit.pop()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        body = response.content.decode()
        assert 'method="post"' not in body.lower(), path
        assert "csrfmiddlewaretoken" not in body, path
        assert not response.cookies, path
        assert cache_state(response) == "miss", path
        assert cache_state(client.get(path)) == "hit", path
        checked.append(path)
        parser = _Links()
        parser.feed(body)
        for href in parser.hrefs:
            parts = urlsplit(urljoin("http://testserver" + path, href))
            if parts.netloc != "testserver" or not _public_path(parts.path):
                continue
            # One visit per page, whatever its query string (filters, sort, page).
            if parts.path not in seen:
                seen.add(parts.path)
                to_visit.append(parts.path)
    # Every kind of public page was walked, in every language.
    kinds = {PREFIX.sub("/", p).split("/")[1] for p in checked}
    assert {"", "cities", "clusters", "join", "awards", "conferences", "statistics"} <= kinds
    assert len(checked) > 100


def _sign_in(client, user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    return response


def test_two_visitors_never_share_a_session_a_token_or_a_message(network, visitor_user):
    alice, bob = Client(), Client()
    _sign_in(alice, visitor_user)
    # Alice's page: her account and the sign-out form with its CSRF token. Never stored.
    page = alice.get("/en/cities/")
    body = page.content.decode()
    assert "Sign out" in body
    assert "csrfmiddlewaretoken" in body
    assert cache_state(page) is None

    first, second = bob.get("/en/cities/"), bob.get("/en/cities/")
    assert cache_state(second) == "hit"
    for response in (first, second):
        text = response.content.decode()
        assert "Sign out" not in text
        assert "csrfmiddlewaretoken" not in text
        assert "Sign in" in text
        assert not response.cookies
    assert not bob.cookies
    # Alice's "signed in" message waited for her, and only for her.
    assert "Successfully signed in as visitor@example.org" in (
        alice.get("/en/applications/").content.decode()
    )
    assert alice.cookies["sessionid"].value
    assert "visitor@example.org" not in bob.get("/en/accounts/login/").content.decode()


def test_a_message_for_one_visitor_is_never_cached_for_the_next(network, visitor_user):
    alice, bob = Client(), Client()
    _sign_in(alice, visitor_user)
    alice.get("/en/applications/")
    alice.post("/en/accounts/logout/")
    # Alice is signed out; her "signed out" message waits in a cookie for her next page
    # that shows messages. A public page rendered meanwhile is never stored.
    assert "messages" in alice.cookies
    assert cache_state(alice.get("/en/cities/")) is None
    assert "You have signed out." in alice.get("/en/accounts/login/").content.decode()
    page = bob.get("/en/cities/")
    assert cache_state(page) == "miss"
    assert not page.cookies
    assert "You have signed out." not in bob.get("/en/accounts/login/").content.decode()


def test_a_signed_in_visitor_never_gets_the_cached_anonymous_page(client, network, staff_user):
    client.get("/en/cities/cork/")
    assert cache_state(client.get("/en/cities/cork/")) == "hit"
    client.force_login(staff_user)
    response = client.get("/en/cities/cork/")
    assert cache_state(response) is None
    body = response.content.decode()
    assert "Sign out" in body
    assert "My applications" in body


def test_errors_and_private_areas_are_never_stored(client, network):
    assert client.get("/en/cities/no-such-city/").status_code == 404
    assert cache_state(client.get("/en/cities/no-such-city/")) is None
    login = client.get("/en/accounts/login/")
    assert "csrfmiddlewaretoken" in login.content.decode()
    assert cache_state(login) is None
    assert cache_state(Client().get("/en/accounts/login/")) is None


def test_pages_render_uncached_when_the_cache_server_is_down(client, network, settings):
    page_cache_server_down(settings)
    for _ in range(2):
        response = client.get("/en/cities/")
        assert response.status_code == 200
        assert "Medellín" in response.content.decode()
        assert cache_state(response) is None


def test_the_benchmarks_baseline_skips_the_lookup_and_its_twin_does_not(rf, settings, caplog):
    """`make bench` compares every page to /bench/trivial: it must not pay the page cache's
    reads (with Redis they halve its speed); /bench/trivial-lookup pays them, shown apart.
    With a cache server that does not answer, only the lookup notices."""
    from django.http import HttpResponse

    from gnlc.core.page_cache import PageCacheMiddleware

    page_cache_server_down(settings)
    middleware = PageCacheMiddleware(lambda request: HttpResponse(b"ok"))
    caplog.set_level("WARNING", logger="gnlc.page_cache")
    assert middleware(rf.get("/bench/trivial")).content == b"ok"
    assert not caplog.records, "the baseline read the page cache"
    assert middleware(rf.get("/bench/trivial-lookup")).content == b"ok"
    assert "Page cache unavailable" in caplog.text, "the lookup's twin skipped the page cache"


def test_a_worker_serves_the_pages_it_kept_and_another_reads_the_shared_cache(client, rf, network):
    """Each worker keeps the pages it served (a hit then reads only the content state from
    Redis); a worker without its copy, as on another server, reads the shared cache; an edit
    reaches both at once."""
    from django.core.cache import cache

    from gnlc.core.page_cache import PageCacheMiddleware, memo

    assert cache_state(client.get("/en/cities/")) == "miss"
    # The shared copy gone (evicted): this worker still has its own.
    assert cache.delete(PageCacheMiddleware._key(rf.get("/en/cities/")))
    assert cache_state(client.get("/en/cities/")) == "hit"

    memo.clear()
    assert cache_state(client.get("/en/cities/")) == "miss"  # neither copy left: rendered
    memo.clear()  # another worker, which has only the shared copy
    assert cache_state(client.get("/en/cities/")) == "hit"

    network["cork"].name_en = "Corcaigh"
    network["cork"].save()
    fresh = client.get("/en/cities/")
    assert cache_state(fresh) == "miss"
    assert "Corcaigh" in fresh.content.decode()
