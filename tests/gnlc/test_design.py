"""The designed identity of the public site: the home page's world map, the region colours and
locators of cards and profiles, the image caption, the open-data download box, the privacy
notice and the accessibility statement (docs/design.md)."""

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cities.services import change_membership_status, update_city
from gnlc.site import world_map

pytestmark = pytest.mark.django_db

DOT = re.compile(r'<circle class="world-map__dot (region-[a-z]+)" cx="([\d.]+)" cy="([\d.]+)"')


def test_the_committed_land_silhouette_is_the_one_the_code_draws():
    """static/img/world-land.svg is written by `manage.py build_world_map`; a refreshed
    world-atlas without a rebuilt file would put the locators' dots off their land."""
    assert world_map.LAND_SVG_FILE.read_text(encoding="utf-8") == world_map.land_svg()


def test_projection_puts_places_where_they_are():
    assert world_map.project(-180, world_map.NORTH) == (0, 0)
    assert world_map.project(180, world_map.SOUTH) == (world_map.WIDTH, world_map.HEIGHT)
    # Greenwich on the equator: the middle of the map, across; the equator's row, down.
    x, y = world_map.project(0, 0)
    assert x == world_map.WIDTH / 2
    assert y == round(world_map.NORTH / (world_map.NORTH - world_map.SOUTH) * world_map.HEIGHT, 1)


def test_home_maps_dots_stay_as_many_as_the_places_not_the_members(client, make_city):
    """Members closer than a dot's radius share one dot: 60 cities around Hamburg are one or
    a few dots, not 60, so the home page does not grow with the network (at 50,000 members
    one dot per member made it megabytes long)."""
    for index in range(60):
        make_city(
            f"Nordstadt {index}",
            "DE",
            latitude=Decimal("53.5") + Decimal(index % 6) / 50,
            longitude=Decimal("10.0") + Decimal(index // 6) / 50,
        )
    make_city("Medellín", "CO", latitude=Decimal("6.25"), longitude=Decimal("-75.56"))

    dots = DOT.findall(client.get("/en/").content.decode())

    assert 2 <= len(dots) <= 5
    assert ("region-lac", *(f"{v:g}" for v in world_map.project(-75.56, 6.25))) in dots


def test_home_map_has_a_dot_per_public_member_in_its_regions_colour(client, make_city):
    make_city("Cork", "IE", latitude=Decimal("51.9"), longitude=Decimal("-8.47"))
    make_city("Medellín", "CO", latitude=Decimal("6.25"), longitude=Decimal("-75.56"))
    make_city("Aswan", "EG", latitude=Decimal("24.09"), longitude=Decimal("32.9"))
    make_city("Nowhere", "FI")  # no coordinates: in the figures, not on the map
    gone = make_city("Goneville", "IE", latitude=Decimal("53"), longitude=Decimal("-7"))
    change_membership_status(gone, status="withdrawn", note="left")

    body = client.get("/en/").content.decode()

    dots = sorted((css, float(x), float(y)) for css, x, y in DOT.findall(body))
    assert [css for css, _, _ in dots] == ["region-as", "region-ena", "region-lac"]
    assert dots[1][1:] == world_map.project(Decimal("-8.47"), Decimal("51.9"))
    # The text alternative: what the map shows, region by region.
    caption = re.search(r'<figcaption id="world-map-caption"[^>]*>(.*?)</figcaption>', body, re.S)
    text = " ".join(caption.group(1).split())
    assert text == (
        "A world map of the member cities listed in this portal, each a dot in the colour of its "
        "UNESCO region. Members per region: Africa 0, Arab States 1, Asia and the Pacific 0, "
        "Europe and North America 2, Latin America and the Caribbean 1."
    )
    svg = re.search(r'<svg class="world-map__svg"[^>]*>', body).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="world-map-caption"' in svg


def test_home_map_is_drawn_again_when_a_member_joins(client, make_city):
    make_city("Cork", "IE", latitude=Decimal("51.9"), longitude=Decimal("-8.47"))
    assert len(DOT.findall(client.get("/en/").content.decode())) == 1

    make_city("Espoo", "FI", latitude=Decimal("60.2"), longitude=Decimal("24.65"))

    assert len(DOT.findall(client.get("/en/").content.decode())) == 2


def test_cards_and_profile_carry_the_region_colour_and_the_locator(client, make_city):
    make_city("Cork", "IE", member_since=2015, latitude=Decimal("51.9"), longitude=Decimal("-8.47"))
    make_city("Nowhere", "FI", member_since=2016)

    directory = client.get("/en/cities/").content.decode()
    assert re.findall(r'<article class="city-card (region-[a-z]+)">', directory) == [
        "region-ena",
        "region-ena",
    ]
    # One locator: the city without coordinates has none.
    assert directory.count('class="locator locator--small region-ena"') == 1

    profile = client.get("/en/cities/cork/").content.decode()
    assert '<header class="profile-header region-ena">' in profile
    x, y = world_map.project(Decimal("-8.47"), Decimal("51.9"))
    assert f'<circle class="locator__dot" cx="{x:g}" cy="{y:g}"' in profile


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 79, 143)).save(buffer, format="PNG")
    return SimpleUploadedFile("harbour.png", buffer.getvalue(), content_type="image/png")


