"""The focal point's award application: start, answers, uploads, submission (issue 4)."""

import datetime
import importlib

import pytest
from django.apps import apps as current_apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from awards import services
from awards.enums import AwardApplicationState, CyclePhase
from awards.models import AwardEvent, NominationInvitation
from cities.enums import MembershipStatus
from cities.services import change_membership_status
from tests import world

PASSWORD = "secret-pass-123"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def pdf(name="file.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def open_cycle(db):
    """The 2027 cycle, open now (from ten days ago to thirty days on, Paris time)."""
    now = timezone.now()
    return world.award_cycle(
        2027,
        phase=CyclePhase.OPEN,
        criteria=[{"name": "Vision", "word_limit": 5}, {"name": "Action", "word_limit": 50}],
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=30),
        time_zone="Europe/Paris",
        nominations_per_country=2,
    )


@pytest.fixture
def make_focal_city(make_city):
    def make(name, country="IE", email=None, language="en", **fields):
        user = world.user(
            email or f"focal@{name.lower()}.example",
            password=PASSWORD,
            full_name=f"Focal {name}",
            language=language,
        )
        fields.setdefault("member_since", 2015)
        return make_city(name, country, focal_point=user, **fields)

    return make


@pytest.fixture
def cork(make_focal_city):
    world.national_commission(
        "IE", name="Irish National Commission", emails="natcom@unesco.ie.example"
    )
    return make_focal_city("Cork")


def complete(application, user):
    criteria = list(application.cycle.criteria.all())
    services.save_answers(
        application, answers={c.pk: f"Our answer on {c.name}." for c in criteria}, by=user
    )
    services.set_consent_form(application, file=pdf("consent.pdf"), by=user)
    return application


def test_start_refused_to_someone_not_the_focal_point(open_cycle, cork, make_focal_city):
    other = make_focal_city("Espoo", "FI").focal_point
    with pytest.raises(services.AwardError, match="Only the city's focal point"):
        services.start_award_application(city=cork, cycle=open_cycle, by=other)


def test_start_refused_to_an_ineligible_city_with_the_reason(open_cycle, make_focal_city):
    # Admitted today: a year of membership is never complete when the cycle closes, a month
    # from now (a city "member since this year" has a whole year behind it in December).
    today = timezone.localdate()
    city = make_focal_city("Newtown", member_since=today.year, admitted_on=today)
    with pytest.raises(services.NotEligible, match="at least 12 months") as error:
        services.start_award_application(city=city, cycle=open_cycle, by=city.focal_point)
    assert len(error.value.reasons) == 1


def test_start_creates_one_draft_with_its_event(open_cycle, cork):
    first = services.start_award_application(city=cork, cycle=open_cycle, by=cork.focal_point)
    again = services.start_award_application(city=cork, cycle=open_cycle, by=cork.focal_point)
    assert first.pk == again.pk
    assert first.state == AwardApplicationState.DRAFT
    assert list(first.events.values_list("to_state", flat=True)) == ["draft"]


def test_answers_over_the_word_limit_refused_naming_the_criterion(open_cycle, cork):
    application = services.start_award_application(city=cork, cycle=open_cycle, by=cork.focal_point)
    vision = open_cycle.criteria.get(order=1)
    with pytest.raises(services.AwardError, match="“Vision”: shorten the answer to 5 words"):
        services.save_answers(
            application, answers={vision.pk: "one two three four five six"}, by=cork.focal_point
        )
    assert application.answers.count() == 0
    services.save_answers(application, answers={vision.pk: "one two three"}, by=cork.focal_point)
    assert list(application.answers.values_list("text", flat=True)) == ["one two three"]


