"""The members' area from end to end, as the people in it click: staff invite the focal point
from the city's admin page, the focal point claims the city and invites a co-editor, both work
on one profile update, staff publish it and the public profile shows it."""

import pytest
from django.core import mail
from django.urls import reverse

from members.models import ProfileProposal
from members.services import profiles
from tests import world
from tests.browser.helpers import LINK

pytestmark = pytest.mark.django_db


def link_in_last_mail(to, prefix):
    message = [m for m in mail.outbox if to in m.to][-1]
    return next(path for path in LINK.findall(message.body) if path.startswith(prefix))


def test_from_invitation_to_published_profile(client, django_capture_on_commit_callbacks):
    cork = world.city("Cork", "IE", member_since=2015, mayor_name="Kieran McCarthy")
    staff = world.staff("staff@uil.example")
    ana = world.user("ana@cork.example", verified=True, full_name="Ana Focal", language="fr")
    colm = world.user("colm@cork.example", verified=True, full_name="Colm Colleague")
    profile_url = reverse("cities:city-detail", args=[cork.slug])
    assert "Kieran McCarthy" in client.get(profile_url).content.decode()

    # Staff invite the focal point from the city's admin page.
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:members_editorinvitation_add"),
            {"city": cork.pk, "email": ana.email, "name": "Ana Focal", "language": "fr"},
        )
    claim = link_in_last_mail(ana.email, "/fr/members/claim/")

    # The focal point claims the city and invites a co-editor.
    client.force_login(ana)
    assert client.post(claim).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:editors", args=[cork.slug]),
            {"email": colm.email, "language": "en"},
        )
    client.force_login(colm)
    assert client.post(link_in_last_mail(colm.email, "/en/members/claim/")).status_code == 302

    # Both work on the same update, over two sessions.
    update_url = reverse("members:profile-update", args=[cork.slug])
    client.force_login(ana)
    form = client.get(update_url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "image"}
    client.post(update_url, {**data, "mayor_name": "Dan Boyle"})
    client.force_login(colm)
    form = client.get(update_url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "image"}
    assert data["mayor_name"] == "Dan Boyle"
    client.post(update_url, {**data, "mayor_title": "Lord Mayor of Cork"})
    proposal = ProfileProposal.objects.get()
    assert proposal.values == {"mayor_name": "Dan Boyle", "mayor_title": "Lord Mayor of Cork"}
    assert proposal.revision == 2

    # Staff publish it; the public profile shows it (its cached copy is stale).
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        world.post_action(
            client, reverse("admin:members_profileproposal_action", args=[proposal.pk, "publish"])
        )
    client.logout()
    public = client.get(profile_url).content.decode()
    assert "Dan Boyle" in public
    assert "Kieran McCarthy" not in public
    assert [e.kind for e in proposal.events.all()] == ["proposed", "changed", "published"]
    assert profiles.pending_proposal(cork) is None
