"""The site layer: what stands on every app and combines them.

The home page and statistics (with the transparency figures), the Atom feeds, the sitemap,
structured data (JSON-LD, OpenGraph, data links), the open-data API, the public directory of
members with its award facet and the city profile with its awards and conferences, and the
demo seeding. It may import cities, awards, conferences and gnlc.core; none of them imports
it (docs/architecture.md; `lint-imports` holds the rule).
"""
