from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members' area and progress reports")

    def ready(self):
        # The reporting standing on the cities' admin (cities.admin cannot import members).
        from .admin.standing import install

        install()
