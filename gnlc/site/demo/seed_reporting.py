"""Demonstration progress reports (issue 15), loaded with `seed_demo --demo-accounts` (the
default when DEBUG is on), after the demo staff account.

Two demonstration cycles, both marked as such wherever they appear:

- "Biennial progress report April 2019 – September 2021", with the cohorts UIL set (members
  admitted up to 2019 report by 31 December 2021, those admitted in 2020 by 2 December 2022;
  cut-off 31 December 2020; gnlc-facts §1.6). It was opened on 1 October 2021 and is now
  closed, its demo reports decided (accepted, not accepted) in 2022. The other members' reports
  of that cycle stay drafts of a closed cycle: they are not "overdue" anywhere (the standing
  reads open cycles only, the statistics leave demonstration cycles out), because the real
  network reported outside this portal and nothing here may say those cities did not.
- A current demonstration cycle, opened 30 days before the first seeding with its deadline
  120 days after it, holding demo reports in the states of a review in progress (draft,
  submitted, under review, information requested).

The questions follow what the regulations ask for ("strategies, activities and initiatives",
word limits, "concrete statistics", illustrations; gnlc-facts §1.4, §1.6); their wording is
the portal's, marked as demonstration questions, not UIL's questionnaire, and no Key Feature
or indicator is quoted. The answers say they are demonstration text and state no fact about
the city.

Everything goes through members.services.reports, each step taken only where it is still to
take, so that seeding again changes nothing. The demo focal points sign in with the printed
password."""

import datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from cities.models import City, Cluster
from cities.services import update_city
from members.enums import AnswerKind, CycleState, ReportState
from members.models import Cohort, ReportingCycle, ReportQuestion, ReportSection
from members.services import reports as reporting

from .seed import DEMO_STAFF_EMAIL

ZONE = ZoneInfo("Europe/Berlin")
PAST_TITLE = "Biennial progress report April 2019 – September 2021"
CURRENT_TITLE = "Biennial progress report: current demonstration cycle"
TITLES = {
    PAST_TITLE: {
        "fr": "Rapport de suivi biennal avril 2019 – septembre 2021",
        "es": "Informe de avance bienal abril de 2019 – septiembre de 2021",
    },
    CURRENT_TITLE: {
        "fr": "Rapport de suivi biennal : cycle de démonstration en cours",
        "es": "Informe de avance bienal: ciclo de demostración en curso",
    },
}
INTRODUCTION = {
    "en": (
        "Demonstration cycle: the questions are examples written for this portal, not UIL's "
        "questionnaire. Report on your city's strategies, activities and initiatives towards "
        "promoting lifelong learning for all during the period covered, with concrete "
        "statistics where you can."
    ),
    "fr": (
        "Cycle de démonstration\u00a0: les questions sont des exemples rédigés pour ce portail, "
        "et non le questionnaire de l'UIL. Rendez compte des stratégies, activités et "
        "initiatives de votre ville en faveur de l'apprentissage tout au long de la vie pour "
        "tous pendant la période couverte, avec des statistiques concrètes lorsque c'est "
        "possible."
    ),
    "es": (
        "Ciclo de demostración: las preguntas son ejemplos redactados para este portal, no el "
        "cuestionario del UIL. Informe sobre las estrategias, actividades e iniciativas de su "
        "ciudad para promover el aprendizaje a lo largo de toda la vida para todos durante el "
        "período cubierto, con estadísticas concretas cuando sea posible."
    ),
}

