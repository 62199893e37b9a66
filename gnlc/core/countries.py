"""The countries the portal offers: UNESCO's Member States and Associate Members, under their
United Nations short names in the six languages of the portal (English, French and Spanish
here; Arabic, Chinese and Russian in country_names.py).

Only a city of a Member State or an Associate Member can join the network (gnlc-facts §1.1),
so this list, not ISO 3166, is what the forms offer and what every page, the admin, the API,
the exports and the map's GeoJSON name. django-countries is kept for the model fields and its
widgets; the settings restrict it to this list (`COUNTRIES_ONLY = django_countries_only()`),
with the names below in each language: every name comes from here, never from
django-countries' own translations (which write "Turquie" for "Türkiye", "Corée du Sud" for
"République de Corée", 朝鲜 — North Korea — for the Republic of Korea, and so on). Codes are
ISO 3166-1 alpha-2, which the database keeps.

Sources, the names as the UN writes them and the choices made (Hong Kong, withdrawals, names
we could not confirm) are in docs/countries.md. Keep the two together.
"""

import unicodedata
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import get_language

from .country_names import UN_NAMES, ZH_PINYIN

LANGUAGES = ("en", "fr", "es", "ar", "zh-hans", "ru")
# The names kept as attributes of UnescoCountry; the others are in country_names.py.
_ATTRIBUTE_LANGUAGES = ("en", "fr", "es")


@dataclass(frozen=True)
class UnescoCountry:
    """One Member State or Associate Member: its ISO code and its UN short names."""

    code: str
    en: str
    fr: str
    es: str
    associate: bool = False

    def name(self, language=None):
        """The name in `language` (the active language by default; English for any other
        language, and for a name not yet given in Arabic, Chinese or Russian)."""
        language = _language(language)
        if language in _ATTRIBUTE_LANGUAGES:
            return getattr(self, language)
        return UN_NAMES.get(self.code, {}).get(language) or self.en


def _language(language):
    """One of LANGUAGES ("zh_Hans", "zh-hans" and "zh" are all "zh-hans"), else "en". Not
    gnlc.core.languages: the settings read this module before Django is set up."""
    code = (language or get_language() or "en").lower().replace("_", "-")
    if code in LANGUAGES:
        return code
    code = code.split("-")[0]
    return "zh-hans" if code == "zh" else code if code in LANGUAGES else "en"


def _state(code, en, fr, es):
    return UnescoCountry(code, en, fr, es)


def _associate(code, en, fr, es):
    return UnescoCountry(code, en, fr, es, associate=True)


