from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.TextChoices):
    """UNESCO's five regions, as UIL groups the network's members."""

    AFRICA = "AF", _("Africa")
    ARAB_STATES = "AS", _("Arab States")
    ASIA_PACIFIC = "AP", _("Asia and the Pacific")
    EUROPE_NORTH_AMERICA = "ENA", _("Europe and North America")
    LATIN_AMERICA_CARIBBEAN = "LAC", _("Latin America and the Caribbean")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("membership status", "Active")
    SUSPENDED = "suspended", pgettext_lazy("membership status", "Suspended")
    WITHDRAWN = "withdrawn", pgettext_lazy("membership status", "Withdrawn")


# Members shown to the public; withdrawn cities appear nowhere outside the admin.
PUBLIC_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


class CityKind(models.TextChoices):
    CITY = "city", pgettext_lazy("kind of member", "City")
    MUNICIPALITY = "municipality", pgettext_lazy("kind of member", "Municipality")
    DISTRICT = "district", pgettext_lazy("kind of member", "District")
    COUNTY = "county", pgettext_lazy("kind of member", "County")
    CONSORTIUM = "consortium", pgettext_lazy("kind of member", "Consortium")
    COMMUNE = "commune", pgettext_lazy("kind of member", "Commune")
    TOWN_COUNCIL = "town_council", pgettext_lazy("kind of member", "Town council")
    REGION = "region", pgettext_lazy("kind of member", "Region or province")


class MemberSincePrecision(models.TextChoices):
    """How sure the year a city joined is (gnlc-facts §5.1)."""

    EXACT = "exact", _("year stated by a source")
    AT_LATEST = "at_latest", _("member by that year at the latest")
    UNKNOWN = "unknown", _("year unknown")


class ClusterRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("role in a cluster", "Member")
    COORDINATOR = "coordinator", pgettext_lazy("role in a cluster", "Coordinator")


class DirectorySort(models.TextChoices):
    NAME = "name", _("Name (A–Z)")
    NEWEST = "newest", _("Newest members first")
    OLDEST = "oldest", _("Oldest members first")
    POPULATION = "population", _("Population (largest first)")
