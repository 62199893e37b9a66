"""The reporting standing in the cities' admin: a list filter and a line on the city's page,
added by the members app (cities.admin does not know of members)."""

import datetime

import pytest
from django.urls import reverse

from members.services import reports as reporting

from .staff_world import State, report_in

pytestmark = pytest.mark.django_db
CITIES = reverse("admin:cities_city_changelist")


def listed(client, query):
    response = client.get(CITIES + query)
    assert response.status_code == 200
    return sorted(str(city) for city in response.context["cl"].result_list)


def test_the_cities_list_filters_by_reporting_standing(staff_client, members, cycle, reviewer):
    # The 2021 deadline has passed on any day the tests run: Cork's draft is overdue.
    report_in(cycle, members["espoo"], State.SUBMITTED, reviewer)
    aswan = cycle.reports.get(city=members["aswan"])
    reporting.extend_deadline(aswan, by=reviewer, until=datetime.date(2099, 1, 31), note="War.")

    assert listed(staff_client, "?reporting=overdue") == ["Cork"]
    assert listed(staff_client, "?reporting=under_review") == ["Espoo"]
    # Aswan has an extension; Lateville is not asked to report in this cycle.
    assert listed(staff_client, "?reporting=good") == ["Aswan", "Lateville"]
    assert listed(staff_client, "") == ["Aswan", "Cork", "Espoo", "Lateville"]


def test_a_report_not_accepted_makes_the_city_overdue_in_the_filter(
    staff_client, members, cycle, reviewer
):
    report_in(cycle, members["espoo"], State.NOT_ACCEPTED, reviewer)
    # Espoo's report was not accepted; Aswan's and Cork's drafts are past their deadline.
    assert listed(staff_client, "?reporting=overdue") == ["Aswan", "Cork", "Espoo"]
    assert listed(staff_client, "?reporting=good") == ["Lateville"]


def test_the_city_page_shows_its_standing_and_links_the_report(
    staff_client, members, cycle, reviewer
):
    report = report_in(cycle, members["espoo"], State.ACCEPTED, reviewer)
    page = staff_client.get(reverse("admin:cities_city_change", args=[members["espoo"].pk]))
    body = page.content.decode()
    assert "Reporting standing" in body
    assert "In good standing, since" in body
    assert reverse("admin:members_progressreport_change", args=[report.pk]) in body

    cork = staff_client.get(reverse("admin:cities_city_change", args=[members["cork"].pk]))
    assert "Report overdue, since Jan. 1, 2022" in cork.content.decode()


def test_a_city_never_asked_to_report_is_in_good_standing(staff_client, members):
    page = staff_client.get(reverse("admin:cities_city_change", args=[members["late"].pk]))
    assert "In good standing" in page.content.decode()


def test_the_city_page_still_saves_with_the_standing_shown(staff_client, members):
    """The added field is read-only: the form of the city is unchanged."""
    page = staff_client.get(reverse("admin:cities_city_change", args=[members["cork"].pk]))
    assert "reporting_standing" not in page.context["adminform"].form.fields


def test_staff_without_the_group_do_not_see_the_cities_list(client, bare_staff):
    client.force_login(bare_staff)
    assert client.get(CITIES + "?reporting=overdue").status_code == 403