# (section, optional, [(kind, word limit, required, en, fr, es)])
SECTIONS = [
    (
        ("Strategies", "Stratégies", "Estrategias"),
        False,
        [
            (
                AnswerKind.TEXT,
                300,
                True,
                "Describe the city's strategy for promoting lifelong learning for all during "
                "the period covered.",
                "Décrivez la stratégie de la ville en faveur de l'apprentissage tout au long de "
                "la vie pour tous pendant la période couverte.",
                "Describa la estrategia de la ciudad para promover el aprendizaje a lo largo de "
                "toda la vida para todos durante el período cubierto.",
            ),
            (
                AnswerKind.YES_NO,
                None,
                True,
                "Was this strategy adopted or renewed during the period covered?",
                "Cette stratégie a-t-elle été adoptée ou renouvelée pendant la période "
                "couverte\u00a0?",
                "¿Se adoptó o renovó esta estrategia durante el período cubierto?",
            ),
        ],
    ),
    (
        ("Activities", "Activités", "Actividades"),
        False,
        [
            (
                AnswerKind.TEXT,
                300,
                True,
                "Describe the main activities the city carried out to promote lifelong learning.",
                "Décrivez les principales activités menées par la ville pour promouvoir "
                "l'apprentissage tout au long de la vie.",
                "Describa las principales actividades que la ciudad llevó a cabo para promover "
                "el aprendizaje a lo largo de toda la vida.",
            ),
            (
                AnswerKind.NUMBER,
                None,
                False,
                "How many people took part in these activities (with the year of the figure)?",
                "Combien de personnes ont participé à ces activités (avec l'année du "
                "chiffre)\u00a0?",
                "¿Cuántas personas participaron en estas actividades (con el año de la cifra)?",
            ),
        ],
    ),
    (
        ("Initiatives", "Initiatives", "Iniciativas"),
        False,
        [
            (
                AnswerKind.TEXT,
                200,
                True,
                "Describe one initiative the city would like to share with the network.",
                "Décrivez une initiative que la ville souhaite partager avec le réseau.",
                "Describa una iniciativa que la ciudad desee compartir con la red.",
            ),
            (
                AnswerKind.CHOICE,
                None,
                False,
                "Which thematic cluster of the network is closest to this initiative?",
                "De quel groupe thématique du réseau cette initiative est-elle la plus "
                "proche\u00a0?",
                "¿A qué grupo temático de la red se acerca más esta iniciativa?",
            ),
        ],
    ),
    (
        ("Illustrations", "Illustrations", "Ilustraciones"),
        True,
        [
            (
                AnswerKind.ATTACHMENT,
                None,
                False,
                "Attach illustrations or case studies (PDF).",
                "Joignez des illustrations ou des études de cas (PDF).",
                "Adjunte ilustraciones o estudios de caso (PDF).",
            ),
        ],
    ),
]

