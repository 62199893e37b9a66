from django.core.management.base import BaseCommand

from awards.enums import CyclePhase
from awards.models import AwardCycle
from awards.services import remind_jurors


class Command(BaseCommand):
    help = (
        "E-mail every juror of the cycles in their jury phase who has reviews to finish "
        "(assigned, not in conflict, not submitted), in the juror's language. Run it when the "
        "Secretariat wants to remind the jury (docs/operations.md)."
    )

    def handle(self, *args, verbosity, **options):
        reminded = 0
        for cycle in AwardCycle.objects.filter(phase=CyclePhase.JURY).order_by("year"):
            for juror, count in remind_jurors(cycle).items():
                reminded += 1
                if verbosity:
                    self.stdout.write(f"{cycle.year}: {juror.email}, {count} to finish")
        if verbosity:
            self.stdout.write(f"{reminded} reminder(s) handed to the outbox.")
