"""Reads of the matching flow: the waiting list, pairs, and volunteers ranked for a client."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from koers.core.actors import Actor, User
from koers.core.languages import language_name
from koers.core.scoping import CLIENT_ACCESS_REQUIREMENTS, client_access_q
from koers.matching.models import Match, MatchProgram, MatchVolunteerPeriod
from koers.people.models import Placement
from koers.staff.models import StaffMember, StaffRole, StaffRoleCode

DEFAULT_MAX_PAIRS = 1  # a volunteer without a matching profile coaches one client at a time
ROLE_OF_PROGRAM = {
    MatchProgram.LANGUAGE_COACHING: StaffRoleCode.LANGUAGE_COACH,
    MatchProgram.WEGWIJS: StaffRoleCode.WEGWIJS_COACH,
}
RUNNING = Q(started_on__isnull=False, ended_on__isnull=True)


def waiting_list(user: Actor, *, program: str = "") -> QuerySet[Match]:
    """Requested, not started, not withdrawn: oldest request first."""
    matches = (
        Match.objects.for_user(user)
        .filter(started_on__isnull=True, ended_on__isnull=True)
        .select_related("person", "previous")
        .prefetch_related("languages")
        .order_by("requested_on", "pk")
    )
    return matches.filter(program=program) if program else matches


def matched_clients(user: User, today: datetime.date) -> QuerySet:
    """Assignment source: the clients of a match, not ended, the user is the volunteer of on
    ``today``: as its current volunteer from the day of a change, or in an earlier period
    that covers ``today``."""
    not_ended = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    current = Q(staff__user=user) & (Q(staff_since__isnull=True) | Q(staff_since__lte=today))
    earlier = MatchVolunteerPeriod.objects.filter(
        staff__user=user, started_on__lte=today, ended_on__gte=today
    ).values("match")
    return Match.objects.filter(not_ended, current | Q(pk__in=earlier)).values("person")


def eligible_volunteers(*, match: Match, on: datetime.date) -> QuerySet[StaffMember]:
    """Who may start or take over a match on the day: the program's role
    (``ROLE_OF_PROGRAM``), cleared for client files then (``core.scoping.client_access_q``:
    agreement, VOG, course, active), at the client's branch; each with ``pairs``, their
    running matches (the caseload). A login is not required (unlike a trajectory's coach):
    many language coaches never use Koers, and their coordinator records the pair's
    contacts; one who has a login reads the file through the match."""
    return (
        StaffMember.objects.filter(
            client_access_q(on),
            location_id=match.person.location_id,
            pk__in=StaffRole.objects.filter(
                role=ROLE_OF_PROGRAM[MatchProgram(match.program)]
            ).values("staff"),
        )
        .annotate(
            pairs=Count(
                "matches",
                filter=Q(matches__started_on__isnull=False, matches__ended_on__isnull=True),
            )
        )
        .order_by("family_name", "given_name", "pk")
    )


def waiting_by_program(waiting: QuerySet[Match]) -> list[dict]:
    """Per program: how many wait and since when the oldest request."""
    return [
        {**row, "label": MatchProgram(row["program"]).label}
        for row in waiting.values("program")
        .annotate(count=Count("pk"), oldest=Min("requested_on"))
        .order_by("program")
    ]


def match_list(user: Actor, *, program: str = "", status: str = "", q: str = "") -> QuerySet[Match]:
    matches = Match.objects.for_user(user).select_related("person", "staff")
    if program:
        matches = matches.filter(program=program)
    if status == "waiting":
        matches = matches.filter(started_on__isnull=True, ended_on__isnull=True)
    elif status == "running":
        matches = matches.filter(RUNNING)
    elif status == "ended":
        matches = matches.filter(ended_on__isnull=False)
    if q:
        matches = matches.filter(
            Q(person__family_name__icontains=q)
            | Q(person__given_name__icontains=q)
            | Q(staff__family_name__icontains=q)
        )
    return matches


def active_pair_count(staff: StaffMember) -> int:
    return Match.objects.filter(RUNNING, staff=staff).count()


def max_pairs_of(staff: StaffMember) -> int:
    profile = getattr(staff, "matching_profile", None)
    return profile.max_pairs if profile else DEFAULT_MAX_PAIRS


def pc4_gap(a: str, b: str) -> int | None:
    """How far apart two postcode areas are, as the gap between their 4-digit numbers.

    An honest approximation, not kilometres: Dutch PC4 numbers were handed out by region
    and, within a town, roughly by neighbourhood, so a small gap usually means close by
    (3011 and 3014 are both central Rotterdam); but equal gaps are not equal distances, and
    number ranges jump at their borders. It ranks volunteers within one branch's
    municipality; None when either area is unknown.
    """
    a, b = (a or "")[:4], (b or "")[:4]
    if len(a) == 4 == len(b) and a.isdigit() and b.isdigit():
        return abs(int(a) - int(b))
    return None


def client_postcode_area(match: Match) -> str:
    """The client's PC4: the postcode of the dwelling they were last housed in."""
    placement = (
        Placement.objects.filter(person=match.person)
        .select_related("dwelling")
        .order_by("-housed_on")
        .first()
    )
    return placement.dwelling.postcode[:4] if placement and placement.dwelling.postcode else ""


def client_languages(match: Match) -> set[str]:
    """The languages a volunteer should speak: those asked for on the match, those the
    client speaks (their file) and the one they need an interpreter in."""
    person = match.person
    wanted = {language.language for language in match.languages.all()}
    wanted |= set(person.languages.values_list("language", flat=True))
    if person.interpreter_language:
        wanted.add(person.interpreter_language)
    return wanted


@dataclass
class Suggestion:
    staff: StaffMember
    shared_languages: list[str]
    common_day_parts: list[str]
    gap: int | None
    active_pairs: int
    max_pairs: int

    @property
    def shared_language_names(self) -> list[str]:
        return [language_name(code) for code in self.shared_languages]

    @property
    def rank_key(self) -> tuple:
        return (
            -len(self.shared_languages),
            -len(self.common_day_parts),
            self.gap if self.gap is not None else 10_000,
            self.active_pairs,
            self.staff.family_name,
        )


def suggestions(user: Actor, match: Match, *, limit: int = 10) -> list[Suggestion]:
    """Volunteers who may coach a waiting client (``eligible_volunteers``), best first:
    shared language (``client_languages``), then shared day parts, then nearest postcode
    area, then the least busy. Volunteers at their maximum number of pairs are left out, as
    is the volunteer of the stopped match this one replaces."""
    today = timezone.localdate()
    candidates = (
        StaffMember.objects.for_user(user)
        .filter(pk__in=eligible_volunteers(match=match, on=today).values("pk"))
        .select_related("matching_profile")
        .prefetch_related(Prefetch("languages"))
        .annotate(
            active_pairs=Count("matches", filter=Q(matches__in=Match.objects.filter(RUNNING)))
        )
    )
    previous = match.previous
    if previous is not None and previous.staff_id:
        candidates = candidates.exclude(pk=previous.staff_id)
    wanted_languages = client_languages(match)
    wanted_parts = match.day_parts
    area = client_postcode_area(match)
    ranked = []
    for staff in candidates:
        profile = getattr(staff, "matching_profile", None)
        maximum = profile.max_pairs if profile else DEFAULT_MAX_PAIRS
        if staff.active_pairs >= maximum:
            continue
        ranked.append(
            Suggestion(
                staff=staff,
                shared_languages=sorted(
                    wanted_languages & {language.language for language in staff.languages.all()}
                ),
                common_day_parts=sorted(wanted_parts & (profile.day_parts if profile else set())),
                gap=pc4_gap(area, profile.postcode_area if profile else ""),
                active_pairs=staff.active_pairs,
                max_pairs=maximum,
            )
        )
    return sorted(ranked, key=lambda suggestion: suggestion.rank_key)[:limit]


def waiting_counts(user: Actor) -> dict[str, int]:
    """How many wait per program, every program named (also those where nobody waits)."""
    counts = dict(waiting_list(user).order_by().values_list("program").annotate(n=Count("pk")))
    return {str(program.label): counts.get(program.value, 0) for program in MatchProgram}


ALMOST_SHOWN = 5


@dataclass
class Shortfall:
    """Why no volunteer can take a waiting client now, in the terms of
    ``eligible_volunteers`` (the program's role at the client's branch; cleared: agreement,
    VOG, course, started and not stopped) and of ``suggestions`` (room for another pair)."""

    role: str  # the role the program needs, as people read it ("taalcoach")
    with_role: int  # staff of the branch with that role, stopped ones included
    active: int  # of those: started and not stopped
    cleared: int  # of those: cleared for client files today
    full: int  # of the cleared: at their maximum number of pairs (or the one replaced)
    almost: list[tuple[StaffMember, list[str]]]  # active, not cleared: what each lacks

    @property
    def reason(self) -> str:
        """The first reason that leaves nobody: no one has the role, no one with it is
        active, no one active is cleared, or everyone cleared is full."""
        if not self.with_role:
            return "no_role"
        if not self.active:
            return "none_active"
        if not self.cleared:
            return "none_cleared"
        return "all_full"


def volunteer_shortfall(user: Actor, match: Match, *, on: datetime.date) -> Shortfall:
    """Why ``suggestions`` is empty for a waiting match (ask it only then), and who is nearly
    cleared (a fixed number of queries: one per requirement, however many volunteers)."""
    role = ROLE_OF_PROGRAM[MatchProgram(match.program)]
    with_role = StaffMember.objects.for_user(user).filter(
        location_id=match.person.location_id,
        pk__in=StaffRole.objects.filter(role=role).values("staff"),
    )
    meets = {
        requirement: set(with_role.filter(requirement.met(on)).values_list("pk", flat=True))
        for requirement in CLIENT_ACCESS_REQUIREMENTS
    }
    periods = [r for r in CLIENT_ACCESS_REQUIREMENTS if not r.document]
    documents = [r for r in CLIENT_ACCESS_REQUIREMENTS if r.document]
    staff = list(with_role.order_by("family_name", "given_name", "pk"))
    active = [s for s in staff if all(s.pk in meets[r] for r in periods)]
    cleared = [s for s in active if all(s.pk in meets[r] for r in documents)]
    return Shortfall(
        role=str(StaffRoleCode(role).label),
        with_role=len(staff),
        active=len(active),
        cleared=len(cleared),
        full=len(cleared),  # asked when ``suggestions`` is empty: no cleared one has room
        almost=[
            (s, [str(r.missing) for r in documents if s.pk not in meets[r]])
            for s in active
            if s not in cleared
        ][:ALMOST_SHOWN],
    )