def test_profile_image_shows_its_alt_text_credit_and_licence(client, make_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cork = make_city("Cork", "IE")
    update_city(
        cork,
        image=_png(),
        image_alt_en="The harbour of Cork at dusk",
        image_credit="Cork City Council",
        image_licence="CC BY 4.0",
    )

    body = client.get("/en/cities/cork/").content.decode()

    figure = re.search(r'<figure class="figure gnlc-image city-figure">(.*?)</figure>', body, re.S)
    assert 'alt="The harbour of Cork at dusk"' in figure.group(1)
    caption = re.search(
        r'<figcaption class="figure-caption">(.*?)</figcaption>', figure.group(1), re.S
    )
    assert " ".join(caption.group(1).split()) == "Image: Cork City Council · Licence: CC BY 4.0"


def test_profile_image_without_credit_has_no_caption(client, make_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cork = make_city("Cork", "IE")
    update_city(cork, image=_png(), image_alt_en="The harbour")

    body = client.get("/en/cities/cork/").content.decode()

    assert 'alt="The harbour"' in body
    assert "figure-caption" not in body


def test_open_data_page_starts_with_the_downloads_and_is_in_the_navigation(client, make_city):
    make_city("Cork", "IE")

    body = client.get("/api/v1/?lang=fr").content.decode()

    box = body.index('class="download-box')
    assert box < body.index('id="api-start"')
    links = re.findall(r'class="download-box__link" href="([^"]+)"', body)
    assert links == [
        "/api/v1/cities.csv?lang=fr",
        "/api/v1/cities.xlsx?lang=fr",
        "/api/v1/cities.geojson?lang=fr",
        "/api/v1/cities/?lang=fr",
    ]
    home = client.get("/en/").content.decode()
    assert 'href="/api/v1/?lang=en"' in home
    for url in links:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_privacy_and_accessibility_pages_are_linked_from_every_footer(client, language):
    home = client.get(f"/{language}/").content.decode()
    footer = home[home.index('<footer class="site-footer">') :]

    for path in (f"/{language}/privacy/", f"/{language}/accessibility/"):
        assert f'href="{path}"' in footer
        response = client.get(path)
        assert response.status_code == 200
        assert f'<html lang="{language}"' in response.content.decode()


def test_privacy_notice_states_the_configured_limits_and_the_contact(client):
    body = " ".join(client.get("/en/privacy/").content.decode().split())

    assert "A session lasts at most 14 days; expired sessions are deleted every day." in body
    assert "no longer count towards a pause (15 minutes)" in body
    assert "an undelivered message is retried for about 2 days" in body
    assert "Records of successful sign-ins have no time limit." in body
    assert f'href="mailto:{settings.SECRETARIAT_EMAIL}"' in body


def test_accessibility_statement_names_the_target_and_how_to_report(client):
    body = " ".join(client.get("/en/accessibility/").content.decode().split())

    assert "(WCAG) 2.2 at level AA" in body
    assert "Report a problem" in body
    assert "mailto:learningcities@unesco.org" in body


def test_sitemap_lists_the_privacy_and_accessibility_pages(client):
    body = client.get("/sitemap.xml").content.decode()

    for language in ("en", "fr", "es"):
        assert f"<loc>{settings.SITE_URL}/{language}/privacy/</loc>" in body
        assert f"<loc>{settings.SITE_URL}/{language}/accessibility/</loc>" in body


def test_the_public_pages_set_no_cookie_as_the_privacy_notice_says(client, network):
    """ "Reading the public pages needs no account and sets no cookie.\""""
    paths = [
        "/en/",
        "/fr/cities/",
        "/es/cities/map/",
        "/en/cities/cork/",
        "/en/clusters/",
        "/en/search/?q=cork",
        "/en/awards/",
        "/en/conferences/",
        "/en/statistics/",
        "/en/join/",
        "/en/privacy/",
        "/api/v1/cities/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, (path, list(response.cookies))


# A property that names a physical side: in a right-to-left page it would not mirror.
PHYSICAL_SIDE = re.compile(
    r"(?m)^\s*(?:(?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?|left|right"
    r"|border-(?:top|bottom)-(?:left|right)-radius)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)\b"
)


@pytest.mark.parametrize("name", ["gnlc.css", "map.css", "admin.css"])
def test_the_sites_css_names_no_physical_side(name):
    """The site's own rules use logical properties (margin-inline-start, inset-inline-end,
    ...), so that the same rule lays out a right-to-left language mirrored (docs/design.md)."""
    css = (settings.BASE_DIR / "static" / "css" / name).read_text(encoding="utf-8")
    assert PHYSICAL_SIDE.findall(css) == []
    assert "inline-start" in css or name != "gnlc.css"


def test_a_right_to_left_language_gets_bootstraps_right_to_left_build(rf):
    """Ahead of Arabic (issue 16): a page in a language written right to left says so
    (dir="rtl") and loads Bootstrap's mirrored build; left to right, the usual one."""
    from django.template.loader import render_to_string
    from django.utils import translation

    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("ar"):
        rtl = render_to_string("base.html", request=request)
    with translation.override("en"):
        ltr = render_to_string("base.html", request=request)
    assert 'dir="rtl"' in rtl
    assert "vendor/bootstrap/bootstrap.rtl.min.css" in rtl
    assert "vendor/bootstrap/bootstrap.min.css" not in rtl
    assert 'dir="ltr"' in ltr
    assert "vendor/bootstrap/bootstrap.min.css" in ltr
    assert "bootstrap.rtl" not in ltr
