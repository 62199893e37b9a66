from pathlib import Path

from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))


def test_no_template_comment_spans_lines():
    """{# … #} ends on its line; a longer one would be printed on the page."""
    broken = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert broken == []


def test_no_inline_style_or_script_in_any_template():
    """The Content-Security-Policy allows neither: classes and external files only."""
    offending = [
        str(path.relative_to(settings.BASE_DIR))
        for path in TEMPLATES
        if any(
            marker in path.read_text(encoding="utf-8")
            for marker in (" style=", "<style", "<script>", " onclick=", " onchange=", " onload=")
        )
    ]
    assert offending == []


def test_no_template_turns_escaping_off():
    """Text is escaped everywhere; HTML that is meant (the password rules' list) arrives
    already marked safe by the code that built it, with its parts escaped."""
    offending = [
        str(path.relative_to(settings.BASE_DIR))
        for path in TEMPLATES
        if any(marker in path.read_text(encoding="utf-8") for marker in ("|safe", "autoescape off"))
    ]
    assert offending == []
