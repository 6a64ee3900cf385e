"""A deterministic, invented demo dataset for the Rotterdam region.

``generate_demo`` fills an empty database (or replaces an earlier demo) with users,
organisations, contracts, vacancies, job seekers, placements, contributions and
enforcement actions that look like a municipal social-return desk. Every person and
organisation is invented; names are drawn from lists and combined at random.

Rules the data keeps, so screens and services can be shown on it:

* the same ``seed``, sizes and ``today`` give byte-for-byte the same rows (each part has
  its own ``random.Random`` stream, so a different number of job seekers does not change
  the vacancies); nothing reads the clock except ``today`` defaulting to the current date;
* a job seeker has at most one started-or-sustained placement and is then "placed"; a
  vacancy never has more of those than positions; a proposal is never reviewed by its
  proposer and only team leads review;
* every placement status, contribution route and status and enforcement kind occurs
  (given at least a few dozen job seekers and vacancies).

Large tables go in with Core ``executemany`` inserts and explicit ids, all in one
transaction: a failure leaves the store exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text

from srmatch.errors import UserFacingError
from srmatch.services import audit
from srmatch.services.audit import Actor
from srmatch.store import models
from srmatch.store.engine import session_scope
from srmatch.store.models import (
    ContractKind,
    ContractStatus,
    ContributionRoute,
    ContributionStatus,
    EmploymentType,
    EnforcementKind,
    PlacementStatus,
    PsoLevel,
    Role,
    SeekerStatus,
    SocialEnterpriseStatus,
    TargetGroup,
    VacancyStatus,
)

__all__ = [
    "DEFAULT_SEEKERS",
    "DEFAULT_VACANCIES",
    "DEMO_ACTION",
    "DemoRefused",
    "DemoSummary",
    "generate_demo",
]

_T = TypeVar("_T")

DEFAULT_SEEKERS = 400
DEFAULT_VACANCIES = 200
DEMO_ACTION = "demo.generate"

# Tables that are not domain records: the audit trail stays, imported vocabularies stay.
_NOT_DOMAIN_TABLES = frozenset({"audit_event", "occupation_concept"})
# Staff accounts alone do not make a database "real" (the app may register its user on start).
_STAFF_TABLE = "app_user"


class DemoRefused(UserFacingError):
    """The database holds records that are not demo data; the message says so in one line."""


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo generator wrote."""

    users: int
    organisations: int
    contracts: int
    vacancies: int
    seekers: int
    placements: int
    contributions: int
    enforcement_actions: int


# --------------------------------------------------------------------------------------
# Reference lists (all invented, Rotterdam region)
# --------------------------------------------------------------------------------------

# (area, pc4 codes, is Rotterdam, is Rotterdam-Zuid, residential)
_AREAS: tuple[tuple[str, tuple[int, ...], bool, bool, bool], ...] = (
    ("Rotterdam Centrum", (3011, 3012, 3013, 3014, 3015, 3016), True, False, True),
    ("Delfshaven", (3021, 3022, 3023, 3024, 3025, 3026, 3027, 3028, 3029), True, False, True),
    ("Rotterdam-Noord", (3031, 3032, 3033, 3034, 3035, 3036, 3037, 3038, 3039), True, False, True),
    ("Overschie", (3041, 3042, 3043, 3044, 3045, 3046, 3047), True, False, True),
    ("Hillegersberg-Schiebroek", (3051, 3052, 3053, 3054, 3055, 3056), True, False, True),
    ("Kralingen-Crooswijk", (3061, 3062, 3063), True, False, True),
    ("Prins Alexander", (3065, 3066, 3067, 3068, 3069), True, False, True),
    ("Feijenoord", (3071, 3072, 3073, 3074, 3075), True, True, True),
    ("IJsselmonde", (3076, 3077, 3078, 3079), True, True, True),
    ("Charlois", (3081, 3082, 3083, 3084, 3085, 3086, 3087, 3088), True, True, True),
    ("Waalhaven", (3089,), True, True, False),
    ("Hoogvliet", (3191, 3192, 3193, 3194), True, True, True),
    ("Pernis", (3195,), True, False, True),
    ("Botlek-Europoort", (3197, 3198, 3199), True, False, False),
    ("Rozenburg", (3181,), True, False, True),
    ("Schiedam", (3111, 3112, 3113, 3114, 3115, 3116, 3117, 3118, 3119, 3121, 3122, 3123, 3124, 3125), False, False, True),
    ("Vlaardingen", (3131, 3132, 3133, 3134, 3135, 3136, 3137, 3138), False, False, True),
    ("Maassluis", (3140, 3141, 3142, 3143, 3144, 3145, 3146), False, False, True),
    ("Capelle aan den IJssel", (2901, 2902, 2903, 2904, 2905, 2906, 2907, 2908, 2909), False, False, True),
    ("Krimpen aan den IJssel", (2921, 2922, 2923, 2924, 2925, 2926), False, False, True),
    ("Spijkenisse", (3201, 3202, 3203, 3204, 3205, 3206, 3207, 3208, 3209), False, False, True),
    ("Barendrecht", (2991, 2992, 2993, 2994), False, False, True),
    ("Ridderkerk", (2981, 2982, 2983, 2984, 2985, 2986, 2987), False, False, True),
    ("Albrandswaard", (3161, 3162, 3171, 3172), False, False, True),
    ("Lansingerland", (2651, 2652, 2661, 2662, 2665, 2666), False, False, True),
)
_PLACES = (
    "Charlois", "Feijenoord", "Afrikaanderwijk", "Bloemhof", "Tarwewijk", "Carnisse", "Pendrecht",
    "Zuidwijk", "Lombardijen", "Hoogvliet", "IJsselmonde", "Katendrecht", "Kop van Zuid", "Delfshaven",
    "Spangen", "Oude Westen", "Kralingen", "Crooswijk", "Ommoord", "Overschie", "Schiebroek",
    "Rotterdam-Noord", "Prins Alexander", "Schiedam-Oost", "Vlaardingen-West", "Spijkenisse",
)

_USERS: tuple[tuple[str, str, Role], ...] = (
    ("km.devries", "Karin de Vries", Role.CASEWORKER),
    ("km.elidrissi", "Samira El Idrissi", Role.CASEWORKER),
    ("km.bakker", "Jeroen Bakker", Role.CASEWORKER),
    ("km.yilmaz", "Emre Yilmaz", Role.CASEWORKER),
    ("km.martina", "Shirley Martina", Role.CASEWORKER),
    ("km.vanleeuwen", "Bas van Leeuwen", Role.CASEWORKER),
    ("km.kowalska", "Marta Kowalska", Role.CASEWORKER),
    ("km.tahiri", "Youssef Tahiri", Role.CASEWORKER),
    ("tl.jansen", "Monique Jansen", Role.TEAM_LEAD),
    ("tl.pinas", "Rodney Pinas", Role.TEAM_LEAD),
    ("am.verhoeven", "Ilse Verhoeven", Role.ACCOUNT_MANAGER),
    ("am.doganay", "Kerem Doganay", Role.ACCOUNT_MANAGER),
    ("beheer.srmatch", "Functioneel beheer srmatch", Role.ADMIN),
)

# (name, code for contract references, kind, municipality, occupation mix for its own vacancies)
_ANCHORS: tuple[tuple[str, str, str, tuple[tuple[str, int], ...]], ...] = (
    ("Zorggroep Maasoever", "ZMO", "Rotterdam", (("helpende zorg en welzijn", 4), ("schoonmaakmedewerker", 2), ("keukenhulp", 2), ("facilitair medewerker", 1), ("receptionist", 1))),
    ("Medisch Centrum Kralingse Plas", "MCK", "Rotterdam", (("helpende zorg en welzijn", 3), ("schoonmaakmedewerker", 2), ("administratief medewerker", 1), ("beveiliger", 1))),
    ("Woonstichting Nieuwe Maas", "WNM", "Rotterdam", (("facilitair medewerker", 3), ("schilder", 2), ("klantenservicemedewerker", 2), ("timmerman", 1))),
    ("Wooncorporatie Stadsdriehoek", "WSD", "Rotterdam", (("facilitair medewerker", 2), ("administratief medewerker", 2), ("schilder", 1))),
    ("Politie-eenheid Maasmond", "PEM", "Rotterdam", (("administratief medewerker", 3), ("facilitair medewerker", 2), ("medewerker ict-servicedesk", 1))),
    ("Waterschap Deltarivieren", "WDR", "Rotterdam", (("groenvoorziener", 3), ("administratief medewerker", 2), ("grondwerker", 1))),
    ("Hogeschool Zuidoever", "HZO", "Rotterdam", (("facilitair medewerker", 3), ("schoonmaakmedewerker", 2), ("medewerker ict-servicedesk", 2))),
    ("ROC Maasstad College", "RMC", "Rotterdam", (("facilitair medewerker", 2), ("keukenhulp", 1), ("administratief medewerker", 2))),
    ("Energiebedrijf Rijnmond Net", "ERN", "Rotterdam", (("hulpmonteur installatietechniek", 4), ("klantenservicemedewerker", 2), ("magazijnmedewerker", 1))),
    ("Havenbedrijf Waalhaven", "HWH", "Rotterdam", (("havenarbeider", 4), ("heftruckchauffeur", 2), ("beveiliger", 1))),
)

# Social enterprises: an activity word and the occupations it employs; names are combined.
_SE_ACTIVITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Koffiebranderij", "koffie en lunch", ("productiemedewerker", "medewerker bediening")),
    ("Fietsenwerkplaats", "fietsonderhoud", ("fietsenmaker",)),
    ("Kringloopwarenhuis", "inboedelontruiming", ("medewerker kringloopwinkel", "chauffeur")),
    ("Naaiatelier", "werkkleding op maat", ("productiemedewerker",)),
    ("Stadsbakkerij", "catering", ("keukenhulp", "productiemedewerker")),
    ("Groenbedrijf", "groenonderhoud", ("groenvoorziener",)),
    ("Schoonmaakcoöperatie", "schoonmaakwerk", ("schoonmaakmedewerker",)),
    ("Cateraar", "catering", ("keukenhulp", "afwasser", "medewerker bediening")),
    ("Drukkerij", "drukwerk", ("productiemedewerker",)),
    ("Verpakkingsbedrijf", "verpakkingswerk", ("productiemedewerker", "magazijnmedewerker")),
    ("Wasserij", "linnenverzorging", ("productiemedewerker",)),
    ("Textielrecycling", "textielinzameling", ("productiemedewerker", "chauffeur")),
    ("Stadskwekerij", "beplanting", ("groenvoorziener",)),
    ("Leerwerkrestaurant", "catering", ("keukenhulp", "medewerker bediening", "afwasser")),
    ("Klusbedrijf", "klein onderhoud", ("timmerman", "schilder")),
    ("Bezorgdienst", "koeriersdiensten", ("chauffeur",)),
    ("Houtwerkplaats", "meubilair", ("timmerman", "productiemedewerker")),
    ("Montagebedrijf", "assemblagewerk", ("productiemedewerker",)),
)
_SE_NAMES = (
    "De Nieuwe Kans", "Zuiderkracht", "Maasmakers", "Het Buurtwerk", "De Draaischijf", "Samen Sterk",
    "De Stadstuin", "Het Ambacht", "Kralingse Handen", "De Werkhaven", "Tweede Adem", "De Hefboom",
    "Stadsgenoten", "Het Talentenhuis", "De Brug", "Volle Kracht", "Goed Werk", "De Kansfabriek",
    "Zuidzijde", "Het Vakhuis", "De Steiger", "Kaapse Werkplaats", "Het Knooppunt", "De Oever",
    "Nieuw Terrein", "De Werkplaats Zuid", "Maasoever", "Blauwe Tram", "De Ladder", "Opstap",
)

