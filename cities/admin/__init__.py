"""The back office of the cities app. Django's autodiscovery imports this package; importing
its modules registers their ModelAdmins: members and clusters (members.py), calls and National
Commissions (calls.py), the review queue of membership applications (applications.py)."""

from . import applications, calls, members  # noqa: F401
