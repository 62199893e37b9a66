from django.db.models.signals import m2m_changed, post_delete, post_save

from gnlc.core.public_cache import bump_content_version

from .models import Conference, ConferenceDocument, ConferenceSession, DocumentVersion, Speaker

# The archive shows on public pages (the archive, the home page's next conference, the
# profiles of host cities): any change makes cached public pages stale.
for model in (Conference, ConferenceSession, ConferenceDocument, DocumentVersion, Speaker):
    post_save.connect(bump_content_version, sender=model, dispatch_uid=f"bump-{model.__name__}")
    post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"del-{model.__name__}")
for through in (ConferenceSession.speakers.through, ConferenceDocument.featured_cities.through):
    m2m_changed.connect(bump_content_version, sender=through, dispatch_uid=f"m2m-{through}")