_CONTRACTOR_STEMS = (
    "Van Dorsselaer", "Brinkhorst", "Kooistra", "Verhoef", "Den Hartog", "Oudshoorn", "Rietveld",
    "Van Houten", "Bosman", "Maasstad", "Rijnmond", "Waalhaven", "Delta", "Nieuwe Maas", "Zuidplein",
    "Botlek", "IJsselmonde", "Heijsteeg", "Ravensberg", "Van der Linde", "Dekker", "Lodewijks",
    "Stadsweide", "Kralingen", "Vreeswijk", "Haveman", "Molenaar", "Spaansen", "Terlouw", "Brouwer",
    "Zeeburg", "Kaaij", "Sterrenburg", "Maaskant", "Overmaas",
)
# sector: name templates, contract title templates, occupation mix for its vacancies
_SECTORS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, int], ...]]] = {
    "bouw": (
        ("{stem} Bouw B.V.", "Aannemingsmaatschappij {stem}", "{stem} Infra", "Bouwcombinatie {stem}"),
        ("Groot onderhoud kademuren {place}", "Herinrichting {place} fase {n}", "Vervanging riolering {place}",
         "Renovatie sporthal {place}", "Nieuwbouw brede school {place}", "Onderhoud bruggen en viaducten {year}",
         "Aanleg fietsroute {place}", "Verduurzaming woningen {place}"),
        (("grondwerker", 3), ("stratenmaker", 3), ("timmerman", 3), ("schilder", 2),
         ("hulpmonteur installatietechniek", 2), ("verkeersregelaar", 2), ("magazijnmedewerker", 1),
         ("administratief medewerker", 1)),
    ),
    "schoonmaak": (
        ("{stem} Schoonmaakdiensten", "Schoonmaakbedrijf {stem}", "{stem} Facility Cleaning"),
        ("Schoonmaak stadskantoren {year}-{year2}", "Schoonmaakonderhoud scholen {place}",
         "Glasbewassing en gevelreiniging", "Schoonmaak zorglocaties {place}"),
        (("schoonmaakmedewerker", 8), ("medewerker reiniging", 2), ("administratief medewerker", 1)),
    ),
    "catering": (
        ("{stem} Catering", "Cateringgroep {stem}", "{stem} Food & Facilities"),
        ("Catering bedrijfsrestaurants", "Catering en koffievoorziening {place}", "Maaltijdverzorging zorglocaties"),
        (("keukenhulp", 4), ("afwasser", 3), ("medewerker bediening", 3), ("productiemedewerker", 1), ("chauffeur", 1)),
    ),
    "facilitair": (
        ("{stem} Facilitaire Diensten", "{stem} Facility Services", "{stem} Beveiliging"),
        ("Beveiliging en receptie stadhuis", "Facilitaire dienstverlening wijkkantoren {place}",
         "Beveiliging evenementen {year}", "Receptie- en postkamerdiensten"),
        (("facilitair medewerker", 3), ("receptionist", 2), ("beveiliger", 3), ("schoonmaakmedewerker", 2),
         ("administratief medewerker", 1), ("klantenservicemedewerker", 1)),
    ),
    "ict": (
        ("{stem} ICT", "{stem} IT Solutions", "Datacentrum {stem}"),
        ("Servicedesk en werkplekondersteuning", "Beheer netwerkinfrastructuur", "Digitalisering archief {year}"),
        (("medewerker ict-servicedesk", 4), ("administratief medewerker", 2), ("klantenservicemedewerker", 2),
         ("magazijnmedewerker", 1)),
    ),
    "vervoer": (
        ("Transportbedrijf {stem}", "{stem} Logistiek", "{stem} Transport & Opslag"),
        ("Leerlingenvervoer regio {place}", "Interne logistiek en koeriersdiensten", "Transport en opslag archief",
         "Vervoer Wmo-pashouders"),
        (("chauffeur", 4), ("magazijnmedewerker", 3), ("orderpicker", 3), ("heftruckchauffeur", 2),
         ("havenarbeider", 1), ("productiemedewerker", 1)),
    ),
    "groen": (
        ("Hoveniersbedrijf {stem}", "{stem} Groenvoorziening", "{stem} Groen & Infra"),
        ("Groenonderhoud {place} {year}-{year2}", "Boomonderhoud en snoeiwerk", "Onderhoud parken en plantsoenen {place}",
         "Beheer openbare ruimte {place}"),
        (("groenvoorziener", 6), ("medewerker reiniging", 2), ("grondwerker", 1), ("verkeersregelaar", 1)),
    ),
}
_SUPPLY_TITLES: dict[str, tuple[str, ...]] = {
    "bouw": ("Levering bouwmaterialen onderhoud", "Levering zonnepanelen gemeentelijk vastgoed"),
    "schoonmaak": ("Levering schoonmaakmiddelen en sanitair", "Levering hygiëneproducten"),
    "catering": ("Levering koffie, thee en automaten", "Levering maaltijden scholen"),
    "facilitair": ("Levering werkkleding", "Levering kantoormeubilair"),
    "ict": ("Levering laptops onderwijs {year}", "Levering en beheer werkplekken"),
    "vervoer": ("Levering elektrische bestelbussen", "Levering en onderhoud dienstfietsen"),
    "groen": ("Levering bomen en beplanting", "Levering strooizout gladheidsbestrijding"),
}
_OVERRIDES: tuple[tuple[str, float], ...] = (
    ("PSO-trede 2: korting van 20% op de verplichting afgesproken", 0.8),
    ("Arbeidscomponent onder 30%: vast bedrag afgesproken in het gunningsgesprek", 0.5),
    ("Maatwerkafspraak: verplichting verlaagd wegens kleine personeelsomvang", 0.6),
    ("Verhoogd na meerwerk: opdracht uitgebreid met fase 2", 1.25),
)


@dataclass(frozen=True)
class _Occupation:
    key: str
    titles: tuple[str, ...]
    seeker_terms: tuple[str, ...]
    skills: tuple[str, ...]
    tasks: str
    certificates: tuple[tuple[str, float], ...] = ()
    demands: tuple[tuple[str, float], ...] = ()
    hours: tuple[tuple[int, int], ...] = ((16, 24), (24, 32), (32, 38))
    bbl_weight: int = 8
    licence: float = 0.0
    dutch_level: float = 0.0


