"""The award pages show only confirmed awards, mark an untranslated citation as English and
show a cycle's image with its credit and licence."""

import pytest

from awards.models import Award
from tests import world

pytestmark = pytest.mark.django_db


def winners_block(client, year, language="en"):
    body = client.get(f"/{language}/awards/{year}/").content.decode()
    return body.split('id="winners-title"')[1].split("</section>")[0]


def test_a_citation_without_translation_is_marked_english(client, network):
    cycle = world.past_award_cycle(2015, winners=[network["cork"]])
    Award.objects.filter(cycle=cycle).update(citation_en="For its learning festival.")
    block = winners_block(client, 2015, "fr")
    assert 'lang="en">For its learning festival.</span>' in block


def test_an_unconfirmed_award_stays_off_the_public_pages(client, network):
    cycle = world.past_award_cycle(2015, winners=[network["cork"], network["espoo"]])
    Award.objects.filter(cycle=cycle, city=network["espoo"]).update(confirmed=False)
    block = winners_block(client, 2015)
    assert "Cork" in block
    assert "Espoo" not in block
    listing = client.get("/en/awards/").content.decode()
    assert "Espoo" not in listing


def test_cycle_image_with_alt_credit_and_licence(client, network):
    cycle = world.past_award_cycle(2015, winners=[network["cork"]])
    body = client.get("/en/awards/2015/").content.decode()
    assert "gnlc-image" not in body
    cycle.image = "awards/images/ceremony.jpg"
    cycle.image_alt_en = "The ceremony in Mexico City"
    cycle.image_credit = "© UIL"
    cycle.image_licence = "All rights reserved"
    cycle.save()
    body = " ".join(client.get("/en/awards/2015/").content.decode().split())
    assert 'alt="The ceremony in Mexico City"' in body
    assert "Image: © UIL · Licence: All rights reserved </figcaption>" in body
