"""The back office of the members' area and the progress reports. Django's autodiscovery
imports this package; importing its modules registers their ModelAdmins: the co-editors and
invitations (editors.py), the profile proposals (profiles.py), the reporting cycles and the
review queue of progress reports (reports.py). The standing filter and field on the cities'
admin (standing.py) are added by MembersConfig.ready()."""

from . import editors, profiles, reports  # noqa: F401  (they register their admins)
