from django.core.management.base import BaseCommand

from gnlc.site import world_map


class Command(BaseCommand):
    help = (
        "Write static/img/world-land.svg (the land silhouette behind the locator thumbnails) "
        "from the vendored world-atlas land-110m.json. Run after refreshing world-atlas."
    )

    def handle(self, *args, **options):
        world_map.LAND_SVG_FILE.write_text(world_map.land_svg(), encoding="utf-8")
        self.stdout.write(f"Wrote {world_map.LAND_SVG_FILE}")
