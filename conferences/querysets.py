from django.db import models


class ConferenceQuerySet(models.QuerySet):
    def public(self):
        """The conferences the public pages and the open data show: confirmed ones only."""
        return self.filter(confirmed=True)


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents whose existence the sources confirm; the others stay for staff."""
        return self.filter(confirmed=True)