def test_uploads_are_checked_by_content(open_cycle, cork):
    user = cork.focal_point
    application = services.start_award_application(city=cork, cycle=open_cycle, by=user)
    renamed_png = SimpleUploadedFile("photo.pdf", PNG, content_type="application/pdf")
    with pytest.raises(services.AwardError, match="not a PDF"):
        services.add_document(application, title="Photo", file=renamed_png, by=user)
    with pytest.raises(services.AwardError, match="not a PDF"):
        services.set_consent_form(application, file=SimpleUploadedFile("c.pdf", PNG), by=user)
    document = services.add_document(application, title="Strategy", file=pdf(), by=user)
    services.set_consent_form(application, file=pdf(), by=user)
    application.refresh_from_db()
    assert [d.title for d in application.documents.all()] == ["Strategy"]
    assert document.file.read().startswith(b"%PDF-")
    assert application.consent_form.name.endswith(".pdf")


def test_submit_lists_every_missing_item(open_cycle, cork):
    application = services.start_award_application(city=cork, cycle=open_cycle, by=cork.focal_point)
    with pytest.raises(services.AwardApplicationIncomplete) as error:
        services.submit_award_application(application, by=cork.focal_point)
    assert error.value.missing == [
        "an answer to “Vision”",
        "an answer to “Action”",
        "the signed consent form (PDF)",
    ]
    application.refresh_from_db()
    assert application.state == AwardApplicationState.DRAFT


def test_submit_after_closing_refused_with_the_time_in_the_cycles_zone(open_cycle, cork):
    application = complete(
        services.start_award_application(city=cork, cycle=open_cycle, by=cork.focal_point),
        cork.focal_point,
    )
    closes = timezone.localtime(open_cycle.closes_at, open_cycle.zone)
    later = open_cycle.closes_at + datetime.timedelta(minutes=1)
    with pytest.raises(services.CycleClosed) as error:
        services.submit_award_application(application, by=cork.focal_point, at=later)
    assert closes.strftime("%Y-%m-%d %H:%M") in str(error.value)
    assert "(Europe/Paris)" in str(error.value)


def test_submission_checks_eligibility_again(open_cycle, cork):
    application = complete(
        services.start_award_application(city=cork, cycle=open_cycle, by=cork.focal_point),
        cork.focal_point,
    )
    change_membership_status(cork, status=MembershipStatus.SUSPENDED, note="Suspended")
    application.city.refresh_from_db()
    with pytest.raises(services.NotEligible, match="only active members may apply"):
        services.submit_award_application(application, by=cork.focal_point)
    application.refresh_from_db()
    assert application.state == AwardApplicationState.DRAFT


@pytest.mark.django_db(transaction=True)
def test_submit_invites_the_commission_and_confirms_to_the_focal_point(open_cycle, cork):
    user = cork.focal_point
    application = complete(
        services.start_award_application(city=cork, cycle=open_cycle, by=user), user
    )
    mail.outbox.clear()
    services.submit_award_application(application, by=user)
    application.refresh_from_db()
    assert application.state == AwardApplicationState.SUBMITTED
    assert application.submitted_by == user
    event = application.events.get(to_state="submitted")
    assert (event.from_state, event.actor, event.visible_to_applicant) == ("draft", user, True)
    invitation = NominationInvitation.objects.get(application=application)
    assert invitation.sent_to == "natcom@unesco.ie.example"
    # The window is counted on the cycle's clock (tests/awards/test_date_edges.py): a plain
    # sum of 30 days of 24 hours is an hour off whenever the clocks change in between.
    assert invitation.expires_at == services.nomination_deadline(open_cycle)
    assert sorted(m.to for m in mail.outbox) == [
        ["focal@cork.example"],
        ["natcom@unesco.ie.example"],
    ]
    to_commission = next(m for m in mail.outbox if m.to == ["natcom@unesco.ie.example"])
    assert "/en/awards/nomination/" in to_commission.body
    assert "up to 2 cities" in to_commission.body


@pytest.mark.django_db(transaction=True)
def test_confirmation_in_the_focal_points_language(open_cycle, make_focal_city):
    city = make_focal_city("Lyon", "FR", language="fr")
    user = city.focal_point
    application = complete(
        services.start_award_application(city=city, cycle=open_cycle, by=user), user
    )
    mail.outbox.clear()
    services.submit_award_application(application, by=user)
    assert [m.to for m in mail.outbox] == [["focal@lyon.example"]]
    assert "/fr/awards/applications/" in mail.outbox[0].body
    # No Commission on file: staff are told in an internal event.
    assert AwardEvent.objects.filter(
        application=application, visible_to_applicant=False, kind="no_commission_address"
    ).exists()


