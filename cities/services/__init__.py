"""Every write that matters: members (members.py) and membership applications
(applications.py)."""

from .members import (
    RESERVED_SLUGS,
    change_membership_status,
    create_city,
    record_former_slug,
    record_initial_status,
    set_cluster_role,
    unique_city_slug,
    update_city,
    upsert_cluster,
)

__all__ = [
    "RESERVED_SLUGS",
    "change_membership_status",
    "create_city",
    "record_former_slug",
    "record_initial_status",
    "set_cluster_role",
    "unique_city_slug",
    "update_city",
    "upsert_cluster",
]
