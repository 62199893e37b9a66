"""The directory's search and filters, the award facet among them (which is why they live in
the site layer: they read the cities and the awards)."""

import hashlib

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from awards.enums import CyclePhase
from awards.models import Award
from cities.enums import DirectorySort, Region
from cities.querysets import normalize_search_text
from cities.selectors import cached_count
from gnlc.core.forms import BootstrapFormMixin
from gnlc.core.public_cache import cached

from .selectors import directory_facets, narrowed_facet


class PlainSelect(forms.Select):
    """A <select> written in Python: the same HTML as Django's template, about ten times
    faster. The directory's country list alone has over a hundred options, and rendering
    each through a template was most of the page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def _with_counts(options, selected=None):
    """The options as (value, "label (count)"), those without a city left out but the one
    selected: a choice that leads nowhere is not offered."""
    return [
        (value, f"{label} ({count})")
        for value, label, count in options
        if count or (selected not in (None, "") and str(value) == str(selected))
    ]


# Each facet's filter and the options it offers (gnlc/site/directory/selectors.py).
FACET_OF_FILTER = {
    "region": "regions",
    "country": "countries",
    "cluster": "clusters",
    "joined": "years",
    "award_year": "award_years",
}


def _filters_key(values):
    """A short name for a set of filter values (the search as it is matched)."""
    parts = sorted(
        (name, normalize_search_text(value) if name == "q" else str(value))
        for name, value in values.items()
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def _published_awards():
    """The awards of a city of the outer query, in published cycles (Exists, no duplicates)."""
    return Award.objects.filter(
        city=OuterRef("pk"),
        cycle__phase=CyclePhase.PUBLISHED,
        cycle__is_demonstration=False,
        confirmed=True,
    )


def searchable(value):
    """A search made only of punctuation or symbols ("%", "_", "--") has nothing to look for:
    say so, rather than list every city as if nothing had been typed."""
    if value.strip() and not any(character.isalnum() for character in value):
        raise ValidationError(
            _("“%(query)s” has no letter or digit to look for: type part of a city’s name."),
            params={"query": value.strip()},
        )


class DirectoryForm(BootstrapFormMixin, forms.Form):
    """The directory's form, styled as every public form is (gnlc.core.forms)."""