# The 194 Member States: the 193 members of the United Nations but Israel and Liechtenstein,
# and the Cook Islands, Niue and Palestine. In the order of the English names.
MEMBER_STATES = (
    _state("AF", "Afghanistan", "Afghanistan", "Afganistán"),
    _state("AL", "Albania", "Albanie", "Albania"),
    _state("DZ", "Algeria", "Algérie", "Argelia"),
    _state("AD", "Andorra", "Andorre", "Andorra"),
    _state("AO", "Angola", "Angola", "Angola"),
    _state("AG", "Antigua and Barbuda", "Antigua-et-Barbuda", "Antigua y Barbuda"),
    _state("AR", "Argentina", "Argentine", "Argentina"),
    _state("AM", "Armenia", "Arménie", "Armenia"),
    _state("AU", "Australia", "Australie", "Australia"),
    _state("AT", "Austria", "Autriche", "Austria"),
    _state("AZ", "Azerbaijan", "Azerbaïdjan", "Azerbaiyán"),
    _state("BS", "Bahamas", "Bahamas", "Bahamas"),
    _state("BH", "Bahrain", "Bahreïn", "Bahrein"),
    _state("BD", "Bangladesh", "Bangladesh", "Bangladesh"),
    _state("BB", "Barbados", "Barbade", "Barbados"),
    _state("BY", "Belarus", "Bélarus", "Belarús"),
    _state("BE", "Belgium", "Belgique", "Bélgica"),
    _state("BZ", "Belize", "Belize", "Belice"),
    _state("BJ", "Benin", "Bénin", "Benin"),
    _state("BT", "Bhutan", "Bhoutan", "Bhután"),
    _state(
        "BO",
        "Bolivia (Plurinational State of)",
        "Bolivie (État plurinational de)",
        "Bolivia (Estado Plurinacional de)",
    ),
    _state("BA", "Bosnia and Herzegovina", "Bosnie-Herzégovine", "Bosnia y Herzegovina"),
    _state("BW", "Botswana", "Botswana", "Botswana"),
    _state("BR", "Brazil", "Brésil", "Brasil"),
    _state("BN", "Brunei Darussalam", "Brunéi Darussalam", "Brunei Darussalam"),
    _state("BG", "Bulgaria", "Bulgarie", "Bulgaria"),
    _state("BF", "Burkina Faso", "Burkina Faso", "Burkina Faso"),
    _state("BI", "Burundi", "Burundi", "Burundi"),
    _state("CV", "Cabo Verde", "Cabo Verde", "Cabo Verde"),
    _state("KH", "Cambodia", "Cambodge", "Camboya"),
    _state("CM", "Cameroon", "Cameroun", "Camerún"),
    _state("CA", "Canada", "Canada", "Canadá"),
    _state(
        "CF", "Central African Republic", "République centrafricaine", "República Centroafricana"
    ),
    _state("TD", "Chad", "Tchad", "Chad"),
    _state("CL", "Chile", "Chili", "Chile"),
    _state("CN", "China", "Chine", "China"),
    _state("CO", "Colombia", "Colombie", "Colombia"),
    _state("KM", "Comoros", "Comores", "Comoras"),
    _state("CG", "Congo", "Congo", "Congo"),
    _state("CK", "Cook Islands", "Îles Cook", "Islas Cook"),
    _state("CR", "Costa Rica", "Costa Rica", "Costa Rica"),
    _state("CI", "Côte d'Ivoire", "Côte d'Ivoire", "Côte d'Ivoire"),
    _state("HR", "Croatia", "Croatie", "Croacia"),
    _state("CU", "Cuba", "Cuba", "Cuba"),
    _state("CY", "Cyprus", "Chypre", "Chipre"),
    _state("CZ", "Czechia", "Tchéquie", "Chequia"),
    _state(
        "KP",
        "Democratic People's Republic of Korea",
        "République populaire démocratique de Corée",
        "República Popular Democrática de Corea",
    ),
    _state(
        "CD",
        "Democratic Republic of the Congo",
        "République démocratique du Congo",
        "República Democrática del Congo",
    ),
    _state("DK", "Denmark", "Danemark", "Dinamarca"),
    _state("DJ", "Djibouti", "Djibouti", "Djibouti"),
    _state("DM", "Dominica", "Dominique", "Dominica"),
    _state("DO", "Dominican Republic", "République dominicaine", "República Dominicana"),
    _state("EC", "Ecuador", "Équateur", "Ecuador"),
    _state("EG", "Egypt", "Égypte", "Egipto"),
    _state("SV", "El Salvador", "El Salvador", "El Salvador"),
    _state("GQ", "Equatorial Guinea", "Guinée équatoriale", "Guinea Ecuatorial"),
    _state("ER", "Eritrea", "Érythrée", "Eritrea"),
    _state("EE", "Estonia", "Estonie", "Estonia"),
    _state("SZ", "Eswatini", "Eswatini", "Eswatini"),
    _state("ET", "Ethiopia", "Éthiopie", "Etiopía"),
    _state("FJ", "Fiji", "Fidji", "Fiji"),
    _state("FI", "Finland", "Finlande", "Finlandia"),
    _state("FR", "France", "France", "Francia"),
    _state("GA", "Gabon", "Gabon", "Gabón"),
    _state("GM", "Gambia", "Gambie", "Gambia"),
    _state("GE", "Georgia", "Géorgie", "Georgia"),
    _state("DE", "Germany", "Allemagne", "Alemania"),
    _state("GH", "Ghana", "Ghana", "Ghana"),
    _state("GR", "Greece", "Grèce", "Grecia"),
    _state("GD", "Grenada", "Grenade", "Granada"),
    _state("GT", "Guatemala", "Guatemala", "Guatemala"),
    _state("GN", "Guinea", "Guinée", "Guinea"),
    _state("GW", "Guinea-Bissau", "Guinée-Bissau", "Guinea-Bissau"),
    _state("GY", "Guyana", "Guyana", "Guyana"),
    _state("HT", "Haiti", "Haïti", "Haití"),
    _state("HN", "Honduras", "Honduras", "Honduras"),
    _state("HU", "Hungary", "Hongrie", "Hungría"),
    _state("IS", "Iceland", "Islande", "Islandia"),
    _state("IN", "India", "Inde", "India"),
    _state("ID", "Indonesia", "Indonésie", "Indonesia"),
    _state(
        "IR",
        "Iran (Islamic Republic of)",
        "Iran (République islamique d')",
        "Irán (República Islámica del)",
    ),
    _state("IQ", "Iraq", "Iraq", "Iraq"),
    _state("IE", "Ireland", "Irlande", "Irlanda"),
    _state("IT", "Italy", "Italie", "Italia"),
    _state("JM", "Jamaica", "Jamaïque", "Jamaica"),
    _state("JP", "Japan", "Japon", "Japón"),
    _state("JO", "Jordan", "Jordanie", "Jordania"),
    _state("KZ", "Kazakhstan", "Kazakhstan", "Kazajstán"),
    _state("KE", "Kenya", "Kenya", "Kenya"),
    _state("KI", "Kiribati", "Kiribati", "Kiribati"),
    _state("KW", "Kuwait", "Koweït", "Kuwait"),
    _state("KG", "Kyrgyzstan", "Kirghizistan", "Kirguistán"),
    _state(
        "LA",
        "Lao People's Democratic Republic",
        "République démocratique populaire lao",
        "República Democrática Popular Lao",
    ),
    _state("LV", "Latvia", "Lettonie", "Letonia"),
    _state("LB", "Lebanon", "Liban", "Líbano"),
    _state("LS", "Lesotho", "Lesotho", "Lesotho"),
    _state("LR", "Liberia", "Libéria", "Liberia"),
    _state("LY", "Libya", "Libye", "Libia"),
    _state("LT", "Lithuania", "Lituanie", "Lituania"),
    _state("LU", "Luxembourg", "Luxembourg", "Luxemburgo"),
    _state("MG", "Madagascar", "Madagascar", "Madagascar"),
    _state("MW", "Malawi", "Malawi", "Malawi"),
    _state("MY", "Malaysia", "Malaisie", "Malasia"),
    _state("MV", "Maldives", "Maldives", "Maldivas"),
    _state("ML", "Mali", "Mali", "Malí"),
    _state("MT", "Malta", "Malte", "Malta"),
    _state("MH", "Marshall Islands", "Îles Marshall", "Islas Marshall"),
    _state("MR", "Mauritania", "Mauritanie", "Mauritania"),
    _state("MU", "Mauritius", "Maurice", "Mauricio"),
    _state("MX", "Mexico", "Mexique", "México"),
    _state(
        "FM",
        "Micronesia (Federated States of)",
        "Micronésie (États fédérés de)",
        "Micronesia (Estados Federados de)",
    ),
    _state("MC", "Monaco", "Monaco", "Mónaco"),
    _state("MN", "Mongolia", "Mongolie", "Mongolia"),
    _state("ME", "Montenegro", "Monténégro", "Montenegro"),
    _state("MA", "Morocco", "Maroc", "Marruecos"),
    _state("MZ", "Mozambique", "Mozambique", "Mozambique"),
    _state("MM", "Myanmar", "Myanmar", "Myanmar"),
    _state("NA", "Namibia", "Namibie", "Namibia"),
    _state("NR", "Nauru", "Nauru", "Nauru"),
    _state("NP", "Nepal", "Népal", "Nepal"),
    _state(
        "NL",
        "Netherlands (Kingdom of the)",
        "Pays-Bas (Royaume des)",
        "Países Bajos (Reino de los)",
    ),
    _state("NZ", "New Zealand", "Nouvelle-Zélande", "Nueva Zelandia"),
    _state("NI", "Nicaragua", "Nicaragua", "Nicaragua"),
    _state("NE", "Niger", "Niger", "Níger"),
    _state("NG", "Nigeria", "Nigéria", "Nigeria"),
    _state("NU", "Niue", "Nioué", "Niue"),
    _state("MK", "North Macedonia", "Macédoine du Nord", "Macedonia del Norte"),
    _state("NO", "Norway", "Norvège", "Noruega"),
    _state("OM", "Oman", "Oman", "Omán"),
    _state("PK", "Pakistan", "Pakistan", "Pakistán"),
    _state("PW", "Palau", "Palaos", "Palau"),
    _state("PS", "Palestine", "Palestine", "Palestina"),
    _state("PA", "Panama", "Panama", "Panamá"),
    _state("PG", "Papua New Guinea", "Papouasie-Nouvelle-Guinée", "Papua Nueva Guinea"),
    _state("PY", "Paraguay", "Paraguay", "Paraguay"),
    _state("PE", "Peru", "Pérou", "Perú"),
    _state("PH", "Philippines", "Philippines", "Filipinas"),
    _state("PL", "Poland", "Pologne", "Polonia"),
    _state("PT", "Portugal", "Portugal", "Portugal"),
    _state("QA", "Qatar", "Qatar", "Qatar"),
    _state("KR", "Republic of Korea", "République de Corée", "República de Corea"),
    _state("MD", "Republic of Moldova", "République de Moldova", "República de Moldova"),
    _state("RO", "Romania", "Roumanie", "Rumania"),
    _state("RU", "Russian Federation", "Fédération de Russie", "Federación de Rusia"),
    _state("RW", "Rwanda", "Rwanda", "Rwanda"),
    _state("KN", "Saint Kitts and Nevis", "Saint-Kitts-et-Nevis", "Saint Kitts y Nevis"),
    _state("LC", "Saint Lucia", "Sainte-Lucie", "Santa Lucía"),
    _state(
        "VC",
        "Saint Vincent and the Grenadines",
        "Saint-Vincent-et-les Grenadines",
        "San Vicente y las Granadinas",
    ),
    _state("WS", "Samoa", "Samoa", "Samoa"),
    _state("SM", "San Marino", "Saint-Marin", "San Marino"),
    _state("ST", "Sao Tome and Principe", "Sao Tomé-et-Principe", "Santo Tomé y Príncipe"),
    _state("SA", "Saudi Arabia", "Arabie saoudite", "Arabia Saudita"),
    _state("SN", "Senegal", "Sénégal", "Senegal"),
    _state("RS", "Serbia", "Serbie", "Serbia"),
    _state("SC", "Seychelles", "Seychelles", "Seychelles"),
    _state("SL", "Sierra Leone", "Sierra Leone", "Sierra Leona"),
    _state("SG", "Singapore", "Singapour", "Singapur"),
    _state("SK", "Slovakia", "Slovaquie", "Eslovaquia"),
    _state("SI", "Slovenia", "Slovénie", "Eslovenia"),
    _state("SB", "Solomon Islands", "Îles Salomon", "Islas Salomón"),
    _state("SO", "Somalia", "Somalie", "Somalia"),
    _state("ZA", "South Africa", "Afrique du Sud", "Sudáfrica"),
    _state("SS", "South Sudan", "Soudan du Sud", "Sudán del Sur"),
    _state("ES", "Spain", "Espagne", "España"),
    _state("LK", "Sri Lanka", "Sri Lanka", "Sri Lanka"),
    _state("SD", "Sudan", "Soudan", "Sudán"),
    _state("SR", "Suriname", "Suriname", "Suriname"),
    _state("SE", "Sweden", "Suède", "Suecia"),
    _state("CH", "Switzerland", "Suisse", "Suiza"),
    _state("SY", "Syrian Arab Republic", "République arabe syrienne", "República Árabe Siria"),
    _state("TJ", "Tajikistan", "Tadjikistan", "Tayikistán"),
    _state("TH", "Thailand", "Thaïlande", "Tailandia"),
    _state("TL", "Timor-Leste", "Timor-Leste", "Timor-Leste"),
    _state("TG", "Togo", "Togo", "Togo"),
    _state("TO", "Tonga", "Tonga", "Tonga"),
    _state("TT", "Trinidad and Tobago", "Trinité-et-Tobago", "Trinidad y Tabago"),
    _state("TN", "Tunisia", "Tunisie", "Túnez"),
    _state("TR", "Türkiye", "Türkiye", "Türkiye"),
    _state("TM", "Turkmenistan", "Turkménistan", "Turkmenistán"),
    _state("TV", "Tuvalu", "Tuvalu", "Tuvalu"),
    _state("UG", "Uganda", "Ouganda", "Uganda"),
    _state("UA", "Ukraine", "Ukraine", "Ucrania"),
    _state("AE", "United Arab Emirates", "Émirats arabes unis", "Emiratos Árabes Unidos"),
    _state(
        "GB",
        "United Kingdom of Great Britain and Northern Ireland",
        "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
        "Reino Unido de Gran Bretaña e Irlanda del Norte",
    ),
    _state(
        "TZ",
        "United Republic of Tanzania",
        "République-Unie de Tanzanie",
        "República Unida de Tanzanía",
    ),
    _state("US", "United States of America", "États-Unis d'Amérique", "Estados Unidos de América"),
    _state("UY", "Uruguay", "Uruguay", "Uruguay"),
    _state("UZ", "Uzbekistan", "Ouzbékistan", "Uzbekistán"),
    _state("VU", "Vanuatu", "Vanuatu", "Vanuatu"),
    _state(
        "VE",
        "Venezuela (Bolivarian Republic of)",
        "Venezuela (République bolivarienne du)",
        "Venezuela (República Bolivariana de)",
    ),
    _state("VN", "Viet Nam", "Viet Nam", "Viet Nam"),
    _state("YE", "Yemen", "Yémen", "Yemen"),
    _state("ZM", "Zambia", "Zambie", "Zambia"),
    _state("ZW", "Zimbabwe", "Zimbabwe", "Zimbabwe"),
)

