"""The back office of the award. Django's autodiscovery imports this package; importing its
modules registers their ModelAdmins: cycles and awards (cycles.py), the review queue of award
applications (applications.py)."""

from . import applications, cycles  # noqa: F401
