"""A second factor for staff (allauth.mfa): an authenticator app (TOTP, RFC 6238) and one-time
recovery codes. Codes are computed here from the secret the activation page shows, as the
staff member's phone would; once on, signing in (on the portal and for the admin) asks for a
code: a wrong one is refused, the right one admits, a recovery code works once."""

import base64
import hashlib
import hmac
import re
import struct
import time
from contextlib import contextmanager

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth import SESSION_KEY, get_user_model

from tests import world

PASSWORD = "lifelong-learning-2026"
EMAIL = "staff@uil.example"


def totp(secret, *, at=None, digits=6, period=30):
    """RFC 6238: HMAC-SHA1 of the 30-second counter, dynamically truncated to six digits."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


@contextmanager
def a_fresh_code(period=30):
    """The clock moved on to the first second of the next 30-second step, still ticking: a
    code computed inside is still the current one when the portal checks it. allauth accepts
    the current step's code only (MFA_TOTP_TOLERANCE 0), so a code computed in the last
    moments of a step arrives in the next one and is refused — which made these tests fail
    whenever a step ended between computing the code and the portal checking it. The portal
    (the live server too) runs in this process and reads the same clock."""
    with time_machine.travel((time.time() // period + 1) * period, tick=True):
        yield


def test_the_code_function_follows_rfc_6238():
    # RFC 6238, appendix B: the SHA-1 secret "12345678901234567890", 8 digits.
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, at=59, digits=8) == "94287082"
    assert totp(secret, at=1111111109, digits=8) == "07081804"
    assert totp(secret, at=20000000000, digits=8) == "65353130"


@pytest.fixture
def staff(db):
    return world.staff(EMAIL, password=PASSWORD)


def sign_in(client, next_url="/en/applications/"):
    return client.post(
        f"/en/accounts/login/?next={next_url}",
        {"login": EMAIL, "password": PASSWORD, "next": next_url},
    )


def signed_in(client):
    return SESSION_KEY in client.session


def confirm_password(client):
    """Changing the second factor asks for the password again (allauth's reauthentication)."""
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page["Location"].startswith("/en/accounts/reauthenticate/")
    response = client.post(page["Location"], {"password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


def activate_totp(client):
    """Sign in, open the activation page, read the secret and confirm with a fresh code."""
    sign_in(client)
    confirm_password(client)
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    with a_fresh_code():
        response = client.post("/en/accounts/2fa/totp/activate/", {"code": totp(secret)})
    assert response.status_code == 302, response.context["form"].errors
    client.post("/en/accounts/logout/")
    return secret


def test_staff_find_the_second_factor_in_their_account_pages(client, staff):
    sign_in(client)
    page = client.get("/en/accounts/password/change/").content.decode()
    assert 'href="/en/accounts/2fa/"' in page
    overview = client.get("/en/accounts/2fa/")
    assert overview.status_code == 200
    assert "An authenticator app is not active." in overview.content.decode()


def test_members_who_are_not_staff_see_no_link(client, db):
    user = get_user_model().objects.create_user(email="member@x.example", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    page = client.get("/en/accounts/password/change/").content.decode()
    assert "/accounts/2fa/" not in page


def test_the_activation_page_draws_its_qr_code_itself(client, staff):
    sign_in(client)
    confirm_password(client)
    page = client.get("/en/accounts/2fa/totp/activate/").content.decode()
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert len(sources) == 1
    assert sources[0].startswith("data:image/svg+xml;base64,")  # no request anywhere


def test_a_wrong_code_is_refused_at_activation(client, staff):
    sign_in(client)
    confirm_password(client)
    client.get("/en/accounts/2fa/totp/activate/")
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()


def test_activation_stores_the_app_and_recovery_codes(client, staff):
    activate_totp(client)
    assert sorted(Authenticator.objects.filter(user=staff).values_list("type", flat=True)) == [
        "recovery_codes",
        "totp",
    ]


def test_signing_in_asks_for_the_code_and_refuses_a_wrong_one(client, staff):
    secret = activate_totp(client)

    response = sign_in(client)

    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert not signed_in(client)
    page = client.get("/en/accounts/2fa/authenticate/").content.decode()
    assert "Two-Factor Authentication" in page
    right = totp(secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    refused = client.post("/en/accounts/2fa/authenticate/", {"code": wrong})
    assert refused.status_code == 200
    assert "Incorrect code." in refused.content.decode()
    assert not signed_in(client)


def test_the_right_code_admits_and_goes_on(client, staff):
    secret = activate_totp(client)
    sign_in(client)

    with a_fresh_code():
        response = client.post("/en/accounts/2fa/authenticate/", {"code": totp(secret)})

    assert response["Location"] == "/en/applications/"
    assert signed_in(client)


def test_the_admin_asks_for_the_code_too(client, staff):
    secret = activate_totp(client)
    client.get("/admin/login/?next=/admin/")  # sends to the sign-in page
    assert sign_in(client, "/admin/")["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not yet

    with a_fresh_code():
        response = client.post("/en/accounts/2fa/authenticate/", {"code": totp(secret)})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, staff):
    activate_totp(client)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10

    sign_in(client)
    first = client.post("/en/accounts/2fa/authenticate/", {"code": codes[0]})
    assert first["Location"] == "/en/applications/"
    assert signed_in(client)
    client.post("/en/accounts/logout/")

    sign_in(client)
    again = client.post("/en/accounts/2fa/authenticate/", {"code": codes[0]})
    assert again.status_code == 200
    assert "Incorrect code." in again.content.decode()
    assert not signed_in(client)
    other = client.post("/en/accounts/2fa/authenticate/", {"code": codes[1]})
    assert other["Location"] == "/en/applications/"
