"""Field-level history of the conference archive and of membership calls, as for cities,
clusters and award cycles: who changed what, and when, kept in the admin."""

import datetime

import pytest
from django.urls import reverse

from conferences.enums import DocumentKind
from tests import world

pytestmark = pytest.mark.django_db


def history_page(client, obj):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    return " ".join(client.get(url).content.decode().split())


def edited(obj, by, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._history_user = by  # as the admin's request does (HistoryRequestMiddleware)
    obj.save()
    return obj


@pytest.fixture
def staff_client(client):
    staff = world.staff(full_name="Rita Reviewer")
    client.force_login(staff)
    client.staff = staff
    return client


def test_a_conference_and_its_documents_keep_who_changed_what(staff_client):
    conference = world.conference(2, title_en="2nd Conference")
    document = world.document(conference, DocumentKind.STATEMENT, "Mexico City Statement")

    edited(conference, staff_client.staff, title_en="2nd International Conference")
    edited(document, staff_client.staff, title_en="Mexico City Statement (2015)")

    page = history_page(staff_client, conference)
    assert conference.history.count() == 2
    assert ">Rita Reviewer</a>" in page
    assert (
        "<strong>Title [en]:</strong> 2nd Conference &nbsp;&rarr;&nbsp;&nbsp;"
        "2nd International Conference"
    ) in page
    assert (
        "<strong>Title [en]:</strong> Mexico City Statement &nbsp;&rarr;&nbsp;&nbsp;"
        "Mexico City Statement (2015)"
    ) in history_page(staff_client, document)


def test_a_membership_calls_deadline_change_is_kept(staff_client):
    call = world.open_membership_call()
    before = call.commission_deadline

    edited(call, staff_client.staff, commission_deadline=before - datetime.timedelta(days=5))

    latest, previous = call.history.all()[:2]
    assert (previous.commission_deadline, latest.commission_deadline) == (
        before,
        before - datetime.timedelta(days=5),
    )
    assert latest.history_user == staff_client.staff
    assert ">Rita Reviewer</a>" in history_page(staff_client, call)
