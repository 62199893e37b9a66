"""Accounts (django-allauth in the portal's pages): sign-up with a verified e-mail address,
sign-in, sign-out, password reset, and what the header shows to visitors and signed-in users.

The e-mails go through the real outbox (django-post-office) into `mail.outbox`; every link is
taken from the message the user would receive."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests import world

PASSWORD = "lifelong-learning-2026"
LINK = re.compile(r"https?://[^/\s]+(/\S+)")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
HOME = {"en": "Member cities", "fr": "Villes membres", "es": "Ciudades miembros"}


def link_in(message):
    """The path of the first link in an e-mail's text."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def signed_in(client):
    return SESSION_KEY in client.session


def sign_up(client, email, *, language="en"):
    return client.post(
        f"/{language}/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def make_user(email, *, verified):
    return world.user(email, password=PASSWORD, verified=verified)


@pytest.fixture
def verified_user(db):
    return make_user("focal.point@cork.example", verified=True)


def sign_in(client, email, password=PASSWORD, *, next_url=None):
    url = "/en/accounts/login/"
    data = {"login": email, "password": password}
    if next_url:
        url = f"{url}?next={next_url}"
        data["next"] = next_url
    return client.post(url, data)


# --- Sign-up and e-mail verification ------------------------------------------------------


@pytest.mark.django_db
def test_signup_creates_unverified_user_and_sends_verification(client):
    response = sign_up(client, "applicant@espoo.example")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    user = get_user_model().objects.get(email="applicant@espoo.example")
    assert list(user.emailaddress_set.values_list("email", "verified")) == [
        ("applicant@espoo.example", False)
    ]
    assert user.language == "en"
    assert not signed_in(client)
    assert [message.to for message in mail.outbox] == [["applicant@espoo.example"]]
    assert "To confirm your address and activate your account, open this link" in (
        mail.outbox[-1].body
    )
    assert "The portal of the UNESCO Global Network of Learning Cities: http://127.0.0.1:8000" in (
        mail.outbox[-1].body
    )
    page = client.get(response["Location"]).content.decode()
    assert "We have sent an email to you for verification." in page


@pytest.mark.django_db
def test_verification_link_confirms_by_post_and_signs_in(client, time_machine):
    # The page's form is built on a new key that carries the second it was made: with the
    # clock running, it differs from the e-mail's link whenever a second passes in between.
    time_machine.move_to(timezone.now(), tick=False)
    sign_up(client, "applicant@espoo.example")
    link = link_in(mail.outbox[-1])
    assert link.startswith("/en/accounts/confirm-email/")

    page = client.get(link)
    body = page.content.decode()
    assert page.status_code == 200
    assert re.search(rf'<form method="post"\s+action="{re.escape(link)}"', body)
    assert "applicant@espoo.example" in body
    # Opening the link (a mail scanner may do it) confirms nothing.
    assert not EmailAddress.objects.get(email="applicant@espoo.example").verified

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == "/en/applications/"
    assert EmailAddress.objects.get(email="applicant@espoo.example").verified
    assert signed_in(client)


@pytest.mark.django_db
def test_the_sign_up_page_lists_the_password_rules(client):
    page = client.get("/en/accounts/signup/").content.decode()

    assert "<li>Your password must contain at least 8 characters.</li>" in page


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting the passwords it hashes."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.mark.django_db
def test_signing_up_with_a_registered_address_does_the_same_work_and_says_the_same(
    client, settings
):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    make_user("focal.point@cork.example", verified=True)
    answers, hashed = [], []
    for email in ("newcomer@galway.example", "focal.point@cork.example"):
        CountingHasher.hashed = 0
        response = sign_up(Client(), email)
        answers.append((response.status_code, response["Location"]))
        hashed.append(CountingHasher.hashed)

    # Each answer hashed the password once: the time it takes tells nothing about the
    # address; and the answer is the same.
    assert hashed == [1, 1]
    assert answers[0] == answers[1] == (302, "/en/accounts/confirm-email/")
    # The owner of the registered address is told by e-mail, not the person signing up.
    assert [message.to for message in mail.outbox] == [
        ["newcomer@galway.example"],
        ["focal.point@cork.example"],
    ]


@pytest.mark.django_db
def test_signup_in_french_sends_french_email_and_stores_language(client):
    response = sign_up(client, "candidate@lyon.example", language="fr")

    assert response["Location"] == "/fr/accounts/confirm-email/"
    assert get_user_model().objects.get(email="candidate@lyon.example").language == "fr"
    message = mail.outbox[-1]
    assert message.subject == "GNLC: Confirmez votre adresse électronique pour activer votre compte"
    assert "Pour confirmer votre adresse et activer votre compte, ouvrez ce lien" in message.body
    assert link_in(message).startswith("/fr/accounts/confirm-email/")


@pytest.mark.django_db
def test_signup_with_mismatched_passwords_shows_error_next_to_field(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "applicant@espoo.example", "password1": PASSWORD, "password2": "other-pass-1"},
    )
    body = response.content.decode()

    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="applicant@espoo.example").exists()
    # In the summary at the top of the form, linking to the field ...
    assert "Please correct the following:" in body
    assert '<a href="#id_password2">Password (again): You must type the same password' in body
    # ... and next to the field, which names it.
    assert '<div id="id_password2_error" class="invalid-feedback d-block">' in body
    field = re.search(r'<input type="password" name="password2"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_password2_error"' in field
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_with_weak_password_lists_every_error_in_summary(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "applicant@espoo.example", "password1": "abc", "password2": "abc"},
    )
    body = response.content.decode()
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', body, re.S)

    assert "Please correct the following:" in summary.group(0)
    assert re.findall(r'<a href="#(id_\w+)">', summary.group(0)) == ["id_password1", "id_password1"]
    assert "This password is too short." in summary.group(0)
    assert not get_user_model().objects.filter(email="applicant@espoo.example").exists()


