"""The known traps, each closed: open redirects, links built from the Host header, state
changed by a GET, signed links that tell more than they should or work twice, formulas in
exports, other people's applications tried by number, and extra POST fields."""

import csv
import io
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.contrib import admin
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from openpyxl import load_workbook

from .conftest import PASSWORD, pdf

EVIL = [
    "//evil.example",
    "///evil.example/",
    "https://evil.example",
    "http:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:/\\evil.example",
    " //evil.example",
    "\t//evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def is_local(url, *, follow_next=True):
    """A target on this site: no other host, no other scheme, and (for a redirect) also in
    the `next` it carries. Links on a page may carry what the visitor typed in their query
    (the language links): the page they lead to checks it again."""
    here = {"testserver", urlsplit(settings.SITE_URL).netloc}
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=here):
        return False
    if "evil.example" in urlsplit(url).netloc:
        return False
    if not follow_next:
        return True
    return all(is_local(value) for value in parse_qs(urlsplit(url).query).get("next", []))


class Targets(HTMLParser):
    """Every address a page sends the browser to: links, forms, images and scripts. (A `next`
    the visitor typed comes back in a hidden field: the POST checks it, tested below.)"""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "action", "formaction", "src"):
            if attrs.get(name):
                self.found.append(attrs[name])


def targets(response):
    parser = Targets()
    parser.feed(response.content.decode())
    return [url for url in parser.found if not url.startswith(("mailto:", "#"))]


def off_site(response):
    return [url for url in targets(response) if not is_local(url, follow_next=False)]


def login(client, user):
    client.force_login(user)
    return client


# --- Open redirects through next= --------------------------------------------------------------


@pytest.mark.parametrize("evil", EVIL)
def test_signing_in_never_sends_to_another_site(client, world, db, evil):
    page = client.get(reverse("account_login"), {"next": evil})
    assert off_site(page) == []
    response = client.post(
        reverse("account_login"),
        {"login": world.visitor.email, "password": PASSWORD, "next": evil},
    )
    assert response.status_code == 302
    assert is_local(response["Location"]), response["Location"]
    assert client.session.get("_auth_user_id") == str(world.visitor.pk)


@pytest.mark.parametrize("evil", EVIL)
def test_signing_up_never_sends_to_another_site(client, world, db, evil):
    page = client.get(reverse("account_signup"), {"next": evil})
    assert off_site(page) == []
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@crawl.example",
            "password1": "a-long-fresh-pass-77",
            "password2": "a-long-fresh-pass-77",
            "next": evil,
        },
    )
    assert response.status_code == 302
    assert is_local(response["Location"]), response["Location"]


@pytest.mark.parametrize("evil", EVIL)
def test_signing_out_never_sends_to_another_site(client, world, db, evil):
    login(client, world.visitor)
    page = client.get(reverse("account_logout"), {"next": evil})
    assert off_site(page) == []
    response = client.post(reverse("account_logout"), {"next": evil})
    assert response.status_code == 302
    assert is_local(response["Location"]), response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize("role", ["anonymous", "visitor", "secretariat"])
def test_the_admin_sign_in_never_sends_to_another_site(client, world, db, evil, role):
    if role != "anonymous":
        login(client, world.people[role])
    response = client.get("/admin/login/", {"next": evil})
    if response.status_code == 302:
        assert is_local(response["Location"]), response["Location"]
    else:
        assert off_site(response) == []


@pytest.mark.parametrize(
    "path", ["//evil.example/", "//evil.example/en/", "/\\evil.example/", "/en//evil.example"]
)
def test_the_language_links_never_lead_to_another_site(client, db, path):
    response = client.get("/", PATH_INFO=path)
    assert response.status_code in (301, 302, 404)
    if response.status_code != 404:
        assert is_local(response["Location"]), response["Location"]
        return
    switcher = re.search(r'class="language-switcher".*?</nav>', response.content.decode(), re.S)
    links = re.findall(r'href="([^"]*)"', switcher.group(0))
    assert len(links) == len(settings.LANGUAGES) - 1
    assert [link for link in links if not is_local(link, follow_next=False)] == []


# --- Links in e-mails use SITE_URL, never the Host header --------------------------------------

SPOOFED = "spoofed.example"
SITE = "https://learningcities.example.org"


@pytest.fixture
def spoofed_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, SPOOFED]
    settings.SITE_URL = SITE
    mail.outbox.clear()
    return {"HTTP_HOST": SPOOFED}