_OCCUPATIONS: tuple[_Occupation, ...] = (
    _Occupation("schoonmaakmedewerker",
                ("Schoonmaakmedewerker", "Medewerker schoonmaak (m/v/x)", "Schoonmaakmedewerker kantoren 20 uur",
                 "Allround schoonmaakmedewerker", "Schoonmaakster avonduren", "Schoonmaker ziekenhuis"),
                ("schoonmaakmedewerker", "schoonmaker", "schoonmaak"),
                ("schoonmaken", "interieurverzorging", "hygiënisch werken", "werken met schoonmaakmachines",
                 "zelfstandig werken", "nauwkeurig"),
                "Je maakt kantoren, sanitaire ruimtes en kantines schoon en zorgt dat alles er verzorgd uitziet",
                demands=(("lang staan", 0.5), ("nachtdiensten", 0.1)), hours=((12, 20), (16, 24), (20, 28), (24, 32)),
                bbl_weight=2),
    _Occupation("medewerker reiniging",
                ("Medewerker reiniging", "Medewerker straatreiniging", "Veger/belader (m/v/x)", "Medewerker afvalinzameling"),
                ("straatreiniging", "vuilophaal", "medewerker reiniging"),
                ("veegmachine", "afval scheiden", "samenwerken", "buiten werken", "veilig werken"),
                "Je houdt straten, pleinen en parken schoon en helpt bij het ophalen van grofvuil",
                demands=(("buitenwerk", 0.9), ("zwaar tillen", 0.5), ("lang staan", 0.3)), licence=0.2, bbl_weight=2),
    _Occupation("groenvoorziener",
                ("Groenvoorziener", "Medewerker groenvoorziening", "Hovenier (m/v/x)", "Medewerker groen en grijs",
                 "Leerling groenvoorziener BBL"),
                ("groenvoorziener", "hovenier", "tuinman"),
                ("snoeien", "maaien", "bosmaaier", "plantkennis", "onkruidbestrijding", "bestrating onderhouden"),
                "Je onderhoudt parken, plantsoenen en bermen: maaien, snoeien, schoffelen en planten",
                certificates=(("VCA", 0.3),), demands=(("buitenwerk", 0.95), ("zwaar tillen", 0.4)),
                licence=0.25, bbl_weight=15),
    _Occupation("magazijnmedewerker",
                ("Magazijnmedewerker", "Magazijnmedewerkster 24 uur", "Medewerker logistiek",
                 "Allround magazijnmedewerker (m/v/x)", "Magazijnmedewerker goederenontvangst"),
                ("magazijnmedewerker", "logistiek medewerker", "magazijn"),
                ("orderpicken", "voorraadbeheer", "handscanner", "inpakken", "goederenontvangst", "WMS"),
                "Je ontvangt goederen, slaat ze op, verzamelt orders en maakt zendingen klaar",
                certificates=(("heftruckcertificaat", 0.2), ("VCA", 0.1)),
                demands=(("zwaar tillen", 0.5), ("lang staan", 0.5), ("ploegendienst", 0.2))),
    _Occupation("orderpicker",
                ("Orderpicker", "Orderpicker avond- en nachtdienst", "Orderpicker koel/vries", "Orderpickster 32 uur"),
                ("orderpicker", "orderpicken", "magazijn"),
                ("orderpicken", "handscanner", "elektrische pallettruck", "nauwkeurig", "tempo maken"),
                "Je verzamelt bestellingen met een handscanner en elektrische pallettruck en maakt ze klaar voor transport",
                demands=(("zwaar tillen", 0.6), ("lang staan", 0.7), ("nachtdiensten", 0.35), ("ploegendienst", 0.3)),
                hours=((24, 32), (32, 40), (20, 30)), bbl_weight=2),
    _Occupation("heftruckchauffeur",
                ("Heftruckchauffeur", "Heftruckchauffeur / reachtruck", "Heftruckchauffeur 2-ploegendienst",
                 "Medewerker expeditie (heftruck)"),
                ("heftruckchauffeur", "heftruck"),
                ("heftruck rijden", "reachtruck", "laden en lossen", "veilig werken", "voorraadbeheer"),
                "Je laadt en lost vrachtwagens en zet pallets op de juiste plek in het magazijn",
                certificates=(("heftruckcertificaat", 0.95), ("VCA", 0.3)),
                demands=(("ploegendienst", 0.4), ("nachtdiensten", 0.15)), hours=((32, 40), (24, 36)), bbl_weight=3),
    _Occupation("grondwerker",
                ("Grondwerker", "Grondwerker infra (m/v/x)", "Allround grondwerker", "Hulp grondwerker"),
                ("grondwerker", "bouw", "infra"),
                ("graven", "kabels en leidingen", "werken met minigraver", "meten en uitzetten", "samenwerken"),
                "Je graaft sleuven, legt kabels en leidingen en werkt de bouwplaats netjes af",
                certificates=(("VCA", 0.85),), demands=(("buitenwerk", 0.95), ("zwaar tillen", 0.8)),
                hours=((32, 40), (36, 40)), licence=0.3, bbl_weight=15),
    _Occupation("stratenmaker",
                ("Stratenmaker", "Leerling stratenmaker (BBL)", "Hulp stratenmaker", "Straatmaker"),
                ("stratenmaker", "straatmaker", "bestrating"),
                ("bestraten", "zandbed egaliseren", "tegels leggen", "knipper", "samenwerken"),
                "Je legt trottoirs, pleinen en fietspaden aan en herstelt bestrating",
                certificates=(("VCA", 0.7),), demands=(("buitenwerk", 0.95), ("zwaar tillen", 0.9)),
                hours=((32, 40), (36, 40)), bbl_weight=30),
    _Occupation("timmerman",
                ("Timmerman", "Leerling timmerman BBL", "Allround timmerman renovatie", "Timmerman montage (m/v/x)"),
                ("timmerman", "timmeren", "bouw"),
                ("timmeren", "bouwtekening lezen", "kozijnen plaatsen", "elektrisch gereedschap", "afwerken"),
                "Je plaatst kozijnen, deuren en wanden bij renovatie en nieuwbouw",
                certificates=(("VCA", 0.8),), demands=(("zwaar tillen", 0.6), ("werken op hoogte", 0.5), ("buitenwerk", 0.4)),
                hours=((32, 40), (36, 40)), bbl_weight=25),
    _Occupation("schilder",
                ("Schilder", "Leerling schilder BBL", "Onderhoudsschilder", "Schilder woningonderhoud"),
                ("schilder", "schilderen"),
                ("schilderen", "schuren en plamuren", "kitten", "kleurkennis"),
                "Je schildert kozijnen, deuren en trappenhuizen in huurwoningen en schoolgebouwen",
                certificates=(("VCA", 0.6),), demands=(("werken op hoogte", 0.4), ("buitenwerk", 0.4)),
                hours=((32, 40), (24, 32)), bbl_weight=25),
    _Occupation("keukenhulp",
                ("Keukenhulp", "Keukenassistent (m/v/x)", "Medewerker keuken 32 uur", "Hulpkok", "Medewerker koude keuken"),
                ("keukenhulp", "kok", "keuken"),
                ("groenten snijden", "HACCP", "hygiënisch werken", "maaltijden voorbereiden", "schoonmaken"),
                "Je helpt bij het voorbereiden van maaltijden, houdt de keuken schoon en werkt volgens HACCP",
                certificates=(("HACCP", 0.3), ("SVH", 0.1)), demands=(("lang staan", 0.8),),
                hours=((16, 24), (24, 32), (32, 38)), bbl_weight=10),
    _Occupation("afwasser",
                ("Afwasser", "Medewerker spoelkeuken", "Afwasser avonden en weekenden", "Medewerker vaatwas"),
                ("afwasser", "afwas", "keuken"),
                ("vaatwasmachine", "hygiënisch werken", "tempo maken", "schoonmaken"),
                "Je houdt de spoelkeuken draaiende en zorgt voor schone vaat en een opgeruimde keuken",
                demands=(("lang staan", 0.9), ("zwaar tillen", 0.2)), hours=((12, 20), (16, 24), (20, 32)), bbl_weight=2),
    _Occupation("medewerker bediening",
                ("Medewerker bediening", "Gastheer/gastvrouw restaurant", "Medewerker bedrijfsrestaurant", "Medewerker lunchroom"),
                ("bediening", "horeca", "gastvrouw"),
                ("klantvriendelijk", "kassa", "koffie zetten", "bestellingen opnemen", "samenwerken"),
                "Je ontvangt gasten, neemt bestellingen op, serveert en rekent af",
                certificates=(("SVH", 0.25),), demands=(("lang staan", 0.7),), hours=((12, 20), (16, 24), (24, 32)),
                bbl_weight=8),
    _Occupation("helpende zorg en welzijn",
                ("Helpende zorg en welzijn", "Helpende Z&W (BBL niveau 2)", "Gastvrouw/gastheer zorg",
                 "Woonbegeleider in opleiding", "Helpende Plus"),
                ("helpende zorg", "zorg", "verzorgende"),
                ("persoonlijke verzorging", "huishoudelijke taken", "observeren", "rapporteren", "empathie"),
                "Je ondersteunt bewoners bij dagelijkse activiteiten, helpt bij de maaltijden en houdt het huishouden bij",
                certificates=(("BHV", 0.2),), demands=(("ploegendienst", 0.4), ("nachtdiensten", 0.15), ("zwaar tillen", 0.2)),
                hours=((16, 24), (24, 32), (28, 36)), bbl_weight=35, dutch_level=0.4),
    _Occupation("beveiliger",
                ("Beveiliger", "Beveiliger (diploma beveiliger 2)", "Objectbeveiliger", "Toezichthouder / host (m/v/x)",
                 "Beveiliger evenementen"),
                ("beveiliger", "beveiliging", "toezicht"),
                ("toezicht houden", "rapporteren", "conflicthantering", "camerabewaking", "klantvriendelijk"),
                "Je houdt toezicht op een gebouw of evenement, doet rondes en bent aanspreekpunt voor bezoekers",
                certificates=(("diploma beveiliger", 0.85), ("BHV", 0.5)),
                demands=(("nachtdiensten", 0.5), ("lang staan", 0.6), ("ploegendienst", 0.4)),
                hours=((24, 32), (32, 40)), bbl_weight=8, dutch_level=0.3),
    _Occupation("administratief medewerker",
                ("Administratief medewerker", "Medewerker administratie 24 uur", "Medewerker backoffice",
                 "Administratief medewerkster (m/v/x)", "Medewerker postkamer"),
                ("administratief medewerker", "administratie", "kantoor"),
                ("MS Office", "gegevensinvoer", "archiveren", "klantcontact", "Excel", "nauwkeurig"),
                "Je verwerkt post en facturen, voert gegevens in en houdt dossiers op orde",
                hours=((16, 24), (24, 32), (32, 36)), bbl_weight=5, dutch_level=0.5),
    _Occupation("klantenservicemedewerker",
                ("Klantenservicemedewerker", "Medewerker klantcontactcentrum", "Medewerker servicedesk telefonie"),
                ("klantenservice", "callcenter", "klantcontact"),
                ("klantvriendelijk", "telefoneren", "CRM-systeem", "typevaardig", "probleemoplossend"),
                "Je beantwoordt vragen van klanten via telefoon, chat en e-mail en legt afspraken vast",
                hours=((16, 24), (24, 32), (32, 36)), bbl_weight=3, dutch_level=0.7),
    _Occupation("medewerker ict-servicedesk",
                ("Medewerker ICT-servicedesk", "Servicedeskmedewerker (mbo 2/3)", "Medewerker werkplekbeheer",
                 "Junior ICT-beheerder"),
                ("ict", "servicedesk", "computers"),
                ("Windows", "laptops installeren", "netwerken", "klantvriendelijk", "ticketsysteem"),
                "Je helpt collega's met hun laptop en telefoon, installeert werkplekken en registreert meldingen",
                hours=((24, 32), (32, 40)), bbl_weight=12, dutch_level=0.3),
    _Occupation("havenarbeider",
                ("Havenarbeider", "Medewerker containerterminal", "Sjorder (m/v/x)", "Havenmedewerker stuwadoor"),
                ("havenarbeider", "haven", "sjorder"),
                ("sjorren", "laden en lossen", "veilig werken", "samenwerken", "containers"),
                "Je sjort en ontsjort containers en helpt bij het laden en lossen van schepen",
                certificates=(("VCA", 0.9),),
                demands=(("buitenwerk", 0.9), ("ploegendienst", 0.8), ("nachtdiensten", 0.6), ("zwaar tillen", 0.6)),
                hours=((32, 40), (36, 40)), bbl_weight=10),
    _Occupation("productiemedewerker",
                ("Productiemedewerker", "Productiemedewerkster 3-ploegendienst", "Operator productie", "Inpakker productie",
                 "Medewerker montage"),
                ("productiemedewerker", "productie", "inpakken"),
                ("inpakken", "machine bedienen", "kwaliteitscontrole", "monteren", "tempo maken"),
                "Je bedient een productielijn, controleert de kwaliteit en pakt producten in",
                demands=(("lang staan", 0.6), ("ploegendienst", 0.5), ("nachtdiensten", 0.2)),
                hours=((20, 28), (24, 32), (32, 40)), bbl_weight=5),
    _Occupation("verkeersregelaar",
                ("Verkeersregelaar", "Verkeersregelaar wegwerkzaamheden", "Verkeersregelaar evenementen"),
                ("verkeersregelaar",),
                ("verkeer regelen", "veilig werken", "communicatie", "alert"),
                "Je regelt het verkeer rond wegwerkzaamheden en zorgt voor een veilige doorgang",
                certificates=(("verkeersregelaarspas", 0.9), ("VCA", 0.5)),
                demands=(("buitenwerk", 0.95), ("lang staan", 0.8)), hours=((16, 24), (24, 40)), bbl_weight=0),
    _Occupation("chauffeur",
                ("Chauffeur bestelbus (rijbewijs B)", "Bezorger pakketten", "Vrachtwagenchauffeur C",
                 "Chauffeur leerlingenvervoer", "Koerier"),
                ("chauffeur", "bezorger", "rijden"),
                ("route plannen", "rijvaardig", "laden en lossen", "klantvriendelijk"),
                "Je rijdt vaste routes in de regio, laadt en lost en helpt klanten vriendelijk verder",
                demands=(("zwaar tillen", 0.3),), hours=((20, 28), (24, 32), (32, 40)), licence=1.0, bbl_weight=4),
    _Occupation("facilitair medewerker",
                ("Facilitair medewerker", "Medewerker facilitaire dienst", "Huismeester", "Conciërge (m/v/x)",
                 "Medewerker interne logistiek"),
                ("facilitair medewerker", "conciërge", "huismeester"),
                ("kleine reparaties", "vergaderzalen klaarzetten", "post rondbrengen", "klantvriendelijk"),
                "Je bent het aanspreekpunt in het gebouw: kleine reparaties, post, vergaderzalen en verhuizingen",
                certificates=(("BHV", 0.4),), demands=(("zwaar tillen", 0.3),), bbl_weight=6),
    _Occupation("receptionist",
                ("Receptionist(e)", "Gastvrouw/gastheer receptie", "Medewerker ontvangst en telefonie"),
                ("receptie", "gastvrouw", "receptionist"),
                ("klantvriendelijk", "telefoneren", "agenda beheren", "MS Office"),
                "Je ontvangt bezoekers, beantwoordt de telefoon en houdt de vergaderagenda bij",
                certificates=(("BHV", 0.3),), hours=((16, 24), (24, 32)), bbl_weight=4, dutch_level=0.5),
    _Occupation("fietsenmaker",
                ("Fietsenmaker", "Medewerker fietsenwerkplaats", "Leerling fietstechnicus"),
                ("fietsenmaker", "fietsen"),
                ("fietsen repareren", "banden plakken", "versnellingen afstellen", "klantvriendelijk"),
                "Je repareert en onderhoudt fietsen en helpt klanten aan de balie",
                hours=((16, 24), (24, 32)), bbl_weight=15),
    _Occupation("medewerker kringloopwinkel",
                ("Medewerker kringloopwinkel", "Winkelmedewerker kringloop", "Medewerker sorteren en prijzen"),
                ("winkelmedewerker", "verkoop", "kringloop"),
                ("kassa", "spullen sorteren", "klantvriendelijk", "winkel inrichten"),
                "Je sorteert en prijst spullen, vult de winkel aan en helpt klanten bij de kassa",
                demands=(("zwaar tillen", 0.3), ("lang staan", 0.5)), hours=((12, 20), (16, 24), (24, 32)), bbl_weight=3),
    _Occupation("hulpmonteur installatietechniek",
                ("Hulpmonteur installatietechniek", "Monteur zonnepanelen", "Leerling monteur elektrotechniek (BBL)",
                 "Servicemonteur cv (m/v/x)"),
                ("monteur", "installatietechniek", "elektricien"),
                ("elektrisch gereedschap", "installeren", "bouwtekening lezen", "veilig werken"),
                "Je helpt bij het aanleggen van installaties en het plaatsen van zonnepanelen",
                certificates=(("VCA", 0.8),), demands=(("werken op hoogte", 0.5), ("buitenwerk", 0.4)),
                hours=((32, 40), (36, 40)), licence=0.2, bbl_weight=25),
)
_OCCUPATION_BY_KEY = {occupation.key: occupation for occupation in _OCCUPATIONS}
_OCCUPATION_POPULARITY = (
    ("schoonmaakmedewerker", 10), ("magazijnmedewerker", 10), ("orderpicker", 5), ("productiemedewerker", 8),
    ("chauffeur", 5), ("keukenhulp", 6), ("medewerker bediening", 4), ("afwasser", 2), ("helpende zorg en welzijn", 7),
    ("administratief medewerker", 8), ("klantenservicemedewerker", 4), ("beveiliger", 4), ("groenvoorziener", 4),
    ("facilitair medewerker", 4), ("receptionist", 3), ("medewerker ict-servicedesk", 3), ("timmerman", 2),
    ("schilder", 2), ("grondwerker", 2), ("stratenmaker", 1), ("heftruckchauffeur", 3), ("havenarbeider", 2),
    ("verkeersregelaar", 1), ("medewerker reiniging", 2), ("fietsenmaker", 1), ("medewerker kringloopwinkel", 2),
    ("hulpmonteur installatietechniek", 2),
)
_OTHER_EXPERIENCE = (
    "vakkenvuller", "kassamedewerker", "pakketbezorger", "huishoudelijke hulp", "maaltijdbezorger",
    "vrijwilliger buurthuis", "kapper", "naaister", "taxichauffeur", "callcentermedewerker", "bouwvakker",
    "kok", "barmedewerker", "verkoopmedewerker", "postbode",
)
_GENERAL_SKILLS = (
    "klantvriendelijk", "samenwerken", "punctueel", "computervaardig", "rekenvaardig", "zelfstandig werken",
    "flexibel", "nauwkeurig", "stressbestendig",
)
# Physical demands of a vacancy and the matching work restriction of a job seeker.
DEMAND_RESTRICTIONS: dict[str, str] = {
    "zwaar tillen": "geen zwaar tillen",
    "nachtdiensten": "geen nachtdiensten",
    "lang staan": "niet lang staan",
    "buitenwerk": "geen buitenwerk",
    "werken op hoogte": "niet werken op hoogte",
    "ploegendienst": "geen ploegendienst",
}
_RESTRICTION_WEIGHTS = (
    ("geen zwaar tillen", 10), ("geen nachtdiensten", 8), ("niet lang staan", 6), ("geen buitenwerk", 3),
    ("niet werken op hoogte", 3), ("geen ploegendienst", 4),
)

