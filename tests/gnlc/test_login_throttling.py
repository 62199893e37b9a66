"""Login throttling (django-axes behind allauth's sign-in page, gnlc/core/security.py): five failed
attempts for one address from one client pause signing in for that pair, with a page in the
visitor's language saying when to try again; a success clears the count; the answer is the
same whether the account exists or not. The admin has no login form of its own: its login
address sends to the same sign-in page."""

import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, get_user_model

from tests import world

PASSWORD = "lifelong-learning-2026"
EMAIL = "focal.point@cork.example"
WRONG = "wrong-password-1"


@pytest.fixture
def member(db):
    return world.user(EMAIL, password=PASSWORD, verified=True)


@pytest.fixture
def staff(db):
    return world.staff("staff@uil.example", password=PASSWORD)


def attempt(client, email, password=WRONG, *, language="en", ip="127.0.0.1"):
    return client.post(
        f"/{language}/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=ip,
    )


def fail(client, email, times, **kwargs):
    return [attempt(client, email, **kwargs) for _ in range(times)]


def signed_in(client):
    return SESSION_KEY in client.session


def main_text(response):
    """The visible text of <main>, white space collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_a_wrong_password_is_refused_with_the_form_again(client, member):
    response = attempt(client, EMAIL)
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in main_text(response)
    assert not signed_in(client)


def test_the_fifth_failure_pauses_signing_in_and_says_when_to_retry(client, member):
    answers = fail(client, EMAIL, 5)
    assert [r.status_code for r in answers] == [200, 200, 200, 200, 429]
    locked = answers[-1]
    assert locked["Retry-After"] == "900"
    text = main_text(locked)
    assert "Signing in is paused" in text
    assert "Please try again in 15 minutes." in text
    # Even the right password is refused while the pause lasts.
    again = attempt(client, EMAIL, PASSWORD)
    assert again.status_code == 429
    assert not signed_in(client)


def test_the_pause_speaks_the_visitors_language(client, member):
    locked = fail(client, EMAIL, 5, language="fr")[-1]
    assert locked.status_code == 429
    assert '<html lang="fr"' in locked.content.decode()


def test_an_unknown_address_gets_exactly_the_same_answers(client, member):
    known = fail(client, EMAIL, 6)
    unknown = fail(client, "nobody@nowhere.example", 6)
    assert [r.status_code for r in unknown] == [r.status_code for r in known]
    assert [main_text(r) for r in unknown] == [main_text(r) for r in known]


def test_the_pause_holds_one_address_from_one_client_only(client, member, staff):
    fail(client, EMAIL, 5)
    # Another account from the same client signs in.
    assert attempt(client, staff.email, PASSWORD).status_code == 302
    client.logout()
    # The paused address from another client signs in too.
    assert attempt(client, EMAIL, PASSWORD, ip="10.0.0.7").status_code == 302
    assert signed_in(client)


def test_the_address_is_counted_whatever_its_case(client, member):
    fail(client, EMAIL, 4)
    assert attempt(client, "  Focal.Point@CORK.example").status_code == 429


def test_a_success_clears_the_count(client, member):
    fail(client, EMAIL, 4)
    assert attempt(client, EMAIL, PASSWORD).status_code == 302
    assert AccessAttempt.objects.count() == 0
    client.logout()
    answers = fail(client, EMAIL, 4)
    assert [r.status_code for r in answers] == [200, 200, 200, 200]
    assert attempt(client, EMAIL, PASSWORD).status_code == 302


# --- The admin's login address -------------------------------------------------------------


def test_the_admin_sends_visitors_to_the_sign_in_page(client, db):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/", 302),
        ("/en/accounts/login/?next=%2Fadmin%2F", 302),
    ]
    assert response.status_code == 200


def test_the_admin_sign_in_page_keeps_the_visitors_language(client, db):
    response = client.get("/admin/login/?next=/admin/", headers={"accept-language": "es"})
    assert response["Location"] == "/es/accounts/login/?next=%2Fadmin%2F"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/admin/", "//evil.example/", "javascript:alert(1)", "\\\\evil.example"],
)
def test_the_admin_login_never_sends_elsewhere(client, db, next_url):
    response = client.get("/admin/login/", {"next": next_url})
    assert response["Location"] == "/en/accounts/login/?next=%2Fadmin%2F"


def test_the_admin_login_form_takes_no_password(client, staff):
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert not signed_in(client)


def test_staff_sign_in_on_the_portal_and_come_back_to_the_admin(client, staff):
    response = client.post(
        "/en/accounts/login/?next=/admin/cities/city/",
        {"login": staff.email, "password": PASSWORD, "next": "/admin/cities/city/"},
    )
    assert response["Location"] == "/admin/cities/city/"
    assert client.get("/admin/cities/city/").status_code == 200
    # Signed in already, the admin's login address goes straight on.
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/admin/"


def test_admin_sign_in_failures_are_throttled_like_any_other(client, staff):
    for _ in range(5):
        response = client.post(
            "/en/accounts/login/?next=/admin/",
            {"login": staff.email, "password": "guess", "next": "/admin/"},
        )
    assert response.status_code == 429
    assert "Signing in is paused" in main_text(response)


def test_a_member_who_is_not_staff_is_told_the_admin_is_not_for_them(client, member):
    client.force_login(member)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403
    assert f"You are authenticated as {EMAIL}, but are not authorized" in response.content.decode()


def test_an_administrator_made_on_the_command_line_confirms_the_address_once(client, db):
    from django.core import mail
    from django.core.management import call_command

    call_command(
        "createsuperuser",
        email="admin@uil.example",
        interactive=False,
        stdout=io.StringIO(),
    )
    admin_user = get_user_model().objects.get(email="admin@uil.example")
    admin_user.set_password(PASSWORD)
    admin_user.save()
    mail.outbox.clear()

    response = client.post(
        "/en/accounts/login/?next=/admin/",
        {"login": "admin@uil.example", "password": PASSWORD, "next": "/admin/"},
    )

    assert response["Location"] == "/en/accounts/confirm-email/"
    assert not signed_in(client)
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    confirmed = client.post(link)
    assert confirmed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