def test_screen_and_shortlist_write_events(open_cycle, cork, staff_user):
    user = cork.focal_point
    application = complete(
        services.start_award_application(city=cork, cycle=open_cycle, by=user), user
    )
    services.submit_award_application(application, by=user)
    with pytest.raises(services.AwardTransitionNotAllowed):
        services.shortlist_application(application, by=staff_user)
    invitation = NominationInvitation.objects.get(application=application)
    services.record_nomination(invitation, decision="nominate", signed_by="Dr Ní Bhriain")
    with pytest.raises(services.AwardError, match="Give the reason"):
        services.screen_application(application, eligible=False, by=staff_user)
    services.screen_application(application, eligible=True, by=staff_user)
    services.shortlist_application(application, by=staff_user)
    application.refresh_from_db()
    assert application.state == AwardApplicationState.SHORTLISTED
    assert list(application.events.values_list("from_state", "to_state")) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "nominated"),
        ("nominated", "eligible"),
        ("eligible", "shortlisted"),
    ]


def test_not_eligible_keeps_the_reason(open_cycle, cork, staff_user):
    user = cork.focal_point
    application = complete(
        services.start_award_application(city=cork, cycle=open_cycle, by=user), user
    )
    services.submit_award_application(application, by=user)
    invitation = NominationInvitation.objects.get(application=application)
    services.record_nomination(invitation, decision="nominate", signed_by="Dr Ní Bhriain")
    services.screen_application(
        application, eligible=False, reason="No evidence of results.", by=staff_user
    )
    application.refresh_from_db()
    assert application.screening_note == "No evidence of results."
    assert application.events.last().note == "No evidence of results."


def test_withdraw_writes_the_event(open_cycle, cork):
    user = cork.focal_point
    application = services.start_award_application(city=cork, cycle=open_cycle, by=user)
    services.withdraw_award_application(application, by=user, note="Next cycle.")
    application.refresh_from_db()
    assert application.state == AwardApplicationState.WITHDRAWN
    assert application.events.last().note == "Next cycle."


# --- Views -----------------------------------------------------------------------------------


def test_apply_page_shows_eligibility_and_starts(client, open_cycle, cork, make_focal_city):
    client.force_login(cork.focal_point)
    url = reverse("awards:apply", kwargs={"year": 2027})
    response = client.get(url)
    assert "Eligible" in response.content.decode()
    response = client.post(url, {"city": cork.pk})
    application = cork.award_applications.get()
    assert response.url == reverse("awards:application-detail", args=[application.pk])


def test_apply_page_says_why_not(client, open_cycle, make_focal_city):
    today = timezone.localdate()  # admitted today: see the test of start_award_application
    city = make_focal_city("Newtown", member_since=today.year, admitted_on=today)
    client.force_login(city.focal_point)
    page = client.get(reverse("awards:apply", kwargs={"year": 2027})).content.decode()
    assert "Not eligible, because:" in page
    assert "at least 12 months" in page
    assert "Start the application" not in page


