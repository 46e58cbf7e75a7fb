"""The social work around a trajectory: the plan, evaluations, the self-reliance matrix at
intake and exit, referrals to partners, household budgets; and the bottlenecks a
branch signals to its municipality.

Self-reliance rises between the intake and the exit measurement, most on the
practical domains (finances, housing, instrumental ADL, language), as in the seeds.
"""

import datetime
from decimal import Decimal

from koers.coaching.models import (
    BudgetLine,
    Referral,
    SelfRelianceMeasurement,
    SelfRelianceScore,
    Signal,
    TrajectoryEvaluation,
    TrajectoryPlan,
    ZrmDomain,
    zrm_domains_recorded_at,
)
from koers.demo.dates import DAY, add_months, after, between
from koers.demo.world import Client, World

GOALS = {
    "settling_in": (
        "Inschrijvingen en toeslagen geregeld; huisarts, school en verzekeringen op orde; "
        "zelf de post kunnen lezen en betalen."
    ),
    "integration": (
        "Zelfstandig de weg vinden naar voorzieningen; inburgering op schema; "
        "een sociaal netwerk in de buurt; zicht op werk of opleiding."
    ),
    "job_coaching": "Een passende werkervaringsplaats, opleiding of baan vinden.",
}
ACTIONS = (
    "Samen de toeslagen aanvragen en een budgetoverzicht maken.",
    "Aanmelden bij de huisarts en de tandarts; kinderen inschrijven op school.",
    "Elke maand samen de post doornemen; zelf betalen via internetbankieren.",
    "Kennismaken met het buurthuis en de bibliotheek.",
    "Cv maken en gesprek met de klantmanager werk voorbereiden.",
)
EVALUATION_NOTES = (
    "Afspraken grotendeels nagekomen; post wordt zelf gelezen.",
    "Financiën nog lastig; extra aandacht voor de betalingsregeling.",
    "Goede voortgang met de taal; volgt de lessen trouw.",
    "Zorgen over de gezondheid van een gezinslid; doorverwezen naar de huisarts.",
)
REFERRALS = (
    ("food_bank", "Voedselpakket de eerste maanden na aankomst."),
    ("debt_help", "Achterstand in de huur en de energierekening."),
    ("taalhuis", "Extra taaloefening en het taalcafé."),
    ("cjg", "Opvoedvragen en de jeugdverpleegkundige voor de kinderen."),
    ("gp", "Klachten die al lang duren."),
)
SIGNALS = (
    (
        "income",
        "Toeslagen komen maanden te laat op gang; nieuwe gezinnen krijgen betalingsachterstanden.",
    ),
    ("housing", "Te weinig grote woningen voor gezinnen die herenigd worden."),
    ("civic_integration", "Wachttijd voor alfabetiseringsles loopt op tot drie maanden."),
    ("health", "Huisartsen nemen geen nieuwe patiënten meer aan in twee wijken."),
    ("education", "Schakelklas zit vol; kinderen wachten thuis op een plek."),
    ("debts", "Boetes van het CJIB stapelen zich op bij wie de brieven niet kan lezen."),
    ("work", "Werkgevers vragen diploma's die niet te waarderen zijn."),
)
PRACTICAL_DOMAINS = {"finances", "housing", "instrumental_adl", "language", "work_education"}
OPTIONAL_DOMAINS = {ZrmDomain.PARENTING.value, ZrmDomain.LANGUAGE.value}
CORE_DOMAINS = tuple(d.value for d in ZrmDomain if d.value not in OPTIONAL_DOMAINS)


def build_casework(world: World) -> None:
    for trajectory, client in world.trajectories:
        last = min(trajectory.ended_on or world.today, world.today)
        _plan_and_evaluations(world, trajectory, last)
        if trajectory.kind != "job_coaching":
            _referrals(world, trajectory, client, last)
        first_kind = (
            "integration" if client.person.arrival_route == "self_registered" else "settling_in"
        )
        if trajectory.kind == first_kind:
            day = after(world.rng, trajectory.started_on, 0, 14)
            world.intakes[id(client)] = _measure(world, trajectory, client, "intake", day)
        elif trajectory.kind == "integration" and trajectory.end_reason == "completed":
            _exit(world, trajectory, client)
    for plan in world.households:
        if world.rng.random() < 0.4:
            _budget(world, plan)
    _signals(world)


def _plan_and_evaluations(world: World, trajectory, last: datetime.date) -> None:
    rng = world.rng
    agreed = after(rng, trajectory.started_on, 7, 30)
    if agreed > last:
        return
    world.rows.record(
        TrajectoryPlan,
        "tp",
        trajectory=trajectory,
        goals=GOALS[trajectory.kind],
        actions="\n".join(rng.sample(ACTIONS, 2)),
        agreed_on=agreed,
    )
    held = add_months(agreed, 3)
    while held <= last:
        world.rows.record(
            TrajectoryEvaluation,
            "te",
            trajectory=trajectory,
            held_on=held,
            notes=rng.choice(EVALUATION_NOTES),
        )
        held = add_months(held, 3)


