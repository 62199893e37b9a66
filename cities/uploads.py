"""Checks and serving of private uploads (the mayor's signed pledge)."""

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

MAX_PDF_BYTES = 10 * 1024 * 1024


def validate_pdf(upload):
    """A real PDF of at most 10 MB, judged by its content, not its name: it must start with
    the PDF signature (after white space at most) and end with its end-of-file marker."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty. Choose the signed pledge as a PDF file."))
    if size > MAX_PDF_BYTES:
        raise ValidationError(
            _(
                "The file is %(size)s MB; the limit is 10 MB. Scan the pledge at a lower "
                "resolution or compress it."
            )
            % {"size": f"{size / 1024 / 1024:.1f}"}
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    if not head.lstrip().startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise ValidationError(
            _("This file is not a PDF document. Save or scan the signed pledge as a PDF.")
        )


def serve_private_pdf(fieldfile, download_name):
    """Stream a private PDF to someone already allowed to see it; never cached."""
    response = FileResponse(
        fieldfile.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=download_name or "pledge.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
