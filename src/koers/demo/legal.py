"""Legal dossiers: family reunification step by step (whose arrivals house the nareizigers),
and the shorter procedures (naturalisation, permit renewal, travel documents, …).

A procedure is followed until today: a step that would happen after today is left
open with its deadline, so the worklists have items due, soon due and overdue.
"""

import datetime

from koers.demo.dates import DAY, add_months, after
from koers.demo.housing import house_followers
from koers.demo.world import Client, HouseholdPlan, World
from koers.legal.models import Dossier, DossierStep, FamilyMember

ADULT = 18
NOTICE_AFTER = 97  # days after filing: a week after the IND's 90 days passed

EMBASSIES = {
    "ar": ("Beiroet", "Amman", "Ankara"),
    "ti": ("Addis Abeba", "Kampala", "Khartoum"),
    "fa": ("Islamabad", "Teheran", "Ankara"),
    "so": ("Nairobi", "Addis Abeba"),
}


class Procedure:
    """Writes a dossier's steps in order until one lies after today."""

    def __init__(self, world: World, dossier: Dossier):
        self.world = world
        self.dossier = dossier
        self.last: DossierStep | None = None  # the last step recorded as done

    def step(
        self,
        kind: str,
        done_on: datetime.date,
        *,
        due_on: datetime.date | None = None,
        note: str = "",
        outcome: str = "",
    ) -> bool:
        """Record the step; False (the step left open, if it has a deadline) when not yet done."""
        done = done_on <= self.world.today
        if done or due_on is not None:
            row = self.world.rows.record(
                DossierStep,
                "ds",
                dossier=self.dossier,
                step=kind,
                done_on=done_on if done else None,
                due_on=due_on,
                note=note if done else "",
                outcome=outcome if done else "",
            )
            self.last = row if done else self.last
        return done

    def decided(self, outcome: str) -> None:
        """The outcome of the decision just recorded (known once the story goes on)."""
        if self.last is not None and self.last.step in {"ind_decision", "objection_decision"}:
            self.last.outcome = outcome

    def close(self, day: datetime.date, outcome: str) -> bool:
        if day > self.world.today:
            return False
        self.dossier.closed_on = day
        self.dossier.outcome = outcome
        return True


def build_dossiers(world: World) -> None:
    for plan in list(world.households):
        if plan.to_follow:
            _family_reunification(world, plan)
    for client in list(world.clients):
        if client.adult:
            _other_dossier(world, client)


def _open(world: World, client: Client, kind: str, opened_on: datetime.date, **fields):
    dossier = world.rows.record(
        Dossier, "d", person=client.person, kind=kind, opened_on=opened_on, **fields
    )
    world.dossiers.append((dossier, client))
    return Procedure(world, dossier)


def _family_reunification(world: World, plan: HouseholdPlan) -> None:
    """The sponsor's dossier, its procedure, and the family members it is about."""
    rng = world.rng
    sponsor = plan.members[0]
    permit = sponsor.person.permit_granted_on
    opened = after(rng, permit, 3, 60)
    if opened > world.today:
        return
    procedure = _open(
        world,
        sponsor,
        "family_reunification",
        opened,
        guardianship=plan.minor_sponsor,
        family_members=len(plan.to_follow),
    )
    arrived = _reunification_procedure(world, plan, procedure, permit, opened)
    _family_members(world, plan, procedure.dossier, sponsor, arrived)


def _family_members(
    world: World, plan: HouseholdPlan, dossier: Dossier, sponsor: Client, arrived: list[Client]
) -> None:
    """Who the dossier is about: once arrived, the persons they became; before, their names
    (picked without the generator's random stream, so the rest of the demo stays as it was)."""
    pool = plan.origin.pool
    cities = EMBASSIES.get(plan.origin.language, ("Ankara",))
    for n, (sex, age) in enumerate(plan.to_follow):
        if plan.minor_sponsor:
            relationship = "parent" if age >= ADULT else "sibling"
        else:
            relationship = "partner" if age >= ADULT and n == 0 else "child"
        if n < len(arrived):
            person = arrived[n].person
            fields = {
                "given_name": person.given_name,
                "family_name": person.family_name,
                "birth_date": person.birth_date,
                "whereabouts": "Nederland",
                "arrived_on": arrived[n].housed_on,
                "person_id": person.pk,
            }
        else:
            names = pool.male if sex == "M" else pool.female
            fields = {
                "given_name": names[(dossier.pk + n) % len(names)][0],
                "family_name": sponsor.person.family_name,
                "birth_date": add_months(dossier.opened_on, -12 * age - 6),
                "whereabouts": cities[(dossier.pk + n) % len(cities)],
            }
        world.rows.record(FamilyMember, "fm", dossier=dossier, relationship=relationship, **fields)


