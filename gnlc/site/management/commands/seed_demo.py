from django.conf import settings
from django.core.management.base import BaseCommand

from gnlc.site.demo.seed import seed_all


class Command(BaseCommand):
    help = (
        "Load the real network (gnlc/site/demo/*.csv) through the services; safe to run again. "
        "--synthetic N adds N generated cities for load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--synthetic", type=int, default=0, metavar="N", help="add N generated cities"
        )
        parser.add_argument(
            "--demo-accounts",
            action="store_true",
            default=None,
            help="create the printed demo staff account (default: only when DEBUG is on)",
        )

    def handle(self, *args, synthetic, demo_accounts, verbosity, **options):
        if synthetic < 0:
            self.stderr.write("--synthetic must be 0 or more.")
            return
        if demo_accounts is None:
            demo_accounts = settings.DEBUG

        def report(line):
            if verbosity:
                self.stdout.write(line)

        seed_all(synthetic=synthetic, demo_accounts=demo_accounts, report=report)
        report(self.style.SUCCESS("Demo network ready."))