def links_in_mail():
    text = "\n".join(
        f"{message.subject}\n{message.body}\n"
        + "\n".join(content for content, _type in getattr(message, "alternatives", []))
        for message in mail.outbox
    )
    assert SPOOFED not in text
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_sign_up_and_password_reset_mails_link_to_the_site_address(
    client, world, db, spoofed_host, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "spoof@crawl.example",
                "password1": "a-long-fresh-pass-77",
                "password2": "a-long-fresh-pass-77",
            },
            **spoofed_host,
        )
        client.post(
            reverse("account_reset_password"), {"email": world.visitor.email}, **spoofed_host
        )
    assert len(mail.outbox) == 2
    links = links_in_mail()
    assert links
    assert [link for link in links if link != SITE and not link.startswith(SITE + "/")] == []


def test_application_mails_link_to_the_site_address(
    client, world, db, spoofed_host, django_capture_on_commit_callbacks
):
    """Submitting (the Commission's link and the applicant's confirmation), the award
    application and a staff request: every link on SITE_URL."""
    login(client, world.focal_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cities:application-submit", args=[world.membership_a.pk]), **spoofed_host
        )
        assert response.status_code == 302
        award = world.award_b
        client.force_login(world.focal_b)
        client.post(
            reverse("awards:application-answers", args=[award.pk]),
            {f"criterion_{c.pk}": "Our answer." for c in award.cycle.criteria.all()},
            **spoofed_host,
        )
        client.post(
            reverse("awards:application-consent", args=[award.pk]),
            {"consent-file": pdf("consent.pdf")},
            **spoofed_host,
        )
        client.post(reverse("awards:application-submit", args=[award.pk]), **spoofed_host)
    recipients = sorted({address for message in mail.outbox for address in message.to})
    assert world.private["commission_email"] in recipients
    assert world.private["applicant_email"] in recipients
    assert world.private["applicant_b_email"] in recipients
    links = links_in_mail()
    assert any("/commission/" in link for link in links)
    assert any("/awards/nomination/" in link for link in links)
    assert [link for link in links if link != SITE and not link.startswith(SITE + "/")] == []


def test_robots_and_sitemap_never_show_the_host_header(client, world, db, spoofed_host):
    for url in ("/robots.txt", "/sitemap.xml"):
        response = client.get(url, **spoofed_host)
        assert SITE.encode() in response.content
        assert SPOOFED.encode() not in response.content


# --- A GET never changes anything --------------------------------------------------------------


def test_accounts_settings_never_act_on_a_get():
    assert settings.ACCOUNT_CONFIRM_EMAIL_ON_GET is False
    assert settings.ACCOUNT_LOGOUT_ON_GET is False


def test_opening_the_commission_link_changes_nothing(client, world, db):
    """Mail scanners open links: only the Commission's POST decides."""
    url = reverse("cities:commission-review", args=[world.commission_token])
    for method in (client.get, client.head, client.options):
        method(url)
    world.membership_b.refresh_from_db()
    assert world.membership_b.state == "submitted"
    assert world.membership_b.commission_invitations.filter(used_at__isnull=False).count() == 0
    url = reverse("awards:nomination", args=[world.nomination_token])
    client.get(url)
    client.head(url)
    world.award_a.refresh_from_db()
    assert world.award_a.state == "submitted"


def test_opening_the_confirmation_link_confirms_nothing(client, world, db):
    address = world.unverified_address
    url = reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
    assert client.get(url).status_code == 200
    client.head(url)
    assert EmailAddress.objects.get(pk=address.pk).verified is False
    client.post(url)  # the button on the page
    assert EmailAddress.objects.get(pk=address.pk).verified is True


def test_a_get_never_signs_anyone_out(client, world, db):
    from .test_crawl import _reset_key

    login(client, world.focal_a)
    confirm = reverse(
        "account_confirm_email", args=[EmailConfirmationHMAC(world.unverified_address).key]
    )
    reset = reverse("account_reset_password_from_key", kwargs=_reset_key(world.visitor))
    for url in (reverse("account_logout"), "/admin/logout/", confirm, reset):
        client.get(url)
        assert client.session.get("_auth_user_id") == str(world.focal_a.pk), url
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


# --- Signed links: one answer for tampered, expired and used; never twice ----------------------


def _dead_answers(client, url_of, token, spend):
    """The answers to a tampered, an unknown, an oversized, an expired and a used link (the
    page's own address, in its language links, set aside)."""
    tokens = {
        "tampered": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "truncated": token[:10],
        "oversized": token * 5,
    }
    answers = {name: client.get(url_of(value)) for name, value in tokens.items()}
    spend("expire")
    answers["expired"] = client.get(url_of(token))
    spend("use")
    answers["used"] = client.get(url_of(token))
    tokens.update(expired=token, used=token)
    return {
        name: (response.status_code, response.content.decode().replace(tokens[name], "TOKEN"))
        for name, response in answers.items()
    }


