"""Profile updates: the editors propose (one pending update per city, versioned), staff
publish it on the profile through update_city (with the history) or return it; what clashes
is refused and shown."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from cities.services import update_city
from members.enums import ProposalEventKind, ProposalState
from members.models import ProfileProposal
from members.services import editors as editing
from members.services import profiles
from tests import world

pytestmark = pytest.mark.django_db
State = ProposalState


@pytest.fixture
def cork():
    return world.city(
        "Cork",
        "IE",
        member_since=2015,
        population=190384,
        population_year=2016,
        website="https://www.corkcity.ie",
        description_en="A city on the river Lee.",
    )


@pytest.fixture
def focal(cork):
    return world.focal_point(cork, language="fr")


@pytest.fixture
def colleague(cork, focal):
    account = world.user("col@cork.example", verified=True)
    invitation, _token = editing.invite_co_editor(cork, email=account.email, by=focal)
    editing.claim_invitation(invitation, user=account)
    return account


@pytest.fixture
def staff():
    return world.staff("staff@uil.example")


def values(city, **changes):
    return {**profiles.published_values(city), **changes}


def png():
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "navy").save(out, "PNG")
    return SimpleUploadedFile("harbour.png", out.getvalue(), content_type="image/png")


def form_data(city, revision=0, **changes):
    data = {
        name: ("" if value is None else value)
        for name, value in profiles.published_values(city).items()
    }
    data.update(revision=revision, **changes)
    return data


def test_proposing_keeps_only_what_differs_and_the_published_values(cork, focal):
    proposal = profiles.propose_update(
        cork, by=focal, values=values(cork, mayor_name="Dan Boyle", population=224004)
    )

    assert proposal.state == State.PENDING
    assert proposal.values == {"population": 224004, "mayor_name": "Dan Boyle"}
    assert proposal.base["population"] == 190384
    assert [e.kind for e in proposal.events.all()] == [ProposalEventKind.PROPOSED]
    cork.refresh_from_db()
    assert cork.population == 190384


def test_a_proposal_that_changes_nothing_is_refused(cork, focal):
    with pytest.raises(profiles.ProposalError, match="Nothing differs"):
        profiles.propose_update(cork, by=focal, values=values(cork))


def test_a_second_editor_changes_the_pending_proposal(cork, focal, colleague):
    first = profiles.propose_update(cork, by=focal, values=values(cork, mayor_name="Dan Boyle"))

    second = profiles.propose_update(
        cork, by=colleague, values=values(cork, mayor_name="Dan Boyle", website=""), revision=1
    )

    assert second.pk == first.pk
    assert second.revision == 2
    assert second.values == {"mayor_name": "Dan Boyle", "website": ""}
    assert second.proposed_by == colleague
    assert ProfileProposal.objects.count() == 1


def test_a_save_from_an_older_version_is_refused(cork, focal, colleague):
    profiles.propose_update(cork, by=focal, values=values(cork, mayor_name="Dan Boyle"))
    profiles.propose_update(
        cork, by=colleague, values=values(cork, mayor_name="D. Boyle"), revision=1
    )

    with pytest.raises(profiles.ProposalConflict):
        profiles.propose_update(cork, by=focal, values=values(cork, mayor_name="X"), revision=1)
    assert ProfileProposal.objects.get().values == {"mayor_name": "D. Boyle"}


def test_the_page_keeps_what_was_typed_on_a_conflict(client, cork, focal, colleague):
    profiles.propose_update(cork, by=colleague, values=values(cork, mayor_name="D. Boyle"))
    client.force_login(focal)

    response = client.post(
        reverse("members:profile-update", args=[cork.slug]),
        form_data(cork, revision=0, mayor_name="Mine"),
    )

    text = response.content.decode()
    assert response.status_code == 409
    assert 'value="Mine"' in text
    assert "Someone else saved or decided on this update" in text
    assert "D. Boyle" in text  # the update as it now is, beside what was typed

    # Once compared, saving the page again goes through (it now carries version 1).
    again = client.post(
        reverse("members:profile-update", args=[cork.slug]),
        form_data(cork, revision=response.context["form"]["revision"].value(), mayor_name="Mine"),
    )
    assert again.status_code == 302
    assert ProfileProposal.objects.get().values == {"mayor_name": "Mine"}


def test_numbers_are_read_as_written_in_the_pages_language(client, cork, focal):
    client.force_login(focal)
    with translation.override("fr"):
        url = reverse("members:profile-update", args=[cork.slug])
    data = form_data(cork, population="224\u00a0004", population_year="2022")

    response = client.post(url, data)

    assert response.status_code == 302
    assert ProfileProposal.objects.get().values == {"population": 224004, "population_year": 2022}
    page = client.get(url)
    assert page.context["form"]["population"].value() == 224004
    # French groups thousands with a (narrow) no-break space.
    assert re.search('name="population" value="224[\u00a0\u202f]004"', page.content.decode())


def test_a_figure_without_its_year_is_refused_and_kept(client, cork, focal):
    client.force_login(focal)
    data = form_data(cork, population="250,000", population_year="")

    response = client.post(reverse("members:profile-update", args=[cork.slug]), data)

    assert response.status_code == 200
    assert "Give the year of the population figure." in response.content.decode()
    assert 'value="250,000"' in response.content.decode()
    assert not ProfileProposal.objects.exists()


def test_publishing_applies_the_values_through_the_citys_history(
    cork, focal, staff, django_capture_on_commit_callbacks
):
    proposal = profiles.propose_update(
        cork, by=focal, values=values(cork, mayor_name="Dan Boyle", description_fr="Une ville.")
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        published = profiles.publish_proposal(proposal, by=staff)

    cork.refresh_from_db()
    assert (cork.mayor_name, cork.description_fr) == ("Dan Boyle", "Une ville.")
    latest = cork.history.latest()
    assert (latest.history_user, latest.mayor_name) == (staff, "Dan Boyle")
    assert published.state == State.PUBLISHED
    assert published.decided_at is not None
    assert [m.to for m in mail.outbox] == [[focal.email]]
    assert "/fr/members/cities/cork/profile/" in mail.outbox[0].body


def test_publishing_a_new_image_makes_it_public(cork, focal, staff):
    proposal = profiles.propose_update(
        cork,
        by=focal,
        values=values(cork, image_alt_en="The harbour", image_credit="Cork City Council"),
        image=png(),
    )
    assert proposal.image.storage is not cork.image.storage

    profiles.publish_proposal(proposal, by=staff)

    cork.refresh_from_db()
    assert cork.image
    assert cork.image.name.startswith("cities/")
    assert cork.image_alt_en == "The harbour"


def test_publishing_is_refused_when_the_profile_changed_meanwhile(cork, focal, staff):
    proposal = profiles.propose_update(
        cork, by=focal, values=values(cork, mayor_name="Dan Boyle", website="https://cork.ie")
    )
    # Staff edit the city in the admin meanwhile.
    update_city(cork, mayor_name="Kieran McCarthy")

    with pytest.raises(profiles.ProposalConflict) as refusal:
        profiles.publish_proposal(proposal, by=staff)

    assert refusal.value.fields == ["mayor"]
    cork.refresh_from_db()
    assert (cork.mayor_name, cork.website) == ("Kieran McCarthy", "https://www.corkcity.ie")
    proposal.refresh_from_db()
    assert proposal.state == State.PENDING
    assert [row["conflict"] for row in profiles.difference(proposal)] == [False, True]


def test_returning_emails_the_comment_and_leaves_the_profile(
    cork, focal, colleague, staff, django_capture_on_commit_callbacks
):
    proposal = profiles.propose_update(
        cork, by=colleague, values=values(cork, mayor_name="Dan Boyle")
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        returned = profiles.return_proposal(proposal, by=staff, comment="Give his full title.")

    assert returned.state == State.RETURNED
    assert returned.staff_comment == "Give his full title."
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert "Give his full title." in mail.outbox[0].body
    cork.refresh_from_db()
    assert cork.mayor_name == ""


def test_the_returned_comment_is_shown_and_a_new_proposal_can_start(client, cork, focal, staff):
    proposal = profiles.propose_update(cork, by=focal, values=values(cork, mayor_name="Dan"))
    profiles.return_proposal(proposal, by=staff, comment="Give his full name.")
    client.force_login(focal)
    url = reverse("members:profile-update", args=[cork.slug])

    page = client.get(url)
    response = client.post(url, form_data(cork, mayor_name="Dan Boyle"))

    assert "Give his full name." in page.content.decode()
    assert response.status_code == 302
    assert ProfileProposal.objects.filter(state=State.PENDING).get().values == {
        "mayor_name": "Dan Boyle"
    }


def test_the_editors_withdraw_a_pending_proposal(client, cork, focal):
    proposal = profiles.propose_update(cork, by=focal, values=values(cork, mayor_name="Dan"))
    client.force_login(focal)

    response = client.post(
        reverse("members:profile-update", args=[cork.slug]), {"withdraw": "1"}, follow=True
    )

    proposal.refresh_from_db()
    assert proposal.state == State.WITHDRAWN
    assert "The update was withdrawn" in response.content.decode()


def test_a_decided_proposal_cannot_be_decided_again(cork, focal, staff):
    proposal = profiles.propose_update(cork, by=focal, values=values(cork, mayor_name="Dan"))
    profiles.publish_proposal(proposal, by=staff)

    with pytest.raises(profiles.ProposalError):
        profiles.return_proposal(proposal, by=staff, comment="Too late")
    with pytest.raises(profiles.ProposalError):
        profiles.publish_proposal(proposal, by=staff)


def test_someone_who_does_not_edit_the_city_cannot_propose(cork, focal):
    stranger = world.user("x@example.org")
    with pytest.raises(profiles.ProposalError):
        profiles.propose_update(cork, by=stranger, values=values(cork, mayor_name="X"))


def test_the_page_shows_the_pending_update_and_what_it_changes(client, cork, focal, colleague):
    profiles.propose_update(cork, by=focal, values=values(cork, mayor_name="Dan Boyle"))
    client.force_login(colleague)

    page = client.get(reverse("members:profile-update", args=[cork.slug]))

    text = page.content.decode()
    assert "An update is waiting for UIL" in text
    assert 'value="Dan Boyle"' in text
    assert page.context["form"].initial["revision"] == 1