@pytest.mark.django_db
def test_signup_with_registered_email_creates_no_second_account(client, verified_user):
    response = sign_up(client, verified_user.email)

    # No enumeration: the page looks the same, the owner of the address is told by e-mail.
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert get_user_model().objects.filter(email=verified_user.email).count() == 1
    assert [message.to for message in mail.outbox] == [[verified_user.email]]


# --- Sign-in ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_with_email_and_password_goes_to_my_applications(client, verified_user):
    response = sign_in(client, verified_user.email)

    assert response.status_code == 302
    assert response["Location"] == "/en/applications/"
    assert signed_in(client)


@pytest.mark.django_db
def test_login_with_wrong_password_shows_error_and_does_not_log_in(client, verified_user):
    response = sign_in(client, verified_user.email, "not-my-password")
    body = response.content.decode()

    assert response.status_code == 200
    assert "Please correct the following:" in body
    assert "The email address and/or password you specified are not correct." in body
    assert not signed_in(client)


@pytest.mark.django_db
def test_login_unverified_user_is_refused_and_gets_new_verification(client):
    make_user("new@aswan.example", verified=False)

    response = sign_in(client, "new@aswan.example")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert not signed_in(client)
    assert [message.to for message in mail.outbox] == [["new@aswan.example"]]
    assert link_in(mail.outbox[-1]).startswith("/en/accounts/confirm-email/")


@pytest.mark.django_db
def test_login_next_to_other_host_is_ignored(client, verified_user):
    response = sign_in(client, verified_user.email, next_url="https://evil.example/")

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"] == "/en/applications/"


@pytest.mark.django_db
def test_login_next_to_own_page_is_followed(client, verified_user):
    response = sign_in(client, verified_user.email, next_url="/en/cities/")

    assert response["Location"] == "/en/cities/"


# --- Password reset -----------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_link_sets_new_password(client, verified_user):
    response = client.post("/en/accounts/password/reset/", {"email": verified_user.email})
    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert [message.to for message in mail.outbox] == [[verified_user.email]]
    link = link_in(mail.outbox[-1])
    assert link.startswith("/en/accounts/password/reset/key/")

    # allauth keeps the key in the session and shows the form at a URL without it.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Change Password" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "a-new-lifelong-password"
    done = client.post(form_url, {"password1": new_password, "password2": new_password})

    assert done["Location"] == "/en/accounts/password/reset/key/done/"
    assert not signed_in(client)
    assert sign_in(client, verified_user.email, PASSWORD).status_code == 200
    assert sign_in(client, verified_user.email, new_password)["Location"] == "/en/applications/"
    assert signed_in(client)