class CityFilter(django_filters.FilterSet):
    """The directory's search and filters; every value lives in the URL so it can be shared."""

    q = django_filters.CharFilter(
        label=_("Search by name"),
        method="filter_search",
        validators=[searchable],
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sort = django_filters.ChoiceFilter(
        widget=PlainSelect,
        label=_("Sort by"),
        choices=DirectorySort.choices,
        empty_label=None,
        method="filter_nothing",
    )
    region = django_filters.ChoiceFilter(
        widget=PlainSelect, label=_("Region"), choices=Region.choices, empty_label=_("All regions")
    )
    country = django_filters.ChoiceFilter(
        widget=PlainSelect, label=_("Country"), empty_label=_("All countries")
    )
    cluster = django_filters.ChoiceFilter(
        widget=PlainSelect,
        label=_("Cluster"),
        field_name="cluster_memberships__cluster__slug",
        empty_label=_("All clusters"),
    )
    joined = django_filters.ChoiceFilter(
        widget=PlainSelect,
        label=_("Year joined"),
        method="filter_joined",
        empty_label=pgettext_lazy("year joined", "Any year"),
    )
    winner = django_filters.ChoiceFilter(
        widget=PlainSelect,
        label=_("UNESCO Learning City Award"),
        choices=[("yes", _("Award winners only"))],
        empty_label=_("All members"),
        method="filter_winner",
    )
    award_year = django_filters.ChoiceFilter(
        widget=PlainSelect,
        label=_("Award year"),
        empty_label=pgettext_lazy("award year", "Any year"),
        method="filter_award_year",
    )

    class Meta:
        form = DirectoryForm

    def __init__(self, *args, count_matches=True, **kwargs):
        super().__init__(*args, **kwargs)
        # A search's matches are counted (cached) to choose how its page is read (qs);
        # False for a caller that counts them itself.
        self.count_matches = count_matches
        # The choices a value is checked against: the whole network's (a value that some
        # city has is valid). narrow_choices() then offers what the other filters leave.
        facets = directory_facets()
        selected = self.data or {}
        for name, facet in FACET_OF_FILTER.items():
            options = _with_counts(facets[facet], selected.get(name))
            self.filters[name].extra["choices"] = options

    def narrow_choices(self):
        """Count each facet's options over the cities that every OTHER active filter leaves
        (the usual rule of faceted search: choosing a region offers that region's
        countries, with their counts), and offer only those with a city, or selected.

        One grouped query per facet that other filters narrow, cached per content version
        and set of other filters; a facet that nothing else narrows keeps the network's
        counts (no query)."""
        if not (self.is_bound and self.form.is_valid()):
            return
        active = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in (None, "")
        }
        for name, facet in FACET_OF_FILTER.items():
            others = {other: value for other, value in active.items() if other != name}
            if not others:
                continue
            cities = self.queryset
            for other, value in others.items():
                cities = self.filters[other].filter(cities, value)
            options = narrowed_facet(facet, cities, _filters_key(others))
            selected = active.get(name)
            if selected is not None and str(selected) not in {str(o[0]) for o in options}:
                # The value chosen stays in the list (with 0), where the network has it.
                options = [
                    *options,
                    *(
                        (value, label, 0)
                        for value, label, _count in directory_facets()[facet]
                        if str(value) == str(selected)
                    ),
                ]
            self.form.fields[name].choices = _with_counts(options, selected)

    def rendered_form(self, *, action, without_sort=False):
        """The search and filters form as HTML (cities/_directory_filters.html), rendered once
        per content version, language, form address and filter values: it shows the
        network's options with their counts, nothing personal (a GET form: no CSRF token),
        and nothing of the request but the filter values in the key. The options are
        narrowed (narrow_choices) only when the form is rendered."""
        submitted = None
        if self.is_bound:
            # What the form reads (the last value of each of its fields); never `page`.
            submitted = sorted(
                (name, self.data.get(name)) for name in self.form.fields if name in self.data
            )
        key = hashlib.sha256(repr((action, without_sort, submitted)).encode()).hexdigest()[:32]

        def render():
            self.narrow_choices()
            context = {"filter": self, "form_action": action, "without_sort": without_sort}
            return render_to_string("cities/_directory_filters.html", context)

        language = get_language() or "en"
        return mark_safe(cached(f"directory-form:{language}:{key}", render))  # noqa: S308 - rendered by the template engine, which escapes

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_joined(self, queryset, name, value):
        # Only a stated year: "a member by 2018 at the latest" may have joined long before.
        return queryset.with_stated_year().filter(member_since=value)

    def filter_winner(self, queryset, name, value):
        return queryset.filter(Exists(_published_awards())) if value == "yes" else queryset

    def filter_award_year(self, queryset, name, value):
        return queryset.filter(Exists(_published_awards().filter(cycle__year=value)))

    def filter_nothing(self, queryset, name, value):
        # Sorting is applied once, in `qs`, after every filter.
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        sort, matches = DirectorySort.NAME, None
        if self.is_bound and self.form.is_valid():
            sort = self.form.cleaned_data.get("sort") or DirectorySort.NAME
            if self.count_matches and self.form.cleaned_data.get("q"):
                # How many cities a search leaves decides how its page is best read
                # (sorted_by); the paginator counts the same rows, from the cache.
                matches = cached_count(queryset)
        return queryset.sorted_by(sort, matches=matches)

    @property
    def active_filters(self):
        """The filters the visitor has set, for the result summary."""
        if not (self.is_bound and self.form.is_valid()):
            return {}
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in (None, "")
        }
