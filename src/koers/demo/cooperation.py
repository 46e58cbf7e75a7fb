"""The branch's social map and a realistic year of cooperation and outreach, every year.

As in the seeds: a case consultation with the wijkteam and the CJG every two months, the
semester consultation with the municipality (and now and then the alderman), network
meetings (a refugee platform, the COA, the guardians of unaccompanied minors), joint
projects, information sessions for residents, young people in a church centre and the
social-domain advisory council, and public events with their audiences. Organisations
have synthetic names; contact persons are roles, never people. The demo's referrals are
linked to the partner of their kind. A stream of dice of its own, so that nothing else
of the demo shifts.
"""

import datetime
import random

from koers.coaching.models import Referral
from koers.cooperation.models import Activity, Partner
from koers.demo.dates import between
from koers.demo.world import Helper, World

# (key, name, kind, contact role); ``{m}`` is the municipality. A key links referrals.
PARTNERS = (
    (
        "municipality",
        "Gemeente {m} (team Participatie)",
        "municipality",
        "Beleidsmedewerker integratie",
    ),
    ("income", "Gemeente {m} (Werk en Inkomen)", "municipality", "Klantmanager statushouders"),
    ("debt_help", "Schuldhulpverlening {m}", "debt_help", "Intake schuldhulp"),
    ("wijkteam", "Wijkteam {m}", "social_team", "Coördinator wijkteam"),
    ("vraagwijzer", "Vraagwijzer {m}", "social_team", "Loketmedewerker"),
    ("amw", "Algemeen Maatschappelijk Werk {m}", "social_team", "Maatschappelijk werker"),
    ("cjg", "CJG {m}", "youth_family", "Jeugdverpleegkundige"),
    ("food_bank", "Voedselbank {m}", "food_bank", "Coördinator uitgifte"),
    ("school", "Internationale Schakelklas {m}", "education", "Intern begeleider"),
    ("taalhuis", "Taalhuis {m}", "education", "Coördinator taalmaatjes"),
    ("housing", "Woonstichting Maaskant", "housing", "Consulent bijzondere doelgroepen"),
    ("coa", "COA-locatie Rijnmond-Zuid", "reception", "Trajectbegeleider"),
    ("guardians", "Jeugdvoogdij Zuidwest", "guardianship", "Jeugdbeschermer"),
    ("volunteers", "Vrijwilligerscentrale {m}", "volunteer_org", "Vrijwilligersconsulent"),
    ("church", "Kerkcentrum De Ankerplaats", "faith", "Jongerenwerker"),
    ("library", "Bibliotheek {m}", "other", "Medewerker taal en digitale vaardigheden"),
    ("council", "Adviesraad Sociaal Domein {m}", "other", "Secretaris"),
)
HEALTH_PARTNERS = (
    ("gp", "Huisartsenpraktijk Het Plein", "health", "Praktijkondersteuner"),
    ("ggz", "GGZ-team {m}", "health", "Wijk-GGZ-medewerker"),
)
REFERRAL_PARTNER = {  # Referral.partner -> the social map's partner
    "food_bank": "food_bank",
    "debt_help": "debt_help",
    "wijkteam": "wijkteam",
    "vraagwijzer": "vraagwijzer",
    "cjg": "cjg",
    "taalhuis": "taalhuis",
    "gp": "gp",
}

