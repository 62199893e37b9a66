"""Every page in the reader's language (issue 13, point 7): what the portal did in an
application's history, in a city's status history and as a figure's source is kept as a kind
and its values, and worded when shown, in the language of whoever reads it; only what a person
typed is kept as typed.

The events are made in English, as an English-speaking member of staff makes them; the
applicant reads them in French or Spanish."""

import importlib

import pytest
from django.apps import apps as current_apps
from django.urls import reverse
from django.utils import translation

from cities.enums import ApplicationState
from cities.models import ApplicationEvent, City, CommissionInvitation, MembershipStatusChange
from cities.services import applications as workflow
from tests import world

State = ApplicationState

# What the applicant reads of the events of an application approved by staff.
SENTENCES = {
    "en": [
        "Submitted for the National Commission's endorsement.",
        "UIL has started reviewing the application.",
        "Admitted to the network.",
    ],
    "fr": [
        "Soumise pour approbation par la Commission nationale.",
        "L'UIL a commencé l'examen de la candidature.",
        "Admise dans le réseau.",
    ],
    "es": [
        "Enviada para el respaldo de la Comisión Nacional.",
        "El UIL ha comenzado a revisar la solicitud.",
        "Admitida en la red.",
    ],
}
SOURCE = {
    "en": "membership application",
    "fr": "candidature d'adhésion",
    "es": "solicitud de adhesión",
}


def page_text(response):
    """The page's text as a reader sees it (apostrophes unescaped)."""
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'").replace("&#39;", "'")


@pytest.fixture
def approved_in_english(make_application, staff_user):
    """An application of the French-speaking applicant, reviewed and approved by staff
    working in English, with a word of welcome typed by staff."""
    with translation.override("en"):
        application = make_application(State.ENDORSED)
        workflow.start_review(application, by=staff_user)
        workflow.approve_application(application, by=staff_user, note="Welcome aboard, Galway!")
    application.refresh_from_db()
    return application


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_applicant_reads_what_english_speaking_staff_did_in_the_pages_language(
    client, approved_in_english, language
):
    client.force_login(approved_in_english.applicant)
    with translation.override(language):
        url = reverse("cities:application-detail", args=[approved_in_english.pk])

    page = page_text(client.get(url))

    assert url.startswith(f"/{language}/")
    for sentence in SENTENCES[language]:
        assert sentence in page
    for sentence in SENTENCES["en"]:
        assert sentence not in page
    # What staff typed is shown as typed, beside what happened.
    assert "Welcome aboard, Galway!" in page


@pytest.mark.django_db
def test_the_commissions_signature_is_worded_in_the_readers_language(
    client, make_application, commission
):
    application = make_application(State.SUBMITTED)
    with translation.override("en"):  # the Commission decides on its page in English
        workflow.record_commission_decision(
            application.commission_invitations.get(),
            decision="endorse",
            signed_by="Dr Ana Ruiz",
            comment="A strong application.",
        )
    client.force_login(application.applicant)

    page = page_text(client.get(f"/es/applications/{application.pk}/"))

    assert "Comisión Nacional: Dr Ana Ruiz" in page
    assert "National Commission: Dr Ana Ruiz" not in page
    assert "A strong application." in page  # the Commission's comment, as typed
    event = application.events.last()
    assert (event.kind, event.values, event.actor_name) == (
        "commission_signed",
        {"name": "Dr Ana Ruiz"},
        "Dr Ana Ruiz",
    )


@pytest.mark.django_db
def test_the_event_keeps_what_happened_not_a_sentence(approved_in_english):
    events = approved_in_english.events.order_by("created_at", "pk")

    assert [(event.to_state, event.kind, event.note) for event in events] == [
        ("draft", "draft_started", ""),
        ("submitted", "submitted", ""),
        ("", "no_commission_address", ""),
        ("endorsed", "commission_recorded", "Letter of 3 May"),
        ("under_review", "review_started", ""),
        ("approved", "admitted", "Welcome aboard, Galway!"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("accept_language", "language"), [("en", "en"), ("es-ES,es;q=0.9", "es")])
def test_the_admin_shows_the_events_in_the_staff_members_language(
    client, staff_user, make_application, accept_language, language
):
    # The applicant works in French: the draft and the submission are made in French.
    with translation.override("fr"):
        application = make_application(State.SUBMITTED)
    client.force_login(staff_user)

    page = page_text(
        client.get(
            reverse("admin:cities_membershipapplication_change", args=[application.pk]),
            HTTP_ACCEPT_LANGUAGE=accept_language,
        )
    )

    assert SENTENCES[language][0] in page
    assert SENTENCES["fr"][0] not in page
    # Staff read the internal note about the missing Commission address in their language.
    missing = {
        "en": "No e-mail address of the National Commission is on file",
        "es": "No consta ninguna dirección de correo electrónico de la Comisión Nacional",
    }
    assert missing[language] in page


@pytest.mark.django_db
def test_the_admin_words_a_link_closed_by_staff_in_the_staff_members_language(
    client, staff_user, approved_in_english
):
    client.force_login(staff_user)

    page = page_text(
        client.get(
            reverse("admin:cities_membershipapplication_change", args=[approved_in_english.pk]),
            HTTP_ACCEPT_LANGUAGE="es",
        )
    )

    assert "registrado por el personal del UIL" in page
    assert "Decisión de la Comisión Nacional registrada por el personal del UIL." in page


# --- A new member's profile and history ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_new_members_population_source_is_in_the_readers_language(
    client, approved_in_english, language
):
    city = approved_in_english.city
    with translation.override(language):
        url = reverse("cities:city-detail", kwargs={"slug": city.slug})

    page = page_text(client.get(url))

    assert f"({SOURCE[language]}, 2022)" in page
    others = [source for code, source in SOURCE.items() if code != language]
    assert not [source for source in others if source in page]


