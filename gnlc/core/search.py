"""Text search over a few fields, accent-blind, on PostgreSQL and on SQLite.

On PostgreSQL: full-text search with the "simple" configuration (no stemming: names and
titles in three languages) over the fields with their accents taken off by the `unaccent`
extension (gnlc migration 0002), each word of the query a prefix ("learn" finds "learning").
On SQLite (the zero-setup default): every word must appear in the fields folded by
gnlc.core.text.fold, registered as the SQL function GNLC_FOLD on each connection.
The query's words are folded by the same fold() either way.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Func, TextField, Value
from django.db.models.functions import Concat

from .text import fold

# Words beyond these are ignored: a search is a few words, not a paragraph.
MAX_WORDS = 8
_WORD = re.compile(r"\w+")


def search_words(query):
    """The folded words of `query` ("Sønderborg 2019" → ["sonderborg", "2019"])."""
    return _WORD.findall(fold(query or "").replace("_", " "))[:MAX_WORDS]


class Fold(Func):
    """An expression's text folded in the database: unaccent() on PostgreSQL (lower case is
    the full-text configuration's job), GNLC_FOLD (gnlc.core.text.fold) on SQLite."""

    function = "GNLC_FOLD"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="UNACCENT", **extra_context)


def register_sqlite_fold(sender, connection, **kwargs):
    """connection_created: give a new SQLite connection the GNLC_FOLD function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("GNLC_FOLD", 1, fold, deterministic=True)


def text_search(queryset, expressions, query):
    """`queryset` narrowed to the rows whose `expressions` (text expressions, e.g. a
    translated field) hold every word of `query`, annotated with `search_rank` (higher is
    better; 0 on SQLite). No words, no rows."""
    words = search_words(query)
    if not words:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        vector = SearchVector(*(Fold(expression) for expression in expressions), config="simple")
        # Words are letters and digits only (\w): nothing in them is tsquery syntax.
        terms = SearchQuery(
            " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
        )
        return queryset.annotate(
            search_document=vector, search_rank=SearchRank(vector, terms)
        ).filter(search_document=terms)
    pieces = []
    for expression in expressions:
        pieces.extend([expression, Value(" ")])
    folded = Fold(Concat(*pieces, output_field=TextField()))
    queryset = queryset.annotate(search_folded=folded, search_rank=Value(0.0))
    for word in words:
        queryset = queryset.filter(search_folded__contains=word)
    return queryset
