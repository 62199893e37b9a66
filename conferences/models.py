"""The International Conferences on Learning Cities (SPEC §3, gnlc-facts §4)."""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from awards.models import AwardCycle
from cities.enums import Region
from cities.models import City
from gnlc.core.provenance import Provenance
from gnlc.core.public_image import PublicImage

from .enums import DOCUMENT_LANGUAGES, ConferenceStatus, DocumentKind, SessionKind
from .querysets import ConferenceQuerySet, DocumentQuerySet


def document_path(instance, filename):
    return f"conferences/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Conference(Provenance, PublicImage):
    """One ICLC: its theme, host, dates, figures and outcome.

    Provenance (sources, date checked, confirmed, editor's note) is for staff; an unconfirmed
    conference stays off the public pages, and what is unconfirmed about a confirmed one is
    left out of its public fields and described in the editor's note.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ConferenceStatus, default=ConferenceStatus.HELD
    )
    host_city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conferences_hosted",
        verbose_name=_("host city (member)"),
    )
    host_name = models.CharField(_("host, as named"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    dates_text = models.CharField(
        _("dates as text"),
        max_length=100,
        blank=True,
        help_text=_("For a planned conference whose days are not fixed, e.g. “June 2027”."),
    )
    # Figures as text, as the sources word them; where they disagree, the public fields stay
    # empty and the editor's note records each source's figure (gnlc-facts §4.6).
    participants = models.CharField(_("participants"), max_length=200, blank=True)
    countries = models.CharField(_("countries"), max_length=200, blank=True)
    speakers_figure = models.CharField(_("speakers"), max_length=200, blank=True)
    media = models.CharField(_("media contributions"), max_length=200, blank=True)
    # Staff only, like the editor's note: never shown on the public pages.
    figures_note = models.TextField(
        _("source of the figures (staff only)"),
        blank=True,
        help_text=_("Never shown on the public pages; prefer the editor's note."),
    )
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    hashtags = models.CharField(_("hashtags"), max_length=200, blank=True)
    website = models.URLField(_("official website"), blank=True)
    speakers_page = models.URLField(
        _("page listing the speakers"),
        blank=True,
        help_text=_("Where the sources list the speakers who are not recorded here one by one."),
    )
    materials_page = models.URLField(_("page of further conference materials"), blank=True)
    contact = models.TextField(_("contact"), blank=True)
    award_cycle = models.OneToOneField(
        AwardCycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conferred_at",
        verbose_name=_("award cycle conferred"),
    )

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="conference_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conferences:conference-detail", kwargs={"slug": self.slug})


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title or position"), max_length=250, blank=True)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    country = CountryField(_("country"), blank=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ConferenceSession(models.Model):
    """A plenary, the mayors' forum, a thematic or regional forum, a parallel session."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind)
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Where the programme introduces the session.")
    )
    key_question = models.TextField(_("key question"), blank=True)
    objective = models.TextField(_("objective"), blank=True)
    region = models.CharField(
        _("region (regional forum)"), max_length=3, choices=Region, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    speakers = models.ManyToManyField(Speaker, related_name="sessions", blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["conference", "order", "pk"]

    def __str__(self):
        return self.title


class ConferenceDocument(Provenance):
    """An outcome document, report, publication, concept note or flyer, with its versions.

    A document known only by its title has no version; an unconfirmed one stays off the
    public pages."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    featured_cities = models.ManyToManyField(
        City, related_name="featured_in", blank=True, verbose_name=_("cities featured")
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["conference", "order", "pk"]

    def __str__(self):
        return self.title


class DocumentVersion(models.Model):
    """The document in one language: a file or a link."""

    document = models.ForeignKey(
        ConferenceDocument, on_delete=models.CASCADE, related_name="versions"
    )
    language = models.CharField(_("language"), max_length=5, choices=DOCUMENT_LANGUAGES)
    title = models.CharField(_("title in that language"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=document_path, blank=True, max_length=200)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="one_version_per_language"
            ),
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""),
                name="version_has_a_file_or_a_link",
            ),
        ]

    def __str__(self):
        return f"{self.document} ({self.language})"

    def clean(self):
        """Each version is that language's own document: two versions of one document may not
        point to one address (a page that is not the document in each language)."""
        super().clean()
        if not self.url or not self.document_id:
            return
        others = DocumentVersion.objects.filter(document_id=self.document_id, url=self.url)
        if self.pk:
            others = others.exclude(pk=self.pk)
        other = others.first()
        if other:
            raise ValidationError(
                {
                    "url": _(
                        "The %(language)s version already links to this address. Each "
                        "language version links to that language's own document."
                    )
                    % {"language": other.get_language_display()}
                }
            )

    @property
    def href(self):
        return self.file.url if self.file else self.url
