"""A view that does no work, for `make bench` only: the request goes through every middleware
of the site and the answer costs nothing, so it measures the limit of the stack (gunicorn,
Django, middleware) that every other page is compared to. Served only when BENCHMARK is on.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET


@require_GET
def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/trivial", trivial, name="bench-trivial")]