_FIRST_NAMES = (
    "Sanne", "Daan", "Fatima", "Mohamed", "Ayşe", "Mehmet", "Priya", "Rajesh", "Shirley", "Romano", "Kofi",
    "Ama", "Agnieszka", "Piotr", "Yasmina", "Bilal", "Nadia", "Hamza", "Lisa", "Kevin", "Jeroen", "Mirjam",
    "Ricardo", "Giselle", "Samir", "Naima", "Emre", "Zeynep", "Ahmed", "Hanan", "Dewi", "Joyce", "Gerrit",
    "Annie", "Tamara", "Dennis", "Lamin", "Fatou", "Ibrahim", "Rahwa", "Yonas", "Abdi", "Hodan", "Marco",
    "Sofia", "Ana", "Joao", "Wendy", "Ruud", "Petra", "Jamal", "Soufiane", "Ilse", "Anouk", "Tim", "Bram",
    "Chanel", "Melvin", "Esra", "Kerem", "Malika", "Youssef", "Rachid", "Khadija", "Olga", "Dmytro", "Maria",
    "Luis", "Carmen", "Sergio", "Thijs", "Noor", "Lotte", "Mila", "Omar", "Layla", "Ravi", "Anjali", "Nathalie",
)
_SURNAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos",
    "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "van Dijk", "Verhoeven",
    "El Amrani", "Bouzid", "El Idrissi", "Benali", "Ouali", "Tahiri", "Yilmaz", "Kaya", "Demir", "Şahin",
    "Çelik", "Öztürk", "Martina", "Pinas", "Kromosoeto", "Ramdin", "Sitaldin", "Bhageloe", "Mensah", "Owusu",
    "Asante", "Kowalski", "Nowak", "Wiśniewska", "Lewandowski", "Haile", "Tesfay", "Ahmed", "Hassan", "Mohamud",
    "Da Silva", "Fernandes", "Lopes", "Rodrigues", "Gomes", "Pereira", "van der Berg", "van den Heuvel",
    "Schouten", "Koster", "Willems", "Maas", "Kuiper", "Doğan", "Aydın", "Haddou", "Rosario", "Isenia",
    "Statia", "Sno", "Bruinhard", "Kartosen", "Soekhoe", "Nguyen", "Tran", "Chen", "Wong", "Popescu", "Ivanova",
)
_MAIL_DOMAINS = ("example.org", "example.net", "example.com")

_TARGET_GROUP_WEIGHTS: tuple[tuple[TargetGroup, int], ...] = (
    (TargetGroup.PARTICIPATIEWET, 45), (TargetGroup.WW, 10), (TargetGroup.WIA, 5), (TargetGroup.WAJONG, 6),
    (TargetGroup.WSW, 3), (TargetGroup.BANENAFSPRAAK, 7), (TargetGroup.YOUTH_NO_START_QUALIFICATION, 8),
    (TargetGroup.VSO_PRO_PUPIL, 3), (TargetGroup.BBL_BOL_STUDENT, 4), (TargetGroup.NEWCOMER, 7),
    (TargetGroup.NO_BENEFIT, 2),
)
_EVIDENCE: dict[str, str] = {
    TargetGroup.PARTICIPATIEWET: "Beschikking Participatiewet + uitkeringsspecificatie",
    TargetGroup.WW: "UWV-beschikking WW + uitkeringsspecificatie",
    TargetGroup.WIA: "UWV-beschikking WIA/WGA",
    TargetGroup.WAJONG: "UWV-beschikking Wajong",
    TargetGroup.WSW: "Wsw-indicatie",
    TargetGroup.BANENAFSPRAAK: "Registratie doelgroepregister banenafspraak",
    TargetGroup.YOUTH_NO_START_QUALIFICATION: "Doelgroepverklaring gemeente (geen startkwalificatie)",
    TargetGroup.VSO_PRO_PUPIL: "Stageovereenkomst vso/PrO",
    TargetGroup.BBL_BOL_STUDENT: "Praktijkovereenkomst BBL/BOL",
    TargetGroup.NEWCOMER: "Beschikking Participatiewet + inburgeringsplicht (DUO)",
    TargetGroup.NO_BENEFIT: "Doelgroepverklaring gemeente (niet-uitkeringsgerechtigd)",
}
# Building blocks: euro per full-time (36 h) year and counting window in months (None: unlimited).
# Template values from DOMAIN.md (Den Haag region, July 2023); demo only.
_BLOCKS: dict[str, tuple[int, int | None]] = {
    TargetGroup.PARTICIPATIEWET: (40_000, 24),
    TargetGroup.WW: (20_000, 12),
    TargetGroup.WIA: (30_000, 24),
    TargetGroup.WAJONG: (50_000, None),
    TargetGroup.WSW: (50_000, None),
    TargetGroup.BANENAFSPRAAK: (50_000, None),
    TargetGroup.YOUTH_NO_START_QUALIFICATION: (10_000, 12),
    TargetGroup.VSO_PRO_PUPIL: (7_500, 24),
    TargetGroup.BBL_BOL_STUDENT: (5_000, 12),
    TargetGroup.NEWCOMER: (40_000, 24),
    TargetGroup.NO_BENEFIT: (5_000, 12),
}
_BBL_BLOCK = (25_000, 24)
_PERMANENT_BONUS_EUR = 10_000
_HOURLY_ACTIVITY_EUR = 100

_PLACEMENT_WEIGHTS: tuple[tuple[PlacementStatus, int], ...] = (
    (PlacementStatus.PROPOSED, 15), (PlacementStatus.NEEDS_INFO, 5), (PlacementStatus.APPROVED, 8),
    (PlacementStatus.REJECTED, 12), (PlacementStatus.INTRODUCED, 10), (PlacementStatus.NOT_HIRED, 9),
    (PlacementStatus.WITHDRAWN, 9), (PlacementStatus.STARTED, 10), (PlacementStatus.SUSTAINED, 12),
    (PlacementStatus.ENDED, 10),
)
_WORKING = (PlacementStatus.STARTED, PlacementStatus.SUSTAINED)
_PIPELINE = (PlacementStatus.PROPOSED, PlacementStatus.NEEDS_INFO, PlacementStatus.APPROVED, PlacementStatus.INTRODUCED)
_NEEDS_INFO_NOTES = (
    "Graag een actuele doelgroepverklaring toevoegen.",
    "Is het rijbewijs inmiddels gehaald? Graag bevestigen.",
    "Uren komen niet overeen met de beschikbaarheid; graag afstemmen met kandidaat.",
    "Laatste contact is lang geleden; eerst profiel bijwerken.",
)
_REJECT_NOTES = (
    "Vereist VCA-certificaat ontbreekt.",
    "Doelgroep komt niet in aanmerking voor deze vacature.",
    "Reisafstand te groot zonder eigen vervoer.",
    "Kandidaat is al voorgesteld bij een andere werkgever.",
    "Werktijden passen niet bij de beperkingen van de kandidaat.",
)
_END_REASONS = (
    "Contract niet verlengd", "Eigen ontslag: andere baan gevonden", "Einde leerwerktraject, diploma behaald",
    "Ontslag in de proeftijd", "Verhuisd buiten de regio", "Einde werkervaringsplaats",
    "Uitval om gezondheidsredenen",
)
_OFFERS = (
    "Je krijgt een inwerkperiode met een vaste buddy.",
    "Begeleiding door een jobcoach is mogelijk.",
    "Bij goed functioneren volgt een langer contract.",
    "Werkkleding en gereedschap worden verstrekt.",
    "Het salaris is volgens de cao; reiskosten worden vergoed.",
    "Je start met een korte opleiding op kosten van de werkgever.",
)
_ACTIVITIES_4 = (
    "Gastlessen techniek op een vmbo-school in {place}", "Buurtschoonmaakdag {place}",
    "Sollicitatietrainingen voor werkzoekenden", "Open dag bouwplaats voor leerlingen praktijkonderwijs",
    "Vrijwillige inzet medewerkers bij buurthuis {place}", "Taalcafé voor statushouders in {place}",
)
_ACTIVITIES_5 = (
    "Investering in leerwerkplaats bij {se}", "Financiering jobcoach voor twee medewerkers",
    "Bijdrage buurtfonds {place}", "Sponsoring sportvereniging met werkervaringsplekken in {place}",
)
_ACTIVITIES_6 = (
    "Kennisprogramma circulair bouwen met mbo-studenten", "Pilot inclusieve werving met wijkteam {place}",
    "Mentorprogramma voor jongeren zonder startkwalificatie", "Aangepaste werkplekken ontwikkeld met {se}",
)


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def _stream(seed: int, part: str) -> random.Random:
    """An independent, reproducible random stream for one part of the dataset."""
    return random.Random(f"srmatch-demo/{seed}/{part}")


def _stamp(day: dt.date, rng: random.Random, first_hour: int = 8, last_hour: int = 16) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(first_hour, last_hour), rng.randrange(60), tzinfo=dt.UTC)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    """A day in [low, high]; ``low`` when the range is empty."""
    span = (high - low).days
    return low if span <= 0 else low + dt.timedelta(days=rng.randint(0, span))


