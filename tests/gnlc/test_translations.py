from pathlib import Path

from django.conf import settings
from django.core.management import call_command


def test_every_ui_string_is_translated_and_the_check_leaves_the_catalogues_alone(capsys):
    catalogues = sorted(Path(settings.LOCALE_PATHS[0]).rglob("*.po"))
    before = {path: path.read_bytes() for path in catalogues}
    call_command("check_translations")
    assert "Every UI string is translated." in capsys.readouterr().out
    assert {path: path.read_bytes() for path in catalogues} == before
