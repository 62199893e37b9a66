"""The UNESCO Learning City Award: cycles and their rules, criteria, applications, the jury,
scores and awards (SPEC §3, gnlc-facts §3)."""

import uuid
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City
from cities.models.applications import private_storage
from gnlc.core.provenance import Provenance
from gnlc.core.public_image import PublicImage
from gnlc.core.signed_links import SignedLink
from gnlc.workflow.models import (
    WorkflowEvent,
    event_state_fields,
    kind_field,
    one_open_constraint,
    state_field,
    valid_state_constraint,
)

from .enums import (
    AWARD_CLOSED_STATES,
    AwardApplicationState,
    AwardEventKind,
    ConflictKind,
    CyclePhase,
    NominationDecision,
)

TIME_ZONES = sorted(zoneinfo.available_timezones())


def award_upload_path(instance, filename):
    return f"awards/{uuid.uuid4().hex}{Path(filename).suffix.lower() or '.pdf'}"


class AwardCycle(PublicImage):
    """One round of the award, with the rules in force for it (they changed over the years)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    phase = models.CharField(
        _("phase"),
        max_length=20,
        choices=CyclePhase,
        default=CyclePhase.ANNOUNCED,
        editable=False,
    )
    opens_at = models.DateTimeField(_("applications open"), null=True, blank=True)
    closes_at = models.DateTimeField(_("applications close"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Berlin",
        choices=[(name, name) for name in TIME_ZONES],
    )
    conference = models.CharField(
        _("conference where the award is conferred"), max_length=200, blank=True
    )
    conferred_on = models.DateField(_("conferred on"), null=True, blank=True)
    is_demonstration = models.BooleanField(
        _("demonstration cycle"),
        default=False,
        help_text=_(
            "A cycle made to show or try the portal, not a real round of the award: marked "
            "“Demonstration” wherever it appears and left out of the public statistics."
        ),
    )
    # Rules
    nominations_per_country = models.PositiveSmallIntegerField(
        _("nominations per country"), default=2
    )
    # Empty: the rule is not known for that cycle (history) or does not apply.
    min_membership_months = models.PositiveSmallIntegerField(
        _("minimum months of membership"), default=12, null=True, blank=True
    )
    years_before_winning_again = models.PositiveSmallIntegerField(
        _("years before a past winner may win again"), default=6, null=True, blank=True
    )
    one_winner_per_country = models.BooleanField(_("at most one winner per country"), default=True)
    max_winners_per_region = models.PositiveSmallIntegerField(
        _("at most this many winners per region"), null=True, blank=True
    )
    score_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    score_max = models.PositiveSmallIntegerField(_("highest score"), default=10)

    class Meta:
        verbose_name = _("award cycle")
        verbose_name_plural = _("award cycles")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score_max__gt=models.F("score_min")),
                name="cycle_score_scale_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(phase__in=CyclePhase.values), name="cycle_phase_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:cycle-detail", kwargs={"year": self.year})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_open(self, at=None):
        at = at or timezone.now()
        return bool(
            self.phase == CyclePhase.OPEN
            and self.opens_at
            and self.closes_at
            and self.opens_at <= at < self.closes_at
        )

    def has_closed(self, at=None):
        """Whether the closing time has passed, whatever the phase staff have moved it to."""
        return bool(self.closes_at and self.closes_at <= (at or timezone.now()))


class Criterion(models.Model):
    """A weighted selection criterion of a cycle (2024: the eight of gnlc-facts §3.4)."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    word_limit = models.PositiveSmallIntegerField(_("word limit of the answer"), default=500)
    # The scoring guide the jurors read beside their score: what the ends of the scale mean.
    guide_lowest = models.CharField(
        _("the lowest score means"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the jurors beside the score, e.g. “No evidence in the answer.”"),
    )
    guide_highest = models.CharField(
        _("the highest score means"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown to the jurors beside the score, e.g. “Strong results, measured and documented.”"
        ),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["cycle", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "order"], name="criterion_order_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return self.name


class AwardApplication(models.Model):
    """A member city's application to a cycle, written by its focal point."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.PROTECT, related_name="applications")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="award_applications")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_applications",
        null=True,
        blank=True,
    )
    state = state_field(AwardApplicationState, default=AwardApplicationState.DRAFT)
    consent_form = models.FileField(
        _("signed consent form (PDF)"),
        upload_to=award_upload_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    screening_note = models.TextField(_("screening note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("award application")
        verbose_name_plural = _("award applications")
        ordering = ["cycle", "city__name_en"]
        constraints = [
            valid_state_constraint(AwardApplicationState, name="award_application_state_valid"),
            one_open_constraint(
                ["cycle", "city"],
                closed_states=AWARD_CLOSED_STATES,
                name="one_open_award_application_per_city_and_cycle",
            ),
        ]

    def __str__(self):
        return f"{self.city} — {self.cycle.year}"


class CriterionAnswer(models.Model):
    application = models.ForeignKey(
        AwardApplication, on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_answer_per_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.criterion}"


class SupportingDocument(models.Model):
    application = models.ForeignKey(
        AwardApplication, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file (PDF)"), upload_to=award_upload_path, storage=private_storage, max_length=200
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.title


class AwardEvent(WorkflowEvent):
    """One dated step of an award application (gnlc.workflow)."""

    subject_field = "application"

    application = models.ForeignKey(
        AwardApplication, on_delete=models.CASCADE, related_name="events"
    )
    from_state, to_state = event_state_fields(AwardApplicationState)
    kind = kind_field(AwardEventKind)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("award application event")
        verbose_name_plural = _("award application events")


class JuryAssignment(models.Model):
    """A juror's work on one application: assigned by staff, submitted once scored."""

    application = models.ForeignKey(
        AwardApplication, on_delete=models.CASCADE, related_name="assignments"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_assignments"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("review submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("jury assignment")
        verbose_name_plural = _("jury assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "juror"], name="one_assignment_per_juror"
            ),
        ]

    def __str__(self):
        return f"{self.juror} → {self.application}"


class ConflictDeclaration(models.Model):
    """A juror who must not score an application: automatic for the juror's own country,
    or declared with a reason."""

    application = models.ForeignKey(
        AwardApplication, on_delete=models.CASCADE, related_name="conflicts"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_conflicts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind)
    reason = models.TextField(_("reason"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["application", "juror"], name="one_conflict_per_juror"),
        ]

    def __str__(self):
        return f"{self.juror} ⟂ {self.application}"


class Score(models.Model):
    """One juror's score of one criterion of one application, with a comment."""

    assignment = models.ForeignKey(JuryAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_juror_and_criterion"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.assignment}: {self.criterion} = {self.value}"


class Award(Provenance):
    """A city that received the award in a cycle, with its citation: why it was chosen, where a
    source says so (empty otherwise). The provenance gives the source of the award and of the
    citation; an unconfirmed award stays off the public pages."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.PROTECT, related_name="awards")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="awards")
    citation = models.TextField(
        _("citation"),
        blank=True,
        help_text=_(
            "Why the city was chosen, as a source states it (give the source under "
            "Provenance). Leave empty when no source says why: no line is then shown."
        ),
    )
    application = models.OneToOneField(
        AwardApplication, on_delete=models.SET_NULL, null=True, blank=True, related_name="award"
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-cycle__year", "city__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "city"], name="one_award_per_city_and_cycle"),
        ]

    def __str__(self):
        return f"{self.city} ({self.cycle.year})"


class NominationInvitation(SignedLink):
    """The link a National Commission receives to nominate (or not) one award application.

    Only a hash of the token is stored; the link works until `expires_at` and only until a
    decision is recorded (cities.CommissionInvitation is its membership twin)."""

    application = models.ForeignKey(
        AwardApplication, on_delete=models.CASCADE, related_name="nomination_invitations"
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=NominationDecision, blank=True
    )

    class Meta(SignedLink.Meta):
        verbose_name = _("nomination link")
        verbose_name_plural = _("nomination links")

    def __str__(self):
        return f"{self.application} ({self.created_at:%Y-%m-%d})"
