"""What the focal point is told after submitting an award application (issue 13, point 1):
the flash message and the e-mail say whether the National Commission's nomination link was
e-mailed; and the Commission receives it in its own language (point 18)."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from awards import services
from awards.enums import AwardApplicationState, CyclePhase
from tests import world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(db):
    now = timezone.now()
    return world.award_cycle(
        2027,
        phase=CyclePhase.OPEN,
        criteria=[{"name": "Vision", "word_limit": 50}],
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=30),
        time_zone="Europe/Paris",
    )


def ready_to_submit(cycle, *, language="en"):
    person = world.user("focal@cork.example", language=language, full_name="Focal Cork")
    city = world.city("Cork", "IE", member_since=2015, focal_point=person)
    application = services.start_award_application(city=city, cycle=cycle, by=person)
    services.save_answers(
        application, answers={c.pk: "Our answer." for c in cycle.criteria.all()}, by=person
    )
    consent = SimpleUploadedFile("consent.pdf", PDF, content_type="application/pdf")
    services.set_consent_form(application, file=consent, by=person)
    return application


def submit(client, application, capture):
    client.force_login(application.city.focal_point)
    with capture(execute=True):
        response = client.post(
            reverse("awards:application-submit", args=[application.pk]), follow=True
        )
    application.refresh_from_db()
    assert application.state == AwardApplicationState.SUBMITTED
    return [str(m) for m in response.context["messages"]]


def confirmation():
    [message] = [m for m in mail.outbox if m.to == ["focal@cork.example"]]
    return " ".join(message.body.split())


@pytest.mark.django_db
def test_with_an_address_the_focal_point_reads_that_the_link_was_emailed(
    client, cycle, django_capture_on_commit_callbacks
):
    world.national_commission("IE", name="Irish NatCom", emails="natcom@unesco-ie.example.org")
    application = ready_to_submit(cycle)

    shown = submit(client, application, django_capture_on_commit_callbacks)

    assert shown == [
        "Your application has been submitted. The link to nominate it has been e-mailed to "
        "your country's National Commission for UNESCO (Irish NatCom), and a confirmation is "
        "on its way to your e-mail."
    ]
    body = confirmation()
    assert (
        "The link to nominate it has been e-mailed to your country's National Commission for "
        "UNESCO (Irish NatCom)."
    ) in body
    assert "You will receive an e-mail when it has decided." in body
    assert sorted(m.to for m in mail.outbox) == [
        ["focal@cork.example"],
        ["natcom@unesco-ie.example.org"],
    ]


@pytest.mark.django_db
def test_without_an_address_the_focal_point_reads_that_no_link_was_sent(
    client, cycle, django_capture_on_commit_callbacks
):
    application = ready_to_submit(cycle)

    shown = submit(client, application, django_capture_on_commit_callbacks)

    assert shown == [
        "Your application has been submitted. A confirmation is on its way to your e-mail. "
        "No e-mail address of your country's National Commission for UNESCO is on "
        "file, so no link to nominate it was sent: the GNLC Coordination Team sees this among "
        "the applications that need its attention."
    ]
    body = confirmation()
    assert "so no link to nominate the application was sent to it" in body
    assert "has been e-mailed" not in body
    assert "You will receive an e-mail when it has decided." not in body
    assert [m.to for m in mail.outbox] == [["focal@cork.example"]]


@pytest.mark.django_db
def test_staff_see_the_award_application_whose_commission_got_no_link(client, cycle):
    application = ready_to_submit(cycle)
    services.submit_award_application(application, by=application.city.focal_point)
    client.force_login(world.staff())

    page = " ".join(client.get(reverse("admin:index")).content.decode().split())

    change = reverse("admin:awards_awardapplication_change", args=[application.pk])
    assert f'<a href="{change}">Cork — 2027</a> (award application)' in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("commission_language", "focal_language", "expected"),
    [("fr", "en", "fr"), ("", "es", "es"), ("", "en", "en")],
)
def test_the_nomination_invitation_in_the_commissions_language(
    cycle, commission_language, focal_language, expected
):
    world.national_commission(
        "IE",
        name="Irish NatCom",
        emails="natcom@unesco-ie.example.org",
        language=commission_language,
    )
    application = ready_to_submit(cycle, language=focal_language)
    mail.outbox.clear()

    services.submit_award_application(application, by=application.city.focal_point)

    [invitation] = [m for m in mail.outbox if m.to == ["natcom@unesco-ie.example.org"]]
    subjects = {
        "fr": "Prix UNESCO de la ville apprenante 2027 : veuillez proposer Cork ou refuser de la "
        "proposer",
        "es": "Premio UNESCO Ciudad del Aprendizaje 2027: proponga a Cork o rehúse proponerla",
        "en": "UNESCO Learning City Award 2027: please nominate or decline Cork",
    }
    assert invitation.subject == subjects[expected]
    first_lines = {
        "fr": "Cork, membre du Réseau mondial des villes apprenantes de l'UNESCO, a présenté",
        "es": "Cork,",
        "en": "Cork, a member of the UNESCO Global Network of Learning Cities, has applied",
    }
    assert " ".join(invitation.body.split()).startswith(first_lines[expected])
    assert f"/{expected}/awards/nomination/" in invitation.body
