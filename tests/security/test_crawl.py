"""Every URL of the URL conf, GET as every role, compared with a table of what each role may
reach; and no private value in any answer a role may not see.

The URL conf is walked recursively (the site's, the admin's with every registered model,
allauth's and its second factor's, the language-prefixed pages, the API's), so a new URL joins
the crawl by itself. A pattern with no row of expectations, or whose parameters the table cannot
fill, fails the test with its name until someone says who may reach it; a row whose pattern is
gone fails it too. Upgrading a package that adds a URL is then one reviewed line here.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, reverse

from .conftest import ROLES

LOGIN = "login"  # 302 to the site's sign-in page
ADMIN_LOGIN = "admin-login"  # 302 to the admin's sign-in page


def every(default, **exceptions):
    """A row of the table: `default` for every role, except those named."""
    unknown = set(exceptions) - set(ROLES)
    assert not unknown, unknown
    return {role: exceptions.get(role, default) for role in ROLES}


# --- URL classes: role × outcome -------------------------------------------------------------

PUBLIC = every(200)
SIGNED_IN = every(200, anonymous=LOGIN)
# allauth sends a signed-in user away from the sign-in and sign-up pages.
GUESTS = every(302, anonymous=200)
LINK = every(200)  # a signed link: the link alone grants access, whoever holds it
# A's membership application: A, and UIL staff who review applications.
MEMBERSHIP_A = every(404, anonymous=LOGIN, focal_a=200, secretariat=200, superuser=200)
# Pages of A's application that only A uses; for A a GET on a POST-only page, or on a step
# the application's state no longer offers, is a redirect to the application.
MEMBERSHIP_A_ONLY = every(404, anonymous=LOGIN, focal_a=200)
MEMBERSHIP_A_ACTION = every(404, anonymous=LOGIN, focal_a=302)
# A's award application (submitted): its focal point only.
AWARD_A = every(404, anonymous=LOGIN, focal_a=200)
AWARD_A_ACTION = every(404, anonymous=LOGIN, focal_a=302)
JURORS = every(404, anonymous=LOGIN, juror=200, juror_other=200)
ASSIGNED_JUROR = every(404, anonymous=LOGIN, juror=200)
POST_ONLY_SIGNED_IN = every(405, anonymous=LOGIN)
API = PUBLIC
# A's members' area: its focal point (co-editors too; the crawl has no co-editor role).
CITY_A_EDITORS = every(404, anonymous=LOGIN, focal_a=200)
# A's progress report: its editors, and UIL staff who review reports (read only).
REPORT_A = every(404, anonymous=LOGIN, focal_a=200, secretariat=200, superuser=200)

# --- The site's own URLs ---------------------------------------------------------------------

EXPECTED = {
    "healthz": PUBLIC,
    "robots": PUBLIC,
    "favicon": every(301),
    "sitemap": PUBLIC,
    "gnlc:home": PUBLIC,
    "gnlc:statistics": PUBLIC,
    # The members' dashboard: any signed-in user (one who edits no city is told how access is
    # given); its cities are only those the user edits.
    "members:dashboard": SIGNED_IN,
    "gnlc:privacy": PUBLIC,
    "gnlc:accessibility": PUBLIC,
    "gnlc:search": PUBLIC,
    "gnlc:feed-members": PUBLIC,
    "gnlc:feed-awards": PUBLIC,
    "cities:directory": PUBLIC,
    "cities:map": PUBLIC,
    "cities:map-data": PUBLIC,
    "cities:city-detail": PUBLIC,
    "cities:cluster-list": PUBLIC,
    "cities:cluster-detail": PUBLIC,
    "cities:join": PUBLIC,
    "cities:application-list": SIGNED_IN,
    "cities:application-start": every(302, anonymous=LOGIN),
    "cities:application-detail": MEMBERSHIP_A,
    "cities:application-edit": MEMBERSHIP_A_ONLY,
    "cities:application-submit": MEMBERSHIP_A_ONLY,
    "cities:application-answer": MEMBERSHIP_A_ACTION,
    "cities:application-withdraw": MEMBERSHIP_A_ACTION,
    "cities:application-pledge": MEMBERSHIP_A,
    "cities:application-pledge-sheet": MEMBERSHIP_A_ONLY,
    "cities:commission-review": LINK,
    "cities:commission-pledge": LINK,
    "awards:cycle-list": PUBLIC,
    "awards:cycle-detail": PUBLIC,
    "awards:cycle-map-data": PUBLIC,
    "awards:apply": SIGNED_IN,
    "awards:application-detail": AWARD_A,
    "awards:application-answers": AWARD_A_ACTION,
    "awards:application-documents": AWARD_A_ACTION,
    "awards:application-document-file": AWARD_A,
    "awards:application-consent": AWARD_A_ACTION,
    "awards:application-consent-file": AWARD_A,
    "awards:application-submit": AWARD_A_ACTION,
    "awards:application-withdraw": AWARD_A_ACTION,
    "awards:nomination": LINK,
    "awards:nomination-document": LINK,
    "awards:nomination-consent": LINK,
    "awards:jury": JURORS,
    "awards:jury-review": ASSIGNED_JUROR,
    "awards:jury-conflict": POST_ONLY_SIGNED_IN,
    "awards:jury-submit": POST_ONLY_SIGNED_IN,
    "conferences:conference-list": PUBLIC,
    "conferences:conference-detail": PUBLIC,
    # The rest of the members' area: A's pages for A's focal point (and co-editors), 404 for
    # everyone else; A's report also for UIL staff who review reports.
    "members:claim": LINK,
    "members:editors": CITY_A_EDITORS,
    "members:editor-remove": every(404, anonymous=LOGIN, focal_a=405),
    "members:profile-update": CITY_A_EDITORS,
    "members:report-detail": REPORT_A,
    # Staff read a section, and what submission needs, on the report's page: sent there.
    "members:report-section": {**REPORT_A, "secretariat": 302, "superuser": 302},
    "members:report-submit": {**REPORT_A, "secretariat": 302, "superuser": 302},
    # Answering is a POST while UIL asks for information; a GET goes to the report.
    "members:report-answer": {**REPORT_A, "focal_a": 302, "secretariat": 302, "superuser": 302},
    "members:report-attachment": REPORT_A,
    # Accounts (django-allauth)
    "account_login": GUESTS,
    "account_signup": GUESTS,
    # Signing out is a POST; the GET asks to confirm (and sends a visitor home).
    "account_logout": every(200, anonymous=302),
    "account_inactive": PUBLIC,
    "account_reauthenticate": SIGNED_IN,
    # Re-authentication by a code e-mailed to a verified address (allauth 65.x, on by default):
    # the request page (the world's superuser has no verified address: sent to the password
    # page), and its confirmation, which sends back to it while no code was asked for.
    "account_request_reauthentication_code": every(200, anonymous=LOGIN, superuser=302),
    "account_confirm_reauthentication_code": every(302, anonymous=LOGIN),
    "account_email": SIGNED_IN,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": SIGNED_IN,
    # Everyone here has a password: "set" sends them to "change".
    "account_set_password": every(302, anonymous=LOGIN),
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    # A valid key is moved into the session and the browser sent on, whoever asks.
    "account_reset_password_from_key": every(302),
    "account_reset_password_from_key_done": PUBLIC,
    # No sign-in by code is under way: back to the sign-in page.
    "account_confirm_login_code": every(302),
    # The confirmation page asks for a POST; a GET confirms nothing (test_traps.py).
    "account_confirm_email": PUBLIC,
    # The open-data API (public, read only).
    "api:index": API,
    "api:openapi": API,
    "api:city-list": API,
    "api:city-csv": API,
    "api:city-xlsx": API,
    "api:city-geojson": API,
    "api:city-detail": API,
    "api:cluster-list": API,
    "api:cluster-detail": API,
    "api:cycle-list": API,
    "api:cycle-detail": API,
    "api:conference-list": API,
    "api:conference-detail": API,
    "api:figures": API,
    "api:report-cycle-list": API,
    "api:report-cycle-detail": API,
    "api:metadata": API,
    "api:not-found": every(404),
    # Second factor (allauth.mfa)
    "mfa_index": SIGNED_IN,
    # No sign-in is waiting for a second factor: back to the sign-in page.
    "mfa_authenticate": every(302),
    # Changing a second factor asks for the password again first (a fresh sign-in).
    "mfa_reauthenticate": every(302, anonymous=LOGIN, superuser=200),
    "mfa_activate_totp": every(302, anonymous=LOGIN),
    "mfa_generate_recovery_codes": every(302, anonymous=LOGIN),
    # Only the superuser of the world has a second factor (TOTP, no recovery codes yet).
    "mfa_deactivate_totp": every(404, anonymous=LOGIN, superuser=302),
    "mfa_view_recovery_codes": every(404, anonymous=LOGIN),
    "mfa_download_recovery_codes": every(404, anonymous=LOGIN),
}

# --- The admin -------------------------------------------------------------------------------

SUPER = {"superuser"}
SECRETARIAT = {"secretariat", "superuser"}
NOBODY = set()
STAFF = {"staff", "secretariat", "superuser"}


def admin_row(allowed, *, staff_denied=403):
    """Staff outside `allowed` are refused; everyone else is sent to the admin's sign-in."""
    return {
        role: 200 if role in allowed else staff_denied if role in STAFF else ADMIN_LOGIN
        for role in ROLES
    }


