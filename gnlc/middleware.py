from django.conf import settings
from django.utils.cache import patch_cache_control

from .page_cache import is_private_path


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (Django's SecurityMiddleware has none)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every answer of the private areas (an applicant's
    dashboard, application and its steps, the jury, the account pages, a National Commission's
    page, the admin): neither a shared cache nor the browser keeps a copy of what one person
    may see. Any other page answered to someone signed in is at least `private`. The API is
    public data with its own conditional requests, and keeps its own headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private_path(request.path_info):
            patch_cache_control(response, private=True, no_store=True)
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