# The same texts in Arabic, Chinese and Russian, by the English one (field suffixes as the
# translated fields name them).
OTHER_LANGUAGES = {
    PAST_TITLE: {
        "ar": "التقرير المرحلي كل سنتين نيسان/أبريل 2019 – أيلول/سبتمبر 2021",
        "zh_hans": "两年期进展报告（2019年4月至2021年9月）",
        "ru": "Доклад о ходе работы за два года: апрель 2019 г. – сентябрь 2021 г.",
    },
    CURRENT_TITLE: {
        "ar": "التقرير المرحلي كل سنتين: دورة تجريبية جارية",
        "zh_hans": "两年期进展报告：进行中的演示周期",
        "ru": "Доклад о ходе работы за два года: текущий демонстрационный цикл",
    },
    INTRODUCTION["en"]: {
        "ar": (
            "دورة تجريبية: الأسئلة أمثلة كتبت لهذه البوابة، وليست استبيان معهد اليونسكو للتعلّم "
            "مدى الحياة. قدموا تقريرا عن استراتيجيات مدينتكم وأنشطتها ومبادراتها من أجل تعزيز "
            "التعلّم مدى الحياة للجميع خلال الفترة المشمولة، مع إحصاءات ملموسة حيثما أمكن."
        ),
        "zh_hans": (
            "演示周期：问题是为本门户网站编写的示例，并非联合国教科文组织终身学习研究所的调查问卷。"
            "请报告贵市在所涉期间为促进全民终身学习而制定的战略、开展的活动和采取的举措，"
            "并尽可能提供具体的统计数据。"
        ),
        "ru": (
            "Демонстрационный цикл: вопросы — примеры, составленные для этого портала, а не "
            "вопросник Института ЮНЕСКО по обучению на протяжении всей жизни. Расскажите о "
            "стратегиях, мероприятиях и инициативах вашего города по содействию обучению на "
            "протяжении всей жизни для всех в отчетный период, по возможности с конкретными "
            "статистическими данными."
        ),
    },
    "Strategies": {"ar": "الاستراتيجيات", "zh_hans": "战略", "ru": "Стратегии"},
    "Activities": {"ar": "الأنشطة", "zh_hans": "活动", "ru": "Мероприятия"},
    "Initiatives": {"ar": "المبادرات", "zh_hans": "举措", "ru": "Инициативы"},
    "Illustrations": {"ar": "الرسوم التوضيحية", "zh_hans": "图示材料", "ru": "Иллюстрации"},
    SECTIONS[0][2][0][3]: {
        "ar": "صفوا استراتيجية المدينة لتعزيز التعلّم مدى الحياة للجميع خلال الفترة المشمولة.",
        "zh_hans": "请介绍本市在所涉期间促进全民终身学习的战略。",
        "ru": (
            "Опишите стратегию города по содействию обучению на протяжении всей жизни для всех "
            "в отчетный период."
        ),
    },
    SECTIONS[0][2][1][3]: {
        "ar": "هل اعتمدت هذه الاستراتيجية أو جددت خلال الفترة المشمولة؟",
        "zh_hans": "该战略是否在所涉期间获得通过或更新？",
        "ru": "Была ли эта стратегия принята или обновлена в отчетный период?",
    },
    SECTIONS[1][2][0][3]: {
        "ar": "صفوا الأنشطة الرئيسية التي نفذتها المدينة لتعزيز التعلّم مدى الحياة.",
        "zh_hans": "请介绍本市为促进终身学习开展的主要活动。",
        "ru": (
            "Опишите основные мероприятия, проведенные городом для содействия обучению на "
            "протяжении всей жизни."
        ),
    },
    SECTIONS[1][2][1][3]: {
        "ar": "كم عدد الأشخاص الذين شاركوا في هذه الأنشطة (مع سنة الرقم)؟",
        "zh_hans": "有多少人参加了这些活动（请注明数字所属年份）？",
        "ru": "Сколько человек приняли участие в этих мероприятиях (с указанием года данных)?",
    },
    SECTIONS[2][2][0][3]: {
        "ar": "صفوا مبادرة واحدة تود المدينة مشاركتها مع الشبكة.",
        "zh_hans": "请介绍本市希望与网络分享的一项举措。",
        "ru": "Опишите одну инициативу, которой город хотел бы поделиться с сетью.",
    },
    SECTIONS[2][2][1][3]: {
        "ar": "ما المجموعة المواضيعية للشبكة الأقرب إلى هذه المبادرة؟",
        "zh_hans": "该举措与网络的哪个专题组最为相关？",
        "ru": "Какая тематическая группа сети ближе всего к этой инициативе?",
    },
    SECTIONS[3][2][0][3]: {
        "ar": "أرفقوا رسوما توضيحية أو دراسات حالة (PDF).",
        "zh_hans": "请附上图示材料或案例研究（PDF）。",
        "ru": "Приложите иллюстрации или тематические исследования (PDF).",
    },
}


def _other(field, english):
    """The Arabic, Chinese and Russian fields of the text whose English is `english`."""
    return {f"{field}_{code}": text for code, text in OTHER_LANGUAGES.get(english, {}).items()}


DEMO_TEXT = (
    "Demonstration answer written for this portal: it shows where the city's text appears "
    "and states nothing about the city."
)

