"""Membership calls, applications and their history, National Commissions (SPEC §3–§4)."""

import uuid
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from gnlc.core.signed_links import SignedLink
from gnlc.workflow.models import (
    WorkflowEvent,
    event_state_fields,
    kind_field,
    one_open_constraint,
    state_field,
    valid_state_constraint,
)

from ..enums import (
    CLOSED_STATES,
    EDITABLE_STATES,
    ApplicationEventKind,
    ApplicationState,
    CommissionDecision,
    CommunicationLanguage,
    Salutation,
)
from .members import YEAR_VALIDATORS, City, Cluster

TIME_ZONES = sorted(zoneinfo.available_timezones())
MOTIVATION_WORD_LIMIT = 200


def private_storage():
    """Uploaded letters live outside the public media and are served by a checked view."""
    return storages["private"]


def pledge_path(instance, filename):
    return f"pledges/{uuid.uuid4().hex}{Path(filename).suffix.lower() or '.pdf'}"


def commission_letter_path(instance, filename):
    return f"commission-letters/{uuid.uuid4().hex}.pdf"


class NationalCommission(models.Model):
    """A country's National Commission for UNESCO, which endorses applications."""

    country = CountryField(_("country"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    emails = models.TextField(
        _("e-mail addresses"),
        blank=True,
        help_text=_("One address per line; each receives the endorsement links."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of the e-mails the Commission receives. Left empty, each e-mail "
            "is in the language of the application it concerns."
        ),
    )
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        verbose_name = _("National Commission")
        verbose_name_plural = _("National Commissions")
        ordering = ["country"]

    def __str__(self):
        return self.name

    @property
    def email_list(self):
        return [line.strip() for line in self.emails.splitlines() if line.strip()]

    def language_for(self, fallback):
        """The language of an e-mail to the Commission: its own, or else `fallback` (the
        language of the application the e-mail concerns)."""
        return self.language or fallback


class MembershipCall(models.Model):
    """A dated window in which cities may apply, with the quota per country."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    time_zone = models.CharField(
        _("time zone shown to applicants"),
        max_length=64,
        default="Europe/Berlin",
        choices=[(name, name) for name in TIME_ZONES],
    )
    quota_per_country = models.PositiveSmallIntegerField(
        _("applications a National Commission may endorse"), default=3
    )
    commission_deadline = models.DateTimeField(_("National Commission deadline"))
    announcement_on = models.DateField(_("announcement expected on"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership call")
        verbose_name_plural = _("membership calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=models.Q(commission_deadline__gte=models.F("closes_at")),
                name="call_commission_deadline_after_close",
            ),
            models.CheckConstraint(
                condition=models.Q(quota_per_country__gte=1), name="call_quota_positive"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_open(self, at=None):
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at


class MembershipApplication(models.Model):
    """A city's application for membership: the data of the official form (gnlc-facts §1.3)."""

    call = models.ForeignKey(
        MembershipCall,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("call"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="membership_applications",
        verbose_name=_("applicant"),
    )
    state = state_field(ApplicationState, default=ApplicationState.DRAFT)
    city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membership_applications",
        verbose_name=_("member city created on approval"),
        editable=False,
    )

    # Your city
    city_name = models.CharField(_("name of the city"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("official city website"), blank=True)

    # Mayor
    mayor_salutation = models.CharField(
        _("mayor: salutation"), max_length=4, choices=Salutation, blank=True
    )
    mayor_name = models.CharField(_("mayor: full name"), max_length=200, blank=True)
    mayor_title = models.CharField(_("mayor: exact official title"), max_length=200, blank=True)

    # Contact person (the city's focal point)
    contact_salutation = models.CharField(
        _("contact person: salutation"), max_length=4, choices=Salutation, blank=True
    )
    contact_name = models.CharField(_("contact person: full name"), max_length=200, blank=True)
    contact_title = models.CharField(_("contact person: exact title"), max_length=200, blank=True)
    contact_organisation = models.CharField(
        _("organisation (if other than the municipality)"), max_length=200, blank=True
    )
    contact_address = models.TextField(_("postal address"), blank=True)
    contact_postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    contact_phone = models.CharField(_("telephone (with country code)"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language of communication"),
        max_length=2,
        choices=CommunicationLanguage,
        default=CommunicationLanguage.ENGLISH,
    )

    # City profile: each figure with its data year
    population = models.PositiveBigIntegerField(_("population of the city"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population: data year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    area_km2 = models.DecimalField(
        _("area of the city (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    area_year = models.PositiveSmallIntegerField(
        _("area: data year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    gdp_city = models.DecimalField(
        _("GDP per capita in the city (USD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    gdp_city_year = models.PositiveSmallIntegerField(
        _("GDP of the city: data year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    gdp_country = models.DecimalField(
        _("GDP per capita in the country (USD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    gdp_country_year = models.PositiveSmallIntegerField(
        _("GDP of the country: data year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    schooling_women = models.DecimalField(
        _("average years of schooling, women"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    schooling_women_year = models.PositiveSmallIntegerField(
        _("schooling of women: data year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    schooling_men = models.DecimalField(
        _("average years of schooling, men"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    schooling_men_year = models.PositiveSmallIntegerField(
        _("schooling of men: data year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    motivation = models.TextField(
        _("social context and motivation for becoming a learning city"), blank=True
    )
    implementation = models.TextField(
        _("how the city implements or plans to implement the learning city concept"), blank=True
    )

    # The mayor's signed pledge, private.
    pledge = models.FileField(
        _("the mayor's signed pledge (PDF)"),
        upload_to=pledge_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    pledge_name = models.CharField(_("file name of the pledge"), max_length=200, blank=True)
    # The Commission's letter, when staff record a decision received outside the portal.
    commission_letter = models.FileField(
        _("the National Commission's letter (PDF)"),
        upload_to=commission_letter_path,
        storage=private_storage,
        blank=True,
        max_length=200,
        editable=False,
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-updated_at"]
        constraints = [
            valid_state_constraint(ApplicationState, name="application_state_valid"),
            # One open application per applicant and call.
            one_open_constraint(
                ["call", "applicant"],
                closed_states=CLOSED_STATES,
                name="one_open_application_per_applicant_and_call",
            ),
        ]

    def __str__(self):
        return self.city_name or _("Application %(number)s") % {"number": self.pk}

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES


class ChallengeRating(models.Model):
    """How strongly the city faces the challenge of a theme, 1 (little) to 5 (very much)."""

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="challenge_ratings"
    )
    theme = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("challenge rating")
        verbose_name_plural = _("challenge ratings")
        constraints = [
            models.UniqueConstraint(fields=["application", "theme"], name="one_rating_per_theme"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_from_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.theme}: {self.rating}"


class ApplicationEvent(WorkflowEvent):
    """One dated step of a membership application (gnlc.workflow)."""

    subject_field = "application"

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="events"
    )
    from_state, to_state = event_state_fields(ApplicationState)
    kind = kind_field(ApplicationEventKind)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("application event")
        verbose_name_plural = _("application events")


class CommissionInvitation(SignedLink):
    """The link a National Commission receives to endorse or decline one application.

    Only a hash of the token is stored; the link works until the call's Commission deadline
    as it stands when the link is used (staff may move it after the link was sent; the
    `expires_at` copied then is what the e-mail announced), and only until a decision is
    recorded.
    """

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="commission_invitations"
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=CommissionDecision, blank=True
    )

    class Meta(SignedLink.Meta):
        verbose_name = _("National Commission link")
        verbose_name_plural = _("National Commission links")

    def __str__(self):
        return f"{self.application} ({self.created_at:%Y-%m-%d})"

    @property
    def deadline(self):
        return self.application.call.commission_deadline

    def is_usable(self, at=None):
        return self.used_at is None and (at or timezone.now()) < self.deadline
