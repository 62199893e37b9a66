"""The admin's filters by UNESCO region, for the lists of cities, applications and National
Commissions (and of the award's applications)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..enums import Region
from ..regions import countries_of_region


class RegionListFilter(admin.SimpleListFilter):
    """The rows of one UNESCO region, read from the region stored at `lookup`. A value that
    is not a region filters nothing."""

    title = _("UNESCO region")
    parameter_name = "region"
    lookup = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            return queryset.filter(**self.condition(self.value()))
        return queryset

    def condition(self, region):
        return {self.lookup: region}


class CountryRegionListFilter(RegionListFilter):
    """The rows whose `country` UIL counts in the region (applications and National
    Commissions store a country, not a region)."""

    def condition(self, region):
        return {"country__in": countries_of_region(region)}
