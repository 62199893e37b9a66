import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from gnlc.core import languages
from gnlc.core.languages import codes
from gnlc.core.provenance import Provenance
from gnlc.core.text import sort_key
from gnlc.workflow.models import WordedRecord, kind_field

from ..enums import (
    YEAR_STATED,
    CityKind,
    ClusterRole,
    FigureSource,
    MembershipStatus,
    MemberSincePrecision,
    Region,
    StatusChangeKind,
)
from ..querysets import CityQuerySet, ClusterQuerySet, doubled, normalize_search_text
from ..regions import region_for_country

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


def city_image_path(instance, filename):
    """Uploads are stored under a random name; the original file name is not kept."""
    return f"cities/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class City(Provenance, models.Model):
    """A member of the network: a city, municipality, district, county or consortium.

    Its provenance (sources, date checked, confirmed, editor's note) is for staff only: a
    city that is not confirmed is not public (`CityQuerySet.public()`)."""

    name = models.CharField(_("name"), max_length=200)
    alternative_names = models.CharField(
        _("alternative names"),
        max_length=300,
        blank=True,
        help_text=_("Other spellings found in sources, separated by semicolons."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CityKind, default=CityKind.CITY)
    country = CountryField(_("country"))
    region = models.CharField(
        _("UNESCO region"),
        max_length=3,
        choices=Region,
        editable=False,
        help_text=_("Derived from the country, following UIL's regional grouping."),
    )
    status = models.CharField(
        _("membership status"),
        max_length=12,
        choices=MembershipStatus,
        default=MembershipStatus.ACTIVE,
        editable=False,
    )
    member_since = models.PositiveSmallIntegerField(
        _("member since (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    member_since_precision = models.CharField(
        _("certainty of the date joined"),
        max_length=12,
        choices=MemberSincePrecision,
        default=MemberSincePrecision.YEAR,
        help_text=_(
            "“Date of admission on record”: the first “active” step of the status history is "
            "the day the city was admitted (cities admitted through a membership application)."
        ),
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population: data year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    population_source = models.CharField(_("population: source"), max_length=100, blank=True)
    population_source_kind = models.CharField(
        _("population: source filled in by the portal"),
        max_length=30,
        choices=FigureSource,
        blank=True,
        help_text=_(
            "Set when the figure came with the city's membership application; shown in the "
            "reader's language when no source is typed above."
        ),
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    area_year = models.PositiveSmallIntegerField(
        _("area: data year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("official website"), blank=True)
    mayor_name = models.CharField(_("mayor"), max_length=200, blank=True)
    mayor_title = models.CharField(_("mayor's exact title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to=city_image_path, blank=True)
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    image_credit = models.CharField(
        _("image credit"),
        max_length=200,
        blank=True,
        help_text=_("Who made the image (photographer, owner), shown under it."),
    )
    image_licence = models.CharField(
        _("image licence"),
        max_length=100,
        blank=True,
        help_text=_("The licence or permission under which it is shown, e.g. CC BY 4.0."),
    )

    # Private: never shown on public pages, in the open data or in exports.
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal point account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focal_point_of",
    )
    focal_point_name = models.CharField(_("focal point: name"), max_length=200, blank=True)
    focal_point_email = models.EmailField(_("focal point: e-mail"), blank=True)
    focal_point_phone = models.CharField(_("focal point: telephone"), max_length=50, blank=True)

    # Names in every language, without accents and case, for the directory search.
    search_text = models.TextField(editable=False, default="")
    # The same with every character doubled, where a two-character word has trigrams for the
    # search's index (CityQuerySet.search).
    search_doubled = models.TextField(editable=False, default="")
    # The name as it sorts in each language (translated: sort_name_en, sort_name_fr, ...):
    # see refresh_derived_fields.
    sort_name = models.CharField(max_length=250, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    clusters = models.ManyToManyField(
        "Cluster", through="CityCluster", related_name="cities", blank=True
    )

    objects = CityQuerySet.as_manager()

    # Fields that must never leave the admin: public pages, open data, exports.
    PRIVATE_FIELDS = (
        "focal_point",
        "focal_point_name",
        "focal_point_email",
        "focal_point_phone",
    )

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name_en"]
        indexes = [
            models.Index(fields=["status", "region"]),
            models.Index(fields=["status", "country"]),
            models.Index(fields=["status", "member_since"]),
            # The directory's sort orders, so that its first page reads 24 rows, not all:
            # by name in each language (the sort keys, as CityQuerySet.sorted_by orders).
            # Newest, oldest and largest first sort their empty values last, which SQLite
            # cannot index: they are made on PostgreSQL only, with the search's trigram index
            # (migrations 0005 and 0017).
            models.Index(fields=["sort_name_en", "id"], name="city_sort_name_en"),
            models.Index(fields=["sort_name_fr", "id"], name="city_sort_name_fr"),
            models.Index(fields=["sort_name_es", "id"], name="city_sort_name_es"),
            models.Index(fields=["sort_name_ar", "id"], name="city_sort_name_ar"),
            models.Index(fields=["sort_name_zh_hans", "id"], name="city_sort_name_zh_hans"),
            models.Index(fields=["sort_name_ru", "id"], name="city_sort_name_ru"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MembershipStatus.values),
                name="city_status_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cities:city-detail", kwargs={"slug": self.slug})

    def refresh_derived_fields(self):
        """Region, search text and sort keys follow from other fields of the row, never
        edited by hand. Called by save(), and by bulk loaders before bulk_create()."""
        self.region = region_for_country(self.country)
        names = [getattr(self, languages.field_name("name", code), "") or "" for code in codes()]
        self.search_text = normalize_search_text(" ".join([*names, self.alternative_names]))
        self.search_doubled = doubled(self.search_text)
        # Names sort as each language files them ("Câmara de Lobos" before "Canning",
        # "'s-Hertogenbosch" under H) through a key stored per language, not through the
        # database's collations: the key is made by the same Python on SQLite and
        # PostgreSQL (no ICU collation needed, none that differs between servers), it drops
        # an elided article in front, which no collation does, and a plain index on it serves
        # the directory's first page. The keys are compared byte by byte (SQLite's default;
        # on PostgreSQL the columns use the "C" collation, migrations 0013 and 0016).
        english = self.name_en or self.name or ""
        for code in codes():
            name = getattr(self, languages.field_name("name", code), "") or english
            setattr(self, languages.field_name("sort_name", code), sort_key(name, code)[:250])

    @property
    def source_urls(self):
        """The web addresses among the sources; anything else (a javascript: link, a note)
        is never rendered as a link."""
        return [
            source
            for source in self.sources.split()
            if source.lower().startswith(("https://", "http://"))
        ]

    @property
    def public_member_since(self):
        """The year the city joined, where a source states it (or the day is on record);
        None when it is only known as "a member by that year at the latest", or not at all.
        Public pages and the open data show this, never the raw `member_since`."""
        if self.member_since_precision in YEAR_STATED:
            return self.member_since
        return None

    @property
    def population_source_label(self):
        """The population figure's source as shown: the one typed, else the portal's own,
        worded in the active language."""
        if self.population_source:
            return self.population_source
        return str(self.get_population_source_kind_display()) if self.population_source_kind else ""

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def is_public(self):
        return self.status != MembershipStatus.WITHDRAWN


class MembershipStatusChange(WordedRecord):
    """One dated step in a city's membership: admitted, suspended, withdrawn, reinstated.

    What the portal did (an admission through an application) is a kind and its values,
    worded when shown (`wording`); `note` is the reason staff typed."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(_("status"), max_length=12, choices=MembershipStatus)
    since = models.DateField(_("since"))
    kind = kind_field(StatusChangeKind)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership status change")
        verbose_name_plural = _("membership status history")
        ordering = ["city", "since", "recorded_at"]

    def __str__(self):
        return f"{self.city}: {self.get_status_display()} ({self.since:%Y-%m-%d})"


class Cluster(Provenance, models.Model):
    """A thematic cluster of the network (gnlc-facts §2.3).

    Its coordinators are recorded (CityCluster, role coordinator); its member cities mostly
    are not. Counts of members and the directory's cluster filter appear only where staff
    mark the memberships as recorded (`memberships_recorded`): "0 member cities" would say
    something the sources do not."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    purpose = models.TextField(
        _("purpose"),
        blank=True,
        help_text=_("What the cluster works on, in one or two sentences of its own."),
    )
    description = models.TextField(_("description"), blank=True)
    memberships_recorded = models.BooleanField(
        _("member cities recorded"),
        default=False,
        help_text=_(
            "Tick once every member city of the cluster is recorded: only then do the "
            "public pages show its number of members and the directory offer it as a filter."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["order", "name_en"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cities:cluster-detail", kwargs={"slug": self.slug})


class CityCluster(models.Model):
    """A city's place in a cluster: member or coordinator."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="cluster_memberships")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=12, choices=ClusterRole, default=ClusterRole.MEMBER
    )

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        constraints = [
            models.UniqueConstraint(fields=["city", "cluster"], name="city_cluster_unique"),
        ]

    def __str__(self):
        return f"{self.city} — {self.cluster} ({self.get_role_display()})"


class FormerCitySlug(models.Model):
    """An address a city had before: its profile under that slug answers with a permanent
    redirect to the current one, so links and bookmarks keep working."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(_("former slug"), max_length=120, unique=True)
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        ordering = ["city", "-replaced_at"]

    def __str__(self):
        return f"{self.slug} → {self.city.slug}"
