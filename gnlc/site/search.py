"""One search for the whole site (/<lang>/search/): member cities, conferences with their
sessions and documents, award cycles and their winners, in the page's language, accents and
capitals aside (gnlc.core.search). Results are grouped by kind, each group with its count;
cities are capped here and listed in full by the directory's own search."""

from dataclasses import dataclass, field

from django import forms
from django.db.models import CharField, F
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from awards.enums import CyclePhase
from awards.models import Award, AwardCycle
from cities.enums import DirectorySort
from cities.querysets import sort_name_field, translated_field
from cities.selectors import cached_count, directory_queryset
from conferences.models import Conference, ConferenceDocument, ConferenceSession
from gnlc.core import languages
from gnlc.core.countries import country_name
from gnlc.core.search import search_words, text_search
from gnlc.site.templatetags.translated import name_lang

# Cities shown here at most; the directory lists the rest.
CITY_LIMIT = 10
# Rows of any other kind shown at most (the archive is small: this is a safety net).
OTHER_LIMIT = 50
MAX_QUERY_LENGTH = 100


class SiteSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), max_length=MAX_QUERY_LENGTH, required=False)


@dataclass
class Hit:
    title: str
    url: str
    line: str = ""
    # The language of `title` when it is not the page's: a city's name shown in English.
    lang: str = ""


@dataclass
class Group:
    key: str
    label: str
    hits: list = field(default_factory=list)
    count: int = 0
    more_url: str = ""

    @property
    def more(self):
        return self.count > len(self.hits)


def _cities(query):
    matches = directory_queryset().search(query)
    count = cached_count(matches)
    rows = (
        matches.sorted_by(DirectorySort.NAME, matches=count).only(
            "slug", "country", "member_since", "name_en", languages.field_name("name")
        )[:CITY_LIMIT]
        if count
        else []
    )
    hits = []
    for city in rows:
        line = country_name(city.country)
        if city.member_since:
            line = _("%(country)s · member since %(year)s") % {
                "country": line,
                "year": city.member_since,
            }
        # ` lang="en"` from the template filter: the name is shown in English.
        lang = "en" if name_lang(city) else ""
        hits.append(Hit(city.display_name, city.get_absolute_url(), line, lang))
    directory = reverse("cities:directory")
    return Group(
        "cities",
        _("Member cities"),
        hits,
        count,
        f"{directory}?{urlencode({'q': query})}",
    )


def _conferences(query):
    fields = [translated_field(name) for name in ("title", "theme", "summary", "host_name")]
    rows = (
        text_search(Conference.objects.all(), fields, query)
        .annotate(shown_title=translated_field("title"), shown_theme=translated_field("theme"))
        .order_by("-search_rank", "-number")
        .only("slug", "number")[:OTHER_LIMIT]
    )
    hits = [Hit(row.shown_title, row.get_absolute_url(), row.shown_theme) for row in rows]
    return Group("conferences", _("Conferences"), hits, len(hits))


def _sessions(query):
    fields = [translated_field(name) for name in ("title", "key_question", "objective")]
    rows = (
        text_search(ConferenceSession.objects.all(), fields, query)
        .annotate(
            shown_title=translated_field("title"),
            conference_title=translated_field("conference__title"),
            conference_slug=F("conference__slug"),
        )
        .order_by("-search_rank", "-conference__number", "order", "pk")
        .only("kind")[:OTHER_LIMIT]
    )
    hits = []
    for row in rows:
        url = reverse("conferences:conference-detail", kwargs={"slug": row.conference_slug})
        line = f"{row.get_kind_display()} · {row.conference_title}"
        hits.append(Hit(row.shown_title, f"{url}#programme", line))
    return Group("sessions", _("Conference sessions"), hits, len(hits))


def _documents(query):
    fields = [translated_field(name) for name in ("title", "description")]
    rows = (
        text_search(ConferenceDocument.objects.all(), fields, query)
        .annotate(
            shown_title=translated_field("title"),
            conference_title=translated_field("conference__title"),
            conference_slug=F("conference__slug"),
        )
        .order_by("-search_rank", "-conference__number", "order", "pk")
        .only("kind")[:OTHER_LIMIT]
    )
    hits = []
    for row in rows:
        url = reverse("conferences:conference-detail", kwargs={"slug": row.conference_slug})
        line = f"{row.get_kind_display()} · {row.conference_title}"
        hits.append(Hit(row.shown_title, f"{url}#documents", line))
    return Group("documents", _("Conference documents"), hits, len(hits))


def _award_cycles(query):
    fields = [
        translated_field("title"),
        translated_field("description"),
        Cast("year", output_field=CharField()),
    ]
    rows = (
        text_search(AwardCycle.objects.all(), fields, query)
        .annotate(shown_title=translated_field("title"))
        .order_by("-search_rank", "-year")
        .only("year")[:OTHER_LIMIT]
    )
    hits = [Hit(row.shown_title, row.get_absolute_url(), str(row.year)) for row in rows]
    return Group("award_cycles", _("UNESCO Learning City Award"), hits, len(hits))


def _winners(query):
    """Published winners whose city's name (in any language) holds every word, by year."""
    cities = directory_queryset().search(query)
    rows = (
        Award.objects.filter(cycle__phase=CyclePhase.PUBLISHED, city__in=cities)
        .annotate(city_name=translated_field("city__name"), year=F("cycle__year"))
        .order_by("-cycle__year", f"city__{sort_name_field()}", "pk")
        .only("pk")[:OTHER_LIMIT]
    )
    hits = [
        Hit(
            _("%(city)s, %(year)s") % {"city": row.city_name, "year": row.year},
            reverse("awards:cycle-detail", kwargs={"year": row.year}),
            _("Winner of the UNESCO Learning City Award %(year)s") % {"year": row.year},
        )
        for row in rows
    ]
    return Group("winners", _("Award winners"), hits, len(hits))


SEARCHES = (_cities, _winners, _conferences, _sessions, _documents, _award_cycles)


def site_search(query):
    """The groups of results for `query`, every group (empty ones too), in page order."""
    return [search(query) for search in SEARCHES]


class SiteSearchView(TemplateView):
    template_name = "gnlc/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SiteSearchForm(self.request.GET or None)
        query, groups, total = "", [], 0
        if form.is_bound and form.is_valid():
            query = form.cleaned_data["q"].strip()
        if search_words(query):
            groups = site_search(query)
            total = sum(group.count for group in groups)
        context.update(
            form=form,
            query=query,
            searched=bool(query),
            has_words=bool(search_words(query)),
            groups=[group for group in groups if group.count],
            total=total,
            directory_url=reverse("cities:directory"),
        )
        return context
