"""The focal point invites and removes co-editors, and withdraws invitations; what a co-editor
and others are refused."""

import pytest
from django.core import mail
from django.urls import reverse

from members.enums import EditorRole
from members.models import CityEditor, EditorInvitation
from members.services import editors as editing
from tests import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def cork():
    return world.city("Cork", "IE", member_since=2015)


@pytest.fixture
def focal(cork):
    return world.focal_point(cork, language="es")


@pytest.fixture
def colleague(cork, focal):
    account = world.user("col@cork.example", verified=True, full_name="Colm Colleague")
    invitation, _token = editing.invite_co_editor(cork, email=account.email, by=focal)
    editing.claim_invitation(invitation, user=account)
    return account


def editors_url(city):
    return reverse("members:editors", args=[city.slug])


def test_the_focal_point_invites_a_co_editor_from_the_page(
    client, cork, focal, django_capture_on_commit_callbacks
):
    client.force_login(focal)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            editors_url(cork), {"email": "new@cork.example", "name": "Nia", "language": "fr"}
        )

    assert response.status_code == 302
    invitation = EditorInvitation.objects.get()
    assert (invitation.role, invitation.email, invitation.language, invitation.invited_by) == (
        EditorRole.CO_EDITOR,
        "new@cork.example",
        "fr",
        focal,
    )
    assert [m.to for m in mail.outbox] == [["new@cork.example"]]
    assert "/fr/members/claim/" in mail.outbox[0].body
    page = client.get(editors_url(cork))
    text = page.content.decode()
    assert "An invitation was e-mailed to new@cork.example" in text
    assert "new@cork.example, until" in text


def test_a_wrong_address_is_shown_again_with_its_error(client, cork, focal):
    client.force_login(focal)

    response = client.post(editors_url(cork), {"email": "not-an-address", "language": "en"})

    assert response.status_code == 200
    assert 'value="not-an-address"' in response.content.decode()
    assert not EditorInvitation.objects.exists()


def test_an_address_that_already_edits_the_city_is_refused(client, cork, focal, colleague):
    client.force_login(focal)

    response = client.post(editors_url(cork), {"email": "COL@cork.example", "language": "en"})

    assert response.status_code == 200
    assert "COL@cork.example is already a co-editor of Cork." in response.content.decode()


def test_the_focal_points_own_address_is_refused(cork, focal):
    with pytest.raises(editing.EditorError, match="focal point's own address"):
        editing.invite_co_editor(cork, email=focal.email.upper(), by=focal)


def test_inviting_the_same_address_again_replaces_the_pending_invitation(cork, focal):
    first, _token = editing.invite_co_editor(cork, email="new@cork.example", by=focal)
    second, _token = editing.invite_co_editor(cork, email="new@cork.example", by=focal)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(editing.pending_invitations(cork)) == [second]


def test_the_focal_point_withdraws_an_invitation(client, cork, focal):
    invitation, _token = editing.invite_co_editor(cork, email="new@cork.example", by=focal)
    client.force_login(focal)

    response = client.post(editors_url(cork), {"revoke": invitation.pk}, follow=True)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "The invitation to new@cork.example was withdrawn" in response.content.decode()


def test_the_focal_point_removes_a_co_editor(client, cork, focal, colleague):
    editor = CityEditor.objects.get(user=colleague)
    client.force_login(focal)

    response = client.post(
        reverse("members:editor-remove", args=[cork.slug, editor.pk]), follow=True
    )

    assert list(cork.editors.all()) == []
    assert "Colm Colleague is no longer a co-editor of Cork." in response.content.decode()


def test_a_removed_co_editor_no_longer_reaches_the_city(client, cork, focal, colleague):
    editing.remove_co_editor(CityEditor.objects.get(user=colleague), by=focal)
    client.force_login(colleague)

    assert client.get(editors_url(cork)).status_code == 404


def test_a_co_editor_sees_the_list_read_only(client, cork, focal, colleague):
    client.force_login(colleague)

    page = client.get(editors_url(cork))

    text = page.content.decode()
    assert page.status_code == 200
    assert "col@cork.example" in text
    assert focal.email in text
    assert "Invite a co-editor" not in text
    assert "Remove" not in text


def test_a_co_editor_may_not_invite_remove_or_withdraw(client, cork, focal, colleague):
    invitation, _token = editing.invite_co_editor(cork, email="new@cork.example", by=focal)
    editor = CityEditor.objects.get(user=colleague)
    client.force_login(colleague)

    invite = client.post(editors_url(cork), {"email": "x@cork.example", "language": "en"})
    revoke = client.post(editors_url(cork), {"revoke": invitation.pk})
    remove = client.post(reverse("members:editor-remove", args=[cork.slug, editor.pk]))

    assert (invite.status_code, revoke.status_code, remove.status_code) == (403, 403, 403)
    assert EditorInvitation.objects.filter(email="x@cork.example").count() == 0
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert CityEditor.objects.filter(pk=editor.pk).exists()
    with pytest.raises(editing.EditorError):
        editing.invite_co_editor(cork, email="y@cork.example", by=colleague)
    with pytest.raises(editing.EditorError):
        editing.remove_co_editor(editor, by=colleague)
    with pytest.raises(editing.EditorError):
        editing.revoke_invitation(invitation, by=colleague)


def test_removing_is_a_post_only(client, cork, focal, colleague):
    editor = CityEditor.objects.get(user=colleague)
    client.force_login(focal)

    response = client.get(reverse("members:editor-remove", args=[cork.slug, editor.pk]))

    assert response.status_code == 405
    assert CityEditor.objects.filter(pk=editor.pk).exists()


def test_another_citys_co_editor_cannot_be_removed_through_this_city(client, cork, focal):
    espoo = world.city("Espoo", "FI", member_since=2016)
    espoo_focal = world.focal_point(espoo)
    stranger = world.user("s@espoo.example", verified=True)
    invitation, _token = editing.invite_co_editor(espoo, email=stranger.email, by=espoo_focal)
    editing.claim_invitation(invitation, user=stranger)
    client.force_login(focal)

    response = client.post(
        reverse("members:editor-remove", args=[cork.slug, espoo.editors.get().pk])
    )

    assert response.status_code == 404
    assert espoo.editors.count() == 1


# The session, the user, whether the user edits a city (the header's "Members' area" link),
# the city with its focal point, the co-editors with their accounts, the pending invitations:
# the same for any number of co-editors.
QUERIES = 6


@pytest.mark.parametrize("count", [1, 3])
def test_the_editors_page_reads_the_same_number_of_queries_for_1_and_3_co_editors(
    client, cork, focal, count, django_assert_num_queries
):
    for number in range(count):
        account = world.user(f"col{number}@cork.example", verified=True)
        invitation, _token = editing.invite_co_editor(cork, email=account.email, by=focal)
        editing.claim_invitation(invitation, user=account)
        editing.invite_co_editor(cork, email=f"pending{number}@cork.example", by=focal)
    client.force_login(focal)
    client.get(editors_url(cork))  # the session and the caches, once

    with django_assert_num_queries(QUERIES):
        page = client.get(editors_url(cork))

    assert len(page.context["editors"]) == count