def _measure(
    world: World, trajectory, client: Client, moment: str, day: datetime.date, base=None
) -> dict[str, int] | None:
    """A ZRM measurement, its scores per domain; at exit, the intake's plus some growth."""
    rng = world.rng
    if day > world.today:
        return None
    measurement = world.rows.record(
        SelfRelianceMeasurement, "zm", trajectory=trajectory, moment=moment, measured_on=day
    )
    domains = [*CORE_DOMAINS, "language"]
    if any(not c.adult for c in client.household.members):
        domains.append("parenting")
    scores = {}
    recorded = {d.value for d in zrm_domains_recorded_at(world.location)}
    for domain in domains:
        if base is None:
            score = (
                rng.choice((1, 2, 2, 3, 3)) if domain in PRACTICAL_DOMAINS else rng.randint(2, 5)
            )
        else:
            growth = (
                rng.choice((0, 1, 1, 2)) if domain in PRACTICAL_DOMAINS else rng.choice((0, 0, 1))
            )
            score = min(5, base.get(domain, 3) + growth)
        scores[domain] = score  # drawn even where not recorded: the other records stay the same
        if domain in recorded:
            world.rows.row(SelfRelianceScore, measurement=measurement, domain=domain, score=score)
    return scores


def _exit(world: World, trajectory, client: Client) -> None:
    """The exit conversation and measurement, and the warm handover to regular services."""
    rng = world.rng
    trajectory.exit_conversation_on = trajectory.ended_on
    trajectory.exit_summary = (
        "Exitgesprek gevoerd; cliënt weet de weg naar Vraagwijzer en het wijkteam."
    )
    _measure(
        world,
        trajectory,
        client,
        "exit",
        trajectory.ended_on - rng.randint(0, 14) * DAY,
        base=world.intakes.get(id(client)),
    )
    world.rows.record(
        Referral,
        "rf",
        person=client.person,
        trajectory=trajectory,
        partner=rng.choice(("vraagwijzer", "wijkteam")),
        referred_on=trajectory.ended_on,
        reason="Einde begeleiding; warme overdracht voor verdere vragen.",
        warm_handover=True,
        outcome="accepted",
    )


def _referrals(world: World, trajectory, client: Client, last: datetime.date) -> None:
    rng = world.rng
    if rng.random() > 0.3:
        return
    partner, reason = rng.choice(REFERRALS)
    day = between(rng, trajectory.started_on, last)
    recent = (world.today - day).days < 30
    world.rows.record(
        Referral,
        "rf",
        person=client.person,
        trajectory=trajectory,
        partner=partner,
        referred_on=day,
        reason=reason,
        warm_handover=rng.random() < 0.5,
        outcome="pending"
        if recent
        else rng.choice(("accepted", "accepted", "declined", "no_show")),
    )


def _budget(world: World, plan) -> None:
    """The monthly budget overview a coach makes with a household; some have debts."""
    rng = world.rng
    adults = sum(c.adult for c in plan.members)
    lines = [
        ("income", "Participatiewet-uitkering", 1100 + 500 * (adults > 1), "gemeente"),
        ("income", "Zorgtoeslag", 120 * adults, "Belastingdienst"),
        ("fixed_cost", "Huur", rng.randint(520, 860), plan.dwelling.landlord),
        ("fixed_cost", "Zorgverzekering", 140 * adults, "zorgverzekeraar"),
        ("fixed_cost", "Energie", rng.randint(90, 220), "energieleverancier"),
    ]
    if rng.random() < 0.35:
        debt = rng.randint(300, 4000)
        lines.append(("debt", "Terugbetaling toeslagen", debt, "Belastingdienst"))
        lines.append(
            ("arrangement", "Betalingsregeling toeslagen", max(25, debt // 24), "Belastingdienst")
        )
    for kind, description, amount, counterparty in lines:
        world.rows.record(
            BudgetLine,
            "bl",
            household=plan.household,
            kind=kind,
            description=description,
            amount=Decimal(amount),
            counterparty=counterparty,
        )


def _signals(world: World) -> None:
    rng = world.rng
    for year in world.years():
        first, last = world.span(year)
        for topic, description in rng.sample(SIGNALS, rng.randint(2, 4)):
            noticed = between(rng, first, last)
            reported = after(rng, noticed, 7, 60)
            world.rows.record(
                Signal,
                "sg",
                location=world.location,
                topic=topic,
                description=description,
                noticed_on=noticed,
                reported_on=reported if reported <= world.today else None,
            )