# (city, country, cycle, state): the demo reports. Cities with awards, none on the demo
# jury's shortlist.
REPORTS = [
    ("Cork", "IE", PAST_TITLE, ReportState.ACCEPTED),
    ("Larissa", "GR", PAST_TITLE, ReportState.ACCEPTED),
    ("Okayama", "JP", PAST_TITLE, ReportState.ACCEPTED),
    ("Limerick", "IE", PAST_TITLE, ReportState.NOT_ACCEPTED),
    ("Swansea", "GB", CURRENT_TITLE, ReportState.DRAFT),
    ("Aswan", "EG", CURRENT_TITLE, ReportState.SUBMITTED),
    ("Medellín", "CO", CURRENT_TITLE, ReportState.UNDER_REVIEW),
    ("Mexico City", "MX", CURRENT_TITLE, ReportState.INFO_REQUESTED),
]
PAST_OPENED = datetime.datetime(2021, 10, 1, 9, 0, tzinfo=ZONE)
PAST_SUBMITTED = datetime.datetime(2021, 12, 10, 11, 0, tzinfo=ZONE)
PAST_DECIDED = datetime.datetime(2022, 3, 15, 10, 0, tzinfo=ZONE)


def focal_email(city):
    return f"focal.{city.slug}@example.org"


def seed_demo_reporting(report, password, *, now=None):
    """The two demonstration cycles and their demo reports; the demo focal points' accounts
    (signing in with `password`), printed."""
    now = now or timezone.now()
    staff = get_user_model().objects.get(email=DEMO_STAFF_EMAIL)
    cycles = {PAST_TITLE: _past_cycle(staff), CURRENT_TITLE: _current_cycle(staff, now)}
    for name, country, title, state in REPORTS:
        city = City.objects.filter(name_en=name, country=country).first()
        if city is None:
            continue
        focal = _focal_point(city, password)
        cycle = cycles[title]
        progress = cycle.reports.filter(city=city).first()
        if progress is not None:
            _bring_to(progress, state, focal=focal, staff=staff, past=title == PAST_TITLE, now=now)
        report(f"Demo focal point of {city.name_en}: {focal.email} / {password}")
    past = ReportingCycle.objects.get(pk=cycles[PAST_TITLE].pk)
    if past.state == CycleState.OPEN:
        reporting.close_cycle(past, by=staff)
    report(f"Demo reporting cycles: {PAST_TITLE} (closed); {CURRENT_TITLE} (open)")


def _cycle(title, *, period, cut_off, cohorts):
    """The demonstration cycle `title` with its questions and cohorts; None if it exists."""
    if ReportingCycle.objects.filter(title_en=title).exists():
        return None
    cycle = ReportingCycle.objects.create(
        title_en=title,
        title_fr=TITLES[title]["fr"],
        title_es=TITLES[title]["es"],
        introduction_en=INTRODUCTION["en"],
        introduction_fr=INTRODUCTION["fr"],
        introduction_es=INTRODUCTION["es"],
        **_other("title", title),
        **_other("introduction", INTRODUCTION["en"]),
        period_start=period[0],
        period_end=period[1],
        cut_off=cut_off,
        time_zone="Europe/Berlin",
        is_demonstration=True,
    )
    for admitted_from, admitted_to, deadline in cohorts:
        Cohort.objects.create(
            cycle=cycle, admitted_from=admitted_from, admitted_to=admitted_to, deadline=deadline
        )
    clusters = list(Cluster.objects.order_by("order", "name_en"))
    for order, (titles, optional, questions) in enumerate(SECTIONS):
        section = ReportSection.objects.create(
            cycle=cycle,
            title_en=titles[0],
            title_fr=titles[1],
            title_es=titles[2],
            **_other("title", titles[0]),
            optional=optional,
            order=order,
        )
        for number, (kind, limit, required, en, fr, es) in enumerate(questions):
            choices = {}
            if kind == AnswerKind.CHOICE:
                choices = {
                    f"choices_{code}": "\n".join(
                        getattr(c, f"name_{code}") or c.name_en for c in clusters
                    )
                    for code in ("en", "fr", "es", "ar", "zh_hans", "ru")
                }
            ReportQuestion.objects.create(
                cycle=cycle,
                section=section,
                order=number,
                title_en=en,
                title_fr=fr,
                title_es=es,
                **_other("title", en),
                kind=kind,
                word_limit=limit,
                required=required,
                is_demonstration=True,
                **choices,
            )
    return cycle


