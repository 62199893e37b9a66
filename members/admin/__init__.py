"""The back office of the members' area and the progress reports. (Minimal: to be written.)"""

from django.contrib import admin

from ..models import ProgressReport, ReportingCycle
from . import editors, profiles  # noqa: F401  (they register their admins)

admin.site.register(ReportingCycle)
admin.site.register(ProgressReport)
