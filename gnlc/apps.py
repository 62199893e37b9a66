from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GnlcConfig(AppConfig):
    name = "gnlc"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .core.services import ensure_secretariat_group

        def create_groups(sender, **kwargs):
            ensure_secretariat_group()

        post_migrate.connect(create_groups, sender=self, dispatch_uid="gnlc-secretariat-group")
