"""Image uploads (a city's picture in the admin, gnlc/core/images.py): judged by content (JPEG or
PNG only), limited in pixels (a decompression bomb is refused with a message before it is
decoded), written again by Pillow under a random name, and stripped of metadata."""

import io
import struct
import zlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin

from gnlc.core.images import CleanImageField

GPS = ExifTags.IFD.GPSInfo


def jpeg_with_gps():
    """A real camera-like JPEG: EXIF with the camera's make and a GPS position (Cork)."""
    image = Image.new("RGB", (64, 48), (200, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.ImageDescription] = "Our house"
    exif[GPS] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 53.0, 52.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (8.0, 28.0, 14.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken at home")
    return out.getvalue()


def png_with_text():
    image = Image.new("RGBA", (40, 30), (10, 120, 200, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Private Person")
    info.add_text("Location", "51.89, -8.47")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_bomb(width=20_000, height=20_000):
    """A valid PNG of width × height one-bit pixels, all black: 400 megapixels in ~50 KB."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def clean(content, name):
    return CleanImageField().clean(SimpleUploadedFile(name, content))


def messages_of(error):
    return [str(message) for message in error.value.messages]


def test_a_jpeg_comes_out_without_exif_gps_or_comment():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS)  # the input has a position

    upload = clean(original, "IMG_2041.JPG")

    stored = upload.read()
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.size) == ("JPEG", (64, 48))
    assert dict(image.getexif()) == {}
    assert b"Exif" not in stored
    assert b"PhoneMaker" not in stored
    assert b"taken at home" not in stored
    assert "comment" not in image.info
    assert upload.name == "image.jpg"


def test_a_png_is_written_again_without_its_text():
    original = png_with_text()

    upload = clean(original, "map.png")

    stored = upload.read()
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.size, image.mode) == ("PNG", (40, 30), "RGBA")
    assert stored != original
    assert b"Private Person" not in stored
    assert image.getpixel((5, 5)) == (10, 120, 200, 128)
    assert upload.name == "image.png"


def test_a_decompression_bomb_is_refused_with_a_message():
    bomb = png_bomb()
    assert len(bomb) < 200_000

    with pytest.raises(ValidationError) as error:
        clean(bomb, "harmless.png")

    assert messages_of(error) == [
        "The image has more than 40 megapixels. Make it smaller (for example 3,000 pixels "
        "wide) and try again."
    ]


def test_an_image_just_over_the_pixel_limit_is_refused_too():
    # 8,000 × 5,001 = 40,008,000 pixels: under Pillow's own bomb limit, over ours.
    with pytest.raises(ValidationError) as error:
        clean(png_bomb(8_000, 5_001), "panorama.png")
    assert messages_of(error)[0].startswith("The image has more than 40 megapixels.")


def test_a_file_that_is_not_an_image_is_refused_even_named_jpg():
    with pytest.raises(ValidationError) as error:
        clean(b"MZ\x90\x00 this is a program, not a picture" * 20, "photo.jpg")

    assert messages_of(error) == [
        "This file is not a JPEG or PNG image. Save the picture as JPEG or PNG and try again."
    ]


def test_other_image_formats_are_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(ValidationError) as error:
        clean(out.getvalue(), "animation.gif")
    assert messages_of(error)[0].startswith("This file is not a JPEG or PNG image.")


def test_a_truncated_jpeg_is_refused():
    with pytest.raises(ValidationError) as error:
        clean(jpeg_with_gps()[:300], "cut.jpg")
    assert messages_of(error)[0].startswith("This file is not a JPEG or PNG image.")


# --- Through the admin -----------------------------------------------------------------------


def city_form_data(client, city):
    form = client.get(reverse("admin:cities_city_change", args=[city.pk])).context["adminform"]
    data = {
        key: value
        for key, value in form.form.initial.items()
        if isinstance(value, str | int | Decimal) and not isinstance(value, bool)
    }
    data.update(
        {
            "name_en": city.name_en,
            "country": str(city.country),
            "kind": "city",
            "member_since_precision": "year",
            "cluster_memberships-TOTAL_FORMS": "0",
            "cluster_memberships-INITIAL_FORMS": "0",
            "status_history-TOTAL_FORMS": "1",
            "status_history-INITIAL_FORMS": "1",
            "status_history-0-id": str(city.status_history.get().pk),
            "status_history-0-city": str(city.pk),
            "image_alt_en": "The city hall",
        }
    )
    return data


@pytest.mark.django_db
def test_the_admin_stores_the_city_image_clean_under_a_random_name(client, staff_user, network):
    client.force_login(staff_user)
    city = network["limerick"]
    data = city_form_data(client, city)
    data["image"] = SimpleUploadedFile("DSC_0001.JPG", jpeg_with_gps(), "image/jpeg")

    response = client.post(reverse("admin:cities_city_change", args=[city.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    city.refresh_from_db()
    assert city.image.name.startswith("cities/")
    assert city.image.name.endswith(".jpg")
    assert "DSC_0001" not in city.image.name
    with city.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert (image.format, dict(image.getexif())) == ("JPEG", {})


@pytest.mark.django_db
def test_the_admin_refuses_a_bomb_and_says_why(client, staff_user, network):
    client.force_login(staff_user)
    city = network["limerick"]
    data = city_form_data(client, city)
    data["image"] = SimpleUploadedFile("harmless.png", png_bomb(), "image/png")

    response = client.post(reverse("admin:cities_city_change", args=[city.pk]), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert errors == [
        "The image has more than 40 megapixels. Make it smaller (for example 3,000 pixels "
        "wide) and try again."
    ]
    city.refresh_from_db()
    assert not city.image
