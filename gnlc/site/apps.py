from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Installed so that Django finds the site layer's template tags and seed_demo."""

    name = "gnlc.site"

    def ready(self):
        from django.contrib import admin

        # The admin's home shows what waits for staff (gnlc/site/attention.py).
        admin.site.index_template = "admin/gnlc_index.html"

        # `check --database default` names stored countries outside UNESCO's members.
        from . import country_checks  # noqa: F401
