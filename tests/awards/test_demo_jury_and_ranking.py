import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from awards.models import AwardCycle, ConflictDeclaration, JuryAssignment, Score


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("seed_demo", demo_accounts=True, stdout=out)
    return out.getvalue()


def test_seed_demo_opens_a_jury_cycle_with_jurors_and_scores(demo):
    cycle = AwardCycle.objects.get(year=2027)
    assert cycle.phase == "jury"
    # Not a real round of the award: marked in public, left out of the statistics.
    assert cycle.is_demonstration is True
    assert not AwardCycle.objects.exclude(year=2027).filter(is_demonstration=True).exists()
    assert cycle.criteria.count() == 8
    assert JuryAssignment.objects.filter(application__cycle=cycle).count() == 12
    # The German juror is in conflict with Hamburg, automatically.
    conflict = ConflictDeclaration.objects.get(application__cycle=cycle)
    assert (conflict.juror.email, conflict.application.city.name_en, conflict.kind) == (
        "juror2@gnlc.example",
        "Hamburg",
        "same_country",
    )
    assert Score.objects.filter(assignment__application__cycle=cycle).count() == 3 * 4 * 8 - 8
    submitted = JuryAssignment.objects.filter(application__cycle=cycle).exclude(submitted_at=None)
    assert sorted({a.juror.email for a in submitted}) == [
        "juror1@gnlc.example",
        "juror3@gnlc.example",
    ]
    # The printed password, made at this seeding, signs the juror in.
    password = re.search(r"juror2@gnlc\.example / (\S+) and open /en/jury/", demo).group(1)
    assert Client().login(email="juror2@gnlc.example", password=password)


def test_each_seeding_prints_a_new_password_and_only_that_one_works(demo):
    again = StringIO()
    call_command("seed_demo", demo_accounts=True, stdout=again)

    first = re.search(r"staff@gnlc\.example / (\S+)", demo)
    second = re.search(r"staff@gnlc\.example / (\S+)", again.getvalue())
    assert first
    assert second
    assert first.group(1) != second.group(1)
    assert not Client().login(email="staff@gnlc.example", password=first.group(1))
    assert Client().login(email="staff@gnlc.example", password=second.group(1))


def test_seed_demo_jury_twice_changes_nothing(demo):
    before = sorted(Score.objects.values_list("assignment_id", "criterion_id", "value"))
    call_command("seed_demo", demo_accounts=True, stdout=StringIO())
    after = sorted(Score.objects.values_list("assignment_id", "criterion_id", "value"))
    assert after == before


def test_staff_see_the_ranking_best_first(client, demo):
    staff = get_user_model().objects.get(email="staff@gnlc.example")
    client.force_login(staff)
    cycle = AwardCycle.objects.get(year=2027)
    response = client.get(f"/admin/awards/awardcycle/{cycle.pk}/ranking/")
    assert response.status_code == 200
    rows = response.context["rows"]
    names = [row.application.city.name_en for row in rows]
    assert sorted(names) == ["Bristol", "Espoo", "Hamburg", "Suwon"]
    normalised = [row.normalised for row in rows]
    assert normalised == sorted(normalised, reverse=True)
    # Two submitted reviews per application (the third juror has not submitted).
    assert [len(row.juror_means) for row in rows] == [2, 2, 2, 2]
    body = response.content.decode()
    assert "Normalised score" in body
    positions = [body.index(f'<th scope="row">{name}</th>') for name in names]
    assert positions == sorted(positions)
    change = client.get(f"/admin/awards/awardcycle/{cycle.pk}/change/").content.decode()
    assert f"/admin/awards/awardcycle/{cycle.pk}/ranking/" in change


@pytest.mark.parametrize("who", ["visitor", "juror", "staff without the group"])
def test_the_ranking_is_refused_to_others(client, demo, who):
    cycle = AwardCycle.objects.get(year=2027)
    users = get_user_model().objects
    if who == "juror":
        client.force_login(users.get(email="juror1@gnlc.example"))
    elif who == "staff without the group":
        client.force_login(
            users.create_user(email="bare@uil.example", password="p-123456789", is_staff=True)
        )
    response = client.get(f"/admin/awards/awardcycle/{cycle.pk}/ranking/")
    if who == "staff without the group":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
