from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Installed so that Django finds the site layer's template tags and seed_demo."""

    name = "gnlc.site"
