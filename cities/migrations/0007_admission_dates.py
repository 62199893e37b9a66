"""Cities admitted through the portal before the day of admission was recorded.

The approval used to record a new member as active since 1 January of the year of its
approval. For each city an approved application created, the first "active" step of its
history becomes the day of the approval (the local date in TIME_ZONE of the approval's event,
else of `decided_at`) and its precision "day".

A city counts as created by the approval when it was created within the hour before the
approval's event: the approval created it in its own transaction, a moment before the event.
A city created earlier was an existing member linked to the application; its history is its
own and stays as it is. So does a first step whose date is not the 1 January the approval
wrote (recorded otherwise, or already fixed).

Reverse: nothing. The 1 January was never true; undoing 0006 afterwards turns "day" into
"exact", the year stated, which these cities have too.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

CREATED_WITHIN = datetime.timedelta(hours=1)


def record_admission_dates(apps, schema_editor):
    applications = apps.get_model("cities", "MembershipApplication").objects
    events = apps.get_model("cities", "ApplicationEvent").objects
    history = apps.get_model("cities", "MembershipStatusChange").objects
    zone = ZoneInfo(settings.TIME_ZONE)
    approved = applications.filter(state="approved").exclude(city=None).select_related("city")
    for application in approved.order_by("pk"):
        approval = (
            events.filter(application=application, to_state="approved")
            .order_by("created_at", "pk")
            .values_list("created_at", flat=True)
            .first()
        ) or application.decided_at
        city = application.city
        if approval is None or not approval - CREATED_WITHIN <= city.created_at <= approval:
            continue
        first = (
            history.filter(city=city, status="active").order_by("since", "recorded_at").first()
        )
        if first is None or city.member_since is None:
            continue
        if first.since != datetime.date(city.member_since, 1, 1):
            continue
        day = approval.astimezone(zone).date()
        first.since = day
        first.save(update_fields=["since"])
        city.member_since, city.member_since_precision = day.year, "day"
        city.save(update_fields=["member_since", "member_since_precision"])


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0006_member_since_precision_day"),
    ]

    operations = [
        migrations.RunPython(record_admission_dates, migrations.RunPython.noop, elidable=False),
    ]
