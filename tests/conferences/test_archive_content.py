"""The archive shows facts as facts: provenance stays with staff, language versions are real,
images carry their credit, and a text with no translation is marked as English."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from conferences.enums import DocumentKind, SessionKind
from conferences.models import DocumentVersion
from tests import world

pytestmark = pytest.mark.django_db


def page(client, conference, language="en"):
    with translation.override(language):
        address = reverse("conferences:conference-detail", kwargs={"slug": conference.slug})
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def conference(db):
    return world.conference(
        2,
        title_en="2nd International Conference on Learning Cities",
        title_fr="2e Conférence internationale sur les villes apprenantes",
        summary_en="The conference adopted a statement.",
        summary_fr="La conférence a adopté une déclaration.",
        objectives_en="Share practice between cities.",
        sources="https://example.org/source-of-the-figures",
        editor_note="Sources disagree on the participants.",
    )


def test_two_versions_of_one_document_may_not_share_an_address(conference):
    document = world.document(
        conference, DocumentKind.STATEMENT, "Statement", versions={"en": "https://example.org/s"}
    )
    french = DocumentVersion(document=document, language="fr", url="https://example.org/s")
    with pytest.raises(ValidationError) as refused:
        french.full_clean()
    assert "url" in refused.value.message_dict
    french.url = "https://example.org/s-fr"
    french.full_clean()  # its own address: accepted


def test_a_version_may_keep_its_own_address_when_edited(conference):
    document = world.document(
        conference, DocumentKind.STATEMENT, "Statement", versions={"en": "https://example.org/s"}
    )
    version = document.versions.get()
    version.title = "Statement (English)"
    version.full_clean()


def test_admin_refuses_two_new_versions_at_one_address(conference, client, staff_user):
    document = world.document(conference, DocumentKind.STATEMENT, "Statement")
    client.force_login(staff_user)
    address = reverse("admin:conferences_conferencedocument_change", args=[document.pk])
    form = {
        "conference": conference.pk,
        "kind": "statement",
        "title_en": "Statement",
        "order": 0,
        "confirmed": "on",
        "versions-TOTAL_FORMS": 2,
        "versions-INITIAL_FORMS": 0,
        "versions-0-language": "en",
        "versions-0-url": "https://example.org/news",
        "versions-1-language": "fr",
        "versions-1-url": "https://example.org/news",
    }
    response = client.post(address, form)
    assert response.status_code == 200
    assert not document.versions.exists()
    assert "links to that language" in response.content.decode()


def test_versions_link_each_language_with_hreflang_and_lang(client, conference):
    world.document(
        conference,
        DocumentKind.STATEMENT,
        "Statement",
        versions={"en": "https://example.org/s-en", "es": "https://example.org/s-es"},
    )
    body = page(client, conference)
    links = re.findall(
        r'<a href="(https://example\.org/s-[a-z]+)"\s+lang="(\w+)"\s+hreflang="(\w+)"', body
    )
    assert links == [
        ("https://example.org/s-en", "en", "en"),
        ("https://example.org/s-es", "es", "es"),
    ]
    versions = body.split('class="document-versions')[1].split("</p>")[0]
    assert ">English</a>" in versions
    assert ">Español</a>" in versions
    assert "Français" not in versions


def test_document_known_only_by_its_title_has_no_link(client, conference):
    world.document(conference, DocumentKind.FLYER, "GNLC Flyer")
    body = page(client, conference)
    flyer = body.split("GNLC Flyer</h4>")[1].split("</li>")[0]
    assert "<a " not in flyer
    assert "document-versions" not in flyer


def test_unconfirmed_document_and_conference_stay_off_the_public_pages(client, conference):
    world.document(conference, DocumentKind.STATEMENT, "Final statement", confirmed=False)
    hidden = world.conference(8, title_en="Rumoured conference", confirmed=False)
    assert "Final statement" not in page(client, conference)
    listing = client.get(reverse("conferences:conference-list")).content.decode()
    assert "Rumoured conference" not in listing
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_provenance_never_reaches_the_public_page(client, conference):
    conference.figures_note_en = "Figures from the nutshell page."
    conference.save()
    for language in ("en", "fr", "es"):
        body = page(client, conference, language)
        for staff_only in (
            "Sources disagree on the participants.",
            "https://example.org/source-of-the-figures",
            "Figures from the nutshell page.",
        ):
            assert staff_only not in body, (language, staff_only)


def test_image_shows_only_when_uploaded_with_alt_credit_and_licence(client, conference):
    assert "gnlc-image" not in page(client, conference)
    conference.image = "conferences/images/opening.jpg"
    conference.image_alt_en = "Delegates in the Palacio de Bellas Artes"
    conference.image_alt_fr = "Les délégués au Palacio de Bellas Artes"
    conference.image_credit = "© UIL"
    conference.image_licence = "CC BY-SA 4.0"
    conference.save()
    body = " ".join(page(client, conference, "fr").split())
    figure = body.split('<figure class="figure gnlc-image">')[1].split("</figure>")[0]
    assert 'alt="Les délégués au Palacio de Bellas Artes"' in figure
    caption = (
        '<figcaption class="figure-caption"> Image : © UIL · Licence : CC BY-SA 4.0 </figcaption>'
    )
    assert caption in figure


def test_text_without_translation_is_marked_english(client, conference):
    session = world.session(
        conference,
        SessionKind.THEMATIC_FORUM,
        "Thematic forum: health",
        title_fr="Forum thématique : santé",
        key_question_en="How can cities learn for health?",
    )
    assert session.pk
    body = page(client, conference, "fr")
    # Translated: in the page's language, no lang attribute.
    assert "<h1>2e Conférence internationale sur les villes apprenantes</h1>" in body
    assert "<div><p>La conférence a adopté une déclaration.</p></div>" in body
    assert '<h4 class="h6 mb-1">Forum thématique : santé</h4>' in body
    # Not translated: English, marked as such.
    assert '<div lang="en"><p>Share practice between cities.</p></div>' in body
    assert re.search(r'<dd lang="en">\s*How can cities learn for health\?', body)


def test_speakers_on_the_conference_page(client, conference):
    opening = world.session(conference, SessionKind.OPENING, "Opening", title_fr="Ouverture")
    opening.speakers.add(
        world.speaker("Irina Bokova", title_en="Director-General", title_fr="Directrice générale")
    )
    body = page(client, conference, "fr")
    assert '<h4 class="h6 mb-1">Ouverture</h4>' in body
    assert "Irina Bokova" in body
    assert "Directrice générale" in body


def test_staff_see_and_edit_the_provenance_in_the_admin(client, staff_user, conference):
    client.force_login(staff_user)
    page = client.get(
        reverse("admin:conferences_conference_change", args=[conference.pk])
    ).content.decode()
    assert "Provenance (staff only)" in page
    assert "Sources disagree on the participants." in page
    assert 'name="confirmed"' in page
    assert 'name="image_credit"' in page