def test_answers_view_shows_errors_next_to_the_field(client, open_cycle, cork):
    user = cork.focal_point
    application = services.start_award_application(city=cork, cycle=open_cycle, by=user)
    client.force_login(user)
    vision, action = open_cycle.criteria.order_by("order")
    response = client.post(
        reverse("awards:application-answers", args=[application.pk]),
        {f"criterion_{vision.pk}": "a b c d e f g", f"criterion_{action.pk}": "fine"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Shorten this answer to 5 words (now 7)." in page
    assert f'id="id_criterion_{vision.pk}_error"' in page
    assert 'data-word-limit="5"' in page
    assert application.answers.count() == 0


def test_submit_view_lists_missing_items(client, open_cycle, cork):
    user = cork.focal_point
    application = services.start_award_application(city=cork, cycle=open_cycle, by=user)
    client.force_login(user)
    response = client.post(reverse("awards:application-submit", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "an answer to “Vision”" in page
    assert "the signed consent form (PDF)" in page


def test_consent_upload_view_refuses_a_renamed_png(client, open_cycle, cork):
    user = cork.focal_point
    application = services.start_award_application(city=cork, cycle=open_cycle, by=user)
    client.force_login(user)
    url = reverse("awards:application-consent", args=[application.pk])
    response = client.post(url, {"consent-file": SimpleUploadedFile("consent.pdf", PNG)})
    assert response.status_code == 400
    assert "This file is not a PDF document" in response.content.decode()
    response = client.post(url, {"consent-file": pdf()})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.consent_form


def test_after_submission_the_page_is_read_only_with_the_timeline(client, open_cycle, cork):
    user = cork.focal_point
    application = complete(
        services.start_award_application(city=cork, cycle=open_cycle, by=user), user
    )
    services.submit_award_application(application, by=user)
    client.force_login(user)
    page = client.get(reverse("awards:application-detail", args=[application.pk])).content.decode()
    assert "Timeline" in page
    assert "Our answer on Vision." in page
    assert "Save the answers" not in page
    response = client.post(reverse("awards:application-answers", args=[application.pk]), {"x": "y"})
    assert response.status_code == 302


# --- Permission table -----------------------------------------------------------------------


@pytest.fixture
def draft(open_cycle, cork):
    application = services.start_award_application(city=cork, cycle=open_cycle, by=cork.focal_point)
    services.add_document(application, title="Strategy", file=pdf(), by=cork.focal_point)
    services.set_consent_form(application, file=pdf(), by=cork.focal_point)
    return application


APPLICATION_URLS = [
    ("get", "awards:application-detail", ()),
    ("post", "awards:application-answers", ()),
    ("post", "awards:application-documents", ()),
    ("post", "awards:application-consent", ()),
    ("get", "awards:application-consent-file", ()),
    ("get", "awards:application-document-file", ("document",)),
    ("post", "awards:application-submit", ()),
    ("post", "awards:application-withdraw", ()),
]


@pytest.mark.parametrize(("method", "name", "extra"), APPLICATION_URLS)
@pytest.mark.parametrize(
    ("role", "expected"),
    [("visitor", 302), ("focal point", None), ("other focal point", 404), ("staff", 404)],
)
def test_permission_table_for_the_application_urls(
    client, draft, make_focal_city, staff_user, method, name, extra, role, expected
):
    args = [draft.pk] + [draft.documents.get().pk for _ in extra]
    url = reverse(name, args=args)
    if role == "focal point":
        client.force_login(draft.city.focal_point)
    elif role == "other focal point":
        client.force_login(make_focal_city("Espoo", "FI").focal_point)
    elif role == "staff":
        client.force_login(staff_user)
    response = getattr(client, method)(url)
    if role == "visitor":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected is not None:
        assert response.status_code == expected
    else:
        assert response.status_code in (200, 302, 400)
    draft.refresh_from_db()
    if role != "focal point":
        assert draft.state == AwardApplicationState.DRAFT


@pytest.mark.parametrize(
    ("role", "status"), [("visitor", 302), ("focal point", 200), ("other", 200), ("staff", 200)]
)
def test_permission_table_for_the_apply_page(
    client, open_cycle, cork, make_focal_city, staff_user, role, status
):
    url = reverse("awards:apply", kwargs={"year": 2027})
    user = {
        "visitor": None,
        "focal point": cork.focal_point,
        "other": make_focal_city("Espoo", "FI").focal_point,
        "staff": staff_user,
    }[role]
    if user:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == status
    if role == "visitor":
        assert response.url.startswith(reverse("account_login"))
        return
    page = response.content.decode()
    assert ("Cork" in page and "Start the application of Cork" in page) == (role == "focal point")
    # Nobody may start the application of a city of which they are not the focal point.
    if role != "focal point":
        assert client.post(url, {"city": cork.pk}).status_code == 404
        assert not cork.award_applications.exists()


def test_apply_page_of_an_unknown_year_is_404(client, cork):
    client.force_login(cork.focal_point)
    assert client.get(reverse("awards:apply", kwargs={"year": 1999})).status_code == 404


def test_the_two_upload_forms_have_their_own_ids(client, open_cycle, cork):
    user = cork.focal_point
    application = services.start_award_application(city=cork, cycle=open_cycle, by=user)
    client.force_login(user)
    page = client.get(reverse("awards:application-detail", args=[application.pk]))
    body = page.content.decode()
    assert body.count('id="id_document-file"') == 1
    assert body.count('id="id_consent-file"') == 1
    assert 'for="id_consent-file"' in body


# --- In the reader's language (issue 13, point 7) --------------------------------------------

AWARD_SENTENCES = {
    "en": ["Submitted for nomination by the National Commission.", "Application withdrawn."],
    "fr": ["Soumise pour proposition par la Commission nationale.", "Candidature retirée."],
    "es": ["Enviada para su propuesta por la Comisión Nacional.", "Candidatura retirada."],
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_timeline_speaks_the_readers_language_whoever_acted(client, open_cycle, cork, language):
    user = cork.focal_point
    with translation.override("en"):
        application = complete(
            services.start_award_application(city=cork, cycle=open_cycle, by=user), user
        )
        services.submit_award_application(application, by=user)
        services.withdraw_award_application(application, by=user, note="We apply next year.")
    client.force_login(user)
    with translation.override(language):
        url = reverse("awards:application-detail", args=[application.pk])

    page = client.get(url).content.decode()

    for sentence in AWARD_SENTENCES[language]:
        assert sentence in page
    for sentence in AWARD_SENTENCES["en"]:
        assert sentence not in page
    assert "We apply next year." in page
    assert [(event.kind, event.note) for event in application.events.all()] == [
        ("draft_started", ""),
        ("submitted", ""),
        ("withdrawn", "We apply next year."),
    ]


award_migration = importlib.import_module("awards.migrations.0007_event_kinds")


def test_the_migration_turns_stored_award_sentences_into_kinds(open_cycle, cork, staff_user):
    user = cork.focal_point
    application = services.start_award_application(city=cork, cycle=open_cycle, by=user)
    old = [
        ("Brouillon commencé.", ""),
        ("Membre du jury affecté : Ana Pérez", ""),
        ("Conflicto de intereses declarado: Fui asesora de Cork.", ""),
        ("Automatic conflict of interest: Bo is of the city's country.", ""),
        ("Shortlisted for the jury?", ""),  # typed by staff: stays a note
        ("I advised them.", "withdrawn"),  # a reason typed instead of the sentence
    ]
    application.events.all().delete()
    for note, to_state in old:
        AwardEvent.objects.create(application=application, note=note, to_state=to_state)

    award_migration.words_to_kinds(current_apps, None)

    events = list(application.events.all())
    assert [(event.kind, event.values, event.note) for event in events] == [
        ("draft_started", {}, ""),
        ("juror_assigned", {"juror": "Ana Pérez"}, ""),
        ("conflict_declared", {}, "Fui asesora de Cork."),
        ("conflict_automatic", {"juror": "Bo"}, ""),
        ("", {}, "Shortlisted for the jury?"),
        ("withdrawn", {}, "I advised them."),
    ]
    with translation.override("fr"):
        assert events[1].wording == "Membre du jury affecté\u00a0: Ana Pérez"

    award_migration.kinds_to_words(current_apps, None)

    assert [event.note for event in application.events.all()] == [
        "Draft started.",
        "Juror assigned: Ana Pérez",
        "Conflict of interest declared: Fui asesora de Cork.",
        "Automatic conflict of interest: Bo is of the city's country.",
        "Shortlisted for the jury?",
        "I advised them.",
    ]
