"""What the applicant is told after submitting (issue 13, point 1): the flash message, the
application's page, the dashboard and the confirmation e-mail say whether the National
Commission's link was e-mailed or, with no address on file, that UIL obtains the decision;
UIL staff see the applications whose Commission got no link; the start of UIL's review is
e-mailed; a Commission receives its invitation in its own language (point 18)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from cities.enums import ApplicationState
from cities.models import NationalCommission
from cities.services import applications as workflow
from tests import world

pytestmark = pytest.mark.django_db

LINK_SENT = (
    "Your application has been submitted. The link to endorse it has been e-mailed to your "
    "country's National Commission for UNESCO (Irish National Commission for UNESCO), and a "
    "confirmation is on its way to your e-mail."
)
NO_ADDRESS = (
    "Your application has been submitted. A confirmation is on its way to your e-mail. "
    "No e-mail address of your country's National Commission for UNESCO is on file, so UIL "
    "will obtain its decision: you need not do anything."
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def call(db):
    world.themes()
    return world.open_membership_call()


@pytest.fixture
def applicant(db):
    return world.user("focal@galway.example", password=world.PASSWORD, language="en")


@pytest.fixture
def draft(call, applicant):
    return world.membership_application(call, applicant=applicant)


def submit(client, application, capture):
    client.force_login(application.applicant)
    with capture(execute=True):
        response = client.post(
            reverse("cities:application-submit", args=[application.pk]), follow=True
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    return response


def flash(response):
    return [str(message) for message in response.context["messages"]]


def confirmation(applicant):
    [message] = [m for m in mail.outbox if m.to == [applicant.email]]
    return message


def test_with_an_address_every_text_says_the_link_was_emailed_to_the_commission(
    client, draft, applicant, django_capture_on_commit_callbacks
):
    world.national_commission(
        "IE", name="Irish National Commission for UNESCO", emails="natcom@unesco-ie.example.org"
    )

    response = submit(client, draft, django_capture_on_commit_callbacks)

    assert flash(response) == [LINK_SENT]
    page = " ".join(response.content.decode().split())
    assert (
        "the link to endorse the application was e-mailed to your country's National "
        "Commission for UNESCO (Irish National Commission for UNESCO)"
    ) in page
    assert "you may remind your National Commission of it" in page
    assert "No e-mail address" not in page
    dashboard = " ".join(client.get(reverse("cities:application-list")).content.decode().split())
    assert "e-mailed to your country's National Commission for UNESCO (Irish" in dashboard
    body = confirmation(applicant).body
    assert (
        "The link to endorse it has been e-mailed to your country's National Commission for "
        "UNESCO (Irish National Commission for UNESCO)"
    ) in body
    assert "You will receive an e-mail at each step." in body
    assert "No e-mail address" not in body
    assert sorted(m.to for m in mail.outbox) == [
        ["focal@galway.example"],
        ["natcom@unesco-ie.example.org"],
    ]


@pytest.mark.parametrize("on_file", ["no Commission", "a Commission without an address"])
def test_without_an_address_every_text_says_uil_obtains_the_decision(
    client, draft, applicant, django_capture_on_commit_callbacks, on_file
):
    if on_file == "a Commission without an address":
        world.national_commission("IE", name="Irish National Commission for UNESCO")

    response = submit(client, draft, django_capture_on_commit_callbacks)

    assert flash(response) == [NO_ADDRESS]
    page = " ".join(response.content.decode().split())
    assert (
        "No e-mail address of your country's National Commission for UNESCO is on file, so no "
        "link was sent to it: UIL will obtain the Commission's decision and record it here."
    ) in page
    assert "e-mailed" not in page
    dashboard = " ".join(client.get(reverse("cities:application-list")).content.decode().split())
    assert "UIL will obtain the Commission's decision" in dashboard
    body = " ".join(confirmation(applicant).body.split())
    assert (
        "No e-mail address of your country's National Commission for UNESCO is on file, so no "
        "link was sent to it. The UNESCO Institute for Lifelong Learning will obtain the "
        "Commission's decision and record it: you need not do anything."
    ) in body
    assert "has been e-mailed" not in body
    assert [m.to for m in mail.outbox] == [["focal@galway.example"]]


def test_the_submit_page_says_beforehand_what_submitting_will_do(client, draft, applicant):
    client.force_login(applicant)
    address = reverse("cities:application-submit", args=[draft.pk])

    without = " ".join(client.get(address).content.decode().split())
    world.national_commission(
        "IE", name="Irish National Commission for UNESCO", emails="natcom@unesco-ie.example.org"
    )
    with_address = " ".join(client.get(address).content.decode().split())

    assert (
        "No e-mail address of your country's National Commission for UNESCO is on file: on "
        "submission, UIL will obtain the Commission's decision"
    ) in without
    assert (
        "On submission, the link to endorse the application is e-mailed to your country's "
        "National Commission for UNESCO (Irish National Commission for UNESCO)"
    ) in with_address


def test_staff_see_the_applications_whose_commission_got_no_link(
    client, call, django_capture_on_commit_callbacks
):
    world.national_commission("IE", name="Irish NatCom", emails="natcom@unesco-ie.example.org")
    sent = world.membership_application(
        call,
        ApplicationState.SUBMITTED,
        applicant=world.user("a@cork.example"),
        city_name="Cork",
    )
    unreached = world.membership_application(
        call,
        ApplicationState.SUBMITTED,
        applicant=world.user("b@lyon.example"),
        city_name="Lyon",
        country="FR",
    )
    client.force_login(world.staff())

    page = " ".join(client.get(reverse("admin:index")).content.decode().split())

    assert "No link reached the National Commission" in page
    change = reverse("admin:cities_membershipapplication_change", args=[unreached.pk])
    assert f'<a href="{change}">Lyon</a> (membership application)' in page
    assert reverse("admin:cities_membershipapplication_change", args=[sent.pk]) not in page


def test_staff_are_told_when_every_commission_got_its_link(client, call):
    client.force_login(world.staff())

    page = " ".join(client.get(reverse("admin:index")).content.decode().split())

    assert (
        "None: the link of every application waiting for its National Commission was e-mailed."
    ) in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        (
            "en",
            "GNLC: UIL is reviewing the application of Galway",
            "The UNESCO Institute for Lifelong Learning has started reviewing the application "
            "of Galway",
        ),
        (
            "fr",
            "GNLC : l'UIL examine la candidature de Galway",
            "L'Institut de l'UNESCO pour l'apprentissage tout au long de la vie a commencé "
            "l'examen de la candidature de Galway",
        ),
    ],
)
def test_the_start_of_the_review_is_emailed_in_the_applicants_language(language, subject, sentence):
    world.themes()
    call = world.open_membership_call()
    person = world.user("focal@galway.example", language=language)
    application = world.membership_application(call, ApplicationState.ENDORSED, applicant=person)
    mail.outbox.clear()

    workflow.start_review(application, by=world.reviewer())

    [message] = mail.outbox
    assert message.to == ["focal@galway.example"]
    assert message.subject == subject
    assert sentence in " ".join(message.body.split())
    assert f"/{language}/applications/{application.pk}/" in message.body


# --- The Commission's language (point 18) ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_french_speaking_commission_gets_the_membership_invitation_in_french():
    world.themes()
    call = world.open_membership_call()
    world.national_commission(
        "IE", name="Commission", emails="natcom@unesco-ie.example.org", language="fr"
    )
    person = world.user("focal@galway.example", language="en")
    application = world.membership_application(call, applicant=person, language="en")
    mail.outbox.clear()

    workflow.submit_application(application, by=person)

    [invitation] = [m for m in mail.outbox if m.to == ["natcom@unesco-ie.example.org"]]
    assert invitation.subject == (
        "Adhésion au GNLC : veuillez approuver ou refuser la candidature de Galway"
    )
    assert "/fr/commission/" in invitation.body
    assert " ".join(invitation.body.split()).startswith(
        "Galway (Irlande) a présenté sa candidature au Réseau mondial des villes apprenantes"
    )
    assert "has applied to join" not in invitation.body
    # The applicant keeps its own language.
    assert "GNLC: your application for Galway was submitted" in [m.subject for m in mail.outbox]


@pytest.mark.django_db(transaction=True)
def test_a_commission_without_a_language_gets_the_applications_language():
    world.themes()
    call = world.open_membership_call()
    world.national_commission("IE", name="Commission", emails="natcom@unesco-ie.example.org")
    person = world.user("focal@galway.example", language="en")
    application = world.membership_application(call, applicant=person, language="fr")
    mail.outbox.clear()

    workflow.submit_application(application, by=person)

    [invitation] = [m for m in mail.outbox if m.to == ["natcom@unesco-ie.example.org"]]
    assert invitation.subject.startswith("Adhésion au GNLC")


def test_staff_record_a_commissions_language_in_the_admin(client):
    commission = world.national_commission("FR", name="Commission nationale française")
    client.force_login(world.superuser("admin@example.org"))
    address = reverse("admin:cities_nationalcommission_change", args=[commission.pk])

    form = client.get(address).content.decode()
    response = client.post(
        address,
        {
            "country": "FR",
            "name": "Commission nationale française",
            "emails": "natcom@unesco-fr.example.org",
            "language": "fr",
            "notes": "",
        },
    )

    assert 'name="language"' in form
    assert response.status_code == 302
    assert NationalCommission.objects.get(pk=commission.pk).language == "fr"
