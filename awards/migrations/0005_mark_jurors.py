"""Accounts already assigned to award applications are jurors (User.is_juror)."""

from django.db import migrations


def mark_jurors(apps, schema_editor):
    User = apps.get_model("gnlc", "User")
    JuryAssignment = apps.get_model("awards", "JuryAssignment")
    assigned = JuryAssignment.objects.values("juror_id")
    User.objects.filter(pk__in=assigned).update(is_juror=True)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_event_labels"),
        ("gnlc", "0003_user_is_juror"),
    ]

    operations = [migrations.RunPython(mark_jurors, migrations.RunPython.noop)]