@pytest.mark.parametrize("which", ["review", "pledge"])
def test_a_dead_commission_link_gives_one_answer_whatever_the_reason(
    client, world, db, which, time_machine
):
    from cities.models import CommissionInvitation

    name = {"review": "cities:commission-review", "pledge": "cities:commission-pledge"}[which]
    invitation = world.commission_invitation
    now = timezone.now()

    def spend(how):
        # Expired: past the call's Commission deadline. Used: before it, with a decision.
        if how == "expire":
            deadline = invitation.application.call.commission_deadline
            time_machine.move_to(deadline + timezone.timedelta(seconds=1))
        else:
            time_machine.move_to(now)
            CommissionInvitation.objects.filter(pk=invitation.pk).update(used_at=now)

    answers = _dead_answers(
        client, lambda t: reverse(name, args=[t]), world.commission_token, spend
    )
    assert {status for status, _ in answers.values()} == {404}
    assert len({body for _, body in answers.values()}) == 1
    assert "Corkish Submittedtown" not in answers["used"][1]


@pytest.mark.parametrize("which", ["nomination", "nomination-consent", "nomination-document"])
def test_a_dead_nomination_link_gives_one_answer_whatever_the_reason(client, world, db, which):
    from awards.models import NominationInvitation

    invitation = world.nomination_invitation

    def url_of(token):
        if which == "nomination-document":
            return reverse(f"awards:{which}", args=[token, world.document.pk])
        return reverse(f"awards:{which}", args=[token])

    def spend(how):
        fields = {"expires_at": timezone.now()} if how == "expire" else {"used_at": timezone.now()}
        if how == "use":
            fields["expires_at"] = timezone.now() + timezone.timedelta(days=5)
        NominationInvitation.objects.filter(pk=invitation.pk).update(**fields)

    answers = _dead_answers(client, url_of, world.nomination_token, spend)
    assert {status for status, _ in answers.values()} == {404}
    assert len({body for _, body in answers.values()}) == 1


def test_a_commission_link_decides_once(client, world, db, django_capture_on_commit_callbacks):
    url = reverse("cities:commission-review", args=[world.commission_token])
    decision = {"decision": "endorse", "signed_by": "Ms Secretary", "comment": "Yes."}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, decision)
        second = client.post(url, {**decision, "decision": "decline"})
    assert first.status_code == 200
    assert second.status_code == 404
    application = world.membership_b
    application.refresh_from_db()
    assert application.state == "endorsed"
    assert application.events.filter(to_state__in=["endorsed", "not_endorsed"]).count() == 1


def test_a_nomination_link_decides_once(client, world, db):
    url = reverse("awards:nomination", args=[world.nomination_token])
    first = client.post(url, {"decision": "nominate", "signed_by": "Dr A"})
    second = client.post(url, {"decision": "decline", "signed_by": "Dr B"})
    assert (first.status_code, second.status_code) == (200, 404)
    world.award_a.refresh_from_db()
    assert world.award_a.state == "nominated"


# --- Formulas in exports -----------------------------------------------------------------------

