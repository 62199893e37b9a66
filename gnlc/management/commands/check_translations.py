import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import to_locale

DOMAINS = ("django", "djangojs")
# Where the UI strings live (Python, templates, scripts).
SOURCE_FOLDERS = ("gnlc", "cities", "members", "awards", "conferences", "templates", "static/js")


class Command(BaseCommand):
    help = (
        "Fail if a UI string of the code or templates is missing from a .po file, or is "
        "untranslated or fuzzy there, for every language but English."
    )

    def handle(self, *args, **options):
        source = Path(settings.LOCALE_PATHS[0])
        root = Path(settings.BASE_DIR)
        # Catalogues are named by locale: "zh-hans" is locale/zh_Hans.
        languages = [to_locale(code) for code, _name in settings.LANGUAGES if code != "en"]
        problems = []
        with tempfile.TemporaryDirectory() as tmp:
            # Extract in a copy of the sources and the catalogues: makemessages writes to the
            # locale folder beside the files it reads, and must never rewrite the real ones.
            for folder in SOURCE_FOLDERS:
                if (root / folder).exists():
                    shutil.copytree(root / folder, Path(tmp) / folder)
            copy = Path(tmp) / "locale"
            shutil.copytree(source, copy)
            here = os.getcwd()
            os.chdir(tmp)
            try:
                with override_settings(LOCALE_PATHS=[copy]):
                    for domain in DOMAINS:
                        call_command(
                            "makemessages",
                            locale=languages,
                            domain=domain,
                            ignore_patterns=["static/vendor"],
                            no_obsolete=True,
                            verbosity=0,
                        )
            finally:
                os.chdir(here)
            for language in languages:
                for domain in DOMAINS:
                    po = copy / language / "LC_MESSAGES" / f"{domain}.po"
                    if not po.exists():
                        problems.append(f"{language}/{domain}.po: no such catalogue")
                        continue
                    for flag in ("--untranslated", "--only-fuzzy"):
                        result = subprocess.run(
                            ["msgattrib", flag, "--no-obsolete", str(po)],  # noqa: S607
                            capture_output=True,
                            text=True,
                            check=True,
                        )
                        # Blocks are separated by blank lines; the header block is not an entry.
                        entries = [
                            block.strip().splitlines()[-2:]
                            for block in result.stdout.split("\n\n")
                            if "msgid" in block and "Content-Type:" not in block
                        ]
                        if entries:
                            problems.append(f"{language}/{domain}.po {flag}: {entries[:5]}")
        if problems:
            raise CommandError(
                "Untranslated UI strings (run `make messages`, then translate):\n"
                + "\n".join(problems)
            )
        self.stdout.write(self.style.SUCCESS("Every UI string is translated."))
