import re

from django.db import models
from django.db.models.functions import Coalesce, Concat, NullIf

from gnlc.core import languages
from gnlc.core.text import fold

from .enums import (
    PUBLIC_STATUSES,
    YEAR_STATED,
    DirectorySort,
    MembershipStatus,
    MemberSincePrecision,
)

_SEPARATORS = re.compile(r"[\s\-‐‑–—_/.,;:()]+")
_DROPPED = re.compile(r"['’ʼ`´\"]")

# Matches of a search that are sorted rather than found by walking a sort index (sorted_by):
# a sort of this many rows costs about 1 ms; a walk, when there are more, reads at most
# page size x cities / SORT_LIMIT rows (1,200 at 50,000 cities).
SORT_LIMIT = 1000


def normalize_search_text(text):
    """Lower-case, folded, single-spaced text (gnlc.core.text.fold): "Medellín" and
    "medellin" both give "medellin", "Sønderborg" gives "sonderborg", "N'Zérékoré" gives
    "nzerekore"."""
    return _SEPARATORS.sub(" ", _DROPPED.sub("", fold(text))).strip()


def doubled(text):
    """`text` with every character written twice ("ab" → "aabb"): City.search_doubled."""
    return "".join(character * 2 for character in text)


def translated_field(field, language=None):
    """An expression for a translated field in the active language, falling back to English."""
    localized = languages.field_name(field, language)
    if localized == f"{field}_en":
        return models.F(localized)
    return Coalesce(
        NullIf(models.F(localized), models.Value("")),
        f"{field}_en",
        output_field=models.CharField(),
    )


def sort_name_field(language=None):
    """The City field of the names' sort key in `language` (the active one by default),
    English for a language the names are not kept in."""
    return languages.field_name("sort_name", language)


class CityQuerySet(models.QuerySet):
    def public(self):
        """Members the public may see: active and suspended, never withdrawn, and confirmed
        (a record staff have not confirmed stays in the admin)."""
        return self.filter(status__in=PUBLIC_STATUSES, confirmed=True)

    def with_stated_year(self):
        """Members whose year joined is stated (or their day of admission on record): the
        only ones whose year may be shown, counted or filtered by in public. "A member by
        2018 at the latest" may have joined years before."""
        return self.filter(member_since_precision__in=YEAR_STATED).exclude(member_since=None)

    def in_region(self, region):
        return self.filter(region=region)

    def search(self, query):
        """Every word of the query must appear in a name, in any language.

        On PostgreSQL the trigram index finds the words (migration 0005), but a word of two
        characters has no trigram, and most Chinese names ("北京") are two characters. For
        those, the test is made on the names with every character doubled instead
        (City.search_doubled, with its own trigram index, migration 0018): "北京" is in the
        names exactly when "北北京京" is in the doubled names, and "北北京京" has trigrams. (A
        single character doubled is still too short for a trigram: tested as it is.)"""
        words = normalize_search_text(query).split()
        queryset = self
        for word in words:
            if len(word) == 2:
                queryset = queryset.filter(search_doubled__contains=doubled(word))
            else:
                queryset = queryset.filter(search_text__contains=word)
        return queryset

    def with_display_name(self):
        return self.annotate(display_name=translated_field("name"))

    def with_member_since_date(self):
        """Annotate `member_since_date`: the day the city was admitted where it is on record
        (precision "day": the first "active" step of its status history), else None; for
        the other precisions the history's date is a placeholder, never shown as a date."""
        history = self.model._meta.get_field("status_history").related_model
        first_active = (
            history.objects.filter(city=models.OuterRef("pk"), status=MembershipStatus.ACTIVE)
            .order_by("since", "recorded_at")
            .values("since")[:1]
        )
        return self.annotate(
            member_since_date=models.Case(
                models.When(
                    member_since_precision=MemberSincePrecision.DAY,
                    then=models.Subquery(first_active),
                ),
                default=None,
                output_field=models.DateField(),
            )
        )

    def sorted_by(self, sort, *, matches=None):
        """Order for the directory; the name as the visitor's language sorts it breaks ties
        (its key, City.sort_name_<language>, then the row, so that equal keys keep one order).

        Every order has an index that holds it whole (City.Meta, migrations 0005 and 0017), so
        a page is read by walking the index until it has its rows. `matches` is how many
        cities the filters leave, when a search makes it hard for PostgreSQL to guess
        (cached_count): its estimate for "names contain 123" comes from a sample of 100 rows.
        A walk tests rows in order until a page of them match: about page size x cities /
        matches rows, cheap when the matches are many ("sintetica" at 50,000 cities: 24
        rows), most of the table when they are few ("hamburg"). So when they are few
        (SORT_LIMIT or under), the order is written so that no index holds it: PostgreSQL then
        finds the matches through the trigram index and sorts them, never more than
        SORT_LIMIT rows. Without `matches` PostgreSQL chooses by its own estimates, which are
        good for the other filters (region, country, year: columns it keeps statistics of)."""
        queryset = self.with_display_name()
        name = models.F(sort_name_field())
        member_since, population = models.F("member_since"), models.F("population")
        if matches is not None and matches <= SORT_LIMIT:
            name = Concat(name, models.Value(""), output_field=models.CharField())
            member_since = models.ExpressionWrapper(
                member_since + 0, output_field=models.IntegerField()
            )
            population = models.ExpressionWrapper(
                population + 0, output_field=models.BigIntegerField()
            )
        if sort == DirectorySort.NEWEST:
            order = [member_since.desc(nulls_last=True)]
        elif sort == DirectorySort.OLDEST:
            order = [member_since.asc(nulls_last=True)]
        elif sort == DirectorySort.POPULATION:
            order = [population.desc(nulls_last=True)]
        else:
            order = []
        return queryset.order_by(*order, name.asc(), "pk")


class ClusterQuerySet(models.QuerySet):
    def public(self):
        """Clusters the public may see: those staff have confirmed."""
        return self.filter(confirmed=True)

    def with_recorded_memberships(self):
        """Public clusters whose member cities are all recorded: only these have a member
        count on the public pages and a choice in the directory's cluster filter."""
        return self.public().filter(memberships_recorded=True)

    def with_member_counts(self):
        return self.annotate(
            member_count=models.Count(
                "memberships",
                filter=models.Q(
                    memberships__city__status__in=PUBLIC_STATUSES,
                    memberships__city__confirmed=True,
                ),
            )
        )