FORMULAS = ["=1+2", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1+2", "\r=1+2", "==HYPERLINK(x)"]


def runs_as_formula(cell):
    """Whether a spreadsheet would run the cell (an apostrophe first makes it text; a plain
    number is a number)."""
    if not isinstance(cell, str) or re.fullmatch(r"[+-]?\d+(\.\d+)?", cell):
        return False
    return cell.lstrip("\t\r ").startswith(("=", "+", "-", "@"))


def _export(client, url, resource_fields, file_format):
    prefix, names = resource_fields
    response = client.post(
        url,
        {"format": file_format, "resource": "0", **{f"{prefix}_{n}": "on" for n in names}},
    )
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


def cells(content, file_format):
    """The cells of an export (an XLSX file keeps a carriage return as a line feed)."""
    if file_format == "csv":
        return [
            cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row
        ]
    sheet = load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [
        cell.replace("\n", "\r") if isinstance(cell, str) else cell
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    ]


def test_the_admin_exports_offer_only_safe_formats():
    from gnlc.core import spreadsheets

    for model_admin in admin.site._registry.values():
        if hasattr(model_admin, "get_export_formats"):
            formats = model_admin.get_export_formats()
            assert formats == [spreadsheets.CSV, spreadsheets.XLSX], model_admin


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formulas_in_the_city_export_are_text(client, world, db, file_format):
    from cities.models import City

    cities = list(City.objects.order_by("pk")[: len(FORMULAS)])
    for city, formula in zip(cities, FORMULAS, strict=True):
        City.objects.filter(pk=city.pk).update(name_en=formula, mayor_name=formula)
    login(client, world.secretariat)
    content = _export(
        client,
        reverse("admin:cities_city_export"),
        ("cityresource", ["id", "name_en", "mayor_name", "longitude"]),
        "0" if file_format == "csv" else "1",
    )
    found = cells(content, file_format)
    assert [cell for cell in found if runs_as_formula(cell)] == []
    assert [formula for formula in FORMULAS if "'" + formula not in found] == []
    assert "'-8.47061" not in found  # numbers stay numbers


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formulas_in_the_application_export_are_text(client, world, db, file_format):
    from cities.models import MembershipApplication

    MembershipApplication.objects.filter(pk=world.membership_b.pk).update(city_name="=cmd|' /c'")
    login(client, world.secretariat)
    content = _export(
        client,
        reverse("admin:cities_membershipapplication_export"),
        ("membershipapplicationresource", ["id", "city_name", "applicant_email"]),
        "0" if file_format == "csv" else "1",
    )
    found = cells(content, file_format)
    assert [cell for cell in found if runs_as_formula(cell)] == []
    assert "'=cmd|' /c'" in found


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formulas_in_the_scores_export_are_text(client, world, db, file_format):
    from awards.models import Score

    for score, formula in zip(Score.objects.order_by("pk"), [*FORMULAS, "a\x0bb"], strict=False):
        Score.objects.filter(pk=score.pk).update(comment=formula)
    login(client, world.secretariat)
    url = reverse("admin:awards_awardcycle_scores", args=[world.jury_cycle.pk, file_format])
    response = client.get(url)
    assert response.status_code == 200
    found = cells(response.content, file_format)
    assert [cell for cell in found if runs_as_formula(cell)] == []
    assert [formula for formula in FORMULAS if "'" + formula not in found] == []


def test_formulas_in_the_open_data_csv_are_text(client, world, db):
    from cities.models import City

    City.objects.filter(pk=world.city_a.pk).update(name_en="=HYPERLINK(1)", mayor_name="@x")
    response = client.get(reverse("api:city-csv"))
    assert response.status_code == 200
    found = cells(b"".join(response) if response.streaming else response.content, "csv")
    assert [cell for cell in found if runs_as_formula(cell)] == []
    assert "'=HYPERLINK(1)" in found


# --- Other people's applications tried by number ------------------------------------------------


def _numbers(world):
    from awards.models import AwardApplication
    from cities.models import MembershipApplication

    last_membership = MembershipApplication.objects.order_by("-pk").first().pk
    last_award = AwardApplication.objects.order_by("-pk").first().pk
    return {
        "cities:application-detail": [world.membership_a.pk, last_membership + 1],
        "cities:application-edit": [(world.membership_a.pk, "city"), (last_membership + 1, "city")],
        "cities:application-submit": [world.membership_a.pk, last_membership + 1],
        "cities:application-answer": [world.membership_a.pk, last_membership + 1],
        "cities:application-withdraw": [world.membership_a.pk, last_membership + 1],
        "cities:application-pledge": [world.membership_a.pk, last_membership + 1],
        "awards:application-detail": [world.award_a.pk, last_award + 1],
        "awards:application-answers": [world.award_a.pk, last_award + 1],
        "awards:application-documents": [world.award_a.pk, last_award + 1],
        "awards:application-consent": [world.award_a.pk, last_award + 1],
        "awards:application-consent-file": [world.award_a.pk, last_award + 1],
        "awards:application-submit": [world.award_a.pk, last_award + 1],
        "awards:application-withdraw": [world.award_a.pk, last_award + 1],
        "awards:application-document-file": [
            (world.award_a.pk, world.document.pk),
            (last_award + 1, world.document.pk),
        ],
        "awards:jury-review": [world.assignment.pk],
        "awards:jury-conflict": [world.assignment.pk],
        "awards:jury-submit": [world.assignment.pk],
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_application_is_not_found_like_a_missing_one(client, world, db, method):
    """B (and a juror) trying A's numbers, and numbers that do not exist: always 404, so that
    nobody learns which applications exist, and nothing changes."""
    from .test_crawl import state_of_the_world

    before = state_of_the_world()
    seen = {}
    for user in (world.focal_b, world.juror_other):
        login(client, user)
        for name, numbers in _numbers(world).items():
            for args in numbers:
                args = args if isinstance(args, tuple) else (args,)
                url = reverse(name, args=args)
                data = {"confirm": "on", "answer": "x", "reason": "x", "state": "approved"}
                response = (
                    getattr(client, method)(url, data) if method == "post" else client.get(url)
                )
                seen[(user.email, url)] = response.status_code
    # A page answering only GET (or only POST) says 405 before any look-up: whoever asks,
    # whatever the number. Otherwise: 404. Never an answer that tells A's from a missing one.
    by_page = {}
    for (_email, url), status in seen.items():
        by_page.setdefault(re.sub(r"/\d+/", "/N/", url, count=1), set()).add(status)
    wrong = {page: statuses for page, statuses in by_page.items() if statuses not in ({404}, {405})}
    assert wrong == {}
    assert state_of_the_world() == before


# --- Extra POST fields never change a state or an owner -------------------------------------------

EXTRA = {
    "state": "approved",
    "status": "withdrawn",
    "applicant": "1",
    "city": "1",
    "approved": "on",
    "is_staff": "on",
    "is_superuser": "on",
    "owner": "1",
    "submitted_by": "1",
    "focal_point": "1",
    "juror": "1",
    "phase": "published",
    "used_at": "2020-01-01",
    "verified": "on",
}


def test_extra_fields_on_the_applicant_forms_change_no_state_or_owner(client, world, db):
    from cities.forms import STEPS

    application = world.membership_a
    login(client, world.focal_a)
    for step in STEPS:
        url = reverse("cities:application-edit", args=[application.pk, step.slug])
        response = client.post(url, {**EXTRA, "city_name": "Galwayan Draftville"})
        assert response.status_code in (302, 400), (step.slug, response.status_code)
    application.refresh_from_db()
    assert (application.state, application.applicant_id, application.city_id) == (
        "draft",
        world.focal_a.pk,
        None,
    )
    award = world.award_b
    login(client, world.focal_b)
    for name in ("answers", "documents", "consent"):
        client.post(reverse(f"awards:application-{name}", args=[award.pk]), EXTRA)
    award.refresh_from_db()
    assert (award.state, award.city_id, award.submitted_by_id) == (
        "draft",
        world.city_b.pk,
        world.focal_b.pk,
    )


def test_extra_fields_on_sign_up_make_no_staff(client, db, world):
    client.post(
        reverse("account_signup"),
        {
            **EXTRA,
            "email": "climber@crawl.example",
            "password1": "a-long-fresh-pass-77",
            "password2": "a-long-fresh-pass-77",
        },
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email="climber@crawl.example")
    assert (user.is_staff, user.is_superuser, user.groups.count()) == (False, False, 0)
    assert EmailAddress.objects.get(user=user).verified is False


def test_extra_fields_on_the_commission_and_jury_forms_change_nothing_else(client, world, db):
    from awards.models import JuryAssignment, Score

    url = reverse("cities:commission-review", args=[world.commission_token])
    client.post(url, {**EXTRA, "decision": "decline", "signed_by": "Ms Secretary"})
    world.membership_b.refresh_from_db()
    assert world.membership_b.state == "not_endorsed"  # what was decided, not "approved"
    assert world.membership_b.applicant_id == world.focal_b.pk

    writing = JuryAssignment.objects.get(
        application__cycle=world.jury_cycle,
        juror=world.juror_writing,
        submitted_at=None,
        application__city__slug="espoo",
    )
    criterion = world.jury_cycle.criteria.order_by("order")[0]
    others = list(Score.objects.exclude(assignment=writing).values_list("pk", "value", "comment"))
    login(client, world.juror_writing)
    client.post(
        reverse("awards:jury-review", args=[writing.pk]),
        {**EXTRA, "juror": str(world.juror.pk), f"score_{criterion.pk}": "6"},
    )
    writing.refresh_from_db()
    assert (writing.juror_id, writing.submitted_at) == (world.juror_writing.pk, None)
    assert Score.objects.get(assignment=writing, criterion=criterion).value == 6
    assert list(
        Score.objects.exclude(assignment=writing).values_list("pk", "value", "comment")
    ) == (others)


def test_someone_elses_document_under_ones_own_application_is_not_found(client, world, db):
    client.force_login(world.focal_b)
    url = reverse("awards:application-document-file", args=[world.award_b.pk, world.document.pk])
    assert client.get(url).status_code == 404
    own = reverse("awards:application-document-file", args=[world.award_b.pk, world.document_b.pk])
    assert client.get(own).status_code == 200
