"""Who reaches what around one award application: seven roles × every award URL. Denials are
asserted as carefully as grants (a login redirect, or a 404 so that ids cannot be probed)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from awards import services
from awards.enums import AwardApplicationState as State
from awards.enums import CyclePhase
from awards.models import Score
from tests import world
from tests.awards.conftest import CRITERIA, RULES

LOGIN = "login"
ADMIN_LOGIN = "admin-login"


@pytest.fixture
def cycle(make_cycle, make_city):
    """Cork's and Medellín's applications, shortlisted, each city with its focal point (in
    this module, instead of the conftest's cycle)."""
    cork = make_city(
        "Cork",
        "IE",
        member_since=2015,
        focal_point=world.user("focal@cork.example", password="p-123456789"),
    )
    medellin = make_city(
        "Medellín",
        "CO",
        member_since=2015,
        focal_point=world.user("focal@medellin.example", password="p-12345678"),
    )
    return make_cycle(applicants=[(cork, State.SHORTLISTED), (medellin, State.SHORTLISTED)])


@pytest.fixture
def scene(make_juror, cycle, criteria):
    mine, other = cycle.applications.order_by("pk")
    cork, medellin = mine.city, other.city
    staff = world.staff("staff@uil.example", password="p-123456789", verified=None)
    assigned = make_juror("assigned@jury.example", "BR")
    elsewhere = make_juror("elsewhere@jury.example", "SE")
    conflicted = make_juror("conflicted@jury.example", "IE")  # Cork's country: automatic
    own = services.assign_juror(mine, assigned, by=staff)
    services.assign_juror(other, elsewhere, by=staff)
    in_conflict = services.assign_juror(mine, conflicted, by=staff)
    people = {
        "visitor": None,
        "focal point of this city": cork.focal_point,
        "focal point of another city": medellin.focal_point,
        "juror assigned": assigned,
        "juror not assigned": elsewhere,
        "conflicted juror": conflicted,
        "staff": staff,
    }
    return people, mine, own, in_conflict


def outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if "/accounts/login/" in location:
            return LOGIN
        return "redirect"
    return response.status_code


def every(value, **exceptions):
    roles = [
        "visitor",
        "focal point of this city",
        "focal point of another city",
        "juror assigned",
        "juror not assigned",
        "conflicted juror",
        "staff",
    ]
    return {role: exceptions.get(role.replace(" ", "_"), value) for role in roles}


PAGES = {
    "award list": (lambda a, own: reverse("awards:cycle-list"), every(200)),
    "application": (
        lambda a, own: reverse("awards:application-detail", args=[a.pk]),
        every(404, visitor=LOGIN, focal_point_of_this_city=200),
    ),
    "consent form file": (
        lambda a, own: reverse("awards:application-consent-file", args=[a.pk]),
        every(404, visitor=LOGIN, focal_point_of_this_city=200),
    ),
    "jury queue": (
        lambda a, own: reverse("awards:jury"),
        every(
            404,
            visitor=LOGIN,
            juror_assigned=200,
            juror_not_assigned=200,
            conflicted_juror=200,
        ),
    ),
    "the assigned juror's review": (
        lambda a, own: reverse("awards:jury-review", args=[own.pk]),
        every(404, visitor=LOGIN, juror_assigned=200),
    ),
    "admin application page": (
        lambda a, own: reverse("admin:awards_awardapplication_change", args=[a.pk]),
        every(ADMIN_LOGIN, staff=200),
    ),
    "admin consent form": (
        lambda a, own: reverse("admin:awards_awardapplication_consent", args=[a.pk]),
        every(ADMIN_LOGIN, staff=200),
    ),
    "admin ranking": (
        lambda a, own: reverse("admin:awards_awardcycle_ranking", args=[a.cycle_id]),
        every(ADMIN_LOGIN, staff=200),
    ),
    "admin board": (
        lambda a, own: reverse("admin:awards_awardcycle_board", args=[a.cycle_id]),
        every(ADMIN_LOGIN, staff=200),
    ),
    "admin scores export": (
        lambda a, own: reverse("admin:awards_awardcycle_scores", args=[a.cycle_id, "csv"]),
        every(ADMIN_LOGIN, staff=200),
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_who_reaches_each_award_url(client, scene, page):
    people, application, own, _ = scene
    url_of, expected = PAGES[page]
    url = url_of(application, own)
    seen = {}
    for role, user in people.items():
        client.logout()
        if user:
            client.force_login(user)
        seen[role] = outcome(client.get(url))
    assert seen == expected


@pytest.mark.parametrize(
    "role", ["juror not assigned", "conflicted juror", "focal point of this city"]
)
def test_only_the_assigned_juror_can_score(client, scene, criteria, role):
    people, _application, own, in_conflict = scene
    client.force_login(people[role])
    target = in_conflict if role == "conflicted juror" else own
    data = {f"score_{criterion.pk}": "7" for criterion in criteria}
    client.post(reverse("awards:jury-review", args=[target.pk]), data)
    assert Score.objects.filter(assignment=target).count() == 0


def test_the_assigned_juror_scores(client, scene, criteria):
    people, _application, own, _ = scene
    client.force_login(people["juror assigned"])
    data = {f"score_{criterion.pk}": "7" for criterion in criteria}
    client.post(reverse("awards:jury-review", args=[own.pk]), data)
    assert sorted(Score.objects.filter(assignment=own).values_list("value", flat=True)) == [
        Decimal("7.00")
    ] * len(criteria)


def test_admin_ranking_query_count_does_not_grow(client, make_city, jurors, score_all, staff_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Two cycles in their jury phase, one with one shortlisted application, one with three.
    client.force_login(staff_user)
    counts = []
    for year, cities in [
        (2026, [("Espoo", "FI")]),
        (2027, [("Medellín", "CO"), ("Aswan", "EG"), ("Tampere", "FI")]),
    ]:
        applicants = [(make_city(n, c, member_since=2015), State.SHORTLISTED) for n, c in cities]
        cycle = world.award_cycle(
            year, phase=CyclePhase.JURY, criteria=CRITERIA, applicants=applicants, **RULES
        )
        criteria = list(cycle.criteria.order_by("order"))
        for application in cycle.applications.all():
            for juror in jurors:
                assignment = services.assign_juror(application, juror, by=staff_user)
                score_all(assignment, criteria, [Decimal(5), Decimal(6), Decimal(7)])
        url = reverse("admin:awards_awardcycle_ranking", args=[cycle.pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["rows"]) == len(cities)
        counts.append(len(queries))
    assert counts == [RANKING_PAGE_QUERIES] * 2, counts


# The admin's session, user and permissions, the cycle, and the ranking's three queries.
RANKING_PAGE_QUERIES = 8