# (kind, title, partner keys, times a year (low, high), audience (low, high) or None)
YEAR_PLAN = (
    (
        "municipality_consultation",
        "Semesteroverleg met de gemeente",
        ("municipality",),
        (2, 2),
        None,
    ),
    ("municipality_consultation", "Overleg met de wethouder", ("municipality",), (0, 1), None),
    (
        "municipality_consultation",
        "Overleg participatieverklaring",
        ("municipality", "income"),
        (0, 2),
        None,
    ),
    (
        "network_meeting",
        "Platform vluchtelingen",
        ("church", "cjg", "volunteers", "amw"),
        (2, 4),
        None,
    ),
    ("network_meeting", "COA-overleg statushouders", ("coa", "municipality"), (1, 3), None),
    (
        "network_meeting",
        "Overleg alleenstaande minderjarigen",
        ("guardians", "school"),
        (0, 2),
        None,
    ),
    (
        "network_meeting",
        "Netwerkbijeenkomst participatieworkshops",
        ("municipality",),
        (1, 4),
        None,
    ),
    (
        "project_meeting",
        "Project armoedebestrijding",
        ("debt_help", "food_bank", "income"),
        (1, 3),
        None,
    ),
    ("project_meeting", "Taalcafé", ("taalhuis", "library"), (1, 4), None),
    ("project_meeting", "Sinterklaasactie voor kinderen", ("volunteers",), (0, 1), None),
    ("information_session", "Voorlichting bewoners van de wijk", ("wijkteam",), (1, 2), (12, 45)),
    (
        "information_session",
        "Voorlichting jongeren in het kerkcentrum",
        ("church",),
        (0, 2),
        (15, 60),
    ),
    ("information_session", "Presentatie Adviesraad Sociaal Domein", ("council",), (0, 1), (8, 20)),
    (
        "information_session",
        "Voorlichting nieuwe vrijwilligers bibliotheek",
        ("library",),
        (0, 1),
        (6, 25),
    ),
    ("public_event", "Vrijwilligersmarkt", ("volunteers",), (0, 1), (60, 250)),
    ("public_event", "Debatavond over talent van vluchtelingen", (), (0, 1), (40, 150)),
    ("public_event", "Open dag bij VluchtelingenWerk", (), (0, 1), (30, 120)),
)
CASE_CONSULTATION = (
    "case_consultation",
    "Casusoverleg wijkteam, CJG en AMW",
    ("wijkteam", "cjg", "amw"),
)
CONSULTATION_MONTHS = (1, 3, 5, 7, 9, 11)  # "minimaal tweemaandelijks"


def _phone(rng: random.Random) -> str:
    return f"088 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def build_partners(world: World, rng: random.Random) -> dict[str, Partner]:
    plan = PARTNERS + (HEALTH_PARTNERS if world.branch.records_health else ())
    partners = {}
    for key, name, kind, contact in plan:
        partners[key] = world.rows.record(
            Partner,
            "pa",
            location=world.location,
            name=name.format(m=world.branch.municipality),
            kind=kind,
            contact_person=contact if rng.random() < 0.8 else "",
            phone=_phone(rng) if rng.random() < 0.7 else "",
        )
    return partners


def _team(world: World, rng: random.Random, day, *, volunteer: bool = False) -> list[Helper]:
    """Who took part: one or two team leaders, for outreach sometimes a volunteer too."""
    leaders = world.helpers("team_leader", day)
    chosen = rng.sample(leaders, min(len(leaders), rng.choice((1, 1, 2))))
    if volunteer and rng.random() < 0.5:
        social = world.helpers("social", day)
        if social:
            chosen.append(rng.choice(social))
    return chosen


def _activity(world, rng, partners, day, kind, title, keys, audience=None) -> None:
    activity = world.rows.record(
        Activity,
        "ac",
        location=world.location,
        date=day,
        kind=kind,
        title=title,
        people_reached=audience,
    )
    for key in keys:
        if key in partners:
            world.rows.row(Activity.partners.through, activity=activity, partner=partners[key])
    outreach = kind in ("information_session", "public_event")
    for helper in _team(world, rng, day, volunteer=outreach):
        world.rows.row(Activity.staff.through, activity=activity, staffmember=helper.member)


def build_activities(world: World, rng: random.Random, partners: dict[str, Partner]) -> None:
    for year in world.years():
        first, last = world.span(year)
        kind, title, keys = CASE_CONSULTATION
        for month in CONSULTATION_MONTHS:
            start = datetime.date(year, month, 1)
            if start < first or start > last:
                continue
            day = between(rng, start, min(last, start.replace(day=20)))
            _activity(world, rng, partners, day, kind, title, keys)
        for kind, title, keys, (low, high), audience in YEAR_PLAN:
            for _ in range(round(rng.randint(low, high) * world.share_of_year(year))):
                day = between(rng, first, last)
                reached = None
                if audience is not None and rng.random() < 0.9:  # now and then not counted
                    reached = rng.randint(*audience)
                _activity(world, rng, partners, day, kind, title, keys, reached)


def link_referrals(world: World, partners: dict[str, Partner]) -> None:
    """The branch's referrals name the partner of their kind on the social map."""
    clients = {client.person.pk for client in world.clients}
    for referral in world.rows.rows[Referral]:
        key = REFERRAL_PARTNER.get(referral.partner)
        if referral.person_id in clients and key in partners:
            referral.organisation_id = partners[key].pk


def build_cooperation(world: World, rng: random.Random) -> None:
    partners = build_partners(world, rng)
    build_activities(world, rng, partners)
    link_referrals(world, partners)
