"""Generated values posted to every form the portal serves, as the role that uses it: never
a server error, always an answer with the errors (200/400/409) or a redirect.

Deterministic (derandomize) and modest (a few examples per form), so that the whole file
stays under a minute and a half."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import PDF

EXAMPLES = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a field may receive: text (any unicode, NUL, very long), numbers, dates, nothing,
# several values at once.
VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20).map(lambda t: t + "\x00"),
    st.sampled_from(["", " ", "x" * 10_000, "\u202eevil", "<script>", "'; DROP TABLE x; --"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.lists(st.text(max_size=10), min_size=2, max_size=3),
)
FILES = st.one_of(
    st.none(),
    st.binary(max_size=200).map(lambda b: SimpleUploadedFile("x.pdf", b)),
    st.just(SimpleUploadedFile("ok.pdf", PDF, content_type="application/pdf")),
)
# 404: "apply for this city" with a value that is no city of theirs.
ANSWERED = {200, 302, 400, 404, 409}


def form_data(fields, files=()):
    return st.fixed_dictionaries(
        {**dict.fromkeys(fields, VALUES), **dict.fromkeys(files, FILES)}
    ).map(lambda data: {k: v for k, v in data.items() if v is not None})


def post_each(client, url, data):
    """POST in a savepoint rolled back afterwards; rate limits counted afresh."""
    cache.clear()
    for upload in data.values():
        if hasattr(upload, "seek"):
            upload.seek(0)
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    assert response.status_code in ANSWERED, (url, response.status_code)


def _membership_forms(world):
    from cities.forms import STEPS

    forms = []
    for step in STEPS:
        form = step.form_class(instance=world.membership_a)
        uploads = [n for n, f in form.fields.items() if f.widget.needs_multipart_form]
        others = [n for n in form.fields if n not in uploads]
        url = reverse("cities:application-edit", args=[world.membership_a.pk, step.slug])
        forms.append((f"step {step.slug}", "focal_a", url, others, uploads))
    return forms


def _forms(world):
    from awards.models import JuryAssignment

    espoo = JuryAssignment.objects.get(
        application=world.assignment.application, juror=world.juror_writing
    )
    criteria = [f"criterion_{c.pk}" for c in world.award_b.cycle.criteria.all()]
    scores = [
        f"{kind}_{c.pk}" for c in world.jury_cycle.criteria.all() for kind in ("score", "comment")
    ]
    return [
        *_membership_forms(world),
        (
            "submit",
            "focal_a",
            reverse("cities:application-submit", args=[world.membership_a.pk]),
            [],
            [],
        ),
        (
            "withdraw",
            "focal_a",
            reverse("cities:application-withdraw", args=[world.membership_a.pk]),
            ["confirm", "note"],
            [],
        ),
        (
            "answer",
            "focal_a",
            reverse("cities:application-answer", args=[world.membership_a.pk]),
            ["answer"],
            [],
        ),
        ("start", "visitor", reverse("cities:application-start"), ["call"], []),
        (
            "sign-up",
            "anonymous",
            reverse("account_signup"),
            ["email", "password1", "password2"],
            [],
        ),
        ("sign-in", "anonymous", reverse("account_login"), ["login", "password", "remember"], []),
        ("password reset", "anonymous", reverse("account_reset_password"), ["email"], []),
        (
            "commission",
            "anonymous",
            reverse("cities:commission-review", args=[world.commission_token]),
            ["decision", "signed_by", "comment"],
            [],
        ),
        (
            "nomination",
            "anonymous",
            reverse("awards:nomination", args=[world.nomination_token]),
            ["decision", "signed_by", "comment"],
            [],
        ),
        (
            "award apply",
            "focal_b",
            reverse("awards:apply", args=[world.open_cycle.year]),
            ["city"],
            [],
        ),
        (
            "award answers",
            "focal_b",
            reverse("awards:application-answers", args=[world.award_b.pk]),
            criteria,
            [],
        ),
        (
            "award document",
            "focal_b",
            reverse("awards:application-documents", args=[world.award_b.pk]),
            ["document-title"],
            ["document-file"],
        ),
        (
            "award consent",
            "focal_b",
            reverse("awards:application-consent", args=[world.award_b.pk]),
            [],
            ["consent-file"],
        ),
        (
            "award withdraw",
            "focal_b",
            reverse("awards:application-withdraw", args=[world.award_b.pk]),
            ["confirm", "note"],
            [],
        ),
        (
            "jury scores",
            "juror_writing",
            reverse("awards:jury-review", args=[espoo.pk]),
            scores,
            [],
        ),
        (
            "jury conflict",
            "juror_writing",
            reverse("awards:jury-conflict", args=[espoo.pk]),
            ["reason"],
            [],
        ),
        (
            "admin city",
            "secretariat",
            reverse("admin:cities_city_add"),
            [
                "name_en",
                "slug",
                "country",
                "population",
                "latitude",
                "website",
                "new_status",
                "status_since",
            ],
            [],
        ),
        (
            "admin call",
            "secretariat",
            reverse("admin:cities_membershipcall_add"),
            [
                "title_en",
                "opens_at_0",
                "opens_at_1",
                "closes_at_0",
                "quota_per_country",
                "time_zone",
            ],
            [],
        ),
        (
            "admin commission",
            "secretariat",
            reverse("admin:cities_nationalcommission_add"),
            ["country", "name", "emails"],
            [],
        ),
        (
            "admin staff action",
            "secretariat",
            reverse(
                "admin:cities_membershipapplication_action",
                args=[world.membership_b.pk, "commission-decision"],
            ),
            ["commission-decision-decision", "commission-decision-note"],
            ["commission-decision-document"],
        ),
        (
            "admin award action",
            "secretariat",
            reverse(
                "admin:awards_awardapplication_action", args=[world.award_a.pk, "assign-juror"]
            ),
            ["assign-juror-juror"],
            [],
        ),
        (
            "admin cycle",
            "secretariat",
            reverse("admin:awards_awardcycle_add"),
            ["year", "title_en", "score_min", "score_max", "nominations_per_country"],
            [],
        ),
        (
            "admin board",
            "secretariat",
            reverse("admin:awards_awardcycle_board", args=[world.jury_cycle.pk]),
            ["winner", "citation-1-en"],
            [],
        ),
    ]


FORM_NAMES = [
    "step city",
    "step mayor",
    "step contact",
    "step profile",
    "step texts",
    "step challenges",
    "step pledge",
    "submit",
    "withdraw",
    "answer",
    "start",
    "sign-up",
    "sign-in",
    "password reset",
    "commission",
    "nomination",
    "award apply",
    "award answers",
    "award document",
    "award consent",
    "award withdraw",
    "jury scores",
    "jury conflict",
    "admin city",
    "admin call",
    "admin commission",
    "admin staff action",
    "admin award action",
    "admin cycle",
    "admin board",
]


def test_every_form_is_in_the_list(world, db):
    assert [name for name, *_ in _forms(world)] == FORM_NAMES


@pytest.mark.parametrize("name", FORM_NAMES)
def test_generated_values_never_cause_a_server_error(world, db, client, name):
    _, role, url, fields, files = next(form for form in _forms(world) if form[0] == name)
    user = world.people.get(role) if role != "juror_writing" else world.juror_writing
    if user is not None:
        client.force_login(user)

    @EXAMPLES
    @given(data=form_data(fields, files))
    def check(data):
        post_each(client, url, data)

    check()
