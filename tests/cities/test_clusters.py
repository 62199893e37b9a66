"""Clusters show what is recorded: their purpose and coordinators always, their member count
and the directory filter only where staff have recorded every member."""

import pytest
from django.urls import reverse
from django.utils import translation

from cities.enums import ClusterRole
from cities.models import Cluster
from cities.services import set_cluster_role


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def clusters(make_city, make_cluster):
    cork = make_city("Cork", "IE", member_since=2015)
    osan = make_city("Osan", "KR", member_since=2016)
    espoo = make_city("Espoo", "FI", member_since=2015)
    health = make_cluster(
        "Health and well-being",
        purpose_en="Learning for health and well-being.",
        sources="https://example.org/iclc5",
        editor_note="Check whether Osan still coordinates",
    )
    set_cluster_role(cork, health, role=ClusterRole.COORDINATOR)
    set_cluster_role(osan, health, role=ClusterRole.COORDINATOR)
    set_cluster_role(espoo, health)
    literacy = make_cluster("Literacy", purpose_en="Literacy learning for people of all ages.")
    recorded = make_cluster("Recorded", memberships_recorded=True, purpose_en="All recorded.")
    set_cluster_role(espoo, recorded)
    return {"health": health, "literacy": literacy, "recorded": recorded}


@pytest.mark.django_db
def test_list_shows_each_purpose_and_coordinators_without_unrecorded_counts(client, clusters):
    body = client.get(url("cities:cluster-list")).content.decode()
    assert "Learning for health and well-being." in body
    assert "Literacy learning for people of all ages." in body
    assert "Coordinators:" in body
    assert "0 member cities" not in body
    assert "2 member cities" not in body
    assert "3 member cities" not in body
    assert "1 member city" in body  # the cluster whose members are recorded
    assert "example.org/iclc5" not in body
    assert "Osan still coordinates" not in body


@pytest.mark.django_db
def test_detail_of_unrecorded_cluster_lists_coordinators_only(client, clusters):
    response = client.get(url("cities:cluster-detail", slug="health-and-well-being"))
    body = response.content.decode()
    assert [m.city_name for m in response.context["memberships"]] == ["Cork", "Osan"]
    assert "Coordinating cities" in body
    assert "Espoo" not in body
    assert "?cluster=" not in body
    assert "No member city is recorded" not in body


@pytest.mark.django_db
def test_detail_without_coordinators_shows_its_purpose_and_nothing_empty(client, clusters):
    body = client.get(url("cities:cluster-detail", slug="literacy")).content.decode()
    assert "Literacy learning for people of all ages." in body
    assert "Coordinating cities" not in body
    assert "No member city" not in body


@pytest.mark.django_db
def test_detail_of_recorded_cluster_lists_members_and_links_the_directory(client, clusters):
    body = client.get(url("cities:cluster-detail", slug="recorded")).content.decode()
    assert "Cities in this cluster" in body
    assert "Espoo" in body
    assert "?cluster=recorded" in body


@pytest.mark.django_db
def test_only_recorded_clusters_are_offered_as_filters(clusters):
    assert [c.slug for c in Cluster.objects.with_recorded_memberships()] == ["recorded"]


@pytest.mark.django_db
def test_unconfirmed_cluster_is_not_public(client, clusters):
    Cluster.objects.filter(slug="literacy").update(confirmed=False)
    assert client.get(url("cities:cluster-detail", slug="literacy")).status_code == 404
    assert "Literacy" not in client.get(url("cities:cluster-list")).content.decode()
