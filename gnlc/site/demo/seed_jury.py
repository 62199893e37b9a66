"""A demo award cycle in the jury phase, with demo jurors and scores, so that the jury area
and the ranking can be tried right after `make run` (issue 4). Demo accounts only: it is
loaded with `seed_demo --demo-accounts` (the default when DEBUG is on)."""

import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from awards import services as award_services
from awards.enums import AwardApplicationState, CyclePhase
from awards.models import AwardApplication, AwardCycle, Criterion, CriterionAnswer, JuryAssignment
from cities.models import City

DEMO_YEAR = 2027
DEMO_PASSWORD = "learning-cities-demo"  # noqa: S105 - a printed demo account, dev only
# (e-mail, name, country): the German juror is in conflict with Hamburg automatically.
JURORS = [
    ("juror1@gnlc.example", "Ana Demo (juror)", "BR"),
    ("juror2@gnlc.example", "Bo Demo (juror)", "DE"),
    ("juror3@gnlc.example", "Chen Demo (juror)", "KE"),
]
SHORTLIST = [("Hamburg", "DE"), ("Espoo", "FI"), ("Bristol", "GB"), ("Suwon", "KR")]
TITLES = {
    "en": "UNESCO Learning City Award 2027 (demo)",
    "fr": "Prix UNESCO de la ville apprenante 2027 (démonstration)",
    "es": "Premio UNESCO Ciudad del Aprendizaje 2027 (demostración)",
}


def seed_demo_jury(report):
    """The demo cycle (criteria copied from 2024), four shortlisted members, three jurors:
    two have submitted their reviews, the third has a conflict and a review in progress."""
    cycle, _ = AwardCycle.objects.update_or_create(
        year=DEMO_YEAR,
        defaults={f"title_{code}": title for code, title in TITLES.items()},
    )
    # The phase is moved by the workflow in real cycles; the demo starts in the jury phase.
    AwardCycle.objects.filter(pk=cycle.pk).update(phase=CyclePhase.JURY)
    _copy_criteria(cycle)
    applications = [_shortlisted(cycle, name, country) for name, country in SHORTLIST]
    jurors = [_juror(*juror) for juror in JURORS]
    for index, juror in enumerate(jurors):
        for application in applications:
            assignment = JuryAssignment.objects.filter(application=application, juror=juror).first()
            if assignment is None:
                assignment = award_services.assign_juror(application, juror, by=None)
            # Scores already there (a second run, or someone trying the jury) are kept.
            if award_services.has_conflict(assignment) or assignment.scores.exists():
                continue
            rng = random.Random(f"{DEMO_YEAR}-{juror.email}-{application.city.slug}")
            for criterion in cycle.criteria.order_by("order"):
                value = Decimal(rng.randint(4 + index, 9))
                award_services.record_score(assignment, criterion, value=value, comment="Demo")
            if index != 1:  # the second juror has not submitted yet
                award_services.submit_review(assignment)
    report(
        f"Demo award cycle {DEMO_YEAR} in the jury phase: {len(applications)} applications, "
        f"{len(jurors)} jurors — log in at /en/accounts/login/ as "
        f"{JURORS[1][0]} / {DEMO_PASSWORD} and open /en/jury/"
    )


def _copy_criteria(cycle):
    source = AwardCycle.objects.filter(year=2024).first()
    for criterion in Criterion.objects.filter(cycle=source).order_by("order"):
        Criterion.objects.update_or_create(
            cycle=cycle,
            order=criterion.order,
            defaults={
                "name_en": criterion.name_en,
                "name_fr": criterion.name_fr,
                "name_es": criterion.name_es,
                "weight": criterion.weight,
            },
        )


def _shortlisted(cycle, name, country):
    city = City.objects.get(name_en=name, country=country)
    application, created = AwardApplication.objects.get_or_create(cycle=cycle, city=city)
    if created:
        # No application workflow exists yet (issue 4): the demo places them on the shortlist.
        AwardApplication.objects.filter(pk=application.pk).update(
            state=AwardApplicationState.SHORTLISTED
        )
        for criterion in cycle.criteria.all():
            CriterionAnswer.objects.get_or_create(
                application=application,
                criterion=criterion,
                defaults={"text": f"{name}: a demo answer about “{criterion.name_en}”."},
            )
    return application


def _juror(email, name, country):
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": name, "country": country}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
