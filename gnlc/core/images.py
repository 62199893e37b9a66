"""Uploaded images (a city's picture): judged by their content, limited in size and pixels,
and written again by Pillow, so that what is stored is a fresh JPEG or PNG with no metadata
(no EXIF, no GPS position, no comments) whatever the upload carried.

`CleanImageField` is the form field: its value is the re-encoded file, named "image.jpg" or
"image.png" (the model's upload_to gives it a random name).
"""

import io
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
# 40 megapixels: more than any camera photo of a city needs; a "decompression bomb" (a small
# file that claims enormous dimensions) is refused before it is decoded.
MAX_IMAGE_PIXELS = 40_000_000
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}


def _refuse_not_an_image():
    return ValidationError(
        _("This file is not a JPEG or PNG image. Save the picture as JPEG or PNG and try again."),
        code="invalid_image",
    )


def _refuse_too_many_pixels():
    return ValidationError(
        _(
            "The image has more than %(limit)s megapixels. Make it smaller (for example "
            "3,000 pixels wide) and try again."
        ),
        code="too_many_pixels",
        params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
    )


def _open(data):
    """The image's format and size from its header, refusing anything else."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _refuse_too_many_pixels() from error
        except (UnidentifiedImageError, OSError, ValueError) as error:
            raise _refuse_not_an_image() from error
    if image.format not in FORMATS:
        raise _refuse_not_an_image()
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise _refuse_too_many_pixels()
    return image


def reencode(data):
    """(bytes of a fresh JPEG/PNG without metadata, its format); ValidationError otherwise."""
    image = _open(data)
    try:
        image.verify()  # the structure, without decoding the pixels
        image = _open(data)  # verify() leaves the image unusable: open it again
        image.load()
        image = ImageOps.exif_transpose(image)  # keep the picture upright once EXIF is gone
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds on a broken file
        raise _refuse_not_an_image() from error
    source_format = _open(data).format
    # Only what the picture needs to look right; EXIF, XMP, comments and text chunks go.
    image.info = {k: v for k, v in image.info.items() if k in ("icc_profile", "transparency")}
    out = io.BytesIO()
    if source_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # No exif=, no comment: nothing of the upload's metadata is written.
        image.save(out, "JPEG", quality=88, optimize=True, progressive=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return out.getvalue(), source_format


class CleanImageField(forms.ImageField):
    """An image field whose cleaned value is the re-encoded image (see the module)."""

    def to_python(self, data):
        # FileField's checks (empty, name) without ImageField's own decoding of the pixels.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        if upload.size > MAX_IMAGE_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; the limit is 10 MB."),
                code="file_too_large",
                params={"size": f"{upload.size / 1024 / 1024:.1f}"},
            )
        upload.seek(0)
        content, image_format = reencode(upload.read())
        content_type, extension = FORMATS[image_format]
        return SimpleUploadedFile(f"image.{extension}", content, content_type=content_type)
