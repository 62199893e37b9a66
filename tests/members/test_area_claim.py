"""Claiming an editor invitation: the focal point that staff invite, the co-editor that the
focal point invites; the right and the wrong address, an expired, used or withdrawn link."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from members.enums import EditorRole
from members.models import CityEditor, EditorInvitation
from members.services import editors as editing
from tests import world

pytestmark = pytest.mark.django_db

INVITED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def cork():
    return world.city("Cork", "IE", member_since=2015)


@pytest.fixture
def staff():
    return world.staff("staff@uil.example", full_name="Sam Staff")


def claim_url(token, language="en"):
    return editing.claim_path(token, language)


def test_inviting_a_focal_point_emails_a_link_in_the_invitees_language(
    cork, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = editing.invite_focal_point(
            cork, email="ana@cork.example", name="Ana Focal", language="fr", by=staff
        )

    assert invitation.role == EditorRole.FOCAL_POINT
    assert invitation.sent_to == "ana@cork.example"
    assert invitation.token_hash != token
    assert [m.to for m in mail.outbox] == [["ana@cork.example"]]
    message = mail.outbox[0]
    assert f"/fr/members/claim/{token}/" in message.body


def test_a_new_focal_point_invitation_withdraws_the_pending_one(cork, staff):
    first, _first_token = editing.invite_focal_point(cork, email="a@cork.example", by=staff)
    second, _token = editing.invite_focal_point(cork, email="b@cork.example", by=staff)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert not first.is_usable()
    assert list(editing.pending_invitations(cork)) == [second]


def test_the_focal_point_claims_the_city_with_the_invited_address(client, cork, staff):
    _invitation, token = editing.invite_focal_point(cork, email="Ana@Cork.example", by=staff)
    ana = world.user("ana@cork.example", verified=True, full_name="Ana Focal")
    client.force_login(ana)

    response = client.post(claim_url(token))

    assert response.status_code == 302
    assert response["Location"] == reverse("members:dashboard")
    cork.refresh_from_db()
    assert cork.focal_point == ana
    assert cork.focal_point_email == "ana@cork.example"
    assert cork.history.latest().history_user == ana
    invitation = EditorInvitation.objects.get()
    assert invitation.claimed_by == ana
    assert invitation.used_at is not None


def test_a_claim_with_another_address_is_refused_and_says_which_address(client, cork, staff):
    _invitation, token = editing.invite_focal_point(cork, email="ana@cork.example", by=staff)
    bob = world.user("bob@cork.example", verified=True)
    client.force_login(bob)

    page = client.get(claim_url(token))
    response = client.post(claim_url(token))

    assert "but the invitation is for ana@cork.example" in page.content.decode()
    assert response.status_code == 409
    assert "This invitation is for ana@cork.example, and you are signed in as bob@cork.example" in (
        response.content.decode()
    )
    cork.refresh_from_db()
    assert cork.focal_point is None
    assert EditorInvitation.objects.get().used_at is None


def test_an_unconfirmed_invited_address_is_refused_and_told_to_confirm(client, cork, staff):
    _invitation, token = editing.invite_focal_point(cork, email="ana@cork.example", by=staff)
    ana = world.user("ana@cork.example", verified=False)
    client.force_login(ana)

    page = client.get(claim_url(token))
    response = client.post(claim_url(token))

    assert "Your address ana@cork.example is not confirmed yet" in page.content.decode()
    assert response.status_code == 409
    assert "Your address ana@cork.example is not confirmed yet" in response.content.decode()
    cork.refresh_from_db()
    assert cork.focal_point is None


def test_a_visitor_is_shown_what_the_link_gives_and_asked_to_sign_in(client, cork, staff):
    _invitation, token = editing.invite_focal_point(cork, email="ana@cork.example", by=staff)

    page = client.get(claim_url(token))
    post = client.post(claim_url(token))

    text = page.content.decode()
    assert page.status_code == 200
    assert "become the focal point of Cork" in text
    assert "sign in with ana@cork.example" in text
    assert post.status_code == 302
    assert "/accounts/login/" in post["Location"]


@pytest.mark.parametrize("spoil", ["expired", "used", "withdrawn", "unknown"])
def test_a_link_that_no_longer_works_gets_the_one_answer(client, cork, staff, spoil):
    with world.clock_at(INVITED):
        invitation, token = editing.invite_focal_point(cork, email="ana@cork.example", by=staff)
    ana = world.user("ana@cork.example", verified=True)
    client.force_login(ana)
    if spoil == "expired":
        travel = INVITED + datetime.timedelta(days=editing.INVITATION_DAYS, seconds=1)
    else:
        travel = INVITED + datetime.timedelta(days=1)
    with world.clock_at(travel):
        if spoil == "used":
            editing.claim_invitation(invitation, user=ana)
        elif spoil == "withdrawn":
            editing.revoke_invitation(invitation, by=staff)
        elif spoil == "unknown":
            token = token[:-2] + "xx"
        get = client.get(claim_url(token))
        post = client.post(claim_url(token))

    assert get.status_code == post.status_code == 404
    assert "ana@cork.example" not in get.content.decode()


def test_the_link_works_on_its_last_second(cork, staff):
    with world.clock_at(INVITED):
        invitation, _token = editing.invite_focal_point(cork, email="ana@cork.example", by=staff)
    ana = world.user("ana@cork.example", verified=True)
    with world.clock_at(INVITED + datetime.timedelta(days=editing.INVITATION_DAYS, seconds=-5)):
        editing.claim_invitation(invitation, user=ana)
    cork.refresh_from_db()
    assert cork.focal_point == ana


def test_changing_the_focal_point_keeps_the_old_one_until_the_new_one_claims(cork, staff):
    old = world.focal_point(cork)
    invitation, _token = editing.change_focal_point(cork, email="new@cork.example", by=staff)
    cork.refresh_from_db()
    assert cork.focal_point == old

    new = world.user("new@cork.example", verified=True)
    editing.claim_invitation(invitation, user=new)

    cork.refresh_from_db()
    assert cork.focal_point == new
    assert not CityEditor.objects.filter(user=old).exists()


def test_a_co_editor_claims_and_becomes_an_editor(cork):
    focal = world.focal_point(cork)
    invitation, _token = editing.invite_co_editor(cork, email="col@cork.example", by=focal)
    colleague = world.user("col@cork.example", verified=True)

    editing.claim_invitation(invitation, user=colleague)

    editor = CityEditor.objects.get()
    assert (editor.city, editor.user, editor.added_by) == (cork, colleague, focal)
    cork.refresh_from_db()
    assert cork.focal_point == focal


def test_a_co_editor_who_becomes_focal_point_is_no_longer_listed_as_co_editor(cork, staff):
    focal = world.focal_point(cork)
    invitation, _token = editing.invite_co_editor(cork, email="col@cork.example", by=focal)
    colleague = world.user("col@cork.example", verified=True)
    editing.claim_invitation(invitation, user=colleague)

    promotion, _token = editing.invite_focal_point(cork, email="col@cork.example", by=staff)
    editing.claim_invitation(promotion, user=colleague)

    cork.refresh_from_db()
    assert cork.focal_point == colleague
    assert list(cork.editors.all()) == []


def test_an_account_without_a_name_takes_the_invitations_and_a_named_one_keeps_its_own(cork, staff):
    invitation, _token = editing.invite_focal_point(
        cork, email="ana@cork.example", name="Ana Alonso", by=staff
    )
    ana = world.user("ana@cork.example", verified=True, full_name="")
    editing.claim_invitation(invitation, user=ana)
    ana.refresh_from_db()
    assert ana.get_full_name() == "Ana Alonso"

    again, _token = editing.invite_co_editor(
        cork, email="col@cork.example", name="Someone Else", by=ana
    )
    colleague = world.user("col@cork.example", verified=True, full_name="Colm Colleague")
    editing.claim_invitation(again, user=colleague)
    colleague.refresh_from_db()
    assert colleague.get_full_name() == "Colm Colleague"