# The Associate Members: territories that do not conduct their international relations,
# admitted by the General Conference. UNESCO has counted twelve since 2023; the eleven below
# are confirmed by the sources in docs/countries.md, the twelfth could not be identified.
ASSOCIATE_MEMBERS = (
    _associate("AI", "Anguilla", "Anguilla", "Anguila"),
    _associate("AW", "Aruba", "Aruba", "Aruba"),
    _associate(
        "VG", "British Virgin Islands", "Îles Vierges britanniques", "Islas Vírgenes Británicas"
    ),
    _associate("KY", "Cayman Islands", "Îles Caïmanes", "Islas Caimán"),
    _associate("CW", "Curaçao", "Curaçao", "Curazao"),
    _associate("FO", "Faroes", "Îles Féroé", "Islas Feroe"),
    _associate("MO", "Macao, China", "Macao, Chine", "Macao, China"),
    _associate("MS", "Montserrat", "Montserrat", "Montserrat"),
    _associate("NC", "New Caledonia", "Nouvelle-Calédonie", "Nueva Caledonia"),
    _associate("SX", "Sint Maarten", "Sint Maarten", "Sint Maarten"),
    _associate("TK", "Tokelau", "Tokélaou", "Tokelau"),
)

COUNTRIES = {country.code: country for country in (*MEMBER_STATES, *ASSOCIATE_MEMBERS)}