def rights(view, *, add, delete):
    return {"view": view, "add": add, "delete": delete}


# Who may do what with each model in the admin: view (list, change page, history), add, delete.
ADMIN_MODELS = {
    "auth.group": rights(SUPER, add=SUPER, delete=SUPER),
    "gnlc.user": rights(SUPER, add=SUPER, delete=SUPER),
    "account.emailaddress": rights(SUPER, add=SUPER, delete=SUPER),
    "post_office.email": rights(SUPER, add=NOBODY, delete=SUPER),
    "post_office.log": rights(SUPER, add=SUPER, delete=SUPER),
    "post_office.emailtemplate": rights(SUPER, add=SUPER, delete=SUPER),
    "post_office.attachment": rights(SUPER, add=SUPER, delete=SUPER),
    "mfa.authenticator": rights(SUPER, add=SUPER, delete=SUPER),
    # django-axes' records are written by the sign-in, never added by hand.
    "axes.accessattempt": rights(SUPER, add=NOBODY, delete=SUPER),
    "axes.accesslog": rights(SUPER, add=NOBODY, delete=SUPER),
    "axes.accessfailurelog": rights(SUPER, add=NOBODY, delete=SUPER),
    "cities.city": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "cities.cluster": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "cities.networkfigure": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "cities.membershipcall": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "cities.nationalcommission": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    # Applications are read and acted on, never added or deleted as forms.
    "cities.membershipapplication": rights(SECRETARIAT, add=NOBODY, delete=NOBODY),
    "awards.awardapplication": rights(SECRETARIAT, add=NOBODY, delete=NOBODY),
    "awards.awardcycle": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "awards.award": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "members.reportingcycle": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "members.cityeditor": rights(SECRETARIAT, add=NOBODY, delete=NOBODY),
    "members.editorinvitation": rights(SECRETARIAT, add=SECRETARIAT, delete=NOBODY),
    "members.profileproposal": rights(SECRETARIAT, add=NOBODY, delete=NOBODY),
    # Progress reports are read and acted on, never added or deleted as forms.
    "members.progressreport": rights(SECRETARIAT, add=NOBODY, delete=NOBODY),
    "conferences.conference": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "conferences.conferencedocument": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "conferences.speaker": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
    "conferences.conferencesession": rights(SECRETARIAT, add=SECRETARIAT, delete=SECRETARIAT),
}

