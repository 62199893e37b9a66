"""Staff's side of the award in the admin: the review queue and its actions, the phase, the
board of winners by region, the export of scores, and who may reach each page."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from awards import services
from awards.enums import AwardApplicationState, CyclePhase
from awards.exports import SCORE_COLUMNS
from awards.models import Award, ConflictDeclaration, SupportingDocument
from tests import world
from tests.world import PDF

State = AwardApplicationState
LOGIN = "/admin/login/"


def app_url(name, *args):
    return reverse(f"admin:awards_awardapplication_{name}", args=args)


def cycle_url(name, *args):
    return reverse(f"admin:awards_awardcycle_{name}", args=args)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def bare_staff(db):
    return world.staff("bare@uil.example", secretariat=False, verified=None, password="p-123456789")


@pytest.fixture
def nominated(make_cycle, make_city):
    """Espoo's application, nominated, in a cycle in the jury phase (of which it is the only
    application)."""
    espoo = make_city("Espoo", "FI", member_since=2015)
    return make_cycle(applicants=[(espoo, State.NOMINATED)]).applications.get()


# --- The queue and its actions -----------------------------------------------------------------


def test_queue_filters_by_region_and_country(staff_client, applications):
    response = staff_client.get(app_url("changelist"), {"region": "ENA"})
    assert [a.city.name_en for a in response.context["cl"].result_list] == ["Espoo"]
    response = staff_client.get(app_url("changelist"), {"country": "EG"})
    assert [a.city.name_en for a in response.context["cl"].result_list] == ["Aswan"]
    response = staff_client.get(app_url("changelist"), {"q": "Medell"})
    assert [a.city.name_en for a in response.context["cl"].result_list] == ["Medellín"]


def test_change_page_shows_answers_documents_and_actions_read_only(staff_client, nominated):
    nominated.consent_form.save("consent.pdf", ContentFile(PDF))
    document = SupportingDocument(application=nominated, title="Annual report")
    document.file.save("report.pdf", ContentFile(PDF))
    response = staff_client.get(app_url("change", nominated.pk))
    body = response.content.decode()
    assert "Espoo on Vision." in body
    assert app_url("document", nominated.pk, document.pk) in body
    assert app_url("consent", nominated.pk) in body
    assert [entry["name"] for entry in response.context["staff_actions"]] == [
        "eligible",
        "not-eligible",
    ]
    assert 'name="state"' not in body
    pdf = staff_client.get(app_url("document", nominated.pk, document.pk))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert b"".join(pdf.streaming_content) == PDF
    assert staff_client.post(app_url("change", nominated.pk)).status_code == 405


def test_screen_eligible_then_shortlist_through_the_services(staff_client, nominated, staff_user):
    response = world.post_action(staff_client, app_url("action", nominated.pk, "eligible"))
    assert response.url == app_url("change", nominated.pk)
    nominated.refresh_from_db()
    assert nominated.state == State.ELIGIBLE
    staff_client.post(app_url("action", nominated.pk, "shortlist"), {})
    nominated.refresh_from_db()
    assert nominated.state == State.SHORTLISTED
    moves = [(e.from_state, e.to_state, e.actor) for e in nominated.events.exclude(to_state="")]
    assert moves[-2:] == [
        ("nominated", "eligible", staff_user),
        ("eligible", "shortlisted", staff_user),
    ]


def test_not_eligible_needs_a_reason(staff_client, nominated):
    url = app_url("action", nominated.pk, "not-eligible")
    response = staff_client.post(url, {"not-eligible-reason": ""})
    assert response.status_code == 200
    assert response.context["entry"]["form"].errors == {"reason": ["This field is required."]}
    nominated.refresh_from_db()
    assert nominated.state == State.NOMINATED
    world.post_action(staff_client, url, {"not-eligible-reason": "Joined in 2025."})
    nominated.refresh_from_db()
    assert (nominated.state, nominated.screening_note) == (State.NOT_ELIGIBLE, "Joined in 2025.")


def test_a_refused_action_is_an_error_message(staff_client, nominated):
    response = staff_client.post(app_url("action", nominated.pk, "shortlist"), {}, follow=True)
    levels = [m.level_tag for m in get_messages(response.wsgi_request)]
    assert levels == ["error"]
    nominated.refresh_from_db()
    assert nominated.state == State.NOMINATED


def test_assigning_a_juror_of_the_city_country_records_a_conflict(
    staff_client, applications, make_juror
):
    espoo = applications[0]
    finn = make_juror("aino@jury.example", "FI")
    staff_client.post(app_url("action", espoo.pk, "assign-juror"), {"assign-juror-juror": finn.pk})
    assert list(espoo.assignments.values_list("juror__email", flat=True)) == ["aino@jury.example"]
    conflict = ConflictDeclaration.objects.get(application=espoo)
    assert (conflict.juror, conflict.kind) == (finn, "same_country")


def test_only_accounts_marked_as_jurors_are_offered_for_assignment(
    staff_client, applications, make_juror
):
    make_juror("aino@jury.example", "FI")
    world.user("applicant@galway.example")  # an applicant, not a juror
    espoo = applications[0]

    page = staff_client.get(app_url("change", espoo.pk)).content.decode()
    refused = staff_client.post(
        app_url("action", espoo.pk, "assign-juror"),
        {"assign-juror-juror": world.user("another@galway.example").pk},
    )

    assert "aino@jury.example" in page
    assert "applicant@galway.example" not in page
    assert refused.status_code == 200  # the form again, with its error
    assert not espoo.assignments.exists()


# --- The cycle: phase, board, export --------------------------------------------------------------


def test_advance_phase_is_a_post(staff_client, make_cycle):
    cycle = make_cycle(phase=CyclePhase.SCREENING)
    assert staff_client.get(cycle_url("advance", cycle.pk)).status_code == 405
    response = staff_client.post(cycle_url("advance", cycle.pk))
    assert response.url == cycle_url("change", cycle.pk)
    cycle.refresh_from_db()
    assert cycle.phase == CyclePhase.JURY


def test_advance_phase_refused_is_an_error_message(staff_client, cycle, applications):
    world.advance_to(cycle, CyclePhase.PUBLISHED, winners=applications[:1])
    response = staff_client.post(cycle_url("advance", cycle.pk), follow=True)
    assert messages_of(response) == [
        "The results of this cycle are published: it has no next phase."
    ]


def test_board_groups_by_region_and_publishes(staff_client, cycle, applications, staff_user):
    world.advance_to(cycle, CyclePhase.DELIBERATION)
    espoo, medellin, _aswan = applications
    response = staff_client.get(cycle_url("board", cycle.pk))
    groups = {
        region["label"]: [e["row"].application.city.name_en for e in region["entries"]]
        for region in response.context["regions"]
    }
    assert groups == {
        "Arab States": ["Aswan"],
        "Europe and North America": ["Espoo"],
        "Latin America and the Caribbean": ["Medellín"],
    }
    assert f'name="citation-{espoo.pk}-fr"' in response.content.decode()
    choice = {
        "winner": [str(medellin.pk)],
        f"citation-{medellin.pk}-en": "For its learning neighbourhoods.",
        f"citation-{medellin.pk}-fr": "Pour ses quartiers apprenants.",
        f"citation-{medellin.pk}-es": "Por sus barrios del aprendizaje.",
    }
    # First the page saying what will happen; nothing is published yet.
    confirmation = staff_client.post(cycle_url("board", cycle.pk), choice)
    assert confirmation.status_code == 200
    body = " ".join(confirmation.content.decode().split())
    assert (
        "“Medellín” (Colombia) wins, with the citation: “For its learning neighbourhoods.”" in body
    )
    assert "Not awarded: Espoo, Aswan." in body
    assert 'class="workflow-button workflow-button--approve"' in body
    assert Award.objects.count() == 0
    cycle.refresh_from_db()
    assert cycle.phase == CyclePhase.DELIBERATION
    # "Change the choice" comes back to the board with what was typed.
    edit = staff_client.post(cycle_url("board", cycle.pk), {**choice, "edit": "1"})
    assert "Pour ses quartiers apprenants.</textarea>" in edit.content.decode()
    assert Award.objects.count() == 0
    response = staff_client.post(cycle_url("board", cycle.pk), {**choice, "confirmed": "publish"})
    assert response.url == cycle_url("change", cycle.pk)
    award = Award.objects.get()
    assert (award.city, award.citation_fr, award.citation_es) == (
        medellin.city,
        "Pour ses quartiers apprenants.",
        "Por sus barrios del aprendizaje.",
    )
    cycle.refresh_from_db()
    assert cycle.phase == CyclePhase.PUBLISHED


def test_board_shows_a_refusal_at_the_top_and_keeps_the_input(staff_client, make_cycle, make_city):
    finnish = [make_city(name, "FI", member_since=2015) for name in ("Espoo", "Turku")]
    cycle = make_cycle(
        phase=CyclePhase.DELIBERATION,
        applicants=[(city, State.SHORTLISTED) for city in finnish],
    )
    espoo, turku = cycle.applications.order_by("pk")
    data = {"winner": [str(espoo.pk), str(turku.pk)]}
    for application in (espoo, turku):
        data[f"citation-{application.pk}-en"] = f"Citation of {application.city}"
    response = staff_client.post(cycle_url("board", cycle.pk), data)
    assert response.status_code == 200
    assert response.context["errors"] == [
        "At most one winner per country in this cycle: Finland has 2."
    ]
    body = response.content.decode()
    assert body.index('id="board-errors"') < body.index('id="board"')
    assert "Citation of Turku</textarea>" in body
    assert Award.objects.count() == 0


@pytest.fixture
def scored(cycle, criteria, applications, jurors, score_all, staff_assigner):
    espoo = applications[0]
    assignment = services.assign_juror(espoo, jurors[0], by=staff_assigner)
    services.record_score(assignment, criteria[0], value=7, comment='=HYPERLINK("x")')
    services.record_score(assignment, criteria[1], value=8, comment="-2 weak")
    services.record_score(assignment, criteria[2], value=9, comment="Plain")
    services.submit_review(assignment)
    return cycle


def test_export_csv_has_one_row_per_score_with_formulas_neutralised(staff_client, scored):
    response = staff_client.get(cycle_url("scores", scored.pk, "csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == SCORE_COLUMNS
    assert [row[3:8] for row in rows[1:]] == [
        ["ana@jury.example", "Vision", "1.00", "7.00", '\'=HYPERLINK("x")'],
        ["ana@jury.example", "Action", "2.00", "8.00", "'-2 weak"],
        ["ana@jury.example", "Results", "1.00", "9.00", "Plain"],
    ]
    assert {tuple(row[:3]) for row in rows[1:]} == {("2026", "Espoo", "Finland")}


def test_export_xlsx_has_the_same_rows(staff_client, scored):
    csv_rows = list(
        csv.reader(io.StringIO(staff_client.get(cycle_url("scores", scored.pk, "csv")).text))
    )
    response = staff_client.get(cycle_url("scores", scored.pk, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    xlsx_rows = [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert xlsx_rows == csv_rows


# --- Who may reach what ---------------------------------------------------------------------------


def pages(cycle, application):
    return {
        "queue": ("get", app_url("changelist")),
        "change page": ("get", app_url("change", application.pk)),
        "action form": ("get", app_url("action", application.pk, "eligible")),
        # Confirmed, as from the confirmation page of the state it is in.
        "action": (
            "post",
            app_url("action", application.pk, "eligible"),
            {"confirmed": "nominated"},
        ),
        "board": ("get", cycle_url("board", cycle.pk)),
        "export": ("get", cycle_url("scores", cycle.pk, "csv")),
        "ranking": ("get", cycle_url("ranking", cycle.pk)),
        "advance": ("post", cycle_url("advance", cycle.pk)),
    }


PAGE_NAMES = [
    "queue",
    "change page",
    "action form",
    "action",
    "board",
    "export",
    "ranking",
    "advance",
]


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize("who", ["visitor", "juror", "staff without the group", "secretariat"])
def test_permission_table(client, nominated, jurors, bare_staff, staff_user, who, page):
    cycle = nominated.cycle
    users = {
        "visitor": None,
        "juror": jurors[0],
        "staff without the group": bare_staff,
        "secretariat": staff_user,
    }
    if users[who]:
        client.force_login(users[who])
    method, url, *data = pages(cycle, nominated)[page]
    response = getattr(client, method)(url, *data)
    if who in ("visitor", "juror"):
        assert (response.status_code, response.url.split("?")[0]) == (302, LOGIN)
    elif who == "staff without the group":
        assert response.status_code == 403
    elif method == "post":
        assert response.status_code == 302
        assert not response.url.startswith(LOGIN)
    else:
        assert response.status_code == 200
    nominated.refresh_from_db()
    cycle.refresh_from_db()
    moved = who == "secretariat" and page in ("action", "advance")
    if not moved:
        assert (nominated.state, cycle.phase) == (State.NOMINATED, CyclePhase.JURY)


def test_private_pdf_is_refused_to_staff_without_the_group(client, nominated, bare_staff):
    nominated.consent_form.save("consent.pdf", ContentFile(PDF))
    client.force_login(bare_staff)
    assert client.get(app_url("consent", nominated.pk)).status_code == 403
    client.logout()
    assert client.get(app_url("consent", nominated.pk)).url.split("?")[0] == LOGIN
