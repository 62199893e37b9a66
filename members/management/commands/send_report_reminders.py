from django.core.management.base import BaseCommand

from members.services.reports import send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind the cities whose progress report is not handed in, once per interval set on "
        "the cycle (days before and after the deadline), through the outbox; record the "
        "'report overdue' standing once a deadline has passed. Run it daily "
        "(docs/operations.md)."
    )

    def handle(self, *args, verbosity, **options):
        sent = send_due_reminders()
        if verbosity:
            self.stdout.write(f"{sent} reminder(s) handed to the outbox.")
