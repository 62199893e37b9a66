"""Jurors find their work: marked as jurors by staff (with their country), a "Jury" link in
the header, their queue after signing in, an e-mail in their language when assigned, a
reminder for unfinished reviews, and conflicts that follow their country."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from awards import services
from awards.enums import ConflictKind, CyclePhase
from awards.models import ConflictDeclaration
from tests import world

pytestmark = pytest.mark.django_db


def test_staff_mark_an_account_as_a_juror_and_record_its_country_in_the_admin(
    client, applications, jurors
):
    ana = jurors[0]
    services.assign_juror(applications[0], ana, by=None)  # Espoo (FI)
    client.force_login(world.superuser("admin@uil.example"))
    url = reverse("admin:gnlc_user_change", args=[ana.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(country="FI", is_juror="on", groups=[], user_permissions=[])
    data.update({"last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01"})
    data["date_joined_1"] = "10:00:00"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    ana.refresh_from_db()
    assert (ana.country.code, ana.is_juror) == ("FI", True)
    # Espoo is a Finnish city: the conflict follows the country recorded after assignment.
    assert ConflictDeclaration.objects.get(juror=ana).kind == ConflictKind.SAME_COUNTRY


def test_a_conflict_follows_the_jurors_country_and_is_lifted_with_it(applications, jurors):
    bo = jurors[1]  # SE
    services.assign_juror(applications[1], bo, by=None)  # Medellín (CO)

    bo.country = "CO"
    bo.save()
    assert ConflictDeclaration.objects.filter(juror=bo, kind=ConflictKind.SAME_COUNTRY).exists()
    bo.country = "SE"
    bo.save()
    assert not ConflictDeclaration.objects.filter(juror=bo).exists()
    assert [event.wording for event in applications[1].events.all()][-2:] == [
        "Automatic conflict of interest: Bo is of the city's country.",
        "Automatic conflict of interest lifted: Bo is no longer recorded as of the city's country.",
    ]


def test_a_declared_conflict_stays_when_the_country_changes(applications, jurors):
    chen = jurors[2]
    assignment = services.assign_juror(applications[2], chen, by=None)
    services.declare_conflict(assignment, reason="I advised Aswan.")

    chen.country = "EG"
    chen.save()
    chen.country = "CN"
    chen.save()

    assert ConflictDeclaration.objects.get(juror=chen).reason == "I advised Aswan."


def test_a_juror_gets_the_jury_link_and_lands_on_the_queue_after_signing_in(client, jurors):
    response = client.post(
        "/en/accounts/login/", {"login": jurors[0].email, "password": world.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/jury/"
    page = client.get("/en/jury/").content.decode()
    assert '<a href="/en/jury/"' in page
    assert "Start an application" not in page


def test_someone_who_is_not_a_juror_has_no_jury_link_and_lands_on_applications(client):
    world.user("applicant@galway.example", verified=True)

    response = client.post(
        "/en/accounts/login/", {"login": "applicant@galway.example", "password": world.PASSWORD}
    )

    assert response["Location"] == "/en/applications/"
    assert '<a href="/en/jury/"' not in client.get("/en/applications/").content.decode()


@pytest.fixture
def jurors(jurors):
    """The three jurors of the awards' conftest, each with a verified address."""
    from allauth.account.models import EmailAddress

    for juror in jurors:
        EmailAddress.objects.create(user=juror, email=juror.email, verified=True, primary=True)
    return jurors


def test_an_assigned_juror_is_told_by_e_mail_in_their_language(
    applications, jurors, django_capture_on_commit_callbacks
):
    ana = jurors[0]
    ana.language = "fr"
    ana.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.assign_juror(applications[0], ana, by=None)

    [message] = mail.outbox
    assert message.to == ["ana@jury.example"]
    assert (
        message.subject
        == "Prix UNESCO de la ville apprenante 2026 : une candidature à évaluer (Espoo)"
    )
    assert "La phase du jury est ouverte" in message.body
    assert "/fr/jury/" in message.body


def test_a_juror_of_the_citys_country_is_told_it_is_a_conflict(
    applications, make_juror, django_capture_on_commit_callbacks
):
    finn = make_juror("finn@jury.example", "FI", full_name="Finn")

    with django_capture_on_commit_callbacks(execute=True):
        services.assign_juror(applications[0], finn, by=None)

    assert "this is recorded as a conflict of interest" in mail.outbox[0].body


def test_the_reminder_names_the_reviews_left_to_each_juror_and_no_one_else(
    cycle, applications, jurors, criteria, score_all, django_capture_on_commit_callbacks
):
    ana, bo, chen = jurors
    for application in applications:
        services.assign_juror(application, ana, by=None)
    done = services.assign_juror(applications[0], bo, by=None)
    score_all(done, criteria, [5, 6, 7])
    conflicted = services.assign_juror(applications[0], chen, by=None)
    services.declare_conflict(conflicted, reason="I advised Espoo.")
    started = ana.jury_assignments.get(application=applications[1])
    services.record_score(started, criteria[0], value=5)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_jurors", verbosity=0)

    [message] = mail.outbox
    assert message.to == ["ana@jury.example"]
    assert message.subject == "UNESCO Learning City Award 2026: 3 reviews to finish"
    assert "- Medellín (scores saved, review not submitted)" in message.body
    assert "- Espoo\n" in message.body


def test_no_reminder_outside_the_jury_phase(cycle, applications, jurors, staff_user):
    services.assign_juror(applications[0], jurors[0], by=None)
    world.advance_to(cycle, CyclePhase.DELIBERATION, by=staff_user)
    mail.outbox.clear()

    call_command("remind_jurors", verbosity=0)

    assert mail.outbox == []
