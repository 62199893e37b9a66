from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GnlcConfig(AppConfig):
    name = "gnlc"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, post_save
        from post_office.models import Email

        from .core.mail import keep_failed_for_retry
        from .core.search import register_sqlite_fold
        from .core.services import ensure_secretariat_group

        def create_groups(sender, **kwargs):
            ensure_secretariat_group()

        post_migrate.connect(create_groups, sender=self, dispatch_uid="gnlc-secretariat-group")
        post_save.connect(keep_failed_for_retry, sender=Email, dispatch_uid="gnlc-mail-retry")
        # The site search's accent-blind matching on SQLite (gnlc/core/search.py).
        connection_created.connect(register_sqlite_fold, dispatch_uid="gnlc-sqlite-fold")
