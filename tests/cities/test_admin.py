from decimal import Decimal

import pytest
from django.urls import reverse

from cities.enums import MembershipStatus
from cities.models import City, MembershipStatusChange

ADMIN_PAGES = [
    ("admin:cities_city_changelist", {}),
    ("admin:cities_city_add", {}),
    ("admin:cities_cluster_changelist", {}),
    ("admin:cities_cluster_add", {}),
    ("admin:cities_networkfigure_changelist", {}),
    ("admin:cities_networkfigure_add", {}),
]


@pytest.mark.django_db
class TestAdminAccess:
    @pytest.mark.parametrize(("name", "kwargs"), ADMIN_PAGES)
    def test_staff_of_the_secretariat_reach_the_pages(self, client, staff_user, name, kwargs):
        client.force_login(staff_user)
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200

    @pytest.mark.parametrize(("name", "kwargs"), ADMIN_PAGES)
    def test_non_staff_are_sent_to_the_login(self, client, visitor_user, name, kwargs):
        client.force_login(visitor_user)
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    @pytest.mark.parametrize(("name", "kwargs"), ADMIN_PAGES)
    def test_anonymous_visitors_are_sent_to_the_login(self, client, db, name, kwargs):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_staff_without_the_group_cannot_edit_cities(self, client, db):
        from django.contrib.auth import get_user_model

        bare = get_user_model().objects.create_user(
            email="bare@example.org", password="x-pass-123456", is_staff=True
        )
        client.force_login(bare)
        assert client.get(reverse("admin:cities_city_changelist")).status_code == 403

    def test_staff_change_page_has_history_and_every_languages_fields(
        self, client, staff_user, network
    ):
        client.force_login(staff_user)
        url = reverse("admin:cities_city_change", args=[network["cork"].pk])
        body = client.get(url).content.decode()
        # One after another, not in tabs (which screen readers cannot use: CityAdmin).
        for code in ("en", "fr", "es", "ar", "zh_hans", "ru"):
            assert f'name="name_{code}"' in body
        assert "modeltranslation-main-switch" not in body
        assert "ajax.googleapis.com" not in body
        history = client.get(reverse("admin:cities_city_history", args=[network["cork"].pk]))
        assert history.status_code == 200

    def test_the_tabbed_admin_pages_load_jquery_ui_from_the_site(self, client, staff_user, network):
        client.force_login(staff_user)
        cluster = network["cork"].clusters.first()
        body = client.get(
            reverse("admin:cities_cluster_change", args=[cluster.pk])
        ).content.decode()
        assert "vendor/jquery-ui/jquery-ui.min.js" in body
        assert "ajax.googleapis.com" not in body


@pytest.mark.django_db
class TestAdminFilters:
    def changelist_names(self, client, **params):
        response = client.get(reverse("admin:cities_city_changelist"), params)
        return sorted(city.name_en for city in response.context["cl"].result_list)

    def test_filter_by_region(self, client, staff_user, network):
        client.force_login(staff_user)
        assert self.changelist_names(client, region="LAC") == ["Medellín", "Mexico City"]

    def test_filter_by_status_shows_withdrawn_cities_to_staff(self, client, staff_user, network):
        client.force_login(staff_user)
        assert self.changelist_names(client, status__exact="withdrawn") == ["Goneville"]

    def test_filter_by_year_joined_and_country(self, client, staff_user, network):
        client.force_login(staff_user)
        names = self.changelist_names(client, member_since="2016", country="IE")
        assert names == ["Goneville", "Limerick"]

    def test_search_by_french_name(self, client, staff_user, network):
        client.force_login(staff_user)
        assert self.changelist_names(client, q="Mexico") == ["Mexico City"]


@pytest.mark.django_db
def test_csv_export_has_public_fields_only(client, staff_user, network):
    city = network["cork"]
    city.focal_point_email = "focal.point@cork.example"
    city.focal_point_name = "Private Person"
    city.save()
    client.force_login(staff_user)
    url = reverse("admin:cities_city_export")
    response = client.post(
        url,
        {
            "format": "0",
            "resource": "0",
            **{f"cityresource_{field}": "on" for field in ("name_en", "country", "slug")},
        },
    )
    # The export form answers with the file when the form is valid.
    assert response.status_code == 200, response.content[:500]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode()
    assert "Cork" in text
    assert "focal.point@cork.example" not in text
    assert "Private Person" not in text


