from django.db.models.signals import m2m_changed, post_delete, post_save

from gnlc.core.public_cache import bump_content_version

from .models import (
    City,
    CityCluster,
    Cluster,
    MembershipCall,
    MembershipStatusChange,
    NetworkFigure,
)

for model in (City, Cluster, CityCluster, MembershipStatusChange, MembershipCall, NetworkFigure):
    post_save.connect(bump_content_version, sender=model, dispatch_uid=f"bump-{model.__name__}")
    post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"del-{model.__name__}")
m2m_changed.connect(bump_content_version, sender=City.clusters.through, dispatch_uid="bump-m2m")
