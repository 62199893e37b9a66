from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("International Conferences on Learning Cities")

    def ready(self):
        from . import signals  # noqa: F401