# The admin's own pages and the custom pages of our ModelAdmins.
ADMIN_EXPECTED = {
    "admin:index": admin_row(STAFF),
    # The admin's sign-in page sends visitors to the site's (throttled, second factor);
    # signed-in people without admin access are refused, staff go on.
    "admin-login": every(403, anonymous=LOGIN, staff=302, secretariat=302, superuser=302),
    "admin:login": every(403, anonymous=LOGIN, staff=302, secretariat=302, superuser=302),
    # Signing out is a POST; the admin sends those without access to its index.
    "admin:logout": {role: 405 if role in STAFF else 302 for role in ROLES},
    "admin:password_change": admin_row(STAFF),
    "admin:password_change_done": admin_row(STAFF),
    "admin:autocomplete": admin_row(NOBODY),
    "admin:jsi18n": admin_row(STAFF),
    "admin:view_on_site": {role: 302 if role in STAFF else ADMIN_LOGIN for role in ROLES},
    "admin:app_list": admin_row(SECRETARIAT, staff_denied=404),
    "admin/(?P<url>.*)$": admin_row(NOBODY, staff_denied=404),
    "admin:auth_user_password_change": admin_row(SUPER),
    "admin:post_office_email_image": {**admin_row(NOBODY), "superuser": 404},  # no image
    # A plain-text message has no HTML preview; "resend" queues it and shows the message.
    "admin:post_office_email_preview": {**admin_row(NOBODY), "superuser": 404},
    "admin:resend": {**admin_row(NOBODY), "superuser": 302},
    # Only those who may change a city get an answer; a GET without a place is a bad request.
    "admin:cities_city_suggest_coordinates": {
        role: 400 if role in SECRETARIAT else 403 if role in STAFF else ADMIN_LOGIN
        for role in ROLES
    },
    "admin:cities_city_export": admin_row(SECRETARIAT),
    "admin:cities_city_simple_history": admin_row(SECRETARIAT),
    "admin:cities_cluster_simple_history": admin_row(SECRETARIAT),
    "admin:cities_networkfigure_simple_history": admin_row(SECRETARIAT),
    "admin:cities_membershipapplication_call_summary": admin_row(SECRETARIAT),
    "admin:cities_membershipapplication_call_export": admin_row(SECRETARIAT),
    "admin:cities_membershipapplication_pledge": admin_row(SECRETARIAT),
    "admin:cities_membershipapplication_letter": admin_row(SECRETARIAT),
    "admin:cities_membershipapplication_action": admin_row(SECRETARIAT),
    "admin:cities_membershipapplication_export": admin_row(SECRETARIAT),
    "admin:awards_awardapplication_consent": admin_row(SECRETARIAT),
    "admin:awards_awardapplication_document": admin_row(SECRETARIAT),
    "admin:awards_awardapplication_action": admin_row(SECRETARIAT),
    "admin:awards_awardcycle_ranking": admin_row(SECRETARIAT),
    # The advance page answers POST only; staff who may change the cycle are told so.
    "admin:awards_awardcycle_advance": {
        role: 405 if role in SECRETARIAT else 403 if role in STAFF else ADMIN_LOGIN
        for role in ROLES
    },
    "admin:awards_awardcycle_board": admin_row(SECRETARIAT),
    "admin:awards_awardcycle_scores": admin_row(SECRETARIAT),
    "admin:awards_awardapplication_cycle_export": admin_row(SECRETARIAT),
    "admin:awards_awardcycle_simple_history": admin_row(SECRETARIAT),
    "admin:awards_award_simple_history": admin_row(SECRETARIAT),
    "admin:cities_membershipcall_simple_history": admin_row(SECRETARIAT),
    "admin:members_reportingcycle_simple_history": admin_row(SECRETARIAT),
    "admin:members_progressreport_action": admin_row(SECRETARIAT),
    "admin:members_profileproposal_action": admin_row(SECRETARIAT),
    # The world's profile update has no image: those who may see one are told there is none.
    "admin:members_profileproposal_image": {
        role: 404 if role in SECRETARIAT else 403 if role in STAFF else ADMIN_LOGIN
        for role in ROLES
    },
    "admin:members_progressreport_attachment": admin_row(SECRETARIAT),
    "admin:members_progressreport_cycle_export": admin_row(SECRETARIAT),
    "admin:conferences_conference_simple_history": admin_row(SECRETARIAT),
    "admin:conferences_conferencedocument_simple_history": admin_row(SECRETARIAT),
    "admin:conferences_conferencesession_simple_history": admin_row(SECRETARIAT),
    "admin:conferences_speaker_simple_history": admin_row(SECRETARIAT),
}

