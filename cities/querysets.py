import re
import unicodedata

from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from .enums import PUBLIC_STATUSES, DirectorySort

_SEPARATORS = re.compile(r"[\s\-‐‑–—_/.,;:()]+")
_DROPPED = re.compile(r"['’ʼ`´\"]")


def normalize_search_text(text):
    """Lower-case, accent-free, single-spaced text: "Medellín" and "medellin" both give
    "medellin", "N'Zérékoré" gives "nzerekore"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _DROPPED.sub("", stripped.casefold())
    return _SEPARATORS.sub(" ", stripped).strip()


def translated_field(field, language=None):
    """An expression for a translated field in the active language, falling back to English."""
    code = (language or get_language() or "en").split("-")[0]
    if code == "en":
        return models.F(f"{field}_en")
    return Coalesce(
        NullIf(models.F(f"{field}_{code}"), models.Value("")),
        f"{field}_en",
        output_field=models.CharField(),
    )


class CityQuerySet(models.QuerySet):
    def public(self):
        """Members the public may see: active and suspended, never withdrawn."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def in_region(self, region):
        return self.filter(region=region)

    def search(self, query):
        """Every word of the query must appear in a name, in any language."""
        words = normalize_search_text(query).split()
        queryset = self
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def with_display_name(self):
        return self.annotate(display_name=translated_field("name"))

    def sorted_by(self, sort):
        """Order for the directory; the name in the visitor's language breaks ties."""
        queryset = self.with_display_name()
        if sort == DirectorySort.NEWEST:
            order = [models.F("member_since").desc(nulls_last=True)]
        elif sort == DirectorySort.OLDEST:
            order = [models.F("member_since").asc(nulls_last=True)]
        elif sort == DirectorySort.POPULATION:
            order = [models.F("population").desc(nulls_last=True)]
        else:
            order = []
        return queryset.order_by(*order, "display_name", "pk")


class ClusterQuerySet(models.QuerySet):
    def with_member_counts(self):
        return self.annotate(
            member_count=models.Count(
                "memberships", filter=models.Q(memberships__city__status__in=PUBLIC_STATUSES)
            )
        )
