"""A French city joins the network, end to end in Chromium, in French only (issue 13).

The story of test_application_flow.py told in French, by people whose browsers speak French:
the applicant signs up and confirms the address, fills in the form over two devices (decimal
commas in the figures), prints the pledge and submits; the French National Commission endorses
through the link of its e-mail; UIL staff, whose browser is French too, start the review and ask
for more information; the applicant answers; staff approve on the confirmation page; the city is
in the directory and on the map.

Every page of the story and every e-mail sent to the applicant and to the Commission is read
for English words: the visible text (and the labels of controls) of elements in French, leaving
out what people typed (names, addresses, texts) and the language switcher, whose other
languages are marked with their own `lang`. The findings are collected and asserted at the end,
all at once, with the page where each was seen.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cities.models import City
from tests import world

from .helpers import follow, link_sent_to, watch_page

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "point.focal@villeurbanne.example"
PASSWORD = "apprendre-tout-au-long-2026"
COMMISSION_EMAIL = "natcom@unesco-fr.example"
STAFF_EMAIL = "staff@example.org"  # the `staff_user` fixture of tests/conftest.py
STAFF_PASSWORD = "secret-pass-123"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# Words of English that French does not use: one of them on a French page is a string left
# untranslated. ("on", "a", "an", "as", "date", "change", "sent" … are French too.)
ENGLISH_WORDS = """
    the and your you with has have been will this that which from are was were please here
    there what when who how why our their its not yet also only each every more than into
    about after before while would should could must may can shall
    of to is it by at if be or
    application applications applicant submitted submit draft save saved continue sign signed
    password mayor step steps review reviewed approved approve admitted reject rejected
    received send link city cities country countries network learning lifelong member
    members home map award join statistics search welcome thank thanks yes back next
    start started new edit add remove delete view show hide print download
    upload file required optional error errors year years name title address phone
    language english french spanish information request answer endorsed endorsement
    decision deadline open closed