ADMIN_SUFFIXES = ("changelist", "add", "history", "delete", "change")


def admin_model_row(model_key, suffix):
    rules = ADMIN_MODELS[model_key]
    if suffix in ("changelist", "history", "change"):
        return admin_row(rules["view"])
    if suffix == "redirect":
        # <object_id>/ redirects to the change page for any staff member.
        return {role: 302 if role in STAFF else ADMIN_LOGIN for role in ROLES}
    return admin_row(rules[suffix])


# --- Walking the URL conf --------------------------------------------------------------------


@dataclass
class Route:
    key: str  # "namespace:name", or the pattern's text when it has no name
    text: str  # the whole pattern, for messages
    params: tuple  # the names of its parameters (or positions of a regex's groups)
    model_key: str = ""  # "app.model" for the standard pages of a ModelAdmin
    suffix: str = ""


def walk(patterns=None, prefix="", namespace="", model_key=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, text, inner, _admin_model(text) or model_key)
            continue
        regex = pattern.pattern.regex
        params = tuple(regex.groupindex) or tuple(range(regex.groups))
        name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
        route = Route(key=name or text, text=text, params=params)
        if model_key:
            route.model_key = model_key
            route.suffix = _admin_suffix(route, model_key)
        yield route


def _admin_model(text):
    for model in admin.site._registry:
        if text == f"admin/{model._meta.app_label}/{model._meta.model_name}/":
            return f"{model._meta.app_label}.{model._meta.model_name}"
    return ""


def _admin_suffix(route, model_key):
    if route.key == route.text and route.text.endswith("<path:object_id>/"):
        return "redirect"
    base = "admin:" + model_key.replace(".", "_") + "_"
    for suffix in ADMIN_SUFFIXES:
        if route.key == base + suffix:
            return suffix
    return ""


def expectation(route):
    """The row of the table for `route`, or None when it has none."""
    if route.suffix and route.model_key in ADMIN_MODELS:
        return admin_model_row(route.model_key, route.suffix)
    return EXPECTED.get(route.key) or ADMIN_EXPECTED.get(route.key)


def patterns_without_row(routes):
    """Each pattern of the URL conf that no row covers; a newly registered admin model is one
    missing row of ADMIN_MODELS, not one per page of its admin."""
    models = sorted({r.model_key for r in routes if r.suffix and r.model_key not in ADMIN_MODELS})
    return [f"no row in ADMIN_MODELS for the admin of {model}" for model in models] + [
        f"no row in EXPECTED or ADMIN_EXPECTED for {route.key} (/{route.text})"
        for route in routes
        if expectation(route) is None and route.model_key not in models
    ]


