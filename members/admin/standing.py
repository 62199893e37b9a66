"""The reporting standing on the cities' admin: a list filter and a read-only field on the
city's page. cities.admin must not import members (the layers), so members adds them to the
registered CityAdmin from MembersConfig.ready(), after the admin's autodiscovery."""

from django.contrib import admin
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.models import City

from ..enums import Standing
from ..standing import current_standing, with_standing


class StandingListFilter(admin.SimpleListFilter):
    """The cities whose reporting standing is, now, the one chosen (members.standing)."""

    title = gettext_lazy("reporting standing")
    parameter_name = "reporting"

    def lookups(self, request, model_admin):
        return Standing.choices

    def queryset(self, request, queryset):
        if self.value() in Standing.values:
            return with_standing(queryset, self.value())
        return queryset


@admin.display(description=gettext_lazy("reporting standing"))
def reporting_standing(city):
    """The standing as of now, since when, and the report it comes from (a link)."""
    if city is None or city.pk is None:
        return "—"
    standing = current_standing(city)
    if standing.since is None:
        return standing.label
    since = formats.date_format(timezone.localtime(standing.since), "DATE_FORMAT")
    text = _("%(standing)s, since %(since)s") % {"standing": standing.label, "since": since}
    if standing.report is None:
        return text
    url = reverse("admin:members_progressreport_change", args=[standing.report.pk])
    return format_html('{} (<a href="{}">{}</a>)', text, url, standing.report.cycle)


def install(site=admin.site):
    """Add the filter and the field to the registered CityAdmin (once)."""
    city_admin = site._registry.get(City)
    if city_admin is None or StandingListFilter in city_admin.list_filter:
        return
    city_admin.list_filter = [*city_admin.list_filter, StandingListFilter]
    # An attribute of the instance: the admin looks read-only fields up on it by name.
    city_admin.reporting_standing = reporting_standing
    city_admin.readonly_fields = [*city_admin.readonly_fields, "reporting_standing"]
    fieldsets = list(city_admin.fieldsets or [])
    for index, (name, options) in enumerate(fieldsets):
        if "status" in options.get("fields", ()):
            fields = list(options["fields"])
            fields.insert(fields.index("status") + 1, "reporting_standing")
            fieldsets[index] = (name, {**options, "fields": fields})
            break
    city_admin.fieldsets = fieldsets