def _weighted(rng: random.Random, pairs: Sequence[tuple[_T, int]]) -> _T:
    return rng.choices([item for item, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _postcode_letters(rng: random.Random) -> str:
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    while True:
        pair = rng.choice(letters) + rng.choice(letters)
        if pair not in ("SA", "SD", "SS"):
            return pair


@dataclass
class _Contract:
    id: int
    buyer_id: int
    contractor_id: int
    sector: str
    start: dt.date
    end: dt.date
    final_due: dt.date
    obligation_cents: int
    account_manager_id: int
    status: str
    performance: float
    approved_cents: int = 0


@dataclass
class _Vacancy:
    id: int
    contract_id: int | None
    occupation: str
    status: str
    positions: int
    opened_on: dt.date
    closes_on: dt.date | None
    hours: tuple[int, int]
    employment_type: str
    eligible: tuple[str, ...]


@dataclass
class _Seeker:
    id: int
    target_group: str
    status: str
    caseworker_id: int
    desired: tuple[str, ...]
    experience: tuple[str, ...]
    hours: tuple[int, int]
    max_km: float
    working: bool = False


@dataclass
class _Dataset:
    """All rows to insert, per table, in insertion (parent-first) order."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, *, seed: int, seekers: int, vacancies: int, today: dt.date, user_id_offset: int,
                 taken_logins: frozenset[str]) -> None:
        self.seed = seed
        self.n_seekers = seekers
        self.n_vacancies = vacancies
        self.today = today
        self.yesterday = today - dt.timedelta(days=1)
        self.user_id_offset = user_id_offset
        self.taken_logins = taken_logins
        self.data = _Dataset()
        self.caseworkers: list[int] = []
        self.team_leads: list[int] = []
        self.account_managers: list[int] = []
        self.municipality_id = 0
        self.anchors: list[tuple[int, str, tuple[tuple[str, int], ...]]] = []
        self.social_enterprises: list[tuple[int, str, tuple[str, ...], str]] = []
        self.contractors: list[tuple[int, str]] = []
        self.contracts: list[_Contract] = []
        self.vacancies: list[_Vacancy] = []
        self.seekers: list[_Seeker] = []
        self.placements: list[dict[str, Any]] = []
        self.contract_refs: dict[int, str] = {}
        self.org_names: dict[int, str] = {}

    def build(self) -> _Dataset:
        self._users()
        self._organisations()
        self._contracts()
        self._vacancies()
        self._seekers()
        self._placements()
        self._contributions()
        self._enforcement()
        return self.data

    # -- users -------------------------------------------------------------------------
    def _users(self) -> None:
        rng = _stream(self.seed, "users")
        rows = []
        for index, (login, name, role) in enumerate(_USERS, start=1 + self.user_id_offset):
            if login in self.taken_logins:
                login = f"{login}.demo"
            rows.append({
                "id": index, "login": login, "display_name": name, "role": role.value, "active": True,
                "created_at": _stamp(self.today - dt.timedelta(days=rng.randint(300, 900)), rng),
            })
            if role is Role.CASEWORKER:
                self.caseworkers.append(index)
            elif role is Role.TEAM_LEAD:
                self.team_leads.append(index)
            elif role is Role.ACCOUNT_MANAGER:
                self.account_managers.append(index)
        self.data.rows["app_user"] = rows

    # -- organisations -----------------------------------------------------------------
    def _organisations(self) -> None:
        rng = _stream(self.seed, "organisations")
        n_contracts = max(20, round(self.n_vacancies / 3))
        n_contractors = max(30, n_contracts // 12)
        n_social = 52
        total = 1 + len(_ANCHORS) + n_social + n_contractors
        kvk_numbers = rng.sample(range(20_000_000, 99_999_999), total)
        rows: list[dict[str, Any]] = []

        def add(name: str, municipality: str, **flags: Any) -> int:
            org_id = len(rows) + 1
            row = {
                "id": org_id, "name": name, "kvk_number": f"{kvk_numbers[org_id - 1]:08d}",
                "is_contracting_authority": False, "is_anchor": False, "is_contractor": False,
                "is_social_enterprise": False, "social_enterprise_status": None, "social_enterprise_since": None,
                "pso_level": None, "municipality": municipality,
                "created_at": _stamp(self.today - dt.timedelta(days=rng.randint(400, 1500)), rng),
            }
            row.update(flags)
            rows.append(row)
            self.org_names[org_id] = name
            return org_id

        self.municipality_id = add("Gemeente Rotterdam", "Rotterdam", is_contracting_authority=True)
        for name, code, municipality, mix in _ANCHORS:
            org_id = add(name, municipality, is_anchor=True, is_contracting_authority=True)
            self.anchors.append((org_id, code, mix))

        se_names = [f"{activity} {name}" for activity, _, _ in _SE_ACTIVITIES for name in _SE_NAMES]
        se_activity = {f"{activity} {name}": (product, jobs) for activity, product, jobs in _SE_ACTIVITIES for name in _SE_NAMES}
        se_areas = [area for area in _AREAS if area[4]]
        for position, name in enumerate(rng.sample(se_names, n_social)):
            aspirant = position % 9 == 4  # a few aspirant, most recognised
            status = SocialEnterpriseStatus.ASPIRANT if aspirant else SocialEnterpriseStatus.RECOGNISED
            since = self.today - dt.timedelta(days=rng.randint(60, 400) if aspirant else rng.randint(200, 3000))
            area = rng.choice(se_areas[:15]) if rng.random() < 0.75 else rng.choice(se_areas)
            municipality = "Rotterdam" if area[2] else area[0]
            product, jobs = se_activity[name]
            org_id = add(name, municipality, is_social_enterprise=True, social_enterprise_status=status.value,
                         social_enterprise_since=since,
                         pso_level=PsoLevel.PSO_30_PLUS.value if rng.random() < 0.3 else None)
            self.social_enterprises.append((org_id, name, jobs, product))

        sectors = list(_SECTORS)
        used: set[str] = set()
        pso_levels = [(PsoLevel.ASPIRANT, 2), (PsoLevel.BASE, 3), (PsoLevel.STEP_1, 3), (PsoLevel.STEP_2, 2),
                      (PsoLevel.STEP_3, 1)]
        region = [area[0] for area in _AREAS if not area[2] and area[4]]
        for index in range(n_contractors):
            sector = sectors[index % len(sectors)]
            templates = _SECTORS[sector][0]
            name = ""
            for attempt in range(40):
                name = rng.choice(templates).format(stem=rng.choice(_CONTRACTOR_STEMS))
                if attempt >= 20:
                    name = f"{name} {rng.choice(region)}"
                if name not in used:
                    break
            if name in used:
                name = f"{name} {index}"
            used.add(name)
            municipality = "Rotterdam" if rng.random() < 0.6 else rng.choice(region)
            pso = _weighted(rng, pso_levels).value if rng.random() < 0.35 else None
            org_id = add(name, municipality, is_contractor=True, pso_level=pso)
            self.contractors.append((org_id, sector))
        self.data.rows["organisation"] = rows

    # -- contracts ---------------------------------------------------------------------
    def _contracts(self) -> None:
        rng = _stream(self.seed, "contracts")
        n_contracts = max(20, round(self.n_vacancies / 3))
        today = self.today
        rows = []
        for index in range(n_contracts):
            contract_id = index + 1
            if rng.random() < 0.7:
                buyer_id, code = self.municipality_id, "RTD"
            else:
                anchor_id, code, _ = rng.choice(self.anchors)
                buyer_id = anchor_id
            contractor_id, sector = rng.choice(self.contractors)
            _, titles, _ = _SECTORS[sector]
            kind = ContractKind.SERVICES
            if sector == "bouw":
                kind = ContractKind.WORKS
            elif sector == "groen" and rng.random() < 0.3:
                kind = ContractKind.WORKS
            if rng.random() < (0.08 if sector == "bouw" else 0.15):
                kind = ContractKind.SUPPLIES
            roll = rng.random()
            if roll < 0.08:
                value_eur = rng.uniform(50_000, 100_000)
            elif roll < 0.92:
                value_eur = 100_000 * (50 ** rng.random())  # log-uniform €100k–€5M
            else:
                value_eur = 5_000_000 * (5 ** rng.random())  # log-uniform €5M–€25M
            value_cents = int(round(value_eur / 100)) * 100 * 100
            if kind is ContractKind.SUPPLIES:
                percentage = _weighted(rng, [(2.0, 5), (3.0, 2), (5.0, 3)])
            else:
                percentage = _weighted(rng, [(5.0, 88), (3.0, 6), (2.0, 6)])
            years = _weighted(rng, [(1, 30), (2, 30), (3, 20), (4, 20)])
            if index < 6:  # enough contracts that ended long ago, to show the enforcement steps
                end = today - dt.timedelta(days=rng.randint(200, 700))
                start = _add_years(end, -years) + dt.timedelta(days=1)
            else:
                start = today - dt.timedelta(days=rng.randint(-60, 1200))
                end = _add_years(start, years) - dt.timedelta(days=1)
            if start > today:
                status = ContractStatus.DRAFT
            elif end < today:
                status = ContractStatus.ENDED
            else:
                status = ContractStatus.ACTIVE
            obligation = round(value_cents * percentage / 100)
            override = None
            reason = None
            if rng.random() < 0.06:
                reason, factor = rng.choice(_OVERRIDES)
                override = int(round(obligation * factor / 10_000)) * 10_000
                obligation = override
            if kind is ContractKind.SUPPLIES:
                title = rng.choice(_SUPPLY_TITLES[sector])
            else:
                title = rng.choice(titles)
            title = title.format(place=rng.choice(_PLACES), n=rng.randint(1, 3), year=start.year, year2=end.year)
            reference = f"{code}-{start.year}-{contract_id:05d}"
            interim_due = _add_years(start, 1) if years > 1 else start + dt.timedelta(days=182)
            final_due = end + dt.timedelta(days=30)
            manager = self.account_managers[index % len(self.account_managers)]
            if status is ContractStatus.ENDED:
                performance = (0.3, 0.55, 0.15, 0.45, 0.0, 0.7)[index] if index < 6 else _weighted(
                    rng, [(1.05, 45), (0.9, 10), (0.6, 20), (0.3, 15), (0.0, 10)])
            elif index in (6, 7):
                performance = 0.2
            else:
                performance = _weighted(rng, [(1.3, 20), (1.0, 35), (0.7, 20), (0.4, 15), (0.1, 10)])
            rows.append({
                "id": contract_id, "reference": reference, "title": title, "buyer_id": buyer_id,
                "contractor_id": contractor_id, "kind": kind.value, "value_cents": value_cents,
                "percentage": percentage, "obligation_override_cents": override, "override_reason": reason,
                "start_date": start, "end_date": end, "interim_report_due": interim_due, "final_report_due": final_due,
                "account_manager_id": manager, "status": status.value,
                "created_at": _stamp(min(start, today) - dt.timedelta(days=rng.randint(14, 60)), rng),
            })
            self.contract_refs[contract_id] = reference
            self.contracts.append(_Contract(
                id=contract_id, buyer_id=buyer_id, contractor_id=contractor_id, sector=sector, start=start, end=end,
                final_due=final_due, obligation_cents=obligation, account_manager_id=manager, status=status.value,
                performance=performance,
            ))
        self.data.rows["contract"] = rows

    # -- vacancies ---------------------------------------------------------------------
    def _vacancies(self) -> None:
        rng = _stream(self.seed, "vacancies")
        today = self.today
        live = [c for c in self.contracts if c.status != ContractStatus.DRAFT]
        # bigger and running contracts open more vacancies
        weights = [(max(1, c.obligation_cents) ** 0.5) * (3 if c.status == ContractStatus.ACTIVE else 1) for c in live]
        cum_weights = list(itertools.accumulate(weights))
        rotterdam_areas = [a for a in _AREAS if a[2]]
        region_areas = [a for a in _AREAS if not a[2]]
        port_areas = [a for a in _AREAS if a[0] in ("Waalhaven", "Botlek-Europoort")]
        group_values = [g.value for g in TargetGroup]
        rows = []
        for index in range(self.n_vacancies):
            vacancy_id = index + 1
            roll = rng.random()
            contract: _Contract | None = None
            if roll < 0.85 and live:
                contract = rng.choices(live, cum_weights=cum_weights)[0]
                employer_id = contract.contractor_id
                mix: Sequence[tuple[str, int]] = _SECTORS[contract.sector][2]
            elif roll < 0.93:
                employer_id, _, mix = rng.choice(self.anchors)
            else:
                employer_id, _, jobs, _ = rng.choice(self.social_enterprises)
                mix = [(job, 1) for job in jobs]
            occupation = _OCCUPATION_BY_KEY[_weighted(rng, mix)]
            if occupation.key == "havenarbeider" or (occupation.key == "heftruckchauffeur" and rng.random() < 0.5):
                area = rng.choice(port_areas)
            elif rng.random() < 0.6:
                area = rng.choice(rotterdam_areas)
            else:
                area = rng.choice(region_areas)
            postcode = f"{rng.choice(area[1])} {_postcode_letters(rng)}"
            title = rng.choice(occupation.titles)
            if "(m/v/x)" not in title and rng.random() < 0.15:
                title += " (m/v/x)"
            elif rng.random() < 0.08:
                title += " Rotterdam-Zuid" if area[3] else f" {area[0]}"

            if contract is not None and contract.status == ContractStatus.ENDED:
                status = VacancyStatus.FILLED if rng.random() < 0.7 else VacancyStatus.CLOSED
            else:
                status = _weighted(rng, [(VacancyStatus.OPEN, 75), (VacancyStatus.ON_HOLD, 7),
                                         (VacancyStatus.FILLED, 10), (VacancyStatus.CLOSED, 8)])
            age = {VacancyStatus.OPEN: (1, 120), VacancyStatus.ON_HOLD: (20, 200),
                   VacancyStatus.FILLED: (60, 800), VacancyStatus.CLOSED: (60, 900)}[status]
            opened = today - dt.timedelta(days=rng.randint(*age))
            if contract is not None:
                opened = max(opened, contract.start)
                if contract.status == ContractStatus.ENDED:
                    opened = max(contract.start, min(opened, contract.end - dt.timedelta(days=30)))
            opened = min(opened, self.yesterday)
            closes: dt.date | None
            if status is VacancyStatus.OPEN:
                closes = None if rng.random() < 0.15 else today + dt.timedelta(days=rng.randint(7, 120))
            elif status is VacancyStatus.ON_HOLD:
                closes = None if rng.random() < 0.4 else today + dt.timedelta(days=rng.randint(0, 90))
            else:
                closes = min(self.yesterday, opened + dt.timedelta(days=rng.randint(20, 120)))

            employment = _weighted(rng, [
                (EmploymentType.FIXED_TERM, 45), (EmploymentType.PERMANENT, 15), (EmploymentType.WORK_EXPERIENCE, 15),
                (EmploymentType.INTERNSHIP, 7), (EmploymentType.BBL, occupation.bbl_weight)])
            if "BBL" in title:
                employment = EmploymentType.BBL
            duration = {EmploymentType.FIXED_TERM: rng.choice((6, 7, 12, 12)), EmploymentType.PERMANENT: None,
                        EmploymentType.BBL: 24, EmploymentType.INTERNSHIP: rng.choice((3, 5, 6)),
                        EmploymentType.WORK_EXPERIENCE: rng.choice((3, 6))}[employment]
            hours = rng.choice(occupation.hours)
            if "24 uur" in title:
                hours = (20, 24)
            elif "32 uur" in title:
                hours = (28, 32)
            elif "20 uur" in title:
                hours = (16, 20)

            positions = _weighted(rng, [(1, 55), (2, 20), (3, 12), (4, 7), (5, 6)])
            licence = None
            if occupation.licence and rng.random() < occupation.licence:
                licence = "C" if title.endswith(" C") else "B"
            certificates = [cert for cert, p in occupation.certificates if rng.random() < p]
            if licence == "C":
                certificates.append("code 95")
            demands = [demand for demand, p in occupation.demands if rng.random() < p]
            dutch = rng.choice(("A2", "B1", "B1")) if rng.random() < occupation.dutch_level else None
            skills = rng.sample(occupation.skills, min(len(occupation.skills), rng.randint(2, 4)))
            if rng.random() < 0.4:
                skills.append(rng.choice(_GENERAL_SKILLS))
            skills = list(dict.fromkeys(skills))

            eligible: list[str] = []
            roll = rng.random()
            if employment in (EmploymentType.BBL, EmploymentType.INTERNSHIP) and roll < 0.5:
                eligible = [TargetGroup.BBL_BOL_STUDENT.value, TargetGroup.YOUTH_NO_START_QUALIFICATION.value,
                            TargetGroup.VSO_PRO_PUPIL.value]
            elif roll < 0.08:
                eligible = [TargetGroup.BANENAFSPRAAK.value, TargetGroup.WAJONG.value, TargetGroup.WSW.value]
            elif roll < 0.35:
                eligible = sorted(set([TargetGroup.PARTICIPATIEWET.value] + rng.sample(group_values, rng.randint(1, 3))),
                                  key=group_values.index)

            employer = self.org_names[employer_id]
            place = area[0]
            article = "een"
            parts = [f"{employer} zoekt {article} {title.split(' (')[0].lower()} in {place}."]
            parts.append(occupation.tasks + ".")
            parts.append(f"Je werkt {hours[0]} tot {hours[1]} uur per week.")
            if employment is EmploymentType.BBL:
                parts.append("Je combineert werken met een mbo-opleiding (BBL); de werkgever betaalt de opleiding.")
            elif employment is EmploymentType.INTERNSHIP:
                parts.append("Stageplaats voor een leerling uit vso, praktijkonderwijs of mbo.")
            elif employment is EmploymentType.WORK_EXPERIENCE:
                parts.append(f"Werkervaringsplaats van {duration} maanden met begeleiding op de werkvloer.")
            elif employment is EmploymentType.PERMANENT:
                parts.append("Het gaat om een vaste baan.")
            parts.append(rng.choice(_OFFERS))
            if contract is not None:
                parts.append(f"Deze vacature telt mee voor social return in opdracht {self.contract_refs[contract.id]}.")
            rows.append({
                "id": vacancy_id, "reference": f"VAC-{opened.year}-{vacancy_id:06d}", "employer_id": employer_id,
                "contract_id": contract.id if contract else None, "title": title, "occupation_code": None,
                "description": " ".join(parts), "skills": skills, "hours_min": hours[0], "hours_max": hours[1],
                "employment_type": employment.value, "duration_months": duration, "postcode": postcode,
                "positions": positions, "driving_licence": licence, "certificates": certificates, "dutch_level": dutch,
                "physical_demands": demands, "eligible_target_groups": eligible, "status": status.value,
                "opened_on": opened, "closes_on": closes,
                "created_at": _stamp(opened, rng),
            })
            self.vacancies.append(_Vacancy(
                id=vacancy_id, contract_id=contract.id if contract else None, occupation=occupation.key,
                status=status.value, positions=positions, opened_on=opened, closes_on=closes, hours=hours,
                employment_type=employment.value, eligible=tuple(eligible),
            ))
        self.data.rows["vacancy"] = rows

    # -- job seekers -------------------------------------------------------------------
    def _seekers(self) -> None:
        rng = _stream(self.seed, "seekers")
        today = self.today
        n = self.n_seekers
        numbers = rng.sample(range(1_000_000, 10_000_000), n)
        groups = [g for g, _ in _TARGET_GROUP_WEIGHTS]
        group_weights = [w for _, w in _TARGET_GROUP_WEIGHTS]
        zuid = [a for a in _AREAS if a[3] and a[4]]
        north = [a for a in _AREAS if a[2] and not a[3] and a[4]]
        region = [a for a in _AREAS if not a[2] and a[4]]
        keys = [k for k, _ in _OCCUPATION_POPULARITY]
        key_weights = [w for _, w in _OCCUPATION_POPULARITY]
        restrictions = [r for r, _ in _RESTRICTION_WEIGHTS]
        restriction_weights = [w for _, w in _RESTRICTION_WEIGHTS]
        rows = []
        for index in range(n):
            seeker_id = index + 1
            group = groups[index] if index < len(groups) else rng.choices(groups, weights=group_weights)[0]
            first = rng.choice(_FIRST_NAMES)
            last = rng.choice(_SURNAMES)
            roll = rng.random()
            area = rng.choice(zuid) if roll < 0.35 else rng.choice(north) if roll < 0.78 else rng.choice(region)
            postcode = f"{rng.choice(area[1])}"
            email = None
            if rng.random() < 0.75:
                local = f"{first}.{last.split()[-1]}".lower()
                local = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch == "."))
                email = f"{local}{rng.randint(1, 99)}@{rng.choice(_MAIL_DOMAINS)}"
            phone = f"06 {rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.85 else None
            evidence = _EVIDENCE[group] if rng.random() < 0.92 else None
            evidence_date = today - dt.timedelta(days=rng.randint(5, 900)) if evidence else None
            rung = _weighted(rng, [(1, 3), (2, 10), (3, 25), (4, 30), (5, 22), (6, 10)])
            desired_keys = list(dict.fromkeys(rng.choices(keys, weights=key_weights, k=rng.randint(1, 3))))
            if rng.random() < 0.05:
                desired_keys = []
            desired = [rng.choice(_OCCUPATION_BY_KEY[k].seeker_terms) if rng.random() < 0.4 else k for k in desired_keys]
            experience_keys = [k for k in desired_keys if rng.random() < 0.5]
            experience = experience_keys + [rng.choice(_OTHER_EXPERIENCE) for _ in range(rng.randint(0, 2))]
            experience = list(dict.fromkeys(experience))
            pool = [s for k in desired_keys for s in _OCCUPATION_BY_KEY[k].skills] or list(_GENERAL_SKILLS)
            skills = list(dict.fromkeys(rng.sample(pool, min(len(pool), rng.randint(1, 4)))
                                        + rng.sample(_GENERAL_SKILLS, rng.randint(0, 2))))
            certificates = []
            for cert, p in (("VCA", 0.15), ("heftruckcertificaat", 0.07), ("BHV", 0.08), ("HACCP", 0.04),
                            ("SVH", 0.03), ("diploma beveiliger", 0.03), ("verkeersregelaarspas", 0.02)):
                if rng.random() < p:
                    certificates.append(cert)
            licences = []
            if rng.random() < 0.3:
                licences.append("B")
                if rng.random() < 0.1:
                    licences.append("C")
                    certificates.append("code 95")
            elif rng.random() < 0.06:
                licences.append("AM")
            hours = rng.choice(((8, 16), (12, 20), (16, 24), (20, 32), (24, 36), (32, 40)) if rung >= 3
                               else ((8, 16), (12, 20), (16, 24)))
            max_km = float(rng.choice((5, 8, 10, 10, 15, 15, 20, 25, 30)))
            travels = rng.random() < 0.85
            work_restrictions = []
            if rng.random() < 0.25:
                work_restrictions = list(dict.fromkeys(
                    rng.choices(restrictions, weights=restriction_weights, k=rng.randint(1, 2))))
            available = (today - dt.timedelta(days=rng.randint(0, 200)) if rng.random() < 0.8
                         else today + dt.timedelta(days=rng.randint(1, 90)))
            caseworker = self.caseworkers[rng.randrange(len(self.caseworkers))]
            status = _weighted(rng, [(SeekerStatus.ACTIVE, 88), (SeekerStatus.PAUSED, 7), (SeekerStatus.LEFT, 5)])
            consent = rng.random() < 0.7
            roll = rng.random()
            if roll < 0.03:
                last_contact = None
            elif roll < 0.18:
                last_contact = today - dt.timedelta(days=rng.randint(190, 500))  # stale profile
            else:
                last_contact = today - dt.timedelta(days=rng.randint(1, 150))
            created_day = today - dt.timedelta(days=rng.randint(150, 1200))
            if last_contact is not None:
                created_day = min(created_day, last_contact)
            updated_day = last_contact or created_day
            rows.append({
                "id": seeker_id, "client_number": f"KL{numbers[index]:07d}", "display_name": f"{first} {last}",
                "email": email, "phone": phone, "postcode": postcode, "target_group": group.value,
                "target_group_evidence": evidence, "target_group_evidence_date": evidence_date, "ladder_rung": rung,
                "desired_occupations": desired, "experience": experience, "skills": skills,
                "certificates": certificates, "driving_licences": licences, "hours_min": hours[0],
                "hours_max": hours[1], "max_travel_km": max_km, "travels_independently": travels,
                "work_restrictions": work_restrictions, "available_from": available, "caseworker_id": caseworker,
                "status": status.value, "consent_anonymous_profile": consent, "last_contact_on": last_contact,
                "created_at": _stamp(created_day, rng), "updated_at": _stamp(updated_day, rng, 17, 18),
            })
            self.seekers.append(_Seeker(
                id=seeker_id, target_group=group.value, status=status.value, caseworker_id=caseworker,
                desired=tuple(desired_keys), experience=tuple(experience_keys), hours=hours, max_km=max_km,
            ))
        self.data.rows["job_seeker"] = rows

    # -- placements --------------------------------------------------------------------
    def _placements(self) -> None:
        rng = _stream(self.seed, "placements")
        rows: list[dict[str, Any]] = []
        self.data.rows["placement"] = rows
        if not self.seekers or not self.vacancies:
            return
        today = self.today
        total = min(round(len(self.seekers) * 0.45), len(self.vacancies) * 8)
        statuses = [status for status, _ in _PLACEMENT_WEIGHTS][: min(total, len(_PLACEMENT_WEIGHTS))]
        statuses += rng.choices([s for s, _ in _PLACEMENT_WEIGHTS], weights=[w for _, w in _PLACEMENT_WEIGHTS],
                                k=max(0, total - len(statuses)))
        order = {s: i for i, s in enumerate((*_WORKING, PlacementStatus.ENDED, *_PIPELINE, PlacementStatus.REJECTED,
                                             PlacementStatus.NOT_HIRED, PlacementStatus.WITHDRAWN))}
        statuses.sort(key=order.__getitem__)  # working first: they need free positions and free people

        by_occupation: dict[str, list[int]] = {}
        for index, seeker in enumerate(self.seekers):
            for key in seeker.desired:
                by_occupation.setdefault(key, []).append(index)
        filled_slots: list[int] = []
        other_slots: list[int] = []
        for index, vacancy in enumerate(self.vacancies):
            if vacancy.status == VacancyStatus.FILLED:
                filled_slots += [index] * vacancy.positions
            elif vacancy.status == VacancyStatus.OPEN:
                other_slots += [index] * rng.randint(0, vacancy.positions - 1)
            elif vacancy.status == VacancyStatus.CLOSED:
                other_slots += [index] * rng.randint(0, vacancy.positions)
        rng.shuffle(filled_slots)
        rng.shuffle(other_slots)
        slots = filled_slots + other_slots
        open_vacancies = [i for i, v in enumerate(self.vacancies) if v.status == VacancyStatus.OPEN]
        old_vacancies = [i for i, v in enumerate(self.vacancies) if v.opened_on <= today - dt.timedelta(days=60)]
        reviewable = [i for i, v in enumerate(self.vacancies) if v.status != VacancyStatus.ON_HOLD]
        pairs: set[tuple[int, int]] = set()

        def pick_seeker(v_index: int, accept: Callable[[_Seeker], bool], strict_group: bool = True) -> int | None:
            vacancy = self.vacancies[v_index]
            fitting = by_occupation.get(vacancy.occupation)
            for attempt in range(30):
                if fitting and attempt < 15:
                    s_index = fitting[rng.randrange(len(fitting))]
                else:
                    s_index = rng.randrange(len(self.seekers))
                seeker = self.seekers[s_index]
                if not accept(seeker) or (s_index, v_index) in pairs:
                    continue
                if strict_group and vacancy.eligible and seeker.target_group not in vacancy.eligible:
                    continue
                return s_index
            return None

        def free_and_active(seeker: _Seeker) -> bool:
            return seeker.status == SeekerStatus.ACTIVE and not seeker.working

        for wanted in statuses:
            status = wanted
            if status in _WORKING:
                v_index, s_index = self._working_slot(rng, slots, status, pick_seeker, free_and_active)
                if v_index is None or s_index is None:
                    status = PlacementStatus.ENDED
                else:
                    self._add_placement(rng, rows, pairs, s_index, v_index, status)
                    continue
            if status is PlacementStatus.ENDED:
                candidates = old_vacancies
            elif status in _PIPELINE:
                candidates = open_vacancies
            else:
                candidates = reviewable
            if not candidates:
                continue
            for _ in range(5):  # another vacancy when nobody suitable is free for this one
                v_index = candidates[rng.randrange(len(candidates))]
                if status in _PIPELINE:
                    s_index = pick_seeker(v_index, free_and_active)
                elif status is PlacementStatus.ENDED:
                    s_index = pick_seeker(v_index, lambda s: not s.working)
                else:
                    s_index = pick_seeker(v_index, lambda s: True, strict_group=status is not PlacementStatus.REJECTED)
                if s_index is not None:
                    self._add_placement(rng, rows, pairs, s_index, v_index, status)
                    break

        seeker_rows = self.data.rows["job_seeker"]
        for index, seeker in enumerate(self.seekers):
            if seeker.working:
                seeker.status = SeekerStatus.PLACED.value
                seeker_rows[index]["status"] = SeekerStatus.PLACED.value

    def _working_slot(self, rng: random.Random, slots: list[int], status: PlacementStatus,
                      pick_seeker: Callable[[int, Callable[[_Seeker], bool]], int | None],
                      accept: Callable[[_Seeker], bool]) -> tuple[int | None, int | None]:
        """Take a free position (old enough for a sustained job) and a free person for it."""
        limit = self.today - dt.timedelta(days=200)
        for _ in range(5):
            position = None
            for i, v_index in enumerate(slots[:400]):
                if status is PlacementStatus.STARTED or self.vacancies[v_index].opened_on <= limit:
                    position = i
                    break
            if position is None:
                return None, None
            v_index = slots.pop(position)
            s_index = pick_seeker(v_index, accept)
            if s_index is not None:
                return v_index, s_index
        return None, None

    def _add_placement(self, rng: random.Random, rows: list[dict[str, Any]], pairs: set[tuple[int, int]],
                       s_index: int, v_index: int, status: PlacementStatus) -> None:
        seeker = self.seekers[s_index]
        vacancy = self.vacancies[v_index]
        today = self.today
        yesterday = self.yesterday
        pairs.add((s_index, v_index))
        start = end = None
        end_reason = None
        if status in _WORKING or status is PlacementStatus.ENDED:
            earliest = vacancy.opened_on + dt.timedelta(days=10)
            if status is PlacementStatus.STARTED:
                start = _between(rng, max(earliest, today - dt.timedelta(days=180)), yesterday)
            elif status is PlacementStatus.SUSTAINED:
                start = _between(rng, max(earliest, today - dt.timedelta(days=720)), today - dt.timedelta(days=183))
            else:
                start = _between(rng, max(earliest, today - dt.timedelta(days=900)), today - dt.timedelta(days=45))
                end = _between(rng, start + dt.timedelta(days=30), yesterday)
                end_reason = rng.choice(_END_REASONS)
            start = min(start, yesterday)
            propose_day = max(vacancy.opened_on, start - dt.timedelta(days=rng.randint(10, 45)))
            review_day = _between(rng, propose_day, min(start, propose_day + dt.timedelta(days=4)))
        else:
            latest = min(yesterday, vacancy.closes_on or yesterday)
            if status in _PIPELINE:
                propose_day = _between(rng, max(vacancy.opened_on, today - dt.timedelta(days=40)), latest)
            else:
                propose_day = _between(rng, max(vacancy.opened_on, today - dt.timedelta(days=400)), latest)
            review_day = _between(rng, propose_day, min(latest, propose_day + dt.timedelta(days=4)))
        proposer = seeker.caseworker_id
        roll = rng.random()
        if roll < 0.04:
            proposer = rng.choice(self.team_leads)
        elif roll < 0.12:
            proposer = rng.choice(self.caseworkers)
        reviewers = [lead for lead in self.team_leads if lead != proposer]
        reviewed = status is not PlacementStatus.PROPOSED and not (
            status is PlacementStatus.WITHDRAWN and rng.random() < 0.5)
        proposed_at = _stamp(propose_day, rng, 8, 12)
        reviewed_at = _stamp(review_day, rng, 13, 17) if reviewed else None
        note = None
        if status is PlacementStatus.NEEDS_INFO:
            note = rng.choice(_NEEDS_INFO_NOTES)
        elif status is PlacementStatus.REJECTED:
            note = rng.choice(_REJECT_NOTES)
        elif reviewed and rng.random() < 0.2:
            note = "Akkoord."
        low = max(vacancy.hours[0], seeker.hours[0])
        high = min(vacancy.hours[1], seeker.hours[1])
        hours = rng.randint(low, high) if low <= high else vacancy.hours[0]
        hired_like = status in (*_WORKING, PlacementStatus.ENDED, PlacementStatus.APPROVED, PlacementStatus.INTRODUCED,
                                PlacementStatus.NOT_HIRED)
        score, explanation = self._score(rng, seeker, vacancy, hours)
        last_event = end or start
        if status is PlacementStatus.SUSTAINED and start is not None:
            last_event = start + dt.timedelta(days=183)  # the six-month check made it "sustained"
        updated_at = _stamp(last_event, rng, 17, 18) if last_event else (reviewed_at or proposed_at)
        rows.append({
            "id": len(rows) + 1, "seeker_id": seeker.id, "vacancy_id": vacancy.id, "status": status.value,
            "score": score, "explanation": explanation, "surfaced_by_engine": rng.random() < 0.9,
            "proposed_by_id": proposer, "proposed_at": proposed_at,
            "reviewed_by_id": rng.choice(reviewers) if reviewed else None, "reviewed_at": reviewed_at,
            "review_note": note, "start_date": start, "end_date": end,
            "hours_per_week": hours if hired_like else None,
            "employment_type": vacancy.employment_type if hired_like else None,
            "end_reason": end_reason, "version": 1, "updated_at": max(updated_at, reviewed_at or proposed_at),
        })
        if status in _WORKING:
            seeker.working = True
        self.placements.append({"row": rows[-1], "seeker": seeker, "vacancy": vacancy})

    def _score(self, rng: random.Random, seeker: _Seeker, vacancy: _Vacancy, hours: int) -> tuple[float, dict[str, Any]]:
        """A plausible score with the small breakdown frozen at proposal time."""
        if vacancy.occupation in seeker.desired:
            occupation, detail = rng.randint(30, 40), f"'{vacancy.occupation}' in desired occupations"
        elif vacancy.occupation in seeker.experience:
            occupation, detail = rng.randint(22, 32), f"experience as '{vacancy.occupation}'"
        else:
            occupation, detail = rng.randint(4, 20), f"title similar to '{vacancy.occupation}'"
        skills = rng.randint(4, 20)
        km = round(rng.uniform(0.8, max(1.0, seeker.max_km)), 1)
        distance = round(15 * (1 - km / (seeker.max_km + 5)))
        in_range = vacancy.hours[0] <= hours <= vacancy.hours[1]
        hours_points = rng.randint(11, 15) if in_range else rng.randint(3, 8)
        sustainability = {EmploymentType.PERMANENT: 10, EmploymentType.FIXED_TERM: 7, EmploymentType.BBL: 8,
                          EmploymentType.WORK_EXPERIENCE: 4, EmploymentType.INTERNSHIP: 3}[
            EmploymentType(vacancy.employment_type)]
        total = float(min(100, occupation + skills + distance + hours_points + sustainability))
        explanation = {
            "source": "demo",
            "parts": [
                {"criterion": "occupation", "points": occupation, "max": 40, "detail": detail},
                {"criterion": "skills", "points": skills, "max": 20, "detail": f"{skills // 4} of the skills match"},
                {"criterion": "distance", "points": distance, "max": 15, "detail": f"{km} km"},
                {"criterion": "hours", "points": hours_points, "max": 15,
                 "detail": f"{hours} h of {vacancy.hours[0]}-{vacancy.hours[1]} h"},
                {"criterion": "sustainability", "points": sustainability, "max": 10,
                 "detail": vacancy.employment_type},
            ],
        }
        return total, explanation

    # -- contributions -----------------------------------------------------------------
    def _contributions(self) -> None:
        rng = _stream(self.seed, "contributions")
        today = self.today
        yesterday = self.yesterday
        rows: list[dict[str, Any]] = []
        contracts = {c.id: c for c in self.contracts}

        def add(contract: _Contract, route: ContributionRoute, status: ContributionStatus, start: dt.date,
                end: dt.date, value_cents: int, *, placement_id: int | None = None, supplier_id: int | None = None,
                activity: str | None = None, hours: float | None = None, evidence: str | None = None,
                note: str | None = None) -> None:
            approved_by = approved_at = None
            if status in (ContributionStatus.APPROVED, ContributionStatus.REJECTED):
                day = min(yesterday, end + dt.timedelta(days=rng.randint(7, 40)))
                approved_by, approved_at = contract.account_manager_id, _stamp(day, rng)
                if status is ContributionStatus.APPROVED:
                    contract.approved_cents += value_cents
            rows.append({
                "id": len(rows) + 1, "contract_id": contract.id, "route": route.value, "placement_id": placement_id,
                "supplier_id": supplier_id, "activity": activity, "period_start": start, "period_end": end,
                "hours": hours, "evidence": evidence, "value_cents": value_cents, "status": status.value,
                "approved_by_id": approved_by, "approved_at": approved_at, "note": note,
                "created_at": _stamp(min(yesterday, end + dt.timedelta(days=rng.randint(1, 6))), rng),
            })

        def settle_status(end: dt.date) -> ContributionStatus:
            if (today - end).days > 60:
                return _weighted(rng, [(ContributionStatus.APPROVED, 80), (ContributionStatus.SUBMITTED, 14),
                                       (ContributionStatus.REJECTED, 6)])
            return _weighted(rng, [(ContributionStatus.DRAFT, 40), (ContributionStatus.SUBMITTED, 45),
                                   (ContributionStatus.APPROVED, 15)])

        # What each contract should have approved by now, given its planned performance.
        targets: dict[int, int] = {}
        for contract in self.contracts:
            if contract.status == ContractStatus.DRAFT:
                targets[contract.id] = 0
                continue
            elapsed = 1.0 if contract.end < today else (today - contract.start).days / max(
                1, (contract.end - contract.start).days)
            targets[contract.id] = int(contract.obligation_cents * elapsed * contract.performance)

        # Routes 1 and 2 from the placements themselves.
        for item in self.placements:
            row, seeker, vacancy = item["row"], item["seeker"], item["vacancy"]
            if row["start_date"] is None or vacancy.contract_id is None or rng.random() > 0.8:
                continue
            contract = contracts[vacancy.contract_id]
            learning = vacancy.employment_type in (EmploymentType.BBL, EmploymentType.INTERNSHIP)
            route = ContributionRoute.LEARN if learning else ContributionRoute.WORK
            year_eur, window = _BLOCKS[seeker.target_group]
            if vacancy.employment_type == EmploymentType.BBL:
                year_eur, window = _BBL_BLOCK
            elif vacancy.employment_type == EmploymentType.INTERNSHIP:
                year_eur = 7_500 if seeker.target_group == TargetGroup.VSO_PRO_PUPIL else 5_000
            start = row["start_date"]
            end = row["end_date"] or yesterday
            if window is not None:
                end = min(end, _add_years(start, window // 12) - dt.timedelta(days=1))
            end = max(start, end)
            days = (end - start).days + 1
            hours_week = row["hours_per_week"] or vacancy.hours[0]
            value = year_eur * 100 * min(hours_week, 36) / 36 * days / 365
            note = None
            if vacancy.employment_type == EmploymentType.PERMANENT and row["status"] == PlacementStatus.SUSTAINED:
                value += _PERMANENT_BONUS_EUR * 100
                note = "Inclusief bonus duurzame plaatsing (vast contract)"
            evidence = {ContributionRoute.LEARN: "BBL-praktijkovereenkomst of stageovereenkomst"}.get(
                route, "Arbeidsovereenkomst + loonstroken + doelgroepverklaring")
            status = settle_status(end)
            if (status is ContributionStatus.APPROVED and contract.performance < 1
                    and contract.approved_cents + value > targets[contract.id]):
                status = ContributionStatus.SUBMITTED  # a lagging contractor has not proven this one yet
            add(contract, route, status, start, end, int(round(value)), placement_id=row["id"],
                hours=round(hours_week * days / 7, 1), evidence=evidence, note=note)

        # Other routes, so each contract lands near its planned performance.
        for contract in self.contracts:
            if contract.status == ContractStatus.DRAFT:
                continue
            last = min(contract.end, yesterday)
            if (last - contract.start).days < 30:
                continue
            target = targets[contract.id]
            lines = 0
            while target - contract.approved_cents >= 100_00 and lines < 12:
                remaining = target - contract.approved_cents
                lines += 1
                self._extra_line(rng, add, contract, last, ContributionStatus.APPROVED, remaining, exact=lines == 12)
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                status = _weighted(rng, [(ContributionStatus.DRAFT, 35), (ContributionStatus.SUBMITTED, 40),
                                         (ContributionStatus.REJECTED, 25)])
                self._extra_line(rng, add, contract, last, status, None)

        # Make sure every route and status shows up, even in a tiny dataset.
        live = [c for c in self.contracts if c.status != ContractStatus.DRAFT and (min(c.end, yesterday) - c.start).days >= 30]
        if live:
            for route in ContributionRoute:
                if not any(row["route"] == route.value for row in rows):
                    self._extra_line(rng, add, rng.choice(live), None, ContributionStatus.SUBMITTED, None, route)
            for status in ContributionStatus:
                if not any(row["status"] == status.value for row in rows):
                    self._extra_line(rng, add, rng.choice(live), None, status, None)
        self.data.rows["contribution"] = rows

    def _extra_line(self, rng: random.Random, add: Callable[..., None], contract: _Contract, last: dt.date | None,
                    status: ContributionStatus, at_most: int | None,
                    route: ContributionRoute | None = None, *, exact: bool = False) -> None:
        """One line of routes 1–6 not linked to a placement; approved lines stay within ``at_most``."""
        last = last or min(contract.end, self.yesterday)
        if route is None:
            route = _weighted(rng, [(ContributionRoute.SOCIAL_PURCHASING, 40), (ContributionRoute.WORK, 15),
                                    (ContributionRoute.LEARN, 10), (ContributionRoute.SOCIAL_ACTIVITIES, 15),
                                    (ContributionRoute.SOCIAL_INVESTMENT, 10), (ContributionRoute.OPEN_SOCIAL_IMPACT, 10)])
        start = _between(rng, contract.start, last - dt.timedelta(days=30))
        end = _between(rng, start + dt.timedelta(days=30), min(last, start + dt.timedelta(days=365)))
        place = rng.choice(_PLACES)
        se_id, se_name, _, product = rng.choice(self.social_enterprises)
        supplier_id = None
        hours: float | None = None
        note = None
        if route is ContributionRoute.SOCIAL_PURCHASING:
            cap = 150_000_00
            value = rng.randint(2_000_00, 60_000_00)
            supplier_id = se_id
            activity = f"Inkoop {product} bij {se_name}"
            evidence = f"Facturen {start.year} (excl. btw)"
        elif route is ContributionRoute.SOCIAL_ACTIVITIES:
            hours = float(rng.randint(20, 300))
            value = int(hours * _HOURLY_ACTIVITY_EUR * 100)
            cap = value
            activity = rng.choice(_ACTIVITIES_4).format(place=place)
            evidence = "Urenregistratie en verslag"
        elif route is ContributionRoute.SOCIAL_INVESTMENT:
            cap = 100_000_00
            value = rng.randint(5_000_00, 50_000_00)
            activity = rng.choice(_ACTIVITIES_5).format(place=place, se=se_name)
            evidence = "Overeenkomst en betaalbewijs"
        elif route is ContributionRoute.OPEN_SOCIAL_IMPACT:
            cap = 75_000_00
            value = rng.randint(2_000_00, 30_000_00)
            activity = rng.choice(_ACTIVITIES_6).format(place=place, se=se_name)
            evidence = "Plan van aanpak en eindverslag"
        else:
            group = rng.choice([g for g, _ in _TARGET_GROUP_WEIGHTS[:7]])
            hours_week = rng.choice((20, 24, 32, 36))
            months = max(1, round((end - start).days / 30.44))
            year_eur = _BLOCKS[group][0] if route is ContributionRoute.WORK else _BBL_BLOCK[0]
            value = int(year_eur * 100 * hours_week / 36 * months / 12)
            cap = value
            hours = float(hours_week * round((end - start).days / 7))
            if route is ContributionRoute.WORK:
                activity = f"Eigen werving: medewerker uit doelgroep {group.value}, {hours_week} u/week"
                evidence = "Arbeidsovereenkomst + doelgroepverklaring"
            else:
                job = rng.choice(_SECTORS[contract.sector][2])[0]
                activity = f"BBL-leerwerkplaats {job}"
                evidence = "BBL-praktijkovereenkomst"
            note = "Kandidaat buiten srmatch geworven"
        if at_most is not None:
            planned = value
            value = at_most if exact else min(value, cap, at_most)
            if hours is not None and planned > 0:
                hours = round(hours * value / planned, 1)
        if status is ContributionStatus.REJECTED:
            note = "Afgewezen: bewijs ontbreekt of valt buiten de looptijd"
        add(contract, route, status, start, end, max(0, value), supplier_id=supplier_id, activity=activity[:200],
            hours=hours, evidence=evidence, note=note)

    # -- enforcement -------------------------------------------------------------------
    def _enforcement(self) -> None:
        rng = _stream(self.seed, "enforcement")
        today = self.today
        yesterday = self.yesterday
        rows: list[dict[str, Any]] = []
        finals = (EnforcementKind.WITHHOLDING, EnforcementKind.SETTLEMENT, EnforcementKind.CONTRACTOR_LIST_NOTE,
                  EnforcementKind.BEST_EFFORTS_ACCEPTED)
        final_turn = 0
        contract_rows = {row["id"]: row for row in self.data.rows["contract"]}

        def add(contract: _Contract, kind: EnforcementKind, day: dt.date, amount: int | None, note: str) -> None:
            rows.append({
                "id": len(rows) + 1, "contract_id": contract.id, "kind": kind.value, "action_date": day,
                "amount_cents": amount, "note": note, "created_by_id": contract.account_manager_id,
                "created_at": _stamp(day, rng),
            })

        for contract in self.contracts:
            row = contract_rows[contract.id]
            shortfall = contract.obligation_cents - contract.approved_cents
            if contract.status == ContractStatus.ENDED:
                lagging = shortfall > contract.obligation_cents * 0.1
                if lagging and contract.final_due + dt.timedelta(days=15) < today:
                    reminder = _between(rng, max(contract.start, contract.end - dt.timedelta(days=120)),
                                        contract.end - dt.timedelta(days=30))
                    add(contract, EnforcementKind.REMINDER, min(reminder, yesterday), None,
                        "Herinnering: realisatie blijft achter bij de verplichting; graag een plan van aanpak.")
                    recovery = _between(rng, contract.final_due + dt.timedelta(days=1),
                                        min(yesterday, contract.final_due + dt.timedelta(days=15)))
                    recovery_end = recovery + dt.timedelta(days=90)
                    add(contract, EnforcementKind.RECOVERY_PERIOD, recovery, None,
                        f"Herstelperiode van drie maanden, tot {recovery_end.isoformat()}.")
                    if recovery_end < yesterday:
                        kind = finals[final_turn % len(finals)]
                        final_turn += 1
                        day = _between(rng, recovery_end + dt.timedelta(days=1),
                                       min(yesterday, recovery_end + dt.timedelta(days=30)))
                        euros = f"€ {shortfall / 100:,.0f}".replace(",", ".")
                        if kind is EnforcementKind.WITHHOLDING:
                            add(contract, kind, day, shortfall, f"Niet-gerealiseerd bedrag {euros} ingehouden op de laatste betaling.")
                        elif kind is EnforcementKind.SETTLEMENT:
                            amount = int(round(shortfall * 0.75))
                            add(contract, kind, day, amount, "Afkoopsom overeengekomen in een aparte vaststellingsovereenkomst.")
                        elif kind is EnforcementKind.CONTRACTOR_LIST_NOTE:
                            add(contract, kind, day, None, "Aantekening op de leverancierslijst: social return niet nagekomen.")
                        else:
                            add(contract, kind, day, None,
                                "Inspanningen aangetoond (wervingsacties en gesprekken met WSPR); geen sanctie.")
                        if kind is not EnforcementKind.CONTRACTOR_LIST_NOTE:
                            row["status"] = ContractStatus.SETTLED.value
                elif not lagging and contract.final_due + dt.timedelta(days=60) < today and rng.random() < 0.6:
                    row["status"] = ContractStatus.SETTLED.value
            elif contract.status == ContractStatus.ACTIVE:
                elapsed = (today - contract.start).days / max(1, (contract.end - contract.start).days)
                expected = contract.obligation_cents * elapsed
                if elapsed >= 0.3 and contract.approved_cents < 0.5 * expected:
                    reminder = _between(rng, max(contract.start, today - dt.timedelta(days=90)), yesterday)
                    add(contract, EnforcementKind.REMINDER, reminder, None,
                        "Tussentijdse rapportage: realisatie loopt achter; voortgangsgesprek ingepland.")
                    if rng.random() < 0.4 and reminder < yesterday:
                        day = _between(rng, reminder + dt.timedelta(days=1), yesterday)
                        add(contract, EnforcementKind.RECOVERY_PERIOD, day, None,
                            f"Herstelperiode tot {(day + dt.timedelta(days=90)).isoformat()} afgesproken.")
        self.data.rows["enforcement_action"] = rows


# --------------------------------------------------------------------------------------
# Database side
# --------------------------------------------------------------------------------------


def _domain_tables() -> list[Table]:
    """Domain tables, parents first (the audit trail and imported vocabularies excluded)."""
    return [table for table in models.metadata.sorted_tables if table.name not in _NOT_DOMAIN_TABLES]


def _has_rows(connection: Connection, table: Table) -> bool:
    return connection.execute(select(table.c.id).limit(1)).first() is not None


def _is_demo_database(connection: Connection) -> bool:
    events = models.metadata.tables[models.AuditEvent.__tablename__]
    query = select(events.c.id).where(events.c.action == DEMO_ACTION, events.c.result == "success").limit(1)
    return connection.execute(query).first() is not None


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]], batch: int = 5000) -> None:
    """Bulk insert with executemany, in batches to keep memory and statement size bounded."""
    for start in range(0, len(rows), batch):
        connection.execute(insert(table), rows[start:start + batch])


def _advance_sequences(connection: Connection, tables: Sequence[Table]) -> None:
    """PostgreSQL: move each id sequence past the explicit ids (never backwards)."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in tables:
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar()
        if sequence is None:
            continue
        connection.execute(text(
            f"SELECT setval(:sequence, GREATEST((SELECT COALESCE(MAX(id), 0) FROM {quote(table.name)}), "
            f"(SELECT last_value FROM {sequence}), 1))"
        ), {"sequence": sequence})


def generate_demo(
    engine: Engine,
    *,
    seekers: int = DEFAULT_SEEKERS,
    vacancies: int = DEFAULT_VACANCIES,
    seed: int = 2024,
    actor: Actor | None = None,
    today: dt.date | None = None,
) -> DemoSummary:
    """Fill an empty (or earlier demo) database with an invented, reproducible dataset.

    Raises DemoRefused when the database holds records that were not made by this
    generator. Everything happens in one transaction; on any error nothing changes.
    """
    if seekers < 0 or vacancies < 0:
        raise ValueError("the numbers of job seekers and vacancies cannot be negative")
    today = today or dt.date.today()
    actor = actor or audit.current_actor()
    tables = _domain_tables()
    by_name = {table.name: table for table in tables}
    with session_scope(engine) as session:
        connection = session.connection()
        filled = [table.name for table in tables if _has_rows(connection, table)]
        offset = 0
        taken: frozenset[str] = frozenset()
        if _is_demo_database(connection):
            for table in reversed(tables):
                connection.execute(delete(table))
        elif [name for name in filled if name != _STAFF_TABLE]:
            raise DemoRefused("this database holds real records; demo data goes only into an empty or demo database")
        elif filled:  # staff accounts only: keep them and add the demo staff beside them
            users = by_name[_STAFF_TABLE]
            offset = connection.execute(select(func.max(users.c.id))).scalar() or 0
            taken = frozenset(connection.execute(select(users.c.login)).scalars())
        dataset = _Builder(seed=seed, seekers=seekers, vacancies=vacancies, today=today, user_id_offset=offset,
                           taken_logins=taken).build()
        for table in tables:
            _insert(connection, table, dataset.rows.get(table.name, []))
        _advance_sequences(connection, tables)
        audit.record(session, actor, DEMO_ACTION, "database",
                     reason=f"seed={seed} seekers={seekers} vacancies={vacancies} today={today.isoformat()}")
    rows = dataset.rows
    return DemoSummary(
        users=len(rows["app_user"]), organisations=len(rows["organisation"]), contracts=len(rows["contract"]),
        vacancies=len(rows["vacancy"]), seekers=len(rows["job_seeker"]), placements=len(rows["placement"]),
        contributions=len(rows["contribution"]), enforcement_actions=len(rows["enforcement_action"]),
    )
