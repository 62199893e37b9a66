"""Views that do no work, for `make bench` only: the request goes through every middleware of
the site and the answer costs nothing, so they measure the limit of the stack (gunicorn,
Django, middleware) that every other page is compared to. Served only when BENCHMARK is on.

- /bench/trivial: the baseline of every ratio. The page cache lets it through without
  reading the cache (gnlc.core.page_cache.NO_LOOKUP_PATHS).
- /bench/trivial-lookup: the same view behind the page cache's lookup (the content version
  and the page's key read, a miss, nothing stored): what every anonymous page pays before its
  view runs, shown apart.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET


@require_GET
def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/trivial", trivial, name="bench-trivial"),
    path("bench/trivial-lookup", trivial, name="bench-trivial-lookup"),
]