@pytest.mark.django_db
def test_status_change_in_the_admin_is_recorded_with_date_and_reason(client, staff_user, network):
    client.force_login(staff_user)
    city = network["limerick"]
    url = reverse("admin:cities_city_change", args=[city.pk])
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if isinstance(value, str | int | Decimal) and not isinstance(value, bool)
    }
    data.update(
        {
            "name_en": "Limerick",
            "country": "IE",
            "kind": "city",
            "member_since_precision": "year",
            "new_status": "suspended",
            "status_since": "2026-01-15",
            "status_note": "No biennial report",
            "cluster_memberships-TOTAL_FORMS": "0",
            "cluster_memberships-INITIAL_FORMS": "0",
            "status_history-TOTAL_FORMS": "1",
            "status_history-INITIAL_FORMS": "1",
            "status_history-0-id": str(city.status_history.get().pk),
            "status_history-0-city": str(city.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    city.refresh_from_db()
    assert city.status == MembershipStatus.SUSPENDED
    last = MembershipStatusChange.objects.filter(city=city).latest("recorded_at")
    assert (last.status, str(last.since), last.note, last.recorded_by) == (
        "suspended",
        "2026-01-15",
        "No biennial report",
        staff_user,
    )


@pytest.mark.django_db
def test_status_change_needs_a_reason(client, staff_user, network):
    from cities.forms import CityAdminForm

    form = CityAdminForm(
        data={
            "name_en": "Limerick",
            "slug": "limerick",
            "country": "IE",
            "kind": "city",
            "member_since_precision": "year",
            "new_status": "withdrawn",
        },
        instance=network["limerick"],
    )
    assert not form.is_valid()
    assert form.errors["status_note"] == ["Say why the status changes."]


@pytest.mark.django_db
class TestCoordinateSuggestions:
    url = "/admin/cities/city/suggest-coordinates/"

    def test_staff_get_gazetteer_matches(self, client, staff_user):
        client.force_login(staff_user)
        data = client.get(self.url, {"name": "Cork", "country": "IE"}).json()
        first = data["places"][0]
        assert first["name"] == "Cork"
        assert first["latitude"] == pytest.approx(51.9, abs=0.1)
        assert first["longitude"] == pytest.approx(-8.47, abs=0.1)
        assert "GeoNames" in data["attribution"]

    def test_accents_do_not_matter(self, client, staff_user):
        client.force_login(staff_user)
        data = client.get(self.url, {"name": "medellin", "country": "CO"}).json()
        assert data["places"][0]["name"] == "Medellín"

    def test_missing_country_is_explained(self, client, staff_user):
        client.force_login(staff_user)
        response = client.get(self.url, {"name": "Cork"})
        assert response.status_code == 400
        assert "country" in response.json()["error"]

    def test_non_staff_are_refused(self, client, visitor_user):
        client.force_login(visitor_user)
        response = client.get(self.url, {"name": "Cork", "country": "IE"})
        assert response.status_code == 302

    def test_new_city_without_coordinates_gets_them_filled_in(self, client, staff_user):
        client.force_login(staff_user)
        response = client.post(
            reverse("admin:cities_city_add"),
            {
                "name_en": "Galway",
                "slug": "galway",
                "country": "IE",
                "kind": "city",
                "member_since": "2022",
                "member_since_precision": "year",
                "cluster_memberships-TOTAL_FORMS": "0",
                "cluster_memberships-INITIAL_FORMS": "0",
                "status_history-TOTAL_FORMS": "0",
                "status_history-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        city = City.objects.get(slug="galway")
        assert float(city.latitude) == pytest.approx(53.27, abs=0.1)
        assert city.region == "ENA"
        assert list(city.status_history.values_list("status", flat=True)) == ["active"]


@pytest.mark.django_db
def test_export_needs_the_view_permission(client, db):
    from django.contrib.auth import get_user_model

    bare = get_user_model().objects.create_user(
        email="bare@example.org", password="x-pass-123456", is_staff=True
    )
    client.force_login(bare)
    assert client.get(reverse("admin:cities_city_export")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/admin/awards/awardcycle/", "/admin/awards/awardcycle/add/", "/admin/awards/award/"],
)
def test_award_admin_for_the_secretariat_only(client, staff_user, visitor_user, url):
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    client.force_login(visitor_user)
    assert client.get(url)["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_renaming_a_slug_in_the_admin_keeps_the_old_address_redirecting(
    client, staff_user, network
):
    client.force_login(staff_user)
    city = network["limerick"]
    url = reverse("admin:cities_city_change", args=[city.pk])
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if isinstance(value, str | int | Decimal) and not isinstance(value, bool)
    }
    data.update(
        {
            "name_en": "Limerick",
            "slug": "limerick-city",
            "country": "IE",
            "kind": "city",
            "member_since_precision": "year",
            "confirmed": "on",
            "cluster_memberships-TOTAL_FORMS": "0",
            "cluster_memberships-INITIAL_FORMS": "0",
            "status_history-TOTAL_FORMS": "1",
            "status_history-INITIAL_FORMS": "1",
            "status_history-0-id": str(city.status_history.get().pk),
            "status_history-0-city": str(city.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()

    response = client.get("/fr/cities/limerick/")
    assert (response.status_code, response["Location"]) == (301, "/fr/cities/limerick-city/")


@pytest.mark.django_db
def test_staff_see_and_edit_a_citys_provenance(client, staff_user, network):
    city = network["cork"]
    city.sources = "https://example.org/cork-source"
    city.editor_note = "Check the year joined"
    city.save()
    client.force_login(staff_user)
    body = client.get(reverse("admin:cities_city_change", args=[city.pk])).content.decode()
    assert "Provenance (staff only)" in body
    assert "https://example.org/cork-source" in body
    assert "Check the year joined" in body
    assert 'name="confirmed"' in body
    assert 'name="checked_on"' in body


@pytest.mark.django_db
def test_staff_see_a_clusters_provenance_and_recorded_flag(client, staff_user, network):
    client.force_login(staff_user)
    url = reverse("admin:cities_cluster_change", args=[network["health"].pk])
    body = client.get(url).content.decode()
    assert "Provenance (staff only)" in body
    assert 'name="memberships_recorded"' in body
    assert 'name="purpose_en"' in body


@pytest.mark.django_db
def test_staff_record_an_official_network_figure(client, staff_user):
    from cities.models import NetworkFigure

    client.force_login(staff_user)
    response = client.post(
        reverse("admin:cities_networkfigure_add"),
        {
            "members": "425",
            "countries": "91",
            "as_of": "2025-12-01",
            "as_of_precision": "month",
            "source_url": "https://example.org/425",
            "note_en": "nearly 500 million citizens",
            "confirmed": "on",
            "sources": "https://example.org/425",
            "editor_note": "",
        },
    )
    assert response.status_code == 302
    figure = NetworkFigure.objects.get()
    assert (figure.members, figure.countries, figure.as_of_display) == (425, 91, "December 2025")
