"""The National Commission's nomination through its link (issue 4)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.eligibility import nominations_left
from awards.enums import AwardApplicationState
from awards.models import NominationInvitation
from gnlc.core.signed_links import hash_token

from .test_applications import complete, cork, make_focal_city, open_cycle  # noqa: F401


@pytest.fixture
def submit(open_cycle):  # noqa: F811
    """Submit a complete application of `city`; returns (application, token)."""

    def run(city):
        user = city.focal_point
        application = complete(
            services.start_award_application(city=city, cycle=open_cycle, by=user), user
        )
        services.submit_award_application(application, by=user)
        invitation = application.nomination_invitations.get()
        # The token is never stored: make a fresh one for the test and store its hash.
        token = f"token-{application.pk}"
        NominationInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
        invitation.refresh_from_db()
        return application, invitation, token

    return run


@pytest.fixture
def irish_cities(cork, make_focal_city):  # noqa: F811
    return [cork, make_focal_city("Dublin"), make_focal_city("Limerick")]


def test_commission_nominates_at_most_the_cycles_limit(submit, irish_cities):
    submitted = [submit(city) for city in irish_cities]
    for _application, invitation, _token in submitted[:2]:
        services.record_nomination(invitation, decision="nominate", signed_by="Dr A")
    third, third_invitation, _ = submitted[2]
    with pytest.raises(services.NominationQuotaExceeded, match="already nominated 2 cities"):
        services.record_nomination(third_invitation, decision="nominate", signed_by="Dr A")
    third.refresh_from_db()
    assert third.state == AwardApplicationState.SUBMITTED
    # Declining is always possible.
    services.record_nomination(
        third_invitation, decision="decline", signed_by="Dr A", comment="Next time."
    )
    for application, _i, _t in submitted:
        application.refresh_from_db()
    states = sorted(a.state for a, _i, _t in submitted)
    assert states == ["nominated", "nominated", "not_nominated"]
    event = third.events.last()
    assert (event.from_state, event.to_state, event.actor_name, event.wording, event.note) == (
        "submitted",
        "not_nominated",
        "Dr A",
        "Signed for the National Commission by Dr A.",
        "Next time.",
    )


def test_the_limit_counts_only_the_country(
    submit,
    irish_cities,
    make_focal_city,  # noqa: F811
):
    for city in irish_cities[:2]:
        services.record_nomination(submit(city)[1], decision="nominate", signed_by="Dr A")
    _app, finnish, _t = submit(make_focal_city("Espoo", "FI"))
    services.record_nomination(finnish, decision="nominate", signed_by="Dr F")
    assert nominations_left(finnish.application.cycle, "FI") == 1


def test_a_used_link_cannot_be_used_again(submit, cork):  # noqa: F811
    _app, invitation, _t = submit(cork)
    services.record_nomination(invitation, decision="decline", signed_by="Dr A")
    with pytest.raises(services.AwardError, match="expired or has already been used"):
        services.record_nomination(invitation, decision="nominate", signed_by="Dr A")


def test_an_expired_link_is_refused(submit, cork):  # noqa: F811
    _app, invitation, _t = submit(cork)
    late = invitation.expires_at + datetime.timedelta(seconds=1)
    with pytest.raises(services.AwardError, match="expired"):
        services.record_nomination(invitation, decision="nominate", signed_by="Dr A", at=late)


def test_the_signatory_is_required(submit, cork):  # noqa: F811
    _app, invitation, _t = submit(cork)
    with pytest.raises(services.AwardError, match="Give the name"):
        services.record_nomination(invitation, decision="nominate", signed_by="  ")


@pytest.mark.django_db(transaction=True)
def test_the_focal_point_is_told_of_the_nomination(submit, cork):  # noqa: F811
    _app, invitation, _t = submit(cork)
    mail.outbox.clear()
    services.record_nomination(
        invitation, decision="nominate", signed_by="Dr A", comment="Well done."
    )
    assert [m.to for m in mail.outbox] == [["focal@cork.example"]]
    assert "has been nominated" in mail.outbox[0].subject
    assert "Well done." in mail.outbox[0].body


# --- The page --------------------------------------------------------------------------------


def test_page_shows_the_answers_and_the_nominations_left(client, submit, cork):  # noqa: F811
    _app, _invitation, token = submit(cork)
    page = client.get(reverse("awards:nomination", kwargs={"token": token})).content.decode()
    assert "Our answer on Vision." in page
    assert "2 nominations are left." in page
    assert "Record the decision" in page


def test_page_records_the_decision(client, submit, cork):  # noqa: F811
    application, _invitation, token = submit(cork)
    url = reverse("awards:nomination", kwargs={"token": token})
    response = client.post(url, {"decision": "nominate", "signed_by": "Dr A"})
    assert response.status_code == 200
    assert "Thank you: your decision has been recorded." in response.content.decode()
    application.refresh_from_db()
    assert application.state == AwardApplicationState.NOMINATED
    # The link is spent: it answers like any link that does not work.
    after = client.get(url)
    assert after.status_code == 404
    assert "This link cannot be used" in after.content.decode()
    assert "Our answer on Vision." not in after.content.decode()


def test_page_errors_next_to_the_fields(client, submit, cork):  # noqa: F811
    _app, _invitation, token = submit(cork)
    response = client.post(reverse("awards:nomination", kwargs={"token": token}), {})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in page
    assert 'id="id_signed_by_error"' in page


def test_page_refuses_the_third_nomination(client, submit, irish_cities):
    submitted = [submit(city) for city in irish_cities]
    for _a, invitation, _t in submitted[:2]:
        services.record_nomination(invitation, decision="nominate", signed_by="Dr A")
    url = reverse("awards:nomination", kwargs={"token": submitted[2][2]})
    assert "0 nominations are left." in client.get(url).content.decode()
    response = client.post(url, {"decision": "nominate", "signed_by": "Dr A"})
    assert response.status_code == 409
    assert "already nominated 2 cities" in response.content.decode()


def test_expired_link_shows_nothing_of_the_application(client, submit, cork):  # noqa: F811
    _app, invitation, token = submit(cork)
    NominationInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    url = reverse("awards:nomination", kwargs={"token": token})
    page = client.get(url).content.decode()
    assert "This link cannot be used" in page
    assert "Our answer on Vision." not in page
    assert client.post(url, {"decision": "nominate", "signed_by": "X"}).status_code == 404


@pytest.mark.parametrize("token", ["unknown", "x" * 200])
def test_unknown_or_tampered_token_is_404(client, submit, cork, token):  # noqa: F811
    _app, _invitation, good = submit(cork)
    assert client.get(reverse("awards:nomination", kwargs={"token": token})).status_code == 404
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    assert client.get(reverse("awards:nomination", kwargs={"token": tampered})).status_code == 404


@pytest.mark.parametrize("role", ["visitor", "focal point", "other focal point", "staff"])
def test_the_link_alone_grants_access(
    client,
    submit,
    cork,  # noqa: F811
    make_focal_city,  # noqa: F811
    staff_user,
    role,
):
    """Being logged in changes nothing: without the token nobody reaches the page, with it
    anyone holding the link sees the same page."""
    _app, _invitation, token = submit(cork)
    user = {
        "visitor": None,
        "focal point": cork.focal_point,
        "other focal point": make_focal_city("Espoo", "FI").focal_point,
        "staff": staff_user,
    }[role]
    if user:
        client.force_login(user)
    assert client.get(reverse("awards:nomination", kwargs={"token": "nope"})).status_code == 404
    assert client.get(reverse("awards:nomination", kwargs={"token": token})).status_code == 200


def test_the_commission_reads_the_consent_form_while_its_link_works(client, submit, cork):  # noqa: F811
    _application, _invitation, token = submit(cork)
    page = client.get(reverse("awards:nomination", kwargs={"token": token})).content.decode()
    consent_url = reverse("awards:nomination-consent", kwargs={"token": token})
    assert consent_url in page
    response = client.get(consent_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.post(
        reverse("awards:nomination", kwargs={"token": token}),
        {"decision": "decline", "signed_by": "Dr A"},
    )
    assert client.get(consent_url).status_code == 404
    assert client.get(consent_url.replace(token, token + "x")).status_code == 404
