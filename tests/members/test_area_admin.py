"""The back office of the members' area: staff invite a focal point from the city's page,
withdraw invitations, and review profile updates against the published profile."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cities.services import update_city
from members.enums import EditorRole, ProposalState
from members.models import EditorInvitation
from members.services import editors as editing
from members.services import profiles
from tests import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def cork():
    return world.city("Cork", "IE", member_since=2015, mayor_name="Kieran McCarthy")


@pytest.fixture
def staff(client):
    account = world.staff("staff@uil.example", full_name="Sam Staff")
    client.force_login(account)
    return account


@pytest.fixture
def proposal(cork):
    focal = world.focal_point(cork)
    values = {**profiles.published_values(cork), "mayor_name": "Dan Boyle"}
    return profiles.propose_update(cork, by=focal, values=values)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_citys_admin_page_links_to_the_focal_point_invitation(client, cork, staff):
    page = client.get(reverse("admin:cities_city_change", args=[cork.pk]))
    add = reverse("admin:members_editorinvitation_add")

    assert f'href="{add}?city={cork.pk}"' in page.content.decode()
    form = client.get(f"{add}?city={cork.pk}").context["adminform"].form
    assert form.initial["city"] == str(cork.pk)


def test_staff_invite_a_focal_point_and_the_message_says_what_happened(
    client, cork, staff, django_capture_on_commit_callbacks
):
    current = world.focal_point(cork)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:members_editorinvitation_add"),
            {"city": cork.pk, "email": "new@cork.example", "name": "Nia New", "language": "es"},
            follow=True,
        )

    invitation = EditorInvitation.objects.get()
    assert (invitation.role, invitation.email, invitation.language, invitation.invited_by) == (
        EditorRole.FOCAL_POINT,
        "new@cork.example",
        "es",
        staff,
    )
    assert [m.to for m in mail.outbox] == [["new@cork.example"]]
    assert "/es/members/claim/" in mail.outbox[0].body
    (message,) = messages_of(response)
    assert message.startswith(
        "An invitation to become the focal point of Cork was e-mailed to new@cork.example"
    )
    assert f"{current.get_full_name()} remains the focal point until" in message


def test_a_wrong_address_in_the_admin_form_is_shown_again(client, cork, staff):
    response = client.post(
        reverse("admin:members_editorinvitation_add"),
        {"city": cork.pk, "email": "nobody", "language": "en"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    assert not EditorInvitation.objects.exists()


def test_staff_withdraw_pending_invitations_from_the_list(client, cork, staff):
    pending, _token = editing.invite_focal_point(cork, email="a@cork.example", by=staff)

    response = client.post(
        reverse("admin:members_editorinvitation_changelist"),
        {"action": "withdraw_invitations", "_selected_action": [pending.pk]},
        follow=True,
    )

    pending.refresh_from_db()
    assert pending.revoked_at is not None
    assert messages_of(response) == [
        "1 of 1 invitations withdrawn (the others were used or withdrawn)."
    ]


def test_an_invitation_is_read_only_in_the_admin(client, cork, staff):
    invitation, _token = editing.invite_focal_point(cork, email="a@cork.example", by=staff)
    url = reverse("admin:members_editorinvitation_change", args=[invitation.pk])

    page = client.get(url)
    client.post(url, {"email": "changed@cork.example"})

    assert page.status_code == 200
    invitation.refresh_from_db()
    assert invitation.email == "a@cork.example"


def test_the_review_page_shows_the_difference_against_the_published_profile(
    client, proposal, staff
):
    page = client.get(reverse("admin:members_profileproposal_change", args=[proposal.pk]))

    assert page.context["difference"] == [
        {
            "name": "mayor_name",
            "label": "mayor",
            "published": "Kieran McCarthy",
            "proposed": "Dan Boyle",
            "conflict": False,
        }
    ]
    assert [entry["name"] for entry in page.context["staff_actions"]] == ["publish", "return"]
    assert "Difference against the published profile" in page.content.decode()


def test_staff_publish_from_the_review_page(
    client, cork, proposal, staff, django_capture_on_commit_callbacks
):
    url = reverse("admin:members_profileproposal_action", args=[proposal.pk, "publish"])
    with django_capture_on_commit_callbacks(execute=True):
        response = world.post_action(client, url)

    proposal.refresh_from_db()
    cork.refresh_from_db()
    assert proposal.state == ProposalState.PUBLISHED
    assert cork.mayor_name == "Dan Boyle"
    assert messages_of(client.get(response["Location"])) == [
        "The update of “Cork” is published on its profile."
    ]
    assert [m.to for m in mail.outbox] == [[proposal.proposed_by.email]]


def test_publishing_a_clash_is_refused_with_the_fields_named(client, cork, proposal, staff):
    update_city(cork, mayor_name="Someone Else")
    url = reverse("admin:members_profileproposal_action", args=[proposal.pk, "publish"])

    response = world.post_action(client, url)

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    (message,) = messages_of(client.get(response["Location"]))
    assert "Not published: the profile changed since the update was proposed, in mayor." in (
        message
    )
    page = client.get(reverse("admin:members_profileproposal_change", args=[proposal.pk]))
    assert "Changed on the profile since the update was proposed" in page.content.decode()


def test_staff_return_with_a_comment(
    client, cork, proposal, staff, django_capture_on_commit_callbacks
):
    url = reverse("admin:members_profileproposal_action", args=[proposal.pk, "return"])
    with django_capture_on_commit_callbacks(execute=True):
        world.post_action(client, url, {"return-comment": "Give the full title."})

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RETURNED
    assert proposal.events.last().note == "Give the full title."
    assert "Give the full title." in mail.outbox[-1].body


def test_returning_without_a_comment_is_refused_and_shown_again(client, proposal, staff):
    url = reverse("admin:members_profileproposal_action", args=[proposal.pk, "return"])

    response = world.post_action(client, url, {"return-comment": ""})

    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING


def test_staff_see_the_proposed_image_privately(client, cork, staff):
    focal = world.focal_point(cork)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    image = SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png")
    values = {**profiles.published_values(cork), "image_alt_en": "A", "image_credit": "B"}
    proposal = profiles.propose_update(cork, by=focal, values=values, image=image)

    response = client.get(reverse("admin:members_profileproposal_image", args=[proposal.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    client.force_login(focal)
    denied = client.get(reverse("admin:members_profileproposal_image", args=[proposal.pk]))
    assert denied.status_code == 302
    assert denied["Location"].startswith("/admin/login/")
