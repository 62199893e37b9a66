"""Member cities and thematic clusters in the back office."""

from django.contrib import admin, messages
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportMixin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from gnlc.core.provenance import provenance_fieldset
from gnlc.core.spreadsheets import ExportFormatsMixin

from .. import services
from ..forms import CityAdminForm
from ..gazetteer import ATTRIBUTION, suggest_places
from ..models import City, CityCluster, Cluster, MembershipStatusChange, NetworkFigure
from .filters import RegionListFilter


class CityResource(resources.ModelResource):
    """The CSV/XLSX export of members: public fields only, never the focal point."""

    country_name = fields.Field(column_name="country_name")
    clusters = fields.Field(column_name="clusters")

    class Meta:
        model = City
        fields = (
            "id",
            "slug",
            "name_en",
            "name_fr",
            "name_es",
            "kind",
            "country",
            "country_name",
            "region",
            "status",
            "member_since",
            "member_since_precision",
            "population",
            "population_year",
            "area_km2",
            "area_year",
            "latitude",
            "longitude",
            "website",
            "mayor_name",
            "mayor_title",
            "clusters",
        )
        export_order = fields

    def dehydrate_country_name(self, city):
        return str(city.country.name)

    def dehydrate_clusters(self, city):
        return "; ".join(m.cluster.slug for m in city.cluster_memberships.all())


class CityClusterInline(admin.TabularInline):
    model = CityCluster
    extra = 0
    autocomplete_fields = ["cluster"]


class MembershipStatusChangeInline(admin.TabularInline):
    model = MembershipStatusChange
    extra = 0
    can_delete = False
    fields = ["status", "since", "what_happened", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("what happened"))
    def what_happened(self, change):
        """What the portal did (an admission through an application), in the reader's
        language; a reason staff typed is the note beside it."""
        return change.wording or "—"


