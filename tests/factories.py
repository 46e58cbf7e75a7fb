"""factory_boy factories for every record: synthetic data only (no names from the seed reports)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from koers.accounts.models import Membership, User
from koers.coaching.models import Trajectory
from koers.contacts.models import Contact, ContactTopic
from koers.core import writes
from koers.core.models import Location
from koers.core.scoping import Role
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.indicators.models import Target
from koers.legal.models import Dossier, DossierStep, FamilyMember
from koers.matching.models import Match
from koers.people.models import Dwelling, Household, Person, Placement, QuotaPeriod
from koers.people.search import name_key_for
from koers.staff.models import StaffLanguage, StaffMember, StaffRole, Training

TEST_PASSWORD = "correct-horse-battery-staple-42"


class RecordFactory(DjangoModelFactory):
    """Writes a record as the services do as far as the stored figures go: the facts of
    the locations whose figures read it are stale after it (``koers.core.writes``,
    docs/indicators.md "Facts"), so a test that reads figures, adds records and reads
    again sees them."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        record = super()._create(model_class, *args, **kwargs)
        writes.created(model_class, [record.pk])
        return record


MEMBERS_SINCE = datetime.date(2000, 1, 1)


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("external_id",)

    external_id = factory.Sequence(lambda n: f"loc{n}")
    name = factory.LazyAttribute(lambda o: f"Afdeling {o.municipality}")
    municipality = factory.Sequence(lambda n: f"Gemeente{n}")
    region = "Zuidwest-Nederland"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.TEAM_LEADER
    location = factory.SubFactory(LocationFactory)
    started_on = MEMBERS_SINCE


class HouseholdFactory(RecordFactory):
    class Meta:
        model = Household

    location = factory.SubFactory(LocationFactory)


class PersonFactory(RecordFactory):
    class Meta:
        model = Person

    location = factory.SubFactory(LocationFactory)
    household = factory.SubFactory(HouseholdFactory, location=factory.SelfAttribute("..location"))
    given_name = factory.Iterator(["Amina", "Yonas", "Rahel", "Omar", "Leyla", "Dawit", "Samira"])
    family_name = factory.Iterator(["Haddad", "Gebre", "Karimi", "Warsame", "Nasser", "Tekle"])
    birth_date = datetime.date(1990, 5, 17)
    sex = "F"
    nationality = "SYR"
    arrival_route = "regular"
    name_key = factory.LazyAttribute(
        lambda person: name_key_for(person.given_name, person.family_name)
    )


class DwellingFactory(RecordFactory):
    class Meta:
        model = Dwelling

    location = factory.SubFactory(LocationFactory)
    postcode = "3011 AB"
    house_number = factory.Sequence(str)


class PlacementFactory(RecordFactory):
    class Meta:
        model = Placement

    person = factory.SubFactory(PersonFactory)
    dwelling = factory.SubFactory(
        DwellingFactory, location=factory.SelfAttribute("..person.location")
    )
    housed_on = datetime.date(2017, 3, 1)
    counts_for_quota = True


class QuotaPeriodFactory(RecordFactory):
    class Meta:
        model = QuotaPeriod

    location = factory.SubFactory(LocationFactory)
    starts_on = datetime.date(2017, 1, 1)
    ends_on = datetime.date(2017, 6, 30)
    quota = 40


class StaffMemberFactory(RecordFactory):
    class Meta:
        model = StaffMember
        skip_postgeneration_save = True

    location = factory.SubFactory(LocationFactory)
    given_name = factory.Iterator(["Sanne", "Joris", "Fleur", "Bram", "Noor", "Teun"])
    family_name = factory.Iterator(["Verbeek", "Kramer", "Bosman", "Smeets", "Hoekstra"])
    kind = "volunteer"
    started_on = datetime.date(2016, 1, 1)

    class Params:
        # meets every requirement for client access (core.scoping.CLIENT_ACCESS_REQUIREMENTS)
        cleared = factory.Trait(
            agreement_signed_on=datetime.date(2016, 1, 1),
            conduct_certificate_on=datetime.date(2015, 12, 14),
            introduction=factory.RelatedFactory(
                "tests.factories.TrainingFactory",
                factory_related_name="staff",
                course="introduction",
                completed_on=datetime.date(2016, 1, 20),
            ),
        )

    @factory.post_generation
    def role_codes(obj, create, extracted, **kwargs):
        for role in extracted or []:
            StaffRole.objects.create(staff=obj, role=role)

    @factory.post_generation
    def language_codes(obj, create, extracted, **kwargs):
        for language in extracted or []:
            StaffLanguage.objects.create(staff=obj, language=language)


class TrainingFactory(RecordFactory):
    class Meta:
        model = Training

    staff = factory.SubFactory(StaffMemberFactory)
    course = "basic_course"
    completed_on = datetime.date(2016, 2, 1)


class TrajectoryFactory(RecordFactory):
    class Meta:
        model = Trajectory

    person = factory.SubFactory(PersonFactory)
    kind = "settling_in"
    started_on = datetime.date(2017, 3, 1)


class ContactFactory(RecordFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    location = factory.SubFactory(LocationFactory)
    person = factory.SubFactory(PersonFactory, location=factory.SelfAttribute("..location"))
    date = datetime.date(2017, 4, 1)
    kind = "social_hours"

    @factory.post_generation
    def topic_codes(obj, create, extracted, **kwargs):
        for topic in extracted or []:
            ContactTopic.objects.create(contact=obj, topic=topic)


class DossierFactory(RecordFactory):
    class Meta:
        model = Dossier

    person = factory.SubFactory(PersonFactory)
    kind = "family_reunification"
    opened_on = datetime.date(2017, 2, 1)


class DossierStepFactory(DjangoModelFactory):
    class Meta:
        model = DossierStep

    dossier = factory.SubFactory(DossierFactory)
    step = "application_filed"


class FamilyMemberFactory(DjangoModelFactory):
    class Meta:
        model = FamilyMember

    dossier = factory.SubFactory(DossierFactory)
    given_name = "Selam"
    family_name = "Tesfay"
    relationship = "partner"


class MatchFactory(RecordFactory):
    class Meta:
        model = Match

    program = "language_coaching"
    person = factory.SubFactory(PersonFactory)
    requested_on = datetime.date(2017, 1, 15)


class GroupFactory(RecordFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    location = factory.SubFactory(LocationFactory)
    program = "participation_statement"
    started_on = datetime.date(2017, 3, 1)


class GroupSessionFactory(RecordFactory):
    class Meta:
        model = GroupSession

    group = factory.SubFactory(GroupFactory)
    date = datetime.date(2017, 3, 8)


class EnrolmentFactory(RecordFactory):
    class Meta:
        model = Enrolment

    group = factory.SubFactory(GroupFactory)
    person = factory.SubFactory(PersonFactory, location=factory.SelfAttribute("..group.location"))
    enrolled_on = datetime.date(2017, 3, 1)


class AttendanceFactory(RecordFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(GroupSessionFactory)
    person = factory.SubFactory(PersonFactory)
    present = True


class TargetFactory(RecordFactory):
    class Meta:
        model = Target

    location = factory.SubFactory(LocationFactory)
    year = 2017
    indicator = "housing.persons_housed"
    target = 50
