"""Who reaches what in the members' area and its back office: every role × every URL of the
area (claim, editors, removal, profile update) and of its admin, denials included.

The city's pages are its editors' only: others signed in get a 404, as for a city that does
not exist (staff and superusers too: they work in the admin); what only the focal point may do
answers 403 to a co-editor. The claim page is reached by its link alone; claiming it needs the
invited address (409 for any other account)."""

import pytest
from django.urls import reverse

from members.models import CityEditor
from members.services import editors as editing
from members.services import profiles
from tests import world

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
ROLES = [
    "visitor",
    "other city's focal point",
    "co-editor",
    "focal point",
    "staff without the group",
    "secretariat",
    "superuser",
]


@pytest.fixture
def setting(db):
    cork = world.city("Cork", "IE", member_since=2015)
    espoo = world.city("Espoo", "FI", member_since=2016)
    focal = world.focal_point(cork)
    colleague = world.user("col@cork.example", verified=True)
    invitation, _token = editing.invite_co_editor(cork, email=colleague.email, by=focal)
    editing.claim_invitation(invitation, user=colleague)
    # A second co-editor, whom the removal removes.
    other = world.user("other@cork.example", verified=True)
    invitation, _token = editing.invite_co_editor(cork, email=other.email, by=focal)
    editing.claim_invitation(invitation, user=other)
    pending, token = editing.invite_co_editor(cork, email="new@cork.example", by=focal)
    values = {**profiles.published_values(cork), "mayor_name": "Dan Boyle"}
    proposal = profiles.propose_update(cork, by=focal, values=values)
    people = {
        "visitor": None,
        "other city's focal point": world.focal_point(espoo),
        "co-editor": colleague,
        "focal point": focal,
        "staff without the group": world.staff("bare@uil.example", secretariat=False),
        "secretariat": world.staff("staff@uil.example"),
        "superuser": world.superuser("root@uil.example"),
    }
    return {
        "city": cork,
        "people": people,
        "token": token,
        "pending": pending,
        "removable": CityEditor.objects.get(user=other),
        "proposal": proposal,
    }


def outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if "/accounts/login/" in location:
            return LOGIN
        return "redirect"
    return response.status_code


def profile_form(city, revision):
    data = {k: ("" if v is None else v) for k, v in profiles.published_values(city).items()}
    return {**data, "mayor_name": "D. Boyle", "revision": revision}


# name: (method, url, data, expected per role in the order of ROLES)
REQUESTS = {
    "claim page": (
        "get",
        lambda s: reverse("members:claim", args=[s["token"]]),
        None,
        [200, 200, 200, 200, 200, 200, 200],
    ),
    "claim": (
        "post",
        lambda s: reverse("members:claim", args=[s["token"]]),
        None,
        [LOGIN, 409, 409, 409, 409, 409, 409],
    ),
    "editors": (
        "get",
        lambda s: reverse("members:editors", args=[s["city"].slug]),
        None,
        [LOGIN, 404, 200, 200, 404, 404, 404],
    ),
    "invite a co-editor": (
        "post",
        lambda s: reverse("members:editors", args=[s["city"].slug]),
        lambda s: {"email": "x@cork.example", "language": "en"},
        [LOGIN, 404, 403, "redirect", 404, 404, 404],
    ),
    "withdraw an invitation": (
        "post",
        lambda s: reverse("members:editors", args=[s["city"].slug]),
        lambda s: {"revoke": s["pending"].pk},
        [LOGIN, 404, 403, "redirect", 404, 404, 404],
    ),
    "remove a co-editor": (
        "post",
        lambda s: reverse("members:editor-remove", args=[s["city"].slug, s["removable"].pk]),
        None,
        [LOGIN, 404, 403, "redirect", 404, 404, 404],
    ),
    "profile update page": (
        "get",
        lambda s: reverse("members:profile-update", args=[s["city"].slug]),
        None,
        [LOGIN, 404, 200, 200, 404, 404, 404],
    ),
    "propose a profile update": (
        "post",
        lambda s: reverse("members:profile-update", args=[s["city"].slug]),
        lambda s: profile_form(s["city"], s["proposal"].revision),
        [LOGIN, 404, "redirect", "redirect", 404, 404, 404],
    ),
    "admin: invitations": (
        "get",
        lambda s: reverse("admin:members_editorinvitation_changelist"),
        None,
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 200, 200],
    ),
    "admin: invite a focal point": (
        "post",
        lambda s: reverse("admin:members_editorinvitation_add"),
        lambda s: {"city": s["city"].pk, "email": "fp@cork.example", "language": "en"},
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, "redirect", "redirect"],
    ),
    "admin: co-editors": (
        "get",
        lambda s: reverse("admin:members_cityeditor_changelist"),
        None,
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 200, 200],
    ),
    "admin: profile updates": (
        "get",
        lambda s: reverse("admin:members_profileproposal_changelist"),
        None,
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 200, 200],
    ),
    "admin: a profile update": (
        "get",
        lambda s: reverse("admin:members_profileproposal_change", args=[s["proposal"].pk]),
        None,
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, 200, 200],
    ),
    "admin: publish": (
        "post",
        lambda s: reverse(
            "admin:members_profileproposal_action", args=[s["proposal"].pk, "publish"]
        ),
        lambda s: {},
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, "redirect", "redirect"],
    ),
}

CASES = [
    (name, role, expected)
    for name, (_method, _url, _data, outcomes) in REQUESTS.items()
    for role, expected in zip(ROLES, outcomes, strict=True)
]


@pytest.mark.parametrize(("name", "role", "expected"), CASES)
def test_permission_table(client, setting, name, role, expected):
    method, url, data, _outcomes = REQUESTS[name]
    person = setting["people"][role]
    if person is not None:
        client.force_login(person)

    response = getattr(client, method)(url(setting), data(setting) if data else None)

    assert outcome(response) == expected


def test_a_denied_request_changes_nothing(client, setting):
    client.force_login(setting["people"]["co-editor"])
    client.post(
        reverse("members:editor-remove", args=[setting["city"].slug, setting["removable"].pk])
    )
    client.force_login(setting["people"]["staff without the group"])
    client.post(
        reverse("admin:members_profileproposal_action", args=[setting["proposal"].pk, "publish"])
    )

    assert CityEditor.objects.filter(pk=setting["removable"].pk).exists()
    setting["proposal"].refresh_from_db()
    assert setting["proposal"].state == "pending"
    setting["pending"].refresh_from_db()
    assert setting["pending"].used_at is None
