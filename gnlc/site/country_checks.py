"""`manage.py check --database default` names the stored rows whose country is not in the list
of UNESCO's members (gnlc/core/countries.py): rows saved when the portal offered the ISO list
(Taiwan, Israel, Greenland...). Such a row shows no country name anywhere until staff choose
one (docs/countries.md); Hong Kong's rows were moved to China by a migration.

A check of the site layer, because it reads the models of several apps."""

from django.contrib.auth import get_user_model
from django.core import checks
from django.db import DatabaseError

from cities.models import City, MembershipApplication, NationalCommission
from conferences.models import Conference, Speaker
from gnlc.core.countries import COUNTRIES


def _models_with_a_country():
    return [City, MembershipApplication, NationalCommission, Conference, Speaker, get_user_model()]


@checks.register(checks.Tags.database)
def countries_outside_the_list(app_configs=None, databases=None, **kwargs):
    warnings = []
    for database in databases or ():
        for model in _models_with_a_country():
            rows = (
                model._default_manager.using(database)
                .exclude(country="")
                .exclude(country__in=list(COUNTRIES))
            )
            try:
                codes = sorted({str(code) for code in rows.values_list("country", flat=True)})
                count = rows.count()
            except DatabaseError:  # not migrated yet: nothing stored to check
                continue
            if codes:
                warnings.append(
                    checks.Warning(
                        f"{count} {model._meta.verbose_name_plural} stored with a country that "
                        f"is not a UNESCO Member State or Associate Member: {', '.join(codes)}.",
                        hint="Choose one of the list for each (docs/countries.md); until then "
                        "they show no country name.",
                        obj=model,
                        id="gnlc.W001",
                    )
                )
    return warnings