def _reunification_procedure(
    world: World,
    plan: HouseholdPlan,
    procedure: Procedure,
    permit: datetime.date,
    opened: datetime.date,
) -> list[Client]:
    """The application, the IND's decision (a notice of default when it is late; objection
    if refused), visa, arrival: the family members who arrived (none until then)."""
    rng = world.rng
    filing_due = add_months(permit, 3)  # the favourable regime needs filing within 3 months
    filed = after(rng, opened, 0, 45) if rng.random() > 0.07 else after(rng, filing_due, 1, 30)
    if not procedure.step("application_filed", filed, due_on=filing_due):
        return []
    dna_test = plan.origin.language in {"ti", "so"} or rng.random() < 0.3
    if dna_test and not procedure.step("dna_test", after(rng, filed, 30, 110)):
        return []
    decided = after(rng, filed, 60, 200)
    notice = filed + NOTICE_AFTER * DAY
    if decided > notice + 14 * DAY:  # the IND is late: the notice of default goes out
        procedure.step("notice_of_default", notice)
    if not procedure.step("ind_decision", decided, due_on=filed + 90 * DAY):
        return []
    roll = rng.random()
    procedure.decided("granted")
    if roll < 0.05:
        procedure.decided("withdrawn")
        procedure.close(after(rng, decided, 10, 60), "withdrawn")
        return []
    if roll < 0.09:
        procedure.close(after(rng, decided, 20, 90), "transferred")  # the sponsor moved away
        return []
    if roll < 0.25:
        partly = len(plan.to_follow) >= 2 and procedure.dossier.pk % 2 == 0
        procedure.decided("partly_granted" if partly else "refused")
        objected = after(rng, decided, 7, 26)
        if not procedure.step("objection_filed", objected, due_on=decided + 28 * DAY):
            return []
        decided = after(rng, objected, 60, 170)
        if not procedure.step("objection_decision", decided, due_on=add_months(objected, 4)):
            return []
        procedure.decided("granted")
        if rng.random() < 0.25:
            procedure.decided("refused")
            appealed = after(rng, decided, 5, 27)
            procedure.step("appeal_filed", appealed, due_on=decided + 28 * DAY)
            return []
        if rng.random() < 0.33:
            procedure.decided("refused")
            procedure.close(after(rng, decided, 14, 40), "refused")
            return []
    embassy = after(rng, decided, 20, 100)
    city = rng.choice(EMBASSIES.get(plan.origin.language, ("Ankara",)))
    if not procedure.step(
        "embassy_visit", embassy, due_on=add_months(decided, 3), note=f"ambassade {city}"
    ):
        return []
    visa = after(rng, embassy, 7, 35)
    if not procedure.step("visa_issued", visa):
        return []
    arrival = after(rng, visa, 7, 80)
    if not procedure.step("arrival", arrival, due_on=visa + 90 * DAY):
        return []
    procedure.close(arrival, "granted")
    return house_followers(world, plan, arrival)


def _other_dossier(world: World, client: Client) -> None:
    """Naturalisation for long-settled clients; travel documents, renewals, now and then."""
    rng = world.rng
    permit = client.person.permit_granted_on
    settled = client.person.arrival_route == "self_registered"
    roll = rng.random()
    if settled and roll < 0.35:
        kind, opened = "naturalisation", max(add_months(permit, 60), client.housed_on)
    elif settled and roll < 0.6:
        kind, opened = "permit_renewal", max(add_months(permit, 57), client.housed_on)
    elif roll < 0.07:
        kind, opened = "travel_document", after(rng, client.housed_on, 60, 500)
    elif roll < 0.09:
        kind, opened = "other", after(rng, client.housed_on, 30, 400)
    elif roll < 0.1:
        kind, opened = "asylum", after(rng, client.housed_on, 10, 200)
    else:
        return
    opened = max(opened, after(rng, client.housed_on, 0, 30))
    if opened > world.today:
        return
    procedure = _open(world, client, kind, opened)
    filed = after(rng, opened, 0, 30)
    if not procedure.step("application_filed", filed, due_on=opened + 30 * DAY):
        return
    decided = after(rng, filed, 30, 300 if kind == "naturalisation" else 120)
    if not procedure.step("ind_decision", decided, due_on=add_months(filed, 6)):
        return
    procedure.close(decided, "granted" if rng.random() < 0.88 else "refused")