# Places django-countries offers that UNESCO counts as part of a Member State. A city there
# belongs to that State's list (and its National Commission): cities.migrations moves stored
# rows, and the forms offer only the State.
PART_OF = {"HK": "CN"}


def country_name(code, language=None):
    """The UN short name of `code` in `language` (the active language by default), or "" for a
    code that is not a Member State or Associate Member."""
    country = COUNTRIES.get(str(code or "").upper())
    return country.name(language) if country else ""


def collation_key(name):
    """A sort key that files a name under its letters, accents and case aside, as a reader
    of any of the three languages looks for it: "Émirats arabes unis" with the E, "Îles Cook"
    with the I, "Türkiye" between "Tunisie" and "Turkménistan". A space or a hyphen ends a word
    before any letter does ("Guinée", "Guinée équatoriale", "Guinée-Bissau", "Guinéa..."), as
    in the Unicode collation's default order; django-countries sorts its choices the same way,
    so the forms, the admin and the directory list the countries in one order."""
    folded = "".join(
        character
        for character in unicodedata.normalize("NFKD", str(name))
        if not unicodedata.combining(character)
    )
    return (folded.casefold(), str(name))


def country_choices(language=None):
    """(code, name) of every Member State and Associate Member, sorted by the name in
    `language` (the active language by default)."""
    pairs = [(code, country.name(language)) for code, country in COUNTRIES.items()]
    if _language(language) == "zh-hans":
        # By pinyin, as a Chinese list files them; a name given in English by the English.
        return sorted(pairs, key=lambda pair: collation_key(ZH_PINYIN.get(pair[0], pair[1])))
    return sorted(pairs, key=lambda pair: collation_key(pair[1]))


_lazy_name = lazy(country_name, str)


def django_countries_only():
    """The value of the COUNTRIES_ONLY setting: django-countries offers these countries only,
    each with a name worded in the active language when it is shown."""
    return [(code, _lazy_name(code)) for code in COUNTRIES]


def django_countries_order():
    """The value of the COUNTRIES_FIRST_BY_LANGUAGE setting: for each language, every code in
    the order of `collation_key`. django-countries then lists them in this order (all are
    "first", none follows) instead of its own sort, which puts "República de Corea" after
    "República Unida de Tanzanía" because it compares capitals before small letters."""
    return {language: [code for code, _name in country_choices(language)] for language in LANGUAGES}
