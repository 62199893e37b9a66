"""Which member cities a reporting cycle asks to report, and by when (their cohort)."""

from cities.enums import MembershipStatus, MemberSincePrecision
from cities.models import City
from cities.selectors import member_since_date


def admitted_by_cut_off(city, cycle):
    """Whether `city` was a member on the cycle's cut-off day. Where the day of admission is on
    record, that day is compared; where only the year is known, the year (a city admitted in
    the cut-off's year, on an unknown day, is in scope). A city whose year is unknown is in
    scope: it has been a member for longer than the portal's records."""
    if city.member_since_precision == MemberSincePrecision.DAY:
        day = member_since_date(city)
        if day is not None:
            return day <= cycle.cut_off
    if city.member_since is None:
        return True
    return city.member_since <= cycle.cut_off.year


def cohort_for(city, cohorts):
    """The first of `cohorts` that includes the city's year of admission (a city whose year
    is unknown belongs to the cohort open at its start), or None."""
    year = city.member_since
    for cohort in cohorts:
        if year is None:
            if cohort.admitted_from is None:
                return cohort
        elif cohort.includes(year):
            return cohort
    return None


def cities_in_scope(cycle):
    """The active members admitted by the cycle's cut-off, each with its cohort (None when no
    cohort covers it): a list of (city, cohort), in name order."""
    cohorts = list(cycle.cohorts.all())
    cities = City.objects.filter(status=MembershipStatus.ACTIVE).order_by("name_en")
    return [
        (city, cohort_for(city, cohorts)) for city in cities if admitted_by_cut_off(city, cycle)
    ]