def rows_without_pattern(routes):
    """Each row that matches no pattern (or no model of the admin), each row given twice, and
    each name that several patterns share (only one of them could be crawled)."""
    keys = {route.key for route in routes}
    registered = {route.model_key for route in routes if route.suffix}
    problems = [
        f"{table}[{key!r}] matches no URL pattern"
        for table, rows in [("EXPECTED", EXPECTED), ("ADMIN_EXPECTED", ADMIN_EXPECTED)]
        for key in rows
        if key not in keys
    ]
    problems += [
        f"ADMIN_MODELS[{key!r}] matches no model of the admin"
        for key in ADMIN_MODELS
        if key not in registered
    ]
    problems += [
        f"{key!r} is in both EXPECTED and ADMIN_EXPECTED"
        for key in EXPECTED.keys() & ADMIN_EXPECTED.keys()
    ]
    texts = {}
    for route in routes:
        texts.setdefault(route.key, []).append("/" + route.text)
    problems += [
        f"{key} names several patterns ({', '.join(shared)})"
        for key, shared in texts.items()
        if len(shared) > 1
    ]
    return problems


# --- Filling the parameters from the world ---------------------------------------------------


def _first_pk(model_key):
    from django.apps import apps

    model = apps.get_model(model_key)
    return model._default_manager.order_by("pk").values_list("pk", flat=True).first()


def _reset_key(user):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user = type(user).objects.get(pk=user.pk)  # as stored: the key depends on last_login

    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


def _history_args(obj):
    return [obj.pk, obj.history.order_by("-history_id").first().history_id]


