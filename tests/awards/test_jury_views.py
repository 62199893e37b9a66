"""The jury area's pages: who reaches what (a table, denials asserted), and what they do."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from awards import services
from awards.enums import CyclePhase
from awards.models import ConflictDeclaration, Score
from awards.permissions import can_review, can_see_scores, is_juror
from tests import world

from .conftest import PASSWORD


@pytest.fixture
def setup(applications, jurors, make_juror, criteria, staff_user, visitor_user, staff_assigner):
    """Ana is assigned to Espoo; Bo to Medellín only; Finn (FI) to Espoo, conflicted."""
    espoo, medellin, _aswan = applications
    ana_assignment = services.assign_juror(espoo, jurors[0], by=staff_assigner)
    services.assign_juror(medellin, jurors[1], by=staff_assigner)
    finn = make_juror("finn@jury.example", "FI")
    services.assign_juror(espoo, finn, by=staff_assigner)
    return {
        "assignment": ana_assignment,
        "users": {
            "visitor": None,
            "assigned juror": jurors[0],
            "juror not assigned": jurors[1],
            "conflicted juror": finn,
            "staff": staff_user,
            "signed-in user": visitor_user,
        },
    }


def _urls(pk):
    return {
        "queue": ("get", reverse("awards:jury")),
        "review": ("get", reverse("awards:jury-review", args=[pk])),
        "save": ("post", reverse("awards:jury-review", args=[pk])),
        "conflict": ("post", reverse("awards:jury-conflict", args=[pk])),
        "submit": ("post", reverse("awards:jury-submit", args=[pk])),
    }


LOGIN = "login"
# Who × URL of Ana's assignment to Espoo. 200/302 = reached; 404 = as if it did not exist.
TABLE = {
    "visitor": dict.fromkeys(("queue", "review", "save", "conflict", "submit"), LOGIN),
    "assigned juror": {"queue": 200, "review": 200, "save": 302, "conflict": 400, "submit": 302},
    "juror not assigned": {
        "queue": 200,
        "review": 404,
        "save": 404,
        "conflict": 404,
        "submit": 404,
    },
    "conflicted juror": {"queue": 200, "review": 404, "save": 404, "conflict": 404, "submit": 404},
    "staff": dict.fromkeys(("queue", "review", "save", "conflict", "submit"), 404),
    "signed-in user": dict.fromkeys(("queue", "review", "save", "conflict", "submit"), 404),
}


@pytest.mark.parametrize(
    ("who", "url_name"),
    [(who, name) for who, row in TABLE.items() for name in row],
)
def test_permission_table(client, setup, who, url_name):
    user = setup["users"][who]
    if user:
        client.force_login(user)
    method, url = _urls(setup["assignment"].pk)[url_name]

    response = getattr(client, method)(url)

    expected = TABLE[who][url_name]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected
    assert not Score.objects.exists()  # nobody scored through an empty form


def test_predicates(setup):
    users, assignment = setup["users"], setup["assignment"]
    finn_assignment = users["conflicted juror"].jury_assignments.get()
    anonymous = AnonymousUser()
    assert [is_juror(u or anonymous) for u in users.values()] == [
        False,
        True,
        True,
        True,
        False,
        False,
    ]
    assert [can_review(u or anonymous, assignment) for u in users.values()] == [
        False,
        True,
        False,
        False,
        False,
        False,
    ]
    assert can_review(users["conflicted juror"], finn_assignment) is False
    assert can_see_scores(users["assigned juror"], assignment) is False


def test_conflicted_juror_sees_own_assignment_without_score_form(client, setup, criteria):
    finn = setup["users"]["conflicted juror"]
    assignment = finn.jury_assignments.get()
    client.force_login(finn)
    url = reverse("awards:jury-review", args=[assignment.pk])

    page = client.get(url).content.decode()
    refused = client.post(url, {f"score_{criteria[0].pk}": "5"})
    submit = client.post(reverse("awards:jury-submit", args=[assignment.pk]))

    assert "You declared a conflict" in page
    assert "The city is in your own country" in page
    assert f'name="score_{criteria[0].pk}"' not in page
    assert (refused.status_code, submit.status_code) == (302, 302)
    assert not Score.objects.exists()
    assignment.refresh_from_db()
    assert assignment.submitted_at is None


def test_queue_shows_progress(client, setup, criteria):
    ana = setup["users"]["assigned juror"]
    client.force_login(ana)

    response = client.get(reverse("awards:jury"))

    assert "0 of 1 done" in response.content.decode()
    assert [a.application.city.name for a in response.context["queue"].assignments] == ["Espoo"]


def test_save_keeps_a_draft_and_submit_reveals_other_scores(client, setup, criteria, score_all):
    ana, assignment = setup["users"]["assigned juror"], setup["assignment"]
    other = services.assign_juror(
        assignment.application,
        get_user_model().objects.create_user(email="dee@jury.example"),
        by=ana,
    )
    score_all(other, criteria, (2, 3, 4))
    client.force_login(ana)
    url = reverse("awards:jury-review", args=[assignment.pk])
    data = {f"score_{criteria[0].pk}": "7", f"comment_{criteria[0].pk}": "Clear vision"}

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(assignment.scores.values_list("criterion__name", "value", "comment")) == [
        ("Vision", 7, "Clear vision")
    ]
    page = client.get(url).content.decode()
    assert "dee@jury.example" not in page  # blind until submitted

    response = client.post(reverse("awards:jury-submit", args=[assignment.pk]), follow=True)
    assert "Score every criterion before submitting. Missing: Action, Results." in (
        response.content.decode()
    )

    client.post(url, {f"score_{c.pk}": "8" for c in criteria})
    client.post(reverse("awards:jury-submit", args=[assignment.pk]))

    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    page = client.get(url).content.decode()
    assert "dee@jury.example" in page
    assert 'action="' + url + '"' not in page  # no score form any more


def test_score_outside_the_scale_shows_errors_next_to_field_and_in_summary(client, setup, criteria):
    client.force_login(setup["users"]["assigned juror"])
    url = reverse("awards:jury-review", args=[setup["assignment"].pk])

    response = client.post(url, {f"score_{criteria[1].pk}": "11"})

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="scores-errors"' in page
    assert page.count("Ensure this value is less than or equal to 10.") == 2
    assert not Score.objects.exists()


def test_declaring_a_conflict_hides_the_score_form(client, setup, criteria):
    assignment = setup["assignment"]
    client.force_login(setup["users"]["assigned juror"])
    url = reverse("awards:jury-conflict", args=[assignment.pk])

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert 'id="conflict-errors"' in empty.content.decode()

    client.post(url, {"reason": "I advised Espoo."})

    conflict = ConflictDeclaration.objects.get(juror=assignment.juror)
    assert conflict.reason == "I advised Espoo."
    page = client.get(reverse("awards:jury-review", args=[assignment.pk])).content.decode()
    assert "You declared a conflict" in page
    assert f'name="score_{criteria[0].pk}"' not in page
    refused = client.post(
        reverse("awards:jury-review", args=[assignment.pk]), {f"score_{criteria[0].pk}": "5"}
    )
    assert refused.status_code == 302
    assert not Score.objects.exists()


def test_review_page_shows_answers_and_documents(client, setup):
    from awards.models import SupportingDocument

    assignment = setup["assignment"]
    SupportingDocument.objects.create(
        application=assignment.application, title="Annual report 2025", file="awards/x.pdf"
    )
    client.force_login(setup["users"]["assigned juror"])

    page = client.get(reverse("awards:jury-review", args=[assignment.pk])).content.decode()

    assert "Espoo on Action." in page
    assert "Annual report 2025" in page


@pytest.mark.parametrize("n", [1, 3])
def test_queue_page_query_count_does_not_grow(
    n, client, jurors, applications, staff_assigner, django_assert_num_queries
):
    for application in applications[:n]:
        services.assign_juror(application, jurors[0], by=staff_assigner)
    client.force_login(jurors[0])
    client.get(reverse("awards:jury"))  # warm the session

    with django_assert_num_queries(4):  # session, user, the header's members' area link, queue
        response = client.get(reverse("awards:jury"))
    assert response.context["queue"].total == n


def test_password_is_a_real_login(client, setup):
    assert client.login(email="ana@jury.example", password=PASSWORD)


def test_once_staff_move_the_cycle_to_deliberation_no_score_changes_on_any_path(
    client, setup, criteria, staff_user
):
    assignment = setup["assignment"]
    client.force_login(setup["users"]["assigned juror"])
    url = reverse("awards:jury-review", args=[assignment.pk])
    client.post(url, {f"score_{criteria[0].pk}": "7"})  # a draft, during the jury phase
    world.advance_to(assignment.application.cycle, CyclePhase.DELIBERATION, by=staff_user)

    page = client.get(url).content.decode()
    saved = client.post(url, {f"score_{c.pk}": "9" for c in criteria})
    submitted = client.post(reverse("awards:jury-submit", args=[assignment.pk]), follow=True)
    conflict = client.post(
        reverse("awards:jury-conflict", args=[assignment.pk]), {"reason": "Late."}
    )

    assert "your review cannot change now" in page
    assert 'action="' + url + '"' not in page  # no score form
    assert saved.status_code == 302  # sent back to the page, which says why
    assert "Scores can change only during the jury phase" in submitted.content.decode()
    assert conflict.status_code == 400
    assert list(assignment.scores.values_list("value", flat=True)) == [7]
    assignment.refresh_from_db()
    assert assignment.submitted_at is None
    assert not ConflictDeclaration.objects.filter(juror=assignment.juror).exists()
    for change in (
        lambda: services.record_score(assignment, criteria[0], value=9),
        lambda: services.submit_review(assignment),
        lambda: services.declare_conflict(assignment, reason="Late."),
    ):
        with pytest.raises(services.AwardError, match="only during the jury phase"):
            change()


def _criterion_sections(page):
    """The review page cut into its criteria: the part of the page of each one."""
    return page.split('class="border-top py-3 jury-criterion"')[1:]


def test_each_answer_stands_beside_its_score_with_the_scoring_guide_in_the_jurors_language(
    client, setup, criteria
):
    first = criteria[0]
    first.guide_lowest_en, first.guide_lowest_fr = "No evidence.", "Aucun élément."
    first.guide_highest_en, first.guide_highest_fr = "Strong results.", "Des résultats nets."
    first.save()
    assignment = setup["assignment"]
    client.force_login(setup["users"]["assigned juror"])

    english = _criterion_sections(
        client.get(reverse("awards:jury-review", args=[assignment.pk])).content.decode()
    )
    french = _criterion_sections(
        client.get(f"/fr/jury/{assignment.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )

    assert len(english) == len(criteria) > 1
    for section, criterion in zip(english, criteria, strict=True):
        # The city's answer to this criterion and the score field of this criterion, together.
        assert f"Espoo on {criterion.name}." in section
        assert f'name="score_{criterion.pk}"' in section
        assert f'name="comment_{criterion.pk}"' in section
        for other in criteria:
            if other != criterion:
                assert f'name="score_{other.pk}"' not in section
    assert "No evidence." in english[0]
    assert "Strong results." in english[0]
    assert '<dt class="scoring-guide-mark">1</dt>' in english[0]
    assert '<dt class="scoring-guide-mark">10</dt>' in english[0]
    assert "Aucun élément." in french[0]
    assert "Des résultats nets." in french[0]
    assert "No evidence." not in french[0]
    assert "scoring-guide" not in english[1]  # no guide written for the second: none shown


def test_after_submission_the_answers_are_shown_without_score_fields(client, setup, criteria):
    assignment = setup["assignment"]
    world.review(assignment, criteria, [7] * len(criteria))
    client.force_login(setup["users"]["assigned juror"])

    page = client.get(reverse("awards:jury-review", args=[assignment.pk])).content.decode()

    sections = _criterion_sections(page)
    assert [f"Espoo on {c.name}." in s for s, c in zip(sections, criteria, strict=True)] == [
        True
    ] * len(criteria)
    assert 'name="score_' not in page
    assert "Your review is submitted." in page


@pytest.fixture
def _language_restored():
    """A request to a /fr/ page leaves French active in the thread: English again after."""
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("_language_restored")
@pytest.mark.parametrize(
    ("language", "typed", "stored", "shown"),
    [
        ("en", "7.5", "7.50", 'value="7.5"'),
        ("fr", "7,5", "7.50", 'value="7,5"'),
        ("es", "7.5", "7.50", 'value="7,5"'),
    ],
)
def test_score_is_read_and_shown_in_the_pages_language(
    client, setup, criteria, language, typed, stored, shown
):
    client.force_login(setup["users"]["assigned juror"])
    url = f"/{language}/jury/{setup['assignment'].pk}/"

    response = client.post(url, {f"score_{criteria[0].pk}": typed})

    assert response.status_code == 302
    assert [str(value) for value in setup["assignment"].scores.values_list("value", flat=True)] == [
        stored
    ]
    page = client.get(url).content.decode()
    assert shown in page
    assert 'inputmode="decimal"' in page


def test_score_with_a_comma_on_an_english_page_is_refused_not_multiplied(client, setup, criteria):
    client.force_login(setup["users"]["assigned juror"])
    url = f"/en/jury/{setup['assignment'].pk}/"

    response = client.post(url, {f"score_{criteria[0].pk}": "7,5"})

    assert response.status_code == 400
    assert "write decimals with a point, for example 7.5." in response.content.decode()
    assert not Score.objects.exists()
