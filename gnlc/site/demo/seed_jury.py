"""A demo award cycle in the jury phase, with demo jurors and scores, so that the jury area
and the ranking can be tried right after `make run` (issue 4). Demo accounts only: it is
loaded with `seed_demo --demo-accounts` (the default when DEBUG is on).

Everything goes through the award's services, as in a real cycle: staff move the cycle
through its phases, each city's focal point applies while the cycle is open (in a window that
ended two months before the first seeding), the National Commission nominates through its
link, staff screen and shortlist, jurors are assigned and score. Each step is taken only where
it is still to take, so that seeding again changes nothing."""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from awards import services as award_services
from awards.enums import AwardApplicationState, CyclePhase, NominationDecision
from awards.models import AwardCycle, Criterion, JuryAssignment
from cities import services as city_services
from cities.models import City

from .seed import DEMO_STAFF_EMAIL

DEMO_YEAR = 2027
# (e-mail, name, country): the German juror is in conflict with Hamburg automatically.
JURORS = [
    ("juror1@gnlc.example", "Ana Demo (juror)", "BR"),
    ("juror2@gnlc.example", "Bo Demo (juror)", "DE"),
    ("juror3@gnlc.example", "Chen Demo (juror)", "KE"),
]
SHORTLIST = [("Hamburg", "DE"), ("Espoo", "FI"), ("Bristol", "GB"), ("Suwon", "KR")]
# Field suffixes of the languages ("zh_hans").
LANGUAGES = [code.replace("-", "_") for code in settings.MODELTRANSLATION_LANGUAGES]
ZONE = ZoneInfo("Europe/Berlin")
# The smallest file the upload check takes for a PDF: the signature first, the marker last.
CONSENT_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TITLES = {
    "en": "UNESCO Learning City Award 2027 (demo)",
    "fr": "Prix UNESCO de la ville apprenante 2027 (démonstration)",
    "es": "Premio UNESCO Ciudad del Aprendizaje 2027 (demostración)",
    "ar": "جائزة اليونسكو لمدن التعلّم 2027 (تجريبية)",
    "zh_hans": "2027年联合国教科文组织学习型城市奖（演示）",
    "ru": "Премия ЮНЕСКО для обучающихся городов 2027 (демонстрация)",
}

# A scoring guide for the demo cycle (UIL writes its own for a real cycle, in the admin).
DEMO_GUIDE = {
    "guide_lowest_en": "The answer gives no evidence for this criterion.",
    "guide_lowest_fr": "La réponse n'apporte aucun élément pour ce critère.",
    "guide_lowest_es": "La respuesta no aporta ninguna evidencia para este criterio.",
    "guide_highest_en": "Clear results, measured over time and documented by the city.",
    "guide_highest_fr": "Des résultats nets, mesurés dans la durée et documentés par la ville.",
    "guide_highest_es": "Resultados claros, medidos en el tiempo y documentados por la ciudad.",
    "guide_lowest_ar": "لا تقدم الإجابة أي دليل على استيفاء هذا المعيار.",
    "guide_lowest_zh_hans": "回答未就该标准提供任何证据。",
    "guide_lowest_ru": "В ответе нет никаких свидетельств по этому критерию.",
    "guide_highest_ar": "نتائج واضحة، مقيسة على مر الزمن وموثقة من قبل المدينة.",
    "guide_highest_zh_hans": "成果明确，经长期衡量，并有城市提供的书面记录。",
    "guide_highest_ru": (
        "Четкие результаты, измеряемые на протяжении времени и документально подтвержденные "
        "городом."
    ),
}


def seed_demo_jury(report, password):
    """The demo cycle (criteria copied from 2024), four shortlisted members, three jurors
    (signing in with `password`): two have submitted their reviews, the third has a conflict
    and a review in progress."""
    staff = get_user_model().objects.get(email=DEMO_STAFF_EMAIL)
    cycle = _demo_cycle()
    _copy_criteria(cycle)
    cities = [City.objects.get(name_en=name, country=country) for name, country in SHORTLIST]
    _take_applications(cycle, cities, staff)
    applications = list(
        cycle.applications.filter(city__in=cities, state=AwardApplicationState.SHORTLISTED)
        .select_related("city")
        .order_by("pk")
    )
    jurors = [_juror(*juror, password=password) for juror in JURORS]
    for index, juror in enumerate(jurors):
        for application in applications:
            assignment = JuryAssignment.objects.filter(application=application, juror=juror).first()
            if assignment is None:
                assignment = award_services.assign_juror(application, juror, by=staff)
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
        f"{JURORS[1][0]} / {password} and open /en/jury/"
    )