@pytest.mark.django_db
def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@nowhere.example"})

    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert get_user_model().objects.count() == 0


# --- Sign-out -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_logout_by_get_keeps_user_signed_in(client, verified_user):
    client.force_login(verified_user)

    response = client.get("/en/accounts/logout/")
    body = response.content.decode()

    assert response.status_code == 200
    assert "Are you sure you want to sign out?" in body
    assert signed_in(client)


@pytest.mark.django_db
def test_logout_by_post_signs_out(client, verified_user):
    client.force_login(verified_user)

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert not signed_in(client)


# --- The pages ----------------------------------------------------------------------------

ACCOUNT_PAGES = ["accounts/signup/", "accounts/login/", "accounts/password/reset/"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("page", ACCOUNT_PAGES)
def test_account_page_has_portal_layout_in_language(client, language, page):
    response = client.get(f"/{language}/{page}")
    body = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{language}"' in body
    assert '<header class="site-header">' in body
    assert '<footer class="site-footer">' in body
    assert HOME[language] in body
    assert '<div class="page-header account-header">' in body
    assert body.count("<h1") == 1
    assert " style=" not in body
    assert INLINE_SCRIPT.findall(body) == []
    assert '<meta name="robots" content="noindex, nofollow">' in body


@pytest.mark.django_db
def test_account_page_has_labels_for_every_field(client):
    body = client.get("/en/accounts/login/").content.decode()

    assert '<label class="form-label" for="id_login">Email</label>' in body
    assert '<label class="form-label" for="id_password">Password</label>' in body
    assert '<label class="form-check-label" for="id_remember">Remember Me</label>' in body
    assert 'href="/en/accounts/password/reset/"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/en/cities/"])
def test_public_page_for_visitor_has_no_form_to_post(client, url):
    response = client.get(url)
    body = response.content.decode()

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in body
    assert 'method="post"' not in body.lower()
    assert 'href="/en/accounts/login/"' in body
    assert 'href="/en/accounts/signup/"' in body


@pytest.mark.django_db
def test_public_page_for_signed_in_user_shows_logout_form(client, verified_user):
    client.force_login(verified_user)

    body = client.get("/en/cities/").content.decode()

    assert '<form method="post" action="/en/accounts/logout/">' in body
    assert "csrfmiddlewaretoken" in body
    assert 'href="/en/applications/"' in body
    assert 'href="/en/accounts/login/"' not in body


@pytest.mark.django_db
def test_header_logout_form_signs_out(client, verified_user):
    client.force_login(verified_user)
    body = client.get("/fr/").content.decode()
    action = re.search(r'<form method="post" action="([^"]+)">', body).group(1)

    response = client.post(action)

    assert action == "/fr/accounts/logout/"
    assert response.status_code == 302
    assert not signed_in(client)


@pytest.mark.django_db
def test_links_in_account_emails_use_the_site_address_not_the_host_header(client, settings):
    from django.core import mail

    # Even a host the site answers to must not leak into links.
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    client.post(
        "/en/accounts/signup/",
        {
            "email": "host@example.org",
            "password1": "a-Long-pass-4242",
            "password2": "a-Long-pass-4242",
        },
        HTTP_HOST="evil.example",
    )
    message = mail.outbox[-1]
    assert "evil.example" not in message.body
    assert "http://127.0.0.1:8000/en/accounts/confirm-email/" in message.body
    assert message.subject.startswith("GNLC: ")


# --- The account e-mails in the portal's words and the reader's language (issue 13, point 7) --

# Words of allauth's English messages and of ours: none may be left in a French or Spanish one
# (the links and addresses aside: their paths are the same in every language).
ENGLISH = {
    "account",
    "address",
    "confirm",
    "email",
    "from",
    "hello",
    "if",
    "ignore",
    "link",
    "learning",
    "network",
    "password",
    "please",
    "reset",
    "sign",
    "team",
    "thank",
    "the",
    "this",
    "to",
    "you",
    "your",
}
ADDRESSES = re.compile(r"https?://\S+|\S+@\S+")
PORTAL = {
    "fr": "Le portail du Réseau mondial des villes apprenantes de l'UNESCO\u00a0: http://127.0.0.1:8000",
    "es": "El portal de la Red Mundial de Ciudades del Aprendizaje de la UNESCO: "
    "http://127.0.0.1:8000",
}
CONFIRMATION = {
    "fr": (
        "GNLC: Confirmez votre adresse électronique pour activer votre compte",
        "ouvrez ce lien",
    ),
    "es": (
        "GNLC: Confirme su dirección de correo electrónico para activar su cuenta",
        "abra este enlace",
    ),
}
RESET = {
    "fr": ("GNLC: Choisissez un nouveau mot de passe", "Pour choisir un nouveau mot de passe"),
    "es": ("GNLC: Elija una nueva contraseña", "Para elegir una nueva contraseña"),
}


def english_words(message):
    text = ADDRESSES.sub(" ", f"{message.subject}\n{message.body}")
    return sorted(ENGLISH & {word.lower() for word in re.findall(r"[^\W\d_]+", text)})


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_confirmation_e_mail_is_the_portals_in_the_readers_language(client, language):
    sign_up(client, f"candidate-{language}@lyon.example", language=language)

    [message] = mail.outbox
    subject, sentence = CONFIRMATION[language]
    assert message.subject == subject
    assert sentence in message.body
    assert PORTAL[language] in message.body
    assert link_in(message).startswith(f"/{language}/accounts/confirm-email/")
    assert english_words(message) == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_password_reset_e_mail_is_the_portals_in_the_readers_language(client, language):
    user = world.user("focal@lyon.example", password=PASSWORD, verified=True, language=language)

    client.post(f"/{language}/accounts/password/reset/", {"email": user.email})

    [message] = mail.outbox
    subject, sentence = RESET[language]
    assert message.subject == subject
    assert sentence in message.body
    assert PORTAL[language] in message.body
    assert link_in(message).startswith(f"/{language}/accounts/password/reset/key/")
    assert english_words(message) == []


@pytest.mark.django_db
def test_the_password_reset_e_mail_speaks_the_accounts_language_from_any_page(client):
    user = world.user("focal@lyon.example", password=PASSWORD, verified=True, language="es")

    client.post("/en/accounts/password/reset/", {"email": user.email})

    [message] = mail.outbox
    assert message.subject == RESET["es"][0]
    assert link_in(message).startswith("/es/accounts/password/reset/key/")
    assert english_words(message) == []
    # The link in Spanish works: it leads to the form to choose the password.
    assert client.get(link_in(message), follow=True).status_code == 200


@pytest.mark.django_db
def test_the_english_e_mails_name_the_portal_and_its_address(client, verified_user):
    client.post("/en/accounts/password/reset/", {"email": verified_user.email})

    [message] = mail.outbox
    assert message.subject == "GNLC: Choose a new password"
    assert (
        "asked to choose a new password for your account on the portal of the UNESCO Global "
        "Network of Learning Cities."
    ) in " ".join(message.body.split())
    assert "The portal of the UNESCO Global Network of Learning Cities: http://127.0.0.1:8000" in (
        message.body
    )
    assert "GNLC Coordination Team, UNESCO Institute for Lifelong Learning" in message.body


@pytest.mark.django_db
def test_signing_up_again_tells_the_owner_in_the_owners_language(client, settings):
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    world.user("focal@lyon.example", password=PASSWORD, verified=True, language="fr")

    sign_up(client, "focal@lyon.example", language="es")
    client.post(
        "/es/accounts/signup/",
        {"email": "focal@lyon.example", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="evil.example",
    )

    message = mail.outbox[-1]
    assert message.subject == "GNLC: Vous avez déjà un compte"
    assert "aucun second compte n'a été créé" in message.body
    # The link to choose a new password is on the site's address, in the owner's language.
    assert "http://127.0.0.1:8000/fr/accounts/password/reset/" in message.body
    assert "evil.example" not in message.body
    assert english_words(message) == []


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_is_answered_in_the_pages_language(client):
    client.post("/es/accounts/password/reset/", {"email": "nadie@ninguna.example"})

    [message] = mail.outbox
    assert message.subject == "GNLC: Ninguna cuenta con esta dirección de correo electrónico"
    assert "http://127.0.0.1:8000/es/accounts/signup/" in message.body
    assert english_words(message) == []
