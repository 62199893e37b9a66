"""A picture that staff may upload for public content (a conference, an award cycle), with
what a caption needs: the description for people who cannot see it, the credit and the licence.

Pages show it only when one is uploaded, as a figure whose caption reads "credit · licence"
(`templates/includes/_public_image.html`). The admin's form re-encodes the upload through
`gnlc.core.images.CleanImageField` (`IMAGE_FORM_FIELDS`).
"""

import uuid
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

from .images import CleanImageField

PUBLIC_IMAGE_FIELDS = ("image", "image_alt", "image_credit", "image_licence")


def public_image_path(instance, filename):
    return f"{instance._meta.app_label}/images/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class PublicImage(models.Model):
    image = models.ImageField(_("image"), upload_to=public_image_path, blank=True)
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    image_credit = models.CharField(
        _("image credit"),
        max_length=200,
        blank=True,
        help_text=_("Who made the image, as it must be credited, e.g. “© UIL / Jane Doe”."),
    )
    image_licence = models.CharField(
        _("image licence"),
        max_length=100,
        blank=True,
        help_text=_("E.g. “CC BY-SA 4.0” or “All rights reserved”."),
    )

    class Meta:
        abstract = True


# For a ModelAdmin's formfield_overrides: an upload is checked and re-encoded without metadata.
IMAGE_FORM_FIELDS = {models.ImageField: {"form_class": CleanImageField}}


def public_image_fieldset():
    """The admin fieldset of a model that inherits `PublicImage`."""
    return (
        _("Image"),
        {
            "fields": PUBLIC_IMAGE_FIELDS,
            "description": _(
                "Shown on the public page only when an image is uploaded, with its description "
                "and a caption “credit · licence”."
            ),
        },
    )
