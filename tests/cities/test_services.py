import pytest

from cities.enums import MembershipStatus
from cities.querysets import normalize_search_text
from cities.services import change_membership_status, create_city


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Medellín", "medellin"),
        ("N'Zérékoré", "nzerekore"),
        ("Kara – Commune de Kozah 1", "kara commune de kozah 1"),
        ("  SØNDERBORG ", "sonderborg"),
        ("Łódź", "lodz"),
        ("Æbeltoft Straße", "aebeltoft strasse"),
        ("Câmara de Lobos", "camara de lobos"),
        ("Xi'an", "xian"),
    ],
)
def test_normalize_search_text(text, expected):
    assert normalize_search_text(text) == expected


@pytest.mark.django_db
class TestCreateCity:
    def test_derives_slug_region_and_first_status(self):
        city = create_city(name="Querétaro", country="MX", member_since=2022)
        assert (city.slug, city.region, city.status) == ("queretaro", "LAC", "active")
        record = city.status_history.get()
        assert (record.status, str(record.since)) == ("active", "2022-01-01")

    def test_second_city_of_the_same_name_gets_the_country_in_its_slug(self):
        create_city(name="Santiago", country="MX")
        other = create_city(name="Santiago", country="CL")
        assert other.slug == "santiago-chile"

    def test_reserved_slugs_are_avoided(self):
        assert create_city(name="Map", country="FR").slug == "map-france"

    def test_region_follows_uil_grouping(self):
        assert create_city(name="Cairo", country="EG").region == "AS"
        assert create_city(name="Tehran", country="IR").region == "AP"
        assert create_city(name="Bursa", country="TR").region == "ENA"


@pytest.mark.django_db
class TestChangeMembershipStatus:
    def test_records_a_dated_step_and_updates_the_city(self, staff_user):
        city = create_city(name="Cork", country="IE", member_since=2015)
        change_membership_status(
            city, status=MembershipStatus.SUSPENDED, note="No report", by=staff_user
        )
        city.refresh_from_db()
        assert city.status == "suspended"
        assert list(city.status_history.values_list("status", "note", "recorded_by")) == [
            ("active", "", None),
            ("suspended", "No report", staff_user.pk),
        ]

    def test_refuses_the_status_the_city_already_has(self):
        city = create_city(name="Cork", country="IE")
        with pytest.raises(ValueError, match="already"):
            change_membership_status(city, status=MembershipStatus.ACTIVE)
        assert city.status_history.count() == 1


@pytest.mark.django_db
def test_public_cache_is_invalidated_when_a_city_changes(client):
    city = create_city(name="Cork", country="IE", member_since=2015)
    assert client.get("/en/").context["figures"]["cities"] == 1
    create_city(name="Limerick", country="IE", member_since=2016)
    assert client.get("/en/").context["figures"]["cities"] == 2
    change_membership_status(city, status=MembershipStatus.WITHDRAWN, note="left")
    assert client.get("/en/").context["figures"]["cities"] == 1
