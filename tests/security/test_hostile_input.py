"""Hostile text saved through the real forms is stored as typed and shown escaped on every
page that shows it; NUL bytes are refused with a message; 10,000 characters are refused with
a message and a long unbroken name breaks no page."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from tests.map_points import points

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE cities_city; --",
    "Ville\u202egnp.exe",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_and_shown_escaped(
    client, world, db, text, django_capture_on_commit_callbacks
):
    from cities.models import City, MembershipApplication

    client.force_login(world.focal_a)
    url = reverse("cities:application-edit", args=[world.membership_a.pk, "city"])
    response = client.post(
        url, {"city_name": text, "country": "IE", "website": "https://example.org"}
    )
    assert response.status_code == 302
    application = MembershipApplication.objects.get(pk=world.membership_a.pk)
    assert application.city_name == text  # stored as typed
    pages = [
        client.get(reverse("cities:application-detail", args=[application.pk])),
        client.get(reverse("cities:application-list")),
    ]
    client.force_login(world.secretariat)
    pages.append(client.get(reverse("admin:cities_membershipapplication_changelist")))
    pages.append(
        client.get(reverse("admin:cities_membershipapplication_change", args=[application.pk]))
    )
    # A member city with that name: profile, directory, search, API, admin list.
    City.objects.filter(pk=world.city_a.pk).update(name_en=text, mayor_name=text)
    client.logout()
    pages += [
        client.get(reverse("cities:city-detail", args=[world.city_a.slug])),
        client.get(reverse("cities:directory"), {"q": text}),
        client.get(reverse("cities:directory")),
    ]
    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        if "<" in text or '"' in text:
            assert text not in body, page.wsgi_request.path
    api = client.get(reverse("api:city-detail", args=[world.city_a.slug]))
    assert api.status_code == 200
    assert api["Content-Type"].startswith("application/json")
    assert text in api.json().values() or text in str(api.json())
    # E-mails are plain text: the name as typed, no HTML around it.
    mail.outbox.clear()
    client.force_login(world.focal_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cities:application-submit", args=[application.pk]))
    assert mail.outbox
    assert all(not getattr(m, "alternatives", []) for m in mail.outbox)


@pytest.mark.parametrize("field", ["city_name", "website"])
def test_nul_bytes_are_refused_with_a_message(client, world, db, field):
    client.force_login(world.focal_a)
    url = reverse("cities:application-edit", args=[world.membership_a.pk, "city"])
    response = client.post(url, {"city_name": "Cork", field: "Co\x00rk"})
    assert response.status_code == 200  # the step again, its valid fields saved
    assert "Null characters are not allowed." in response.content.decode()
    world.membership_a.refresh_from_db()
    assert "\x00" not in world.membership_a.city_name


def test_nul_bytes_in_searches_are_no_error(client, world, db):
    for url in (reverse("cities:directory"), reverse("api:city-list")):
        assert client.get(url, {"q": "Co\x00rk"}).status_code in (200, 400)
    client.force_login(world.secretariat)
    assert client.get(reverse("admin:cities_city_changelist"), {"q": "Co\x00rk"}).status_code == 200


def test_ten_thousand_characters_are_refused_and_long_names_break_nothing(client, world, db):
    from cities.models import City

    client.force_login(world.focal_a)
    url = reverse("cities:application-edit", args=[world.membership_a.pk, "city"])
    before = type(world.membership_a).objects.get(pk=world.membership_a.pk).city_name
    response = client.post(url, {"city_name": "x" * 10_000})
    assert response.status_code == 200  # the step again, with the error
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    world.membership_a.refresh_from_db()
    assert world.membership_a.city_name == before
    long_name = "Llanfairpwllgwyngyll" * 10  # 200 characters, no space to break at
    City.objects.filter(pk=world.city_a.pk).update(name_en=long_name)
    client.logout()
    for url in (
        reverse("cities:city-detail", args=[world.city_a.slug]),
        reverse("api:city-detail", args=[world.city_a.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert long_name in response.content.decode()


def _admin_city(client, **fields):
    return client.post(
        reverse("admin:cities_city_add"),
        {
            "slug": "hostile-town",
            "country": "IE",
            "kind": "city",
            "member_since": "2022",
            "member_since_precision": "year",
            # Ticked on the admin's form: staff confirm what they enter.
            "confirmed": "on",
            "latitude": "53.1",
            "longitude": "-8.1",
            "cluster_memberships-TOTAL_FORMS": "0",
            "cluster_memberships-INITIAL_FORMS": "0",
            "status_history-TOTAL_FORMS": "0",
            "status_history-INITIAL_FORMS": "0",
            **fields,
        },
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_through_the_admin_city_form_is_shown_escaped(client, world, db, text):
    from cities.models import City

    client.force_login(world.secretariat)
    response = _admin_city(client, name_en=text, description_en=text, mayor_name=text)
    assert response.status_code == 302, response.context["adminform"].form.errors
    city = City.objects.get(slug="hostile-town")
    assert (city.name_en, city.description_en, city.mayor_name) == (text, text, text)
    pages = [client.get(reverse("admin:cities_city_changelist"), {"q": "hostile"})]
    client.logout()
    pages += [
        client.get(reverse("cities:city-detail", args=["hostile-town"])),
        client.get(reverse("cities:directory"), {"q": text}),
    ]
    # The map's data is JSON (the map writes names with textContent): the name as typed.
    data = client.get(reverse("cities:map-data"))
    assert data["Content-Type"] == "application/json"
    assert text in [city["name"] for city in points(data)]
    for page in pages:
        assert page.status_code == 200
        if "<" in text or '"' in text:
            assert text not in page.content.decode(), page.wsgi_request.path
    api = client.get(reverse("api:city-detail", args=["hostile-town"])).json()
    assert text in json.dumps(api, ensure_ascii=False)


def test_nul_and_ten_thousand_characters_in_the_admin_city_form_are_refused(client, world, db):
    from cities.models import City

    client.force_login(world.secretariat)
    for name in ("Hostile\x00town", "x" * 10_000):
        response = _admin_city(client, name_en=name)
        assert response.status_code == 200
        errors = str(response.context["adminform"].form.errors)
        assert "Null characters are not allowed." in errors or "at most 200 characters" in errors
    assert not City.objects.filter(slug="hostile-town").exists()
