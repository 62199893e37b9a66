"""Membership calls and National Commissions in the back office."""

from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ..forms import MembershipCallAdminForm, NationalCommissionAdminForm
from ..models import MembershipCall, NationalCommission
from ..regions import region_label
from .filters import CountryRegionListFilter


def summary_url(call_id):
    """The page of a call's applications counted by state and region (on the applications'
    admin, MembershipApplicationAdmin.call_summary_view)."""
    return reverse("admin:cities_membershipapplication_call_summary", args=[call_id])


def export_url(call_id, fmt):
    """The download of a call's applications with every answer (MembershipApplicationAdmin.
    call_export_view), as "csv" or "xlsx"."""
    return reverse("admin:cities_membershipapplication_call_export", args=[call_id, fmt])


@admin.register(MembershipCall)
class MembershipCallAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    form = MembershipCallAdminForm
    list_display = [
        "title",
        "opens",
        "closes",
        "time_zone",
        "quota_per_country",
        "commission_deadline",
        "announcement_on",
        "summary_link",
    ]
    search_fields = ["title_en", "title_fr", "title_es"]
    readonly_fields = ["summary_link"]
    fieldsets = [
        (None, {"fields": ["title", "description"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "opens_at",
                    "closes_at",
                    "time_zone",
                    "commission_deadline",
                    "announcement_on",
                ],
                "description": _(
                    "Enter the times in %(server)s, the back office's time zone; applicants "
                    "see them converted to the call's time zone."
                )
                % {"server": settings.TIME_ZONE},
            },
        ),
        (_("Endorsements"), {"fields": ["quota_per_country"]}),
        (_("Applications"), {"fields": ["summary_link"]}),
    ]

    def _in_zone(self, call, moment):
        return timezone.localtime(moment, call.zone).strftime("%Y-%m-%d %H:%M")

    @admin.display(description=_("opens (call's time zone)"), ordering="opens_at")
    def opens(self, call):
        return self._in_zone(call, call.opens_at)

    @admin.display(description=_("closes (call's time zone)"), ordering="closes_at")
    def closes(self, call):
        return self._in_zone(call, call.closes_at)

    @admin.display(description=_("summary"))
    def summary_link(self, call):
        if not call.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            summary_url(call.pk),
            _("Applications by state and region"),
            export_url(call.pk, "csv"),
            _("Every answer of every application (CSV)"),
            export_url(call.pk, "xlsx"),
            _("(XLSX)"),
        )


@admin.register(NationalCommission)
class NationalCommissionAdmin(admin.ModelAdmin):
    form = NationalCommissionAdminForm
    list_display = ["country", "name", "email_addresses", "language", "region"]
    list_filter = [CountryRegionListFilter]
    search_fields = ["name", "emails", "country"]
    ordering = ["country"]

    @admin.display(description=_("e-mail addresses"))
    def email_addresses(self, commission):
        return ", ".join(commission.email_list) or "—"

    @admin.display(description=_("UNESCO region"))
    def region(self, commission):
        return region_label(commission.country) or "—"
