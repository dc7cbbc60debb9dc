"""Demonyms and adjectives of countries and continents ("Russian", "European").

Geoparsing corpora such as GeoWebNews tag "Russian diplomats" as a reference to Russia, and a
demonym is also evidence of a document's country ("Egyptian forces ... west of Rafah"). GeoNames has
no demonyms, so the common ones are listed here: ISO2 codes, or "continent:XX" for continents; and
"place:Name" for the regions, provinces and nations within a country that news writes of by a
demonym ("Kurdish enclave", "English city of Salisbury", "South Ossetian officials", "Sicilian
lemons"), read as the place the gazetteer knows by that name.
"""

from __future__ import annotations

_TABLE = """
AF afghan afghans|AL albanian albanians|DZ algerian algerians|AO angolan angolans|AR argentine argentinian argentinians
AM armenian armenians|AU australian australians|AT austrian austrians|AZ azerbaijani azeri azerbaijanis
BH bahraini bahrainis|BD bangladeshi bangladeshis|BY belarusian belarusians|BE belgian belgians|BJ beninese
BO bolivian bolivians|BA bosnian bosnians|BR brazilian brazilians|GB british briton britons
BG bulgarian bulgarians|BF burkinabe burkinabé|MM burmese myanmar|BI burundian burundians|KH cambodian cambodians
CM cameroonian cameroonians|CA canadian canadians|CF centrafrican|TD chadian chadians|CL chilean chileans
CN chinese|CO colombian colombians|CD congolese|CR costa rican|HR croatian croatians croat croats|CU cuban cubans
CY cypriot cypriots|CZ czech czechs|DK danish dane danes|DO dominican|EC ecuadorian ecuadorians|EG egyptian egyptians
SV salvadoran salvadorans|ER eritrean eritreans|EE estonian estonians|ET ethiopian ethiopians|FI finnish finn finns
FR french|GA gabonese|GM gambian gambians|GE georgian georgians|DE german germans|GH ghanaian ghanaians
GR greek greeks|GT guatemalan guatemalans|GN guinean guineans|HT haitian haitians|HN honduran hondurans
HU hungarian hungarians|IS icelandic icelander icelanders|IN indian indians|ID indonesian indonesians|IR iranian iranians
IQ iraqi iraqis|IE irish|IL israeli israelis|IT italian italians|CI ivorian ivorians|JM jamaican jamaicans
JP japanese|JO jordanian jordanians|KZ kazakh kazakhs kazakhstani|KE kenyan kenyans|KP north korean north koreans
KR south korean south koreans korean|XK kosovar kosovars|KW kuwaiti kuwaitis|KG kyrgyz|LA laotian|LV latvian latvians
LB lebanese|LR liberian liberians|LY libyan libyans|LT lithuanian lithuanians|MG malagasy|MW malawian malawians
MY malaysian malaysians|ML malian malians|MT maltese|MR mauritanian mauritanians|MX mexican mexicans
MD moldovan moldovans|MN mongolian mongolians|ME montenegrin montenegrins|MA moroccan moroccans
MZ mozambican mozambicans|NA namibian namibians|NP nepalese nepali nepalis|NL dutch|NZ new zealander new zealanders kiwi
NI nicaraguan nicaraguans|NE nigerien nigeriens|NG nigerian nigerians|MK macedonian macedonians|NO norwegian norwegians
OM omani omanis|PK pakistani pakistanis|PS palestinian palestinians|PA panamanian panamanians|PY paraguayan paraguayans
PE peruvian peruvians|PH filipino filipinos philippine|PL polish pole poles|PT portuguese|QA qatari qataris
RO romanian romanians|RU russian russians|RW rwandan rwandans|SA saudi saudis|SN senegalese|RS serbian serbians serb serbs
SL sierra leonean|SG singaporean singaporeans|SK slovak slovaks slovakian|SI slovenian slovenians slovene
SO somali somalis|ZA south african south africans|SS south sudanese|ES spanish spaniard spaniards|LK sri lankan sri lankans sinhalese
SD sudanese|SE swedish swede swedes|CH swiss|SY syrian syrians|TW taiwanese|TJ tajik tajiks|TZ tanzanian tanzanians
TH thai|TG togolese|TT trinidadian trinidadians|LC saint lucian st lucian|TN tunisian tunisians|TR turkish turk turks|TM turkmen
UG ugandan ugandans|UA ukrainian ukrainians|AE emirati emiratis|US american americans|UY uruguayan uruguayans
UZ uzbek uzbeks|VE venezuelan venezuelans|VN vietnamese|YE yemeni yemenis|ZM zambian zambians|ZW zimbabwean zimbabweans
continent:EU european europeans|continent:AF african africans|continent:AS asian asians
continent:SA south american south americans|continent:NA north american north americans
"""
# Nations, regions and provinces within or across countries, by their demonyms (adjectives only:
# plural nouns name people, which the corpora do not tag).
_PLACES = {
    "english": "England/GB", "scottish": "Scotland/GB", "welsh": "Wales/GB", "northern irish": "Northern Ireland/GB",
    "kurdish": "Kurdistan", "abkhaz": "Abkhazia/GE", "abkhazian": "Abkhazia/GE", "south ossetian": "South Ossetia/GE",
    "north ossetian": "North Ossetia/RU",
    "dagestani": "Dagestan/RU", "chechen": "Chechnya/RU", "crimean": "Crimea/UA", "tibetan": "Tibet/CN",
    "sicilian": "Sicily/IT", "sardinian": "Sardinia/IT", "catalan": "Catalonia/ES", "bavarian": "Bavaria/DE",
    "kashmiri": "Kashmir", "latin american": "Latin America",
    "central american": "Central America", "caribbean": "Caribbean", "middle eastern": "Middle East",
    "southeast asian": "Southeast Asia", "scandinavian": "Scandinavia", "balkan": "Balkans",
}


def _parse() -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in _TABLE.replace("\n", "|").split("|"):
        words = entry.split()
        if not words:
            continue
        code, rest = words[0], words[1:]
        # Two-word demonyms are written as pairs: "north korean", "sri lankan".
        i = 0
        while i < len(rest):
            if rest[i] in {"north", "south", "costa", "sierra", "sri", "new", "saint", "st"} and i + 1 < len(rest):
                out[f"{rest[i]} {rest[i + 1]}"] = code
                i += 2
            else:
                out[rest[i]] = code
                i += 1
    out.update({word: f"place:{name.split('/')[0]}" for word, name in _PLACES.items()})
    return out


DEMONYMS: dict[str, str] = _parse()
# The country of each place a demonym names that lies in one ("England": "GB").
PLACE_COUNTRY: dict[str, str] = dict(v.split("/") for v in _PLACES.values() if "/" in v)


def demonym_code(text: str) -> str | None:
    """The ISO2 code (or "continent:XX", "place:Name") a demonym refers to: "Russian" -> "RU"; None
    otherwise."""
    return DEMONYMS.get(" ".join(text.lower().split()))


def demonym_country(text: str) -> str | None:
    """The ISO2 code of the country a demonym puts a place in: "Russian" -> "RU", "English" -> "GB"
    (England's); None for continents and regions across countries ("European", "Kurdish")."""
    code = demonym_code(text)
    if code is None or code.startswith("continent:"):
        return None
    return PLACE_COUNTRY.get(code.split(":", 1)[1]) if code.startswith("place:") else code