def parameter_table(w):
    """kwargs (or args, for a regex with unnamed groups, or a whole path) per route, from
    the world."""
    from post_office.models import Email

    from awards.models import AwardCycle
    from cities.models import City, Cluster, NetworkFigure
    from conferences.models import Conference, ConferenceDocument, ConferenceSession, Speaker
    from members.models import ReportingCycle

    city_slug = {"slug": w.city_a.slug}
    conference = {"slug": Conference.objects.order_by("number").first().slug}
    cluster = {"slug": Cluster.objects.order_by("slug").first().slug}
    table = {
        "cities:city-detail": city_slug,
        "cities:cluster-detail": cluster,
        "cities:application-detail": {"pk": w.membership_a.pk},
        "cities:application-edit": {"pk": w.membership_a.pk, "step": "city"},
        "cities:application-submit": {"pk": w.membership_a.pk},
        "cities:application-answer": {"pk": w.membership_a.pk},
        "cities:application-withdraw": {"pk": w.membership_a.pk},
        "cities:application-pledge": {"pk": w.membership_a.pk},
        "cities:application-pledge-sheet": {"pk": w.membership_a.pk},
        "cities:commission-review": {"token": w.commission_token},
        "cities:commission-pledge": {"token": w.commission_token},
        "awards:cycle-detail": {"year": 2024},
        "awards:cycle-map-data": {"year": 2024},
        "awards:apply": {"year": w.open_cycle.year},
        "awards:application-detail": {"pk": w.award_a.pk},
        "awards:application-answers": {"pk": w.award_a.pk},
        "awards:application-documents": {"pk": w.award_a.pk},
        "awards:application-document-file": {"pk": w.award_a.pk, "document": w.document.pk},
        "awards:application-consent": {"pk": w.award_a.pk},
        "awards:application-consent-file": {"pk": w.award_a.pk},
        "awards:application-submit": {"pk": w.award_a.pk},
        "awards:application-withdraw": {"pk": w.award_a.pk},
        "awards:nomination": {"token": w.nomination_token},
        "awards:nomination-document": {"token": w.nomination_token, "document": w.document.pk},
        "awards:nomination-consent": {"token": w.nomination_token},
        "awards:jury-review": {"pk": w.assignment.pk},
        "awards:jury-conflict": {"pk": w.assignment.pk},
        "awards:jury-submit": {"pk": w.assignment.pk},
        "conferences:conference-detail": conference,
        "account_confirm_email": {"key": _confirmation_key(w)},
        "account_reset_password_from_key": _reset_key(w.visitor),
        "api:not-found": "/api/v1/no-such-thing/",
        "api:city-detail": city_slug,
        "api:cluster-detail": cluster,
        "api:cycle-detail": {"year": 2024},
        "api:conference-detail": conference,
        # The demo's reporting cycle (seed_demo): its public answers only.
        "api:report-cycle-detail": {
            "pk": ReportingCycle.objects.exclude(state="draft").order_by("pk").first().pk
        },
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(City).pk,
            "object_id": w.city_a.pk,
        },
        "admin:app_list": {"app_label": "cities"},
        "admin/(?P<url>.*)$": {"url": "no-such-page/"},
        "admin:auth_user_password_change": {"id": w.focal_a.pk},
        "admin:post_office_email_image": {
            "pk": Email.objects.order_by("pk").first().pk,
            "content_id": "0" * 32,
        },
        "admin:post_office_email_preview": {"pk": Email.objects.order_by("pk").first().pk},
        "admin:resend": {"pk": Email.objects.order_by("pk").first().pk},
        "admin:cities_city_simple_history": _history_args(w.city_a),
        "admin:cities_cluster_simple_history": _history_args(
            Cluster.objects.order_by("slug").first()
        ),
        "admin:awards_award_simple_history": _history_args(
            w.city_a.__class__.objects.get(slug="cork").awards.order_by("pk").first()
        ),
        "admin:awards_awardcycle_simple_history": _history_args(AwardCycle.objects.get(year=2024)),
        "admin:cities_networkfigure_simple_history": _history_args(
            NetworkFigure.objects.order_by("as_of").first()
        ),
        "admin:cities_membershipcall_simple_history": _history_args(w.call),
        **{
            f"admin:conferences_{model._meta.model_name}_simple_history": _history_args(
                model.objects.order_by("pk").first()
            )
            for model in (Conference, ConferenceDocument, ConferenceSession, Speaker)
        },
        "admin:cities_membershipapplication_call_summary": {"call_id": w.call.pk},
        "admin:cities_membershipapplication_call_export": {"call_id": w.call.pk, "fmt": "csv"},
        "admin:cities_membershipapplication_pledge": {"object_id": w.membership_a.pk},
        "admin:cities_membershipapplication_letter": {"object_id": w.membership_a.pk},
        "admin:cities_membershipapplication_action": {
            "object_id": w.membership_b.pk,
            "action": "internal-note",
        },
        "admin:awards_awardapplication_consent": {"object_id": w.award_a.pk},
        "admin:awards_awardapplication_document": {
            "object_id": w.award_a.pk,
            "document_id": w.document.pk,
        },
        "admin:awards_awardapplication_action": {"object_id": w.award_a.pk, "action": "eligible"},
        "admin:awards_awardcycle_ranking": {"object_id": w.jury_cycle.pk},
        "admin:awards_awardcycle_advance": {"object_id": w.jury_cycle.pk},
        "admin:awards_awardcycle_board": {"object_id": w.jury_cycle.pk},
        "admin:awards_awardcycle_scores": {"object_id": w.jury_cycle.pk, "fmt": "csv"},
        "admin:awards_awardapplication_cycle_export": {"cycle_id": w.jury_cycle.pk, "fmt": "csv"},
        "members:claim": {"token": w.claim_token},
        "admin:members_profileproposal_action": {"object_id": w.proposal_a.pk, "action": "return"},
        "members:editors": city_slug,
        "members:editor-remove": {**city_slug, "pk": w.co_editor_a.pk},
        "members:profile-update": city_slug,
        "members:report-detail": {"pk": w.report_a.pk},
        "members:report-section": {
            "pk": w.report_a.pk,
            "section": w.report_question.section_id,
        },
        "members:report-submit": {"pk": w.report_a.pk},
        "members:report-answer": {"pk": w.report_a.pk},
        "members:report-attachment": {"pk": w.report_a.pk, "question": w.report_question.pk},
        "admin:members_reportingcycle_simple_history": _history_args(w.reporting_cycle),
        "admin:members_progressreport_action": {
            "object_id": w.report_a.pk,
            "action": "internal-note",
        },
        "admin:members_progressreport_attachment": {
            "object_id": w.report_a.pk,
            "question_id": w.report_question.pk,
        },
        "admin:members_progressreport_cycle_export": {
            "cycle_id": w.reporting_cycle.pk,
            "fmt": "csv",
        },
    }
    return table


def parameters(route, table, objects):
    """The values for `route`; None when the table does not know how to fill it."""
    if route.key in table:
        return table[route.key]
    if not route.params:
        return {}
    if route.model_key and set(route.params) == {"object_id"}:
        pk = objects.get(route.model_key) or _first_pk(route.model_key)
        return None if pk is None else {"object_id": pk}
    return None


def _private_objects(w):
    """The admin pages of these objects show the private values planted in the world."""
    from allauth.account.models import EmailAddress

    return {
        "cities.city": w.city_a.pk,
        "cities.membershipapplication": w.membership_a.pk,
        "awards.awardapplication": w.award_a.pk,
        "members.progressreport": w.report_a.pk,
        "gnlc.user": w.focal_a.pk,
        "account.emailaddress": EmailAddress.objects.get(email=w.focal_a.email).pk,
    }


