"""The read-only open-data API at /api/v1/ (SPEC §5)."""
