from dataclasses import asdict

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.utils.cache import patch_cache_control

from .page_cache import is_private_path, is_public_data_path


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
        path = request.path_info
        if is_private_path(path):
            patch_cache_control(response, private=True, no_store=True)
        elif is_public_data_path(path):
            pass
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, without its one gap: in DEBUG it sends no policy at all with a
    404 or 500 answer, so that Django's debug pages (inline style and script) display. Here
    every answer carries the policy, in development too: in DEBUG a 404 or 500 is Django's
    debug page, and gets it with inline style and script allowed. The portal's own error pages
    (404 and 500 outside DEBUG, 403, 429, 503) get the strict policy everywhere."""

    DEBUG_PAGE = {"style-src": ["'unsafe-inline'"], "script-src": ["'unsafe-inline'"]}

    def process_response(self, request, response):
        debug_page = settings.DEBUG and response.status_code in (404, 500)
        if debug_page and CSP_HEADER not in response:
            response._csp_update = self.DEBUG_PAGE
            response[CSP_HEADER] = build_policy(
                **asdict(self.get_policy_parts(request=request, response=response))
            )
        return super().process_response(request, response)