@pytest.mark.django_db
def test_a_source_typed_by_staff_is_shown_as_typed(client, approved_in_english):
    city = approved_in_english.city
    city.population_source = "CSO census"
    city.save()

    page = page_text(client.get(f"/fr/cities/{city.slug}/"))

    assert "(CSO census, 2022)" in page
    assert SOURCE["fr"] not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "sentence"),
    [
        ("en", "Admitted through application {}."),
        ("fr", "Admise à la suite de la candidature n° {}."),
    ],
)
def test_the_status_history_says_through_which_application_in_the_staff_members_language(
    client, approved_in_english, staff_user, accept_language, sentence
):
    city = approved_in_english.city
    client.force_login(staff_user)
    page = page_text(
        client.get(
            reverse("admin:cities_city_change", args=[city.pk]),
            HTTP_ACCEPT_LANGUAGE=accept_language,
        )
    )

    assert sentence.format(approved_in_english.pk) in page
    first = city.status_history.get()
    assert (first.kind, first.values, first.note) == (
        "admitted_through_application",
        {"number": approved_in_english.pk},
        "",
    )


# --- The migration ---------------------------------------------------------------------------

migration = importlib.import_module("cities.migrations.0011_event_kinds")


def as_stored_before(event, note):
    """The event as the portal stored it before: the sentence, no kind."""
    ApplicationEvent.objects.filter(pk=event.pk).update(kind="", note=note)


@pytest.mark.django_db
def test_the_migration_turns_stored_sentences_into_kinds(approved_in_english):
    draft, submitted, no_address, endorsed, review, approval = approved_in_english.events.order_by(
        "created_at", "pk"
    )
    # Staff recorded the Commission's decision, and the portal named them so, in French.
    ApplicationEvent.objects.filter(pk=endorsed.pk).update(
        kind="", actor_name="Enregistré par le personnel de l'UIL"
    )
    as_stored_before(draft, "Brouillon commencé.")
    as_stored_before(submitted, "Enviada a la Comisión Nacional.")
    as_stored_before(no_address, migration.EVENT_SENTENCES["no_commission_address"][1])
    as_stored_before(review, "UIL has started reviewing the application.")
    as_stored_before(approval, "Welcome aboard, Galway!")  # typed instead of the sentence
    noted = workflow.add_internal_note(
        approved_in_english, note="Admitted to the network?", by=None
    )
    CommissionInvitation.objects.filter(application=approved_in_english).update(
        signed_by="enregistré par le personnel de l'UIL"
    )
    # A decision signed through the Commission's link, named by the portal in Spanish.
    ApplicationEvent.objects.create(
        application=approved_in_english, actor_name="Comisión Nacional: Dr Ana Ruiz", note="Bien."
    )
    city = approved_in_english.city
    MembershipStatusChange.objects.filter(city=city).update(
        kind="", values={}, note=f"Admise à la suite de la candidature n° {approved_in_english.pk}."
    )
    City.objects.filter(pk=city.pk).update(
        population_source="solicitud de adhesión", population_source_kind=""
    )
    other = world.city("Cork", "IE", member_since=2015)
    City.objects.filter(pk=other.pk).update(population_source="CSO census")
    MembershipStatusChange.objects.filter(city=other).update(note="Demo data")

    migration.words_to_kinds(current_apps, None)

    events = approved_in_english.events.order_by("created_at", "pk")
    assert [(event.kind, event.actor_name, event.note) for event in events] == [
        ("draft_started", "focal@galway.example", ""),
        ("submitted", "focal@galway.example", ""),
        ("no_commission_address", "", ""),
        ("commission_recorded", "Rita Reviewer", "Letter of 3 May"),
        ("review_started", "staff@example.org", ""),
        ("admitted", "staff@example.org", "Welcome aboard, Galway!"),
        ("", "", "Admitted to the network?"),  # typed by staff: not a sentence of the portal
        ("commission_signed", "Dr Ana Ruiz", "Bien."),
    ]
    assert noted.pk == events[6].pk
    assert events.last().values == {"name": "Dr Ana Ruiz"}
    # Nobody signed the link closed by staff's record: the admin words it when it shows it.
    assert list(
        approved_in_english.commission_invitations.values_list("decision", "signed_by")
    ) == [("endorse", "")]
    with translation.override("fr"):
        assert [event.wording for event in events][:2] == [
            "Brouillon commencé.",
            "Soumise pour approbation par la Commission nationale.",
        ]
    change = city.status_history.get()
    assert (change.kind, change.values, change.note) == (
        "admitted_through_application",
        {"number": approved_in_english.pk},
        "",
    )
    assert list(
        City.objects.order_by("name_en").values_list(
            "name_en", "population_source", "population_source_kind"
        )
    ) == [("Cork", "CSO census", ""), ("Galway", "", "membership_application")]
    assert other.status_history.get().note == "Demo data"


@pytest.mark.django_db
def test_the_migration_back_writes_the_english_sentences(approved_in_english):
    migration.kinds_to_words(current_apps, None)

    events = approved_in_english.events.order_by("created_at", "pk")
    assert [event.note for event in events] == [
        "Draft started.",
        "Submitted to the National Commission.",
        "No e-mail address of the National Commission is on file: staff must obtain and "
        "record its decision.",
        "Letter of 3 May",
        "UIL has started reviewing the application.",
        "Welcome aboard, Galway!",
    ]
    assert approved_in_english.city.status_history.get().note == (
        f"Admitted through application {approved_in_english.pk}."
    )
    approved_in_english.city.refresh_from_db()
    assert approved_in_english.city.population_source == "membership application"