"""
ENGLISH = frozenset(ENGLISH_WORDS.split())
# What the text of a page is made of, in French elements only: visible text nodes, and the
# names a screen reader gives controls (aria-label, placeholder, title, alt, button values).
FRENCH_TEXT = """() => {
  const inFrench = (el) => {
    const marked = el.closest('[lang]');
    return !marked || marked.lang.toLowerCase().startsWith('fr');
  };
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, template, textarea, .typed')) continue;
    if (!el.checkVisibility() || !inFrench(el)) continue;
    parts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')) {
    if (!inFrench(el)) continue;
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
    if (inFrench(el)) parts.push(el.value);
  }
  return parts.join(' ');
}"""
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|\b[\w.-]+\.(?:example|org|com)\S*")


def english_words(text, typed=()):
    """The English words of `text`, once the addresses and what people typed are left out,
    each with the words around it (to find the string it came from)."""
    for value in typed:
        text = text.replace(value, " ")
    text = ADDRESSES.sub(" ", text)
    text = text.replace("CC BY", " ")  # a licence's name (Creative Commons Attribution)
    text = re.sub(r"\bl['’]application", " ", text)  # French: "Modèles de l’application"
    text = " ".join(text.split())
    found = []
    for match in re.finditer(r"[^\W\d_]+", text):
        if match.group().lower() in ENGLISH:
            found.append(
                f"{match.group()!r} in “{text[max(0, match.start() - 40) : match.end() + 40]}”"
            )
    return found


class Reader:
    """Reads each page and e-mail of the story and keeps what is not French."""

    def __init__(self, typed):
        self.typed = typed
        self.findings = {}

    def page(self, page, where):
        expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^fr"))
        found = english_words(page.evaluate(FRENCH_TEXT), self.typed)
        if found:
            self.findings[f"{where} ({page.url})"] = found

    def mail(self, message):
        found = english_words(f"{message.subject}\n{message.body}", self.typed)
        if found:
            self.findings[f"e-mail to {', '.join(message.to)}: {message.subject}"] = found


def new_page(new_context, problems):
    """A page in a new French browser context (another device, another person)."""
    page = new_context(locale="fr-FR").new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(10_000)
    watch_page(page, problems)
    return page


def sign_in(page, site, next_path):
    page.goto(site(next_path))
    expect(page).to_have_url(re.compile(r"/fr/accounts/login/\?next="))
    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    follow(page.locator("main form").get_by_role("button", name="Connexion"))
    expect(page).to_have_url(site(next_path))


def saved(page):
    expect(page.locator(".messages")).to_contain_text("Votre brouillon a été enregistré.")


def forgive_expected_error_status(problems, status, path):
    expected = [
        entry
        for entry in problems.console
        if entry[0] == "error" and f"status of {status}" in entry[1] and entry[2].endswith(path)
    ]
    for entry in expected:
        problems.console.remove(entry)


TYPED = (
    "Villeurbanne",
    "Cédric Van Styvendael",
    "Maire de Villeurbanne",
    "Camille Martin",
    "Cheffe de projet Ville apprenante",
    "Hôtel de Ville, place Lazare-Goujon",
    "Commission nationale française pour l'UNESCO",
    "Marie Dupont, secrétaire générale",
)


def test_a_french_city_joins_in_french_without_one_english_word(
    page, site, new_context, browser_problems, staff_user, tmp_path
):
    world.open_membership_call(title_en="Call for applications 2027", title_fr="Appel 2027")
    world.national_commission(
        "FR", name="Commission nationale française pour l'UNESCO", emails=COMMISSION_EMAIL
    )
    world.cluster("Literacy", name_fr="Alphabétisation")
    world.cluster("Health and well-being", slug="health", name_fr="Santé et bien-être")
    reader = Reader(TYPED)
    page.context.close()
    applicant = new_page(new_context, browser_problems)

    # 1. How to join, then an account: sign-up, the confirmation e-mail, its link.
    applicant.goto(site("/fr/join/"))
    reader.page(applicant, "how to join")
    follow(applicant.get_by_role("link", name="Présenter une candidature"))
    expect(applicant).to_have_url(site("/fr/accounts/login/?next=/fr/applications/"))
    reader.page(applicant, "sign-in")
    applicant.goto(site("/fr/accounts/signup/?next=/fr/applications/"))
    reader.page(applicant, "sign-up")
    applicant.get_by_label("Courriel").fill(EMAIL)
    applicant.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    applicant.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    follow(applicant.locator("main form").get_by_role("button", name="Création de compte"))
    expect(applicant).to_have_url(site("/fr/accounts/confirm-email/"))
    reader.page(applicant, "address to confirm")
    applicant.goto(site(link_sent_to(EMAIL, "/fr/accounts/confirm-email/")))
    reader.page(applicant, "confirming the address")
    follow(applicant.locator("main form").get_by_role("button"))
    expect(applicant).to_have_url(site("/fr/applications/"))
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Vos candidatures")
    reader.page(applicant, "dashboard, empty")

    # 2. The form's first three steps; the session ends.
    follow(applicant.get_by_role("button", name="Commencer une candidature"))
    expect(applicant).to_have_url(re.compile(r"/fr/applications/\d+/edit/city/$"))
    pk = int(re.search(r"/applications/(\d+)/", applicant.url).group(1))
    edit = f"/fr/applications/{pk}/edit/"
    reader.page(applicant, "step: city")
    applicant.locator("[name=city_name]").fill("Villeurbanne")
    applicant.locator("[name=country]").select_option("FR")
    applicant.locator("[name=website]").fill("https://www.villeurbanne.example")
    follow(applicant.get_by_role("button", name="Enregistrer et continuer"))
    expect(applicant).to_have_url(site(edit + "mayor/"))
    saved(applicant)
    reader.page(applicant, "step: mayor")
    applicant.locator("[name=mayor_salutation]").select_option(label="M.")
    applicant.locator("[name=mayor_name]").fill("Cédric Van Styvendael")
    applicant.locator("[name=mayor_title]").fill("Maire de Villeurbanne")
    follow(applicant.get_by_role("button", name="Enregistrer et continuer"))
    expect(applicant).to_have_url(site(edit + "contact/"))
    reader.page(applicant, "step: contact")
    applicant.locator("[name=contact_salutation]").select_option(label="Mme")
    applicant.locator("[name=contact_name]").fill("Camille Martin")
    applicant.locator("[name=contact_title]").fill("Cheffe de projet Ville apprenante")
    applicant.locator("[name=contact_address]").fill("Hôtel de Ville, place Lazare-Goujon")
    applicant.locator("[name=contact_postcode]").fill("69100")
    applicant.locator("[name=contact_phone]").fill("+33 4 78 03 67 67")
    expect(applicant.locator("[name=language][value=fr]")).to_be_checked()  # the page's
    follow(applicant.get_by_role("button", name="Enregistrer le brouillon"))
    saved(applicant)
    applicant.context.close()

    # 3. Another device: the draft is there; the figures with decimal commas.
    applicant = new_page(new_context, browser_problems)
    sign_in(applicant, site, "/fr/applications/")
    reader.page(applicant, "dashboard with a draft")
    follow(applicant.get_by_role("link", name=re.compile(r"^Continuer le formulaire")))
    expect(applicant.locator("[name=city_name]")).to_have_value("Villeurbanne")
    applicant.goto(site(edit + "profile/"))
    reader.page(applicant, "step: profile")
    figures = {
        "population": "154 781",
        "population_year": "2021",
        "area_km2": "14,52",
        "area_year": "2021",
        "gdp_city": "42 000",
        "gdp_city_year": "2021",
        "gdp_country": "44 400",
        "gdp_country_year": "2022",
        "schooling_women": "11,6",
        "schooling_women_year": "2021",
        "schooling_men": "11,5",
        "schooling_men_year": "2021",
    }
    for name, value in figures.items():
        applicant.locator(f"[name={name}]").fill(value)
    follow(applicant.get_by_role("button", name="Enregistrer et continuer"))
    expect(applicant).to_have_url(site(edit + "texts/"))
    applicant.goto(site(edit + "profile/"))
    expect(applicant.locator("[name=area_km2]")).to_have_value("14,52")
    applicant.goto(site(edit + "texts/"))
    reader.page(applicant, "step: texts")
    applicant.locator("[name=motivation]").fill(
        "Villeurbanne veut que chaque habitant apprenne tout au long de sa vie."
    )
    applicant.locator("[name=implementation]").fill(
        "Par les médiathèques, les centres sociaux et les écoles de la ville."
    )
    follow(applicant.get_by_role("button", name="Enregistrer et continuer"))
    expect(applicant).to_have_url(site(edit + "challenges/"))
    reader.page(applicant, "step: challenges")
    for group in applicant.locator("fieldset").all():
        group.get_by_label("4", exact=True).check()
    follow(applicant.get_by_role("button", name="Enregistrer et continuer"))
    expect(applicant).to_have_url(site(edit + "pledge/"))
    reader.page(applicant, "step: pledge")
    # The pledge to print, filled in with the city's and the mayor's names, in French.
    sheet = applicant.context.new_page()
    watch_page(sheet, browser_problems)
    sheet.goto(site(applicant.locator("main a[href$='/pledge/sheet/']").get_attribute("href")))
    expect(sheet.locator(".pledge-sheet")).to_contain_text("Villeurbanne")
    expect(sheet.locator(".pledge-sheet")).to_contain_text("Cédric Van Styvendael")
    reader.page(sheet, "the pledge to print")
    sheet.close()
    pledge = tmp_path / "engagement.pdf"
    pledge.write_bytes(PDF)
    applicant.locator("[name=pledge]").set_input_files(pledge)
    follow(applicant.get_by_role("button", name="Enregistrer et continuer"))
    expect(applicant).to_have_url(site(f"/fr/applications/{pk}/submit/"))
    reader.page(applicant, "review before submitting")
    follow(applicant.get_by_role("button", name="Soumettre à la Commission nationale"))
    expect(applicant).to_have_url(site(f"/fr/applications/{pk}/"))
    reader.page(applicant, "submitted application")
    applicant.context.close()

    # 4. The National Commission, through the link of its e-mail.
    commission = new_page(new_context, browser_problems)
    commission_link = site(link_sent_to(COMMISSION_EMAIL, "/fr/commission/"))
    commission.goto(commission_link)
    reader.page(commission, "Commission's page")
    commission.locator("[name=decision][value=endorse]").check()
    commission.locator("[name=signed_by]").fill("Marie Dupont, secrétaire générale")
    follow(commission.get_by_role("button", name="Enregistrer la décision"))
    reader.page(commission, "Commission's decision recorded")
    commission.context.close()

    # 5. UIL staff, in the admin in French: start the review, ask for information.
    staff = new_page(new_context, browser_problems)
    staff.goto(site("/admin/"))
    staff.get_by_label("Courriel").fill(STAFF_EMAIL)
    staff.get_by_label("Mot de passe", exact=True).fill(STAFF_PASSWORD)
    follow(staff.locator("main form").get_by_role("button", name="Connexion"))
    expect(staff).to_have_url(site("/admin/"))
    reader.page(staff, "admin home")
    change_url = site(f"/admin/cities/membershipapplication/{pk}/change/")
    staff.goto(change_url)
    reader.page(staff, "admin: the application")
    follow(staff.locator("#action-start-review").get_by_role("button"))
    request_form = staff.locator("#action-request-information")
    request_form.locator("textarea").fill("Merci d'envoyer le budget de la fête de la lecture.")
    follow(request_form.get_by_role("button"))

    # The applicant answers.
    applicant = new_page(new_context, browser_problems)
    sign_in(applicant, site, f"/fr/applications/{pk}/")
    reader.page(applicant, "information requested")
    applicant.locator("textarea").first.fill("Le budget est de 120 000 euros.")
    follow(applicant.get_by_role("button", name="Envoyer la réponse"))
    reader.page(applicant, "answer sent")

    # 6. Staff approve.
    staff.goto(change_url)
    follow(staff.locator("#action-approve").get_by_role("button"))
    expect(staff.locator(".workflow-confirm")).to_be_visible()
    reader.page(staff, "admin: the approval to confirm")
    follow(staff.locator(".workflow-confirm").get_by_role("button").first)
    expect(staff).to_have_url(change_url)
    reader.page(staff, "admin: after the approval")
    city = City.objects.get(name_en="Villeurbanne")

    # 7. The applicant's page after admission; the public directory and the city's profile.
    applicant.goto(site(f"/fr/applications/{pk}/"))
    reader.page(applicant, "admitted application")
    visitor = new_page(new_context, browser_problems)
    visitor.goto(site("/fr/cities/?q=villeurbanne"))
    reader.page(visitor, "directory")
    visitor.goto(site(f"/fr/cities/{city.slug}/"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Villeurbanne")
    reader.page(visitor, "the city's profile")
    # On the map at once: its place from the gazetteer, in the map's data.
    city.refresh_from_db()
    assert city.latitude is not None
    assert city.longitude is not None
    city.refresh_from_db()
    visitor.goto(site("/fr/cities/map/"))
    reader.page(visitor, "the map")
    data = visitor.request.get(site("/fr/cities/map/data/")).json()
    columns, scale = data["cities"], data["coordinate_scale"]
    # Whole thousandths of a degree, as the map keeps them (about 110 m).
    assert [
        [columns["longitude"][i] / scale, columns["latitude"][i] / scale]
        for i, name in enumerate(columns["name"])
        if name == "Villeurbanne"
    ] == [
        [
            pytest.approx(float(city.longitude), abs=0.0005),
            pytest.approx(float(city.latitude), abs=0.0005),
        ]
    ]

    # 8. Every e-mail to the applicant and to the Commission.
    for message in mail.outbox:
        if EMAIL in message.to or COMMISSION_EMAIL in message.to:
            reader.mail(message)
    assert sum(EMAIL in m.to for m in mail.outbox) >= 4
    assert reader.findings == {}, "\n".join(
        f"{where}: {'; '.join(words)}" for where, words in reader.findings.items()
    )


def test_the_reader_sees_an_english_string_and_not_french_or_typed_words():
    french = "Modèles de l’application · Votre candidature a été soumise le 2 décembre (CC BY)."
    assert english_words(french) == []
    english = "Votre candidature : Your application has been submitted."
    assert [found.split()[0] for found in english_words(english)] == [
        "'Your'",
        "'application'",
        "'has'",
        "'been'",
        "'submitted'",
    ]
    assert (
        english_words("Ville : Villeurbanne (Open Learning City)", typed=["Open Learning City"])
        == []
    )
