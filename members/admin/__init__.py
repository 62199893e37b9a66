"""The back office of the members' area and the progress reports. (Minimal: to be written.)"""

from django.contrib import admin

from ..models import ProgressReport, ReportingCycle

admin.site.register(ReportingCycle)
admin.site.register(ProgressReport)
