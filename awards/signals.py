from django.db.models.signals import post_delete, post_save

from gnlc.core.public_cache import bump_content_version

from .models import Award, AwardCycle, Criterion

# Awards show on public pages (profiles, directory filters, cycle pages): any change to them
# makes cached public data stale.
for model in (Award, AwardCycle, Criterion):
    post_save.connect(bump_content_version, sender=model, dispatch_uid=f"bump-{model.__name__}")
    post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"del-{model.__name__}")
