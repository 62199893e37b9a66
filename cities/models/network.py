"""The network's official figures: how many members in how many countries, as UIL announced
them on a date (gnlc-facts §2.6). Staff record them by hand; the portal's own counts are the
cities listed here, which is not the same number."""

from urllib.parse import urlsplit

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from gnlc.core import dates
from gnlc.core.provenance import Provenance


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class NetworkFigureQuerySet(models.QuerySet):
    def public(self):
        """Figures the public may see: those staff have confirmed, newest first."""
        return self.filter(confirmed=True).order_by("-as_of", "-pk")

    def latest_public(self):
        return self.public().first()


class NetworkFigure(Provenance, models.Model):
    """One dated, sourced count of the network: "425 members in 91 countries, December 2025"."""

    members = models.PositiveIntegerField(_("members"), validators=[MinValueValidator(1)])
    countries = models.PositiveSmallIntegerField(
        _("countries"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    as_of = models.DateField(
        _("as of"), help_text=_("The day the figure was announced (or the first of its month).")
    )
    as_of_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("How much of the date the source states: shown as a day, a month or a year."),
    )
    source_url = models.URLField(_("source address"), max_length=500)
    note = models.CharField(
        _("public note"),
        max_length=250,
        blank=True,
        help_text=_("Optional, shown beside the figure, e.g. “nearly 500 million citizens”."),
    )

    objects = NetworkFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("network figure")
        verbose_name_plural = _("network figures")
        ordering = ["as_of", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(members__gte=1), name="network_figure_members_positive"
            ),
        ]

    def __str__(self):
        return f"{self.members} ({self.as_of:%Y-%m-%d})"

    @property
    def source_name(self):
        """The source's host name ("uil.unesco.org"), to name the link to it."""
        host = urlsplit(self.source_url).hostname or ""
        return host.removeprefix("www.")

    @property
    def as_of_display(self):
        """The date as far as the source states it, in the active language."""
        if self.as_of_precision == DatePrecision.YEAR:
            return str(self.as_of.year)
        if self.as_of_precision == DatePrecision.MONTH:
            return date_format(self.as_of, "YEAR_MONTH_FORMAT")
        # As UN texts write a date ("14 February 2024", not Django's "Feb. 14, 2024").
        return dates.day(self.as_of)
