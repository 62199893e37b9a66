"""The Secretariat edits the conference archive in the admin; other users are kept out."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from conferences.models import Conference, ConferenceDocument, ConferenceSession, Speaker
from tests import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    call_command("seed_demo", stdout=StringIO())
    world.speaker("Demo Speaker", country="MX")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def pages():
    second = Conference.objects.get(number=2)
    statement = ConferenceDocument.objects.get(conference=second, kind="statement")
    session = ConferenceSession.objects.filter(conference=second).first()
    speaker = Speaker.objects.get(name="Demo Speaker")
    return [
        reverse("admin:conferences_conference_changelist"),
        reverse("admin:conferences_conference_changelist") + "?q=Mexico",
        reverse("admin:conferences_conference_change", args=[second.pk]),
        reverse("admin:conferences_conference_add"),
        reverse("admin:conferences_conferencedocument_changelist"),
        reverse("admin:conferences_conferencedocument_change", args=[statement.pk]),
        reverse("admin:conferences_conferencesession_changelist"),
        reverse("admin:conferences_conferencesession_change", args=[session.pk]),
        reverse("admin:conferences_speaker_changelist"),
        reverse("admin:conferences_speaker_change", args=[speaker.pk]),
    ]


def test_secretariat_reaches_every_page(archive, staff_client):
    for url in pages():
        response = staff_client.get(url)
        assert response.status_code == 200, url


def test_conference_list_is_ordered_by_number(archive, staff_client):
    response = staff_client.get(reverse("admin:conferences_conference_changelist"))
    numbers = [c.number for c in response.context["cl"].result_list]
    assert numbers == [1, 2, 3, 4, 5, 6, 7]


def test_change_page_shows_sessions_documents_and_versions(archive, staff_client):
    second = Conference.objects.get(number=2)
    page = staff_client.get(
        reverse("admin:conferences_conference_change", args=[second.pk])
    ).content.decode()
    assert "How can cities harness the power of learning" in page
    assert "Mexico City Statement on Sustainable Learning Cities" in page
    statement = ConferenceDocument.objects.get(conference=second, kind="statement")
    page = staff_client.get(
        reverse("admin:conferences_conferencedocument_change", args=[statement.pk])
    ).content.decode()
    assert "Déclaration de Mexico sur les villes apprenantes pérennes" in page


def test_host_city_autocomplete(archive, staff_client):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Cork",
            "app_label": "conferences",
            "model_name": "conference",
            "field_name": "host_city",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Cork"]


def test_secretariat_edits_a_session(archive, staff_client):
    session = ConferenceSession.objects.get(conference__number=2, order=1)
    speaker = Speaker.objects.get(name="Demo Speaker")
    url = reverse("admin:conferences_conferencesession_change", args=[session.pk])
    data = {
        "conference": session.conference_id,
        "kind": session.kind,
        "order": 1,
        "title_en": "Plenary session 1",
        "title_fr": "Séance plénière 1",
        "title_es": "Sesión plenaria 1",
        "speakers": [speaker.pk],
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(session.speakers.all()) == [speaker]


@pytest.mark.parametrize("who", ["anonymous", "visitor"])
def test_others_are_kept_out(archive, client, visitor_user, who):
    if who == "visitor":
        client.force_login(visitor_user)
    for url in pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
