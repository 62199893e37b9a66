import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LANGUAGES = ["en", "fr", "es"]
PAGES = [
    ("gnlc:home", {}),
    ("cities:directory", {}),
    ("cities:map", {}),
    ("cities:city-detail", {"slug": "cork"}),
    ("cities:cluster-list", {}),
    ("cities:cluster-detail", {"slug": "health-and-well-being"}),
    ("gnlc:statistics", {}),
    ("gnlc:privacy", {}),
    ("gnlc:accessibility", {}),
]
# A word of the navigation in each language, to prove the page is really translated.
NAVIGATION = {"en": "Member cities", "fr": "Villes membres", "es": "Ciudades miembros"}


@pytest.fixture
def cork(make_city, make_cluster):
    from cities.services import set_cluster_role

    city = make_city("Cork", "IE", member_since=2015)
    set_cluster_role(city, make_cluster("Health and well-being", slug="health-and-well-being"))
    return city


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_in_every_language(client, cork, language, name, kwargs):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert url.startswith(f"/{language}/")
    assert f'<html lang="{language}"' in body
    assert NAVIGATION[language] in body
    # The language switcher links to this very page in the other languages.
    for other in LANGUAGES:
        with translation.override(other):
            other_url = reverse(name, kwargs=kwargs)
        assert f'hreflang="{other}" href="http://127.0.0.1:8000{other_url}"' in body
        if other != language:
            assert f'href="{other_url}" hreflang="{other}"' in body


@pytest.mark.django_db
def test_root_redirects_to_the_visitors_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


@pytest.mark.django_db
def test_language_switcher_keeps_the_query_string(client, cork):
    body = client.get("/en/cities/?country=IE&sort=newest").content.decode()
    assert 'href="/fr/cities/?country=IE&amp;sort=newest" hreflang="fr"' in body


@pytest.mark.django_db
def test_home_shows_figures_and_newest_members(client, make_city):
    make_city("Cork", "IE", member_since=2015)
    # Named as a member in a 2026 source: it may have joined long before, so it is not "newest".
    make_city("Bogotá", "CO", member_since=2026, member_since_precision="at_latest")
    make_city("Limerick", "IE", member_since=2016)
    make_city("Medellín", "CO", member_since=2019)
    response = client.get("/en/")
    assert response.context["figures"] == {"cities": 4, "countries": 2, "regions": 2}
    assert [c.display_name for c in response.context["newest"]] == [
        "Medellín",
        "Limerick",
        "Cork",
    ]


@pytest.mark.django_db
def test_newest_members_are_the_latest_admitted_the_same_in_every_language(client, make_city):
    # Admitted the same year: the later day of admission first, whatever the names.
    make_city("Zaragoza", "ES", admitted_on=datetime.date(2024, 2, 14), name_fr="Saragosse")
    make_city("Aalborg", "DK", admitted_on=datetime.date(2024, 9, 2))
    make_city("Ávila", "ES", member_since=2024)
    make_city("Cork", "IE", member_since=2015)
    make_city("Espoo", "FI", member_since=2025, name_es="Espoo", name_fr="Espoo")

    orders = {}
    for language in ("en", "fr", "es"):
        response = client.get(f"/{language}/")
        orders[language] = [city.slug for city in response.context["newest"]]
    assert orders["en"] == ["espoo", "aalborg", "zaragoza", "avila", "cork"]
    assert orders["fr"] == orders["es"] == orders["en"]


@pytest.mark.django_db
def test_statistics_count_members_per_region_and_year(client, make_city):
    make_city("Cork", "IE", member_since=2015)
    make_city("Limerick", "IE", member_since=2016)
    make_city("Medellín", "CO", member_since=2016)
    make_city("Aswan", "EG", member_since=2018)
    make_city("Unknown Town", "FR")
    response = client.get("/en/statistics/")
    per_region = {value: n for value, _label, n in response.context["per_region"]}
    assert per_region == {"AF": 0, "AS": 1, "AP": 0, "ENA": 3, "LAC": 1}
    # A year without admissions is shown with 0, the total carried over.
    assert response.context["growth"] == [(2015, 1, 1), (2016, 2, 3), (2017, 0, 3), (2018, 1, 4)]
    assert response.context["unknown_year"] == 1
    body = response.content.decode()
    assert "<svg" in body
    assert "<table" in body


@pytest.mark.django_db
def test_security_headers_on_every_page(client, cork):
    response = client.get("/en/cities/cork/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_no_inline_script_or_style_in_pages(client, cork):
    for url in ["/en/", "/en/cities/", "/en/cities/map/", "/en/cities/cork/", "/en/statistics/"]:
        body = client.get(url).content.decode()
        assert "<script>" not in body, url
        assert "<style" not in body, url
        assert " style=" not in body, url
        assert "<script src=" in body, url


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_robots_txt_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    # On the configured site address, never on the request's Host header.
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body


@pytest.mark.django_db
def test_sitemap_lists_public_cities_with_language_alternates(client, cork, make_city):
    from cities.services import change_membership_status

    gone = make_city("Goneville", "IE")
    change_membership_status(gone, status="withdrawn", note="left")
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{settings.SITE_URL}/fr/cities/cork/</loc>" in body
    assert f'hreflang="es" href="{settings.SITE_URL}/es/cities/cork/"' in body
    assert 'hreflang="x-default"' in body
    assert "goneville" not in body


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


@pytest.mark.django_db
def test_home_announces_the_open_call_in_its_time_zone(client):
    import datetime

    from django.utils import timezone

    from cities.models import MembershipCall

    closes = datetime.datetime(2099, 6, 30, 23, 59, tzinfo=datetime.UTC)
    MembershipCall.objects.create(
        title_en="Call 2099",
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=closes,
        commission_deadline=closes,
        time_zone="Asia/Seoul",
    )
    body = client.get("/en/").content.decode()
    assert "Call 2099" in body
    assert "until 1 July 2099, 08:59 (Asia/Seoul)" in body
    assert 'href="/en/join/"' in body
