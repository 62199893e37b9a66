"""The core layer: what every app stands on; nothing in it imports an app.

Mail after commit, the caches (public content version, anonymous page cache, the tolerant
Redis backend), signed links, rate limits, sign-in security and headers, image and
spreadsheet safety, the allauth adapter, database faults, and the staff group. The layers
above (cities, awards, conferences, gnlc.site) import from here; nothing here imports them
(docs/architecture.md; `lint-imports` holds the rule).
"""