def _confirmation_key(w):
    from allauth.account.models import EmailConfirmationHMAC

    return EmailConfirmationHMAC(w.unverified_address).key


def crawl_plan(w):
    """Every pattern of the URL conf with its URL (None when it cannot be filled)."""
    table, objects = parameter_table(w), _private_objects(w)
    return [(route, url_of(route, table, objects)) for route in walk()]


def url_of(route, table, objects):
    values = parameters(route, table, objects)
    if values is None or isinstance(values, str):
        return values
    if route.key != route.text:
        if isinstance(values, list):
            return reverse(route.key, args=values)
        return reverse(route.key, kwargs=values)
    # A pattern without a name: its text, with the values in place of its parameters.
    url = "/" + route.text
    for name, value in values.items():
        url = re.sub(rf"\(\?P<{name}>[^)]*\)", str(value), url)
        url = re.sub(rf"<(\w+:)?{name}>", str(value), url)
    return url.replace("^", "").replace("$", "")


def outcome(response):
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if re.match(r"^/[a-z]{2}/accounts/login/\?next=", location):
            return LOGIN
    return response.status_code


# --- What each role may read -----------------------------------------------------------------

# The roles that may see each private value somewhere (their own data, or UIL's work).
ALLOWED_TO_SEE = {
    "applicant_email": {"focal_a", "secretariat", "superuser"},
    "applicant_b_email": {"focal_b", "secretariat", "superuser"},
    "contact_b_email": {"focal_b", "secretariat", "superuser"},
    "focal_point_name": {"focal_a", "secretariat", "superuser"},
    "focal_point_email": {"focal_a", "secretariat", "superuser"},
    "focal_point_phone": {"focal_a", "secretariat", "superuser"},
    "commission_email": {"secretariat", "superuser"},
    # Jurors see the other jurors' scores of an application once they submitted their own.
    "score_comment": {"juror", "secretariat", "superuser"},
    "motivation": {"focal_a", "secretariat", "superuser"},
    "pledge_name": {"focal_a", "secretariat", "superuser"},
    "award_answer": {"focal_a", "secretariat", "superuser"},
    "document_title": {"focal_a", "secretariat", "superuser"},
    "conflict_reason": {"secretariat", "superuser"},
    # Where private files are stored is nobody's business: they are served by views only.
    "pledge_path": set(),
    "letter_path": set(),
    "consent_path": set(),
    "document_path": set(),
    "commission_token": set(),
    "nomination_token": set(),
}
# What a signed link shows to whoever holds it: the application it is about.
SHOWN_BY_LINK = {
    "cities:commission-review": {"contact_b_email", "commission_token"},
    "cities:commission-pledge": {"commission_token"},
    "awards:nomination": {"award_answer", "document_title", "nomination_token"},
    "awards:nomination-document": {"nomination_token"},
    "awards:nomination-consent": {"nomination_token"},
}
# Pages open to everyone without a link (a signed link's page is not: it may greet the
# signed-in holder by their own address, as the members' claim page does).
PUBLIC_KEYS = {key for key, row in EXPECTED.items() if row is PUBLIC or row is API}


def private_values(w):
    values = dict(w.private)
    values.update(
        pledge_path=w.membership_a.pledge.name,
        letter_path=w.membership_a.commission_letter.name,
        consent_path=w.award_a.consent_form.name,
        document_path=w.document.file.name,
        commission_token=w.commission_token,
        nomination_token=w.nomination_token,
    )
    return values


def leaks(role, route, response, values):
    """The private values in `response` that `role` may not see at `route`."""
    text = _body(response) + str(dict(response.headers.items()))
    found = []
    shown_by_link = SHOWN_BY_LINK.get(route.key, set())
    for name, value in values.items():
        if value not in text or name in shown_by_link:
            continue
        if route.key in PUBLIC_KEYS or role not in ALLOWED_TO_SEE[name]:
            found.append(name)
    return found


def state_of_the_world():
    """Everything a GET must never change."""
    from allauth.account.models import EmailAddress

    from awards.models import (
        AwardApplication,
        AwardCycle,
        ConflictDeclaration,
        JuryAssignment,
        NominationInvitation,
        Score,
    )
    from cities.models import City, CommissionInvitation, MembershipApplication

    return {
        "membership": list(MembershipApplication.objects.order_by("pk").values_list("pk", "state")),
        "award": list(AwardApplication.objects.order_by("pk").values_list("pk", "state")),
        "cycles": list(AwardCycle.objects.order_by("pk").values_list("pk", "phase")),
        "commission links": list(
            CommissionInvitation.objects.order_by("pk").values_list("pk", "used_at")
        ),
        "nomination links": list(
            NominationInvitation.objects.order_by("pk").values_list("pk", "used_at")
        ),
        "reviews": list(JuryAssignment.objects.order_by("pk").values_list("pk", "submitted_at")),
        "scores": list(Score.objects.order_by("pk").values_list("pk", "value", "comment")),
        "conflicts": ConflictDeclaration.objects.count(),
        # allauth's e-mail page files the account's own address when it has no record yet;
        # what a GET must never do is confirm one.
        "verified addresses": list(
            EmailAddress.objects.filter(verified=True).order_by("pk").values_list("email")
        ),
        "cities": list(City.objects.order_by("pk").values_list("pk", "status", "focal_point")),
    }


