"""The membership form's description (cities/application_steps.py): what derives from it, and
the tests' complete answers (tests/world COMPLETE) checked against it."""

import pytest
from django.utils import translation

from cities import application_steps
from cities.application_steps import CHALLENGES, REQUIRED, STEPS
from cities.forms import STEPS as FORM_STEPS
from cities.models import MembershipApplication
from cities.services import applications as workflow
from tests import world

# Every required field but the pledge, a file that world.membership_application uploads itself.
ANSWERED_FIELDS = [name for step in STEPS for name in step.required_fields() if name != "pledge"]


@pytest.mark.parametrize("name", ANSWERED_FIELDS)
def test_world_complete_answers_every_required_field(name):
    assert world.COMPLETE.get(name) not in (None, ""), f"tests/world COMPLETE lacks {name}"


def test_world_complete_answers_only_fields_of_the_form():
    fields = {name for step in STEPS for name in step.fields}
    assert sorted(set(world.COMPLETE) - fields) == []


def test_every_field_of_the_description_is_a_field_of_the_application():
    for step in STEPS:
        assert set(step.optional) <= set(step.fields), step.slug
        for name in step.fields:
            MembershipApplication._meta.get_field(name)  # raises FieldDoesNotExist


def test_each_step_form_edits_the_fields_of_its_step_in_order():
    assert [(step.slug, list(step.form_class._meta.fields)) for step in FORM_STEPS] == [
        (step.slug, list(step.fields)) for step in STEPS
    ]


def test_required_lists_the_fields_step_by_step_then_the_ratings():
    names = [item.name for item in REQUIRED]
    assert len(names) == 30
    assert names[:4] == ["city_name", "country", "website", "mayor_salutation"]
    assert names[-2:] == ["pledge", "challenge_ratings"]
    assert "contact_organisation" not in names


@pytest.mark.django_db
def test_missing_items_of_a_new_draft_find_their_steps_by_name_in_any_language(
    call, applicant, themes
):
    application = workflow.start_application(applicant=applicant, call=call)

    with translation.override("fr"):
        missing = application_steps.missing(application)
        by_step = application_steps.missing_by_step(missing)

    # The contact's e-mail comes from the account (which has no name); the language is English.
    assert [slug for _label, slug in by_step] == [
        *["city"] * 3,
        *["mayor"] * 3,
        *["contact"] * 6,
        *["profile"] * 12,
        *["texts"] * 2,
        "pledge",
        "challenges",
    ]
    assert by_step[0] == ("nom de la ville", "city")
    assert [step.slug for step in STEPS if step.is_complete(missing)] == []


@pytest.mark.django_db
def test_a_complete_application_misses_nothing_and_every_step_is_complete(make_application):
    application = make_application()

    missing = application_steps.missing(application)

    assert missing == []
    assert workflow.missing_items(application) == []
    assert all(step.is_complete(missing) for step in STEPS)


@pytest.mark.django_db
def test_a_step_is_incomplete_while_one_of_its_required_items_is_missing(make_application):
    application = make_application()
    application.challenge_ratings.first().delete()
    workflow.save_draft(application, by=application.applicant, mayor_title="")

    missing = application_steps.missing(application)

    assert [item.name for item in missing] == ["mayor_title", "challenge_ratings"]
    assert [step.slug for step in STEPS if not step.is_complete(missing)] == [
        "mayor",
        "challenges",
    ]
    assert CHALLENGES.others == (application_steps.CHALLENGE_RATINGS,)
