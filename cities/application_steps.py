"""The official membership form (gnlc-facts §1.3), described once: its steps in order, the
fields of the application each step edits, which of them the form requires at submission,
and what else it requires that is not a field (a rating of every theme).

Derived from it: the fields of the step forms (forms.application), the check on submission
(services.applications.missing_items, submit_application), the step marks and the list of
missing items on the review page (views.applications). Items are found by name, never by
their translated labels. This module knows the models only, so that forms and services can
both read it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import ChallengeRating, Cluster, MembershipApplication


@dataclass(frozen=True)
class Item:
    """Something the form requires at submission: a field of the application (its `name`),
    or, with `check`, an item that is not one field, under a name of its own."""

    name: str
    label: Promise
    check: Callable[[MembershipApplication], bool] | None = None

    def is_missing(self, application):
        if self.check is not None:
            return self.check(application)
        return getattr(application, self.name) in (None, "")


@dataclass(frozen=True)
class Step:
    """One step of the form: the application's `fields` it edits, in the order shown; those
    in `optional` may stay empty at submission; `others` are the items it requires that are
    not fields."""

    slug: str
    title: Promise
    fields: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    others: tuple[Item, ...] = ()

    def required_fields(self):
        return [name for name in self.fields if name not in self.optional]

    def is_complete(self, missing):
        """Whether none of `missing` (Items, as from missing()) is filled in at this step."""
        return not any(STEP_OF[item.name] == self.slug for item in missing)


def _some_theme_unrated(application):
    """Two queries: the application's ratings and the themes (the network's clusters)."""
    rated = ChallengeRating.objects.filter(application=application).count()
    return rated < Cluster.objects.count()


# Each figure of the city profile with its data year, in the order of the official form.
PROFILE_FIGURES = (
    ("population", "population_year"),
    ("area_km2", "area_year"),
    ("gdp_city", "gdp_city_year"),
    ("gdp_country", "gdp_country_year"),
    ("schooling_women", "schooling_women_year"),
    ("schooling_men", "schooling_men_year"),
)

CHALLENGE_RATINGS = Item(
    "challenge_ratings", _("challenge ratings (1–5) for every theme"), _some_theme_unrated
)

CITY = Step("city", _("Your city"), ("city_name", "country", "website"))
MAYOR = Step("mayor", _("Mayor"), ("mayor_salutation", "mayor_name", "mayor_title"))
CONTACT = Step(
    "contact",
    _("Contact person"),
    (
        "contact_salutation",
        "contact_name",
        "contact_title",
        "contact_organisation",
        "contact_address",
        "contact_postcode",
        "contact_phone",
        "contact_email",
        "language",
    ),
    optional=("contact_organisation",),
)
PROFILE = Step(
    "profile", _("City profile"), tuple(name for pair in PROFILE_FIGURES for name in pair)
)
TEXTS = Step("texts", _("Motivation and implementation"), ("motivation", "implementation"))
# The ratings are rows of their own (ChallengeRating), one per theme: no field of the
# application.
CHALLENGES = Step("challenges", _("Challenges"), others=(CHALLENGE_RATINGS,))
# The file's original name (pledge_name) is saved with the file; it is not asked for.
PLEDGE = Step("pledge", _("The mayor's pledge"), ("pledge",))

STEPS = (CITY, MAYOR, CONTACT, PROFILE, TEXTS, CHALLENGES, PLEDGE)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def _field_item(name):
    return Item(name, MembershipApplication._meta.get_field(name).verbose_name)


# Everything the form requires at submission, in the order the applicant reads the list of
# missing items: the fields step by step, then the items that are not fields.
REQUIRED = (
    *(_field_item(name) for step in STEPS for name in step.required_fields()),
    *(item for step in STEPS for item in step.others),
)
# The step where each item is filled in, by the item's name.
STEP_OF = {
    **{name: step.slug for step in STEPS for name in step.fields},
    **{item.name: step.slug for step in STEPS for item in step.others},
}


def missing(application):
    """The Items of REQUIRED that `application` leaves empty, in that order (two queries, for
    the ratings)."""
    return [item for item in REQUIRED if item.is_missing(application)]


def missing_by_step(items):
    """Each missing Item as (its label, the slug of the step where it is filled in)."""
    return [(str(item.label), STEP_OF[item.name]) for item in items]
