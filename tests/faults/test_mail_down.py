"""Mail server down: the submission succeeds, its messages wait in the outbox
(django-post-office) and go out through `send_queued_mail` once a real SMTP server (aiosmtpd)
answers again; so do django-allauth's messages and Django's reports to ADMINS."""

import datetime

import pytest
from django.conf import settings
from django.core.mail import mail_admins
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from post_office.models import STATUS, Email

from cities.models import MembershipApplication
from gnlc.settings import base as base_settings

from .conftest import fill_in_the_form, make_applicant, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# As in production: Django's messages (allauth's, mail_admins) go to the outbox, whose
# backend is a real SMTP server. (Django's test set-up puts a memory backend in EMAIL_BACKEND.)
PRODUCTION_EMAIL_BACKEND = base_settings.EMAIL_BACKEND
THROUGH_SMTP = override_settings(
    EMAIL_BACKEND=PRODUCTION_EMAIL_BACKEND,
    POST_OFFICE={
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
    },
    EMAIL_HOST="127.0.0.1",
    EMAIL_USE_TLS=False,
    EMAIL_TIMEOUT=5,
)

COMMISSION = ["natcom@unesco.ie.example", "secretary@unesco.ie.example"]
CONFIRMATION = "GNLC: your application for Galway was submitted"
INVITATION = "GNLC membership: please endorse or decline the application of Galway"


def cron(tmp_path):
    """What the timer on the server runs (docs/operations.md)."""
    call_command("send_queued_mail", lockfile=str(tmp_path / "post_office"))


@THROUGH_SMTP
def test_a_submission_while_the_mail_server_is_down_is_saved_and_its_mail_sent_later(
    client, open_call, themes, irish_commission, smtp_server, tmp_path
):
    applicant = make_applicant("focal@galway.example")
    sign_in(client, applicant)
    number = fill_in_the_form(client, themes)

    # The mail server is down (nothing listens on its port): the applicant submits.
    response = client.post(f"/en/applications/{number}/submit/", follow=True)

    assert response.status_code == 200
    assert "Your application has been submitted." in response.content.decode()
    assert MembershipApplication.objects.get(pk=number).state == "submitted"
    waiting = Email.objects.order_by("pk")
    assert [(e.to, e.subject, e.status) for e in waiting] == [
        (COMMISSION, INVITATION, STATUS.requeued),
        (["focal@galway.example"], CONFIRMATION, STATUS.requeued),
    ]

    # The timer's next run finds the server still down: nothing lost, retried later.
    cron(tmp_path)
    retry_at = timezone.now() + settings.POST_OFFICE["RETRY_INTERVAL"]
    for email in Email.objects.all():
        assert (email.status, email.number_of_retries) == (STATUS.requeued, 1)
        assert abs(email.scheduled_time - retry_at) < datetime.timedelta(minutes=1)

    # The server is back; the run after the retry interval delivers everything.
    smtp_server.start()
    cron(tmp_path)
    assert smtp_server.messages == []  # not before its time
    Email.objects.update(scheduled_time=timezone.now())  # the retry interval has passed
    cron(tmp_path)

    received = sorted((tuple(m["to"]), m["subject"]) for m in smtp_server.messages)
    assert received == [
        (("focal@galway.example",), CONFIRMATION),
        (tuple(COMMISSION), INVITATION),
    ]
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
    assert "/en/commission/" in next(
        m["body"] for m in smtp_server.messages if m["to"] == COMMISSION
    )
    cron(tmp_path)
    assert len(smtp_server.messages) == 2  # sent once, never twice


@THROUGH_SMTP
def test_with_the_mail_server_up_messages_go_out_at_once(
    client, open_call, themes, irish_commission, smtp_server
):
    smtp_server.start()
    applicant = make_applicant("focal@galway.example")
    sign_in(client, applicant)
    number = fill_in_the_form(client, themes)

    assert client.post(f"/en/applications/{number}/submit/").status_code == 302

    assert sorted(m["subject"] for m in smtp_server.messages) == sorted([CONFIRMATION, INVITATION])
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}


# --- Every kind of message the portal sends, not only its own ----------------------------------

PASSWORD = "a-long-pass-42"


def sign_up(client):
    client.post(
        "/en/accounts/signup/",
        {"email": "newcomer@galway.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    return ["newcomer@galway.example"]


def sign_up_with_a_registered_address(client):
    make_applicant("focal@galway.example")
    client.post(
        "/en/accounts/signup/",
        {"email": "focal@galway.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    return ["focal@galway.example"]


def reset_a_password(client):
    sign_in(client, make_applicant("focal@galway.example"))  # a verified address
    client.logout()
    client.post("/en/accounts/password/reset/", {"email": "focal@galway.example"})
    return ["focal@galway.example"]


def report_to_the_admins(client):
    with override_settings(ADMINS=[("UIL operations", "ops@uil.example")]):
        mail_admins("A report", "Something to look at.")
    return ["ops@uil.example"]


@THROUGH_SMTP
@pytest.mark.parametrize(
    "send",
    [sign_up, sign_up_with_a_registered_address, reset_a_password, report_to_the_admins],
    ids=["sign-up confirmation", "account already exists", "password reset", "report to ADMINS"],
)
def test_a_message_of_any_kind_waits_out_the_outage_and_is_delivered_once(
    client, smtp_server, tmp_path, send
):
    recipients = send(client)  # the mail server is down

    assert [(e.to, e.status) for e in Email.objects.all()] == [(recipients, STATUS.requeued)]

    smtp_server.start()
    cron(tmp_path)
    cron(tmp_path)

    assert [m["to"] for m in smtp_server.messages] == [recipients]
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