def _demo_cycle():
    """The demo cycle; created with an application window that ended two months ago."""
    today = timezone.localdate()
    opens = datetime.datetime.combine(today - datetime.timedelta(days=120), datetime.time(9), ZONE)
    closes = datetime.datetime.combine(
        today - datetime.timedelta(days=60), datetime.time(23, 59), ZONE
    )
    # Not a real round of the award: marked "Demonstration" in public, off the statistics.
    titles = {f"title_{code}": title for code, title in TITLES.items()} | {"is_demonstration": True}
    cycle, _ = AwardCycle.objects.update_or_create(
        year=DEMO_YEAR,
        defaults=titles,
        create_defaults={
            **titles,
            "opens_at": opens,
            "closes_at": closes,
            "time_zone": "Europe/Berlin",
        },
    )
    return cycle


def _take_applications(cycle, cities, staff):
    """Walk the cycle to the jury phase, taking the cities' applications through each phase's
    steps on the way: applying while open, nomination, screening and shortlisting. A cycle
    already further on (a second run) is left as it is."""
    if cycle.phase == CyclePhase.ANNOUNCED:
        award_services.advance_phase(cycle, by=staff)
    if cycle.phase == CyclePhase.OPEN:
        for city in cities:
            _apply(cycle, city)
        award_services.advance_phase(cycle, by=staff)
    if cycle.phase == CyclePhase.NOMINATION:
        for application in cycle.applications.filter(state=AwardApplicationState.SUBMITTED):
            invitation = application.nomination_invitations.filter(used_at=None).first()
            award_services.record_nomination(
                invitation,
                decision=NominationDecision.NOMINATE,
                signed_by="Secretary-General of the National Commission (demo)",
                at=cycle.closes_at + datetime.timedelta(days=7),
            )
        award_services.advance_phase(cycle, by=staff)
    if cycle.phase == CyclePhase.SCREENING:
        for application in cycle.applications.filter(state=AwardApplicationState.NOMINATED):
            award_services.screen_application(application, eligible=True, by=staff)
        for application in cycle.applications.filter(state=AwardApplicationState.ELIGIBLE):
            award_services.shortlist_application(application, by=staff)
        award_services.advance_phase(cycle, by=staff)


def _apply(cycle, city):
    """The city's focal point applies on the window's second day: answers, consent form,
    submission."""
    focal_point = city.focal_point or _focal_point(city)
    at = cycle.opens_at + datetime.timedelta(days=1)
    application = award_services.start_award_application(
        city=city, cycle=cycle, by=focal_point, at=at
    )
    answers = {
        criterion.pk: f"{city.name_en}: a demo answer about “{criterion.name_en}”."
        for criterion in cycle.criteria.all()
    }
    award_services.save_answers(application, answers=answers, by=focal_point)
    consent = ContentFile(CONSENT_PDF, name="consent.pdf")
    award_services.set_consent_form(application, file=consent, by=focal_point)
    award_services.submit_award_application(application, by=focal_point, at=at)


def _focal_point(city):
    """A demo account as the city's focal point (no password: nobody signs in with it)."""
    email = f"focal-point.{city.slug}@gnlc.example"
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": f"{city.name_en} focal point (demo)"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    city_services.update_city(city, focal_point=user)
    return user


def _copy_criteria(cycle):
    source = AwardCycle.objects.filter(year=2024).first()
    for criterion in Criterion.objects.filter(cycle=source).order_by("order"):
        Criterion.objects.update_or_create(
            cycle=cycle,
            order=criterion.order,
            defaults={
                **{f"name_{code}": getattr(criterion, f"name_{code}") for code in LANGUAGES},
                "weight": criterion.weight,
                **DEMO_GUIDE,
            },
        )


def _juror(email, name, country, *, password):
    user, _created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": name, "country": country, "is_juror": True}
    )
    user.set_password(password)
    user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
