"""Site-wide writes: the staff group and its permissions."""

from django.contrib.auth.models import Group, Permission

SECRETARIAT_GROUP = "Secretariat"

# What UIL staff may do in the back office: everything on the network's content, but not on
# accounts and permissions, which stay with the site administrators.
SECRETARIAT_APPS = ("cities", "members", "awards", "conferences")


def ensure_secretariat_group():
    """Create or update the "Secretariat" group with the permissions of UIL staff."""
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS)
    group.permissions.set(permissions)
    return group
