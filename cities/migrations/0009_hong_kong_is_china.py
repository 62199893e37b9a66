"""Hong Kong is part of China for UNESCO: it is neither a Member State nor an Associate Member,
and its cities apply through China's National Commission. The portal offers only UNESCO's
members (gnlc/core/countries.py), so the cities and membership applications stored with the
ISO code HK move to CN (their region, Asia and the Pacific, is the same). A National
Commission stored for HK becomes China's only when China has none (the country is unique);
otherwise it stays, for staff to merge by hand (docs/countries.md). Edit history keeps what was
stored before. Going back does nothing: which rows were HK is not kept."""

from django.db import migrations

MOVES = {"HK": "CN"}


def move_to_member_states(apps, schema_editor):
    City = apps.get_model("cities", "City")
    MembershipApplication = apps.get_model("cities", "MembershipApplication")
    NationalCommission = apps.get_model("cities", "NationalCommission")
    for part, state in MOVES.items():
        City.objects.filter(country=part).update(country=state)
        MembershipApplication.objects.filter(country=part).update(country=state)
        if not NationalCommission.objects.filter(country=state).exists():
            NationalCommission.objects.filter(country=part).update(country=state)


class Migration(migrations.Migration):
    dependencies = [("cities", "0008_membership_call_history")]

    operations = [migrations.RunPython(move_to_member_states, migrations.RunPython.noop)]