# --- The tests -------------------------------------------------------------------------------


def test_the_table_has_one_row_for_each_url_pattern():
    """A URL that Django, our apps or a package adds fails here by name until it has a row;
    a row whose URL is gone fails too."""
    routes = list(walk())
    assert len(routes) > 150  # the walk reached the admin, allauth and the API
    problems = patterns_without_row(routes) + rows_without_pattern(routes)
    if problems:
        pytest.fail(
            "The crawl table (tests/security/test_crawl.py) does not match the URL conf:\n  "
            + "\n  ".join(problems),
            pytrace=False,
        )


def test_every_url_pattern_can_be_filled_from_the_world(world, db):
    plan = crawl_plan(world)
    keys = {route.key for route, url in plan}
    problems = [f"no values for {route.key} (/{route.text})" for route, url in plan if url is None]
    for name, table in [
        ("parameter_table", parameter_table(world)),
        ("SHOWN_BY_LINK", SHOWN_BY_LINK),
    ]:
        problems += [f"{name}[{key!r}] matches no URL pattern" for key in table if key not in keys]
    if problems:
        pytest.fail(
            "The crawl's values for URL parameters do not match the URL conf:\n  "
            + "\n  ".join(problems),
            pytrace=False,
        )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_table_says(world, db, as_role, role):
    client = as_role(role)
    values = private_values(world)
    before = state_of_the_world()
    wrong, leaked, kept = [], [], []
    for route, url in crawl_plan(world):
        expected = expectation(route)
        if expected is None or url is None:
            continue  # reported by the two tests above
        try:
            response = client.get(url)
        except Exception as error:  # a server error: the test client re-raises it
            wrong.append(f"{url}: 500 ({type(error).__name__}: {error})")
            continue
        seen = outcome(response)
        if seen != expected[role]:
            wrong.append(f"{url} [{route.key}]: {seen}, expected {expected[role]}")
        for name in leaks(role, route, response, values):
            leaked.append(f"{url} [{route.key}] shows {name}")
        if seen == 200 and expected is not PUBLIC and not is_never_stored(response):
            kept.append(f"{url} [{route.key}]: Cache-Control {response.get('Cache-Control')!r}")
    assert wrong == []
    assert leaked == []
    assert kept == [], "private pages a cache or the browser may keep"
    assert state_of_the_world() == before, "a GET changed something"


def is_never_stored(response):
    """A private page: `Cache-Control: private, no-store`."""
    words = {word.strip().lower() for word in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= words


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


def test_the_private_values_are_where_they_belong(world, db, as_role):
    """The search for leaks above is not blind: each planted value is found where it is
    meant to be shown."""
    from awards.models import AwardApplication

    w = world
    suwon = AwardApplication.objects.get(cycle=w.jury_cycle, city__slug="suwon")
    shown = {
        ("focal_a", reverse("cities:application-detail", args=[w.membership_a.pk])): [
            "applicant_email",
            "motivation",
        ],
        ("focal_a", reverse("awards:application-detail", args=[w.award_a.pk])): [
            "award_answer",
            "document_title",
        ],
        ("secretariat", reverse("admin:cities_city_change", args=[w.city_a.pk])): [
            "focal_point_name",
            "focal_point_email",
            "focal_point_phone",
        ],
        ("secretariat", reverse("admin:cities_nationalcommission_changelist")): [
            "commission_email"
        ],
        ("secretariat", reverse("admin:awards_awardapplication_change", args=[suwon.pk])): [
            "conflict_reason"
        ],
        ("secretariat", reverse("admin:awards_awardcycle_scores", args=[w.jury_cycle.pk, "csv"])): [
            "score_comment"
        ],
        ("anonymous", reverse("cities:commission-review", args=[w.commission_token])): [
            "contact_b_email"
        ],
    }
    for (role, url), names in shown.items():
        body = _body(as_role(role).get(url))
        assert [name for name in names if w.private[name] in body] == names, url
    pledge = as_role("focal_a").get(reverse("cities:application-pledge", args=[w.membership_a.pk]))
    assert w.private["pledge_name"] in pledge["Content-Disposition"]