@admin.register(City)
class CityAdmin(ExportFormatsMixin, ExportMixin, SimpleHistoryAdmin, TranslationAdmin):
    """A city's translated fields one after another, each named with its language ("name
    [ar]"), not in modeltranslation's tabs: those nest a link inside a tab and add a language
    select without a label, which screen readers cannot use (axe: nested-interactive,
    select-name). Six languages make a longer page; every field can be reached."""

    form = CityAdminForm
    resource_classes = [CityResource]
    # Our own templates: the packages' ones carry inline styles and handlers that the
    # Content-Security-Policy blocks.
    export_template_name = "admin/export_form.html"
    object_history_list_template = "admin/history_list.html"

    list_display = ["name", "country", "region", "status", "member_since", "kind", "confirmed"]
    list_filter = [
        "confirmed",
        RegionListFilter,
        "country",
        "clusters",
        "status",
        "member_since",
        "kind",
    ]
    search_fields = ["name_en", "name_fr", "name_es", "alternative_names", "slug"]
    readonly_fields = ["region", "status", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [CityClusterInline, MembershipStatusChangeInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["name", "alternative_names", "slug", "kind", "country", "region"]}),
        (
            _("Membership"),
            {
                "fields": [
                    "status",
                    "new_status",
                    "status_since",
                    "status_note",
                    "member_since",
                    "member_since_precision",
                ]
            },
        ),
        (
            _("Figures and location"),
            {
                "fields": [
                    "population",
                    "population_year",
                    "population_source",
                    "population_source_kind",
                    "area_km2",
                    "area_year",
                    "latitude",
                    "longitude",
                ],
                "description": _(
                    "Leave the coordinates empty to have them suggested from the name and "
                    "country (%(source)s)."
                )
                % {"source": ATTRIBUTION},
            },
        ),
        (
            _("Profile"),
            {
                "fields": [
                    "website",
                    "mayor_name",
                    "mayor_title",
                    "description",
                    "image",
                    "image_alt",
                    "image_credit",
                    "image_licence",
                ]
            },
        ),
        (
            _("Focal point (private)"),
            {
                "fields": [
                    "focal_point",
                    "focal_point_name",
                    "focal_point_email",
                    "focal_point_phone",
                ]
            },
        ),
        provenance_fieldset(collapsed=False),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    raw_id_fields = ["focal_point"]

    class Media:
        js = ["js/admin-coordinates.js", "js/admin-inline-tables.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("cluster_memberships__cluster")

    def get_export_context_data(self, **kwargs):
        return {
            **super().get_export_context_data(**kwargs),
            "export_note": _(
                "The export holds public fields only: the focal point's contact details are "
                "never exported."
            ),
        }

    def get_urls(self):
        custom = [
            path(
                "suggest-coordinates/",
                self.admin_site.admin_view(self.suggest_coordinates_view),
                name="cities_city_suggest_coordinates",
            )
        ]
        return custom + super().get_urls()

    def suggest_coordinates_view(self, request):
        """JSON list of GeoNames places matching ?name=&country= (staff only)."""
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        name = request.GET.get("name", "").strip()
        country = request.GET.get("country", "").strip()
        if not name or not country:
            return JsonResponse(
                {"error": str(_("Enter the city's name and choose its country first."))},
                status=400,
            )
        places = [place.as_dict() for place in suggest_places(name, country)]
        return JsonResponse({"places": places, "attribution": ATTRIBUTION})

    def save_model(self, request, obj, form, change):
        if not obj.has_coordinates:
            self._fill_coordinates(request, obj)
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            # The old address redirects to the new one.
            services.record_former_slug(obj, form.initial.get("slug"))
        if not change:
            # A new member starts with its first dated status record.
            services.record_initial_status(
                obj,
                since=form.cleaned_data.get("status_since"),
                note=form.cleaned_data.get("status_note") or "",
                by=request.user,
            )
        new_status = form.cleaned_data.get("new_status")
        if new_status and new_status != obj.status:
            services.change_membership_status(
                obj,
                status=new_status,
                since=form.cleaned_data.get("status_since"),
                note=form.cleaned_data.get("status_note", ""),
                by=request.user,
            )

    def _fill_coordinates(self, request, city):
        places = suggest_places(city.name_en or city.name, city.country)
        if not places:
            messages.warning(
                request,
                _("No coordinates were found for %(name)s; the city is not on the map.")
                % {"name": city.name},
            )
            return
        place = places[0]
        city.latitude, city.longitude = round(place.latitude, 5), round(place.longitude, 5)
        messages.info(
            request,
            _("Coordinates of %(place)s filled in from %(source)s: check them.")
            % {"place": place.name, "source": ATTRIBUTION},
        )


class ClusterMembershipInline(admin.TabularInline):
    model = CityCluster
    extra = 0
    autocomplete_fields = ["city"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "short_name", "order", "memberships_recorded", "confirmed"]
    list_editable = ["order"]
    list_filter = ["memberships_recorded", "confirmed"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "short_name", "order"]}),
        (_("Content"), {"fields": ["purpose", "description", "memberships_recorded"]}),
        provenance_fieldset(),
    ]
    search_fields = ["name_en", "name_fr", "name_es", "short_name"]
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [ClusterMembershipInline]
    object_history_list_template = "admin/history_list.html"


@admin.register(NetworkFigure)
class NetworkFigureAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """The network's official counts as announced, dated and sourced (gnlc-facts §2.6): the
    home page and the statistics show the newest confirmed one."""

    list_display = ["as_of", "as_of_precision", "members", "countries", "confirmed"]
    list_filter = ["confirmed"]
    date_hierarchy = "as_of"
    ordering = ["-as_of"]
    fieldsets = [
        (
            None,
            {"fields": ["members", "countries", "as_of", "as_of_precision", "source_url", "note"]},
        ),
        provenance_fieldset(collapsed=False),
    ]
    object_history_list_template = "admin/history_list.html"