def _past_cycle(staff):
    cycle = _cycle(
        PAST_TITLE,
        period=(datetime.date(2019, 4, 1), datetime.date(2021, 9, 30)),
        cut_off=datetime.date(2020, 12, 31),
        cohorts=[
            (None, 2019, datetime.date(2021, 12, 31)),
            (2020, 2020, datetime.date(2022, 12, 2)),
        ],
    )
    if cycle is not None:
        reporting.open_cycle(cycle, by=staff, at=PAST_OPENED)
    return ReportingCycle.objects.get(title_en=PAST_TITLE)


def _current_cycle(staff, now):
    """Opened 30 days before the first seeding, due 120 days after it: the period is the two
    years up to the end of the month before the opening."""
    opened = now - datetime.timedelta(days=30)
    period_end = opened.astimezone(ZONE).date().replace(day=1) - datetime.timedelta(days=1)
    period_start = period_end.replace(year=period_end.year - 2) + datetime.timedelta(days=1)
    deadline = (now + datetime.timedelta(days=120)).astimezone(ZONE).date()
    cycle = _cycle(
        CURRENT_TITLE,
        period=(period_start, period_end),
        cut_off=datetime.date(opened.year - 1, 12, 31),
        cohorts=[(None, None, deadline)],
    )
    if cycle is not None:
        reporting.open_cycle(cycle, by=staff, at=opened)
    return ReportingCycle.objects.get(title_en=CURRENT_TITLE)


def _focal_point(city, password):
    """The demo account of the city's focal point (focal.<slug>@example.org)."""
    email = focal_email(city)
    user, _created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": f"Demo focal point of {city.name_en}"}
    )
    user.set_password(password)
    user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if city.focal_point_id != user.pk:
        update_city(city, focal_point=user)
    return user


def _answers(progress):
    """Demonstration answers to every question of a non-optional section (the numbers are
    left out of what the city makes public: a figure would read as the city's)."""
    values = {}
    for question in progress.cycle.questions.select_related("section"):
        if question.section.optional:
            continue
        if question.kind == AnswerKind.TEXT:
            values[question.pk] = {"text": DEMO_TEXT}
        elif question.kind == AnswerKind.YES_NO:
            values[question.pk] = {"yes_no": True}
        elif question.kind == AnswerKind.NUMBER:
            values[question.pk] = {"number": 1000, "number_year": progress.cycle.period_end.year}
        elif question.kind == AnswerKind.CHOICE and question.choice_list:
            values[question.pk] = {"choice": question.choice_list[0]}
    return values


def _bring_to(progress, state, *, focal, staff, past, now):
    """Take the demo report to `state`, one service at a time, from wherever it is."""
    if progress.state != ReportState.DRAFT or progress.answers.exists():
        return
    submitted = PAST_SUBMITTED if past else now - datetime.timedelta(days=10)
    decided = PAST_DECIDED if past else now - datetime.timedelta(days=3)
    values = _answers(progress)
    if state == ReportState.DRAFT:
        # A draft in progress: the first section only.
        first = progress.cycle.questions.order_by("section__order", "order").first()
        values = {first.pk: values[first.pk]}
    reporting.save_answers(progress, by=focal, values=values, revisions={}, at=submitted)
    if state == ReportState.DRAFT:
        return
    public = [q.pk for q in progress.cycle.questions.all() if q.kind == AnswerKind.TEXT]
    progress = reporting.submit_report(progress, by=focal, public_questions=public, at=submitted)
    if state == ReportState.SUBMITTED:
        return
    progress = reporting.start_review(progress, by=staff, at=submitted + datetime.timedelta(days=1))
    if state == ReportState.INFO_REQUESTED:
        reporting.request_information(
            progress,
            by=staff,
            message="Demonstration request: please add the figures of the period covered.",
            at=decided,
        )
    elif state == ReportState.ACCEPTED:
        reporting.accept_report(progress, by=staff, at=decided)
    elif state == ReportState.NOT_ACCEPTED:
        reporting.reject_report(
            progress,
            by=staff,
            reason="Demonstration decision: the report covers another period.",
            at=decided,
        )
