from django.conf import settings
from django.db.models.signals import post_delete, post_save

from gnlc.core.public_cache import bump_content_version

from .models import Award, AwardCycle, Criterion
from .services import refresh_country_conflicts

# Awards show on public pages (profiles, directory filters, cycle pages): any change to them
# makes cached public data stale.
for model in (Award, AwardCycle, Criterion):
    post_save.connect(bump_content_version, sender=model, dispatch_uid=f"bump-{model.__name__}")
    post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"del-{model.__name__}")


def _country_may_have_changed(sender, instance, update_fields=None, **kwargs):
    """A juror's country recorded or changed (the admin saves the whole account): conflicts
    follow it. Saves of other fields only (the last sign-in) are skipped."""
    if update_fields is not None and "country" not in update_fields:
        return
    refresh_country_conflicts(instance)


post_save.connect(
    _country_may_have_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="jury-country"
)
