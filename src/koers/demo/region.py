"""The demo region: its branches, what each one runs, and the countries its clients come from.

Sizes follow the seed reports (50-120 people housed per branch a year, a few
thousand contacts, Vlaardingen's Taalcentrum with its twenty-odd groups); the
programmes each branch runs do too (VIP in Lansingerland, informal language
classes in Hellevoetsluis, Wegwijs and civic-integration classes in Vlaardingen).
"""

from dataclasses import dataclass, field

from koers.demo import names

REGION = "Zuidwest-Nederland"


@dataclass(frozen=True)
class Branch:
    """One local branch of the demo, and how it works."""

    slug: str
    municipality: str
    region: str
    housed_per_year: int
    postcodes: tuple[int, int]  # the municipality's range of four-digit postcodes
    landlords: tuple[str, ...]
    venues: tuple[str, ...] = ()  # outside the office, e.g. a walk-in at a community centre
    settling_in_months: int = 6
    integration_months: int = 18
    volunteers: int = 24
    programs: frozenset[str] = field(default_factory=frozenset)
    language_centre_groups: int = 0
    wegwijs_per_year: int = 0
    language_coaching_per_year: int = 8
    records_health: bool = False  # opted in to health data (ZRM health domains, GGZ referrals)

    @property
    def name(self) -> str:
        return f"VluchtelingenWerk {self.municipality}"


BRANCHES: tuple[Branch, ...] = (
    Branch(
        slug="barendrecht",
        municipality="Barendrecht",
        region=REGION,
        housed_per_year=75,
        postcodes=(2991, 2994),
        landlords=("Woonvisie", "Havensteder", "particuliere verhuurder"),
        venues=("Bibliotheek AanZet",),
        volunteers=25,
        programs=frozenset({"computer_class"}),
        language_coaching_per_year=16,
    ),
    Branch(
        slug="dordrecht",
        municipality="Dordrecht",
        region=REGION,
        housed_per_year=94,
        postcodes=(3311, 3329),
        landlords=("Trivire", "Woonbron", "Woonkracht10", "particuliere verhuurder"),
        settling_in_months=3,
        integration_months=12,
        volunteers=38,
        language_coaching_per_year=6,
    ),
    Branch(
        slug="lansingerland",
        municipality="Lansingerland",
        region=REGION,
        housed_per_year=106,
        postcodes=(2651, 2666),
        landlords=("3B Wonen", "Wooncompas", "particuliere verhuurder"),
        venues=("De Hergerborch",),
        integration_months=12,
        volunteers=22,
        programs=frozenset({"vip"}),
    ),
    Branch(
        slug="hellevoetsluis",
        municipality="Hellevoetsluis",
        region=REGION,
        housed_per_year=53,
        postcodes=(3221, 3226),
        landlords=("Maasdelta", "particuliere verhuurder"),
        integration_months=12,
        volunteers=20,
        programs=frozenset({"language_class"}),
        language_coaching_per_year=4,
    ),
    Branch(
        slug="vlaardingen",
        municipality="Vlaardingen",
        region=REGION,
        housed_per_year=90,
        postcodes=(3131, 3138),
        landlords=("Waterweg Wonen", "Vestia", "particuliere verhuurder"),
        venues=("Buurtpunt Babberspolder",),
        volunteers=36,
        programs=frozenset({"civic_integration", "language_centre", "computer_class"}),
        language_centre_groups=23,
        wegwijs_per_year=15,
        language_coaching_per_year=5,
        records_health=True,
    ),
    Branch(
        slug="zeist",
        municipality="Zeist",
        region="Midden-Nederland",
        housed_per_year=60,
        postcodes=(3701, 3709),
        landlords=("Portaal", "Woongoed Zeist", "particuliere verhuurder"),
        venues=("Wijkcentrum Vollenhove",),
        volunteers=18,
        language_coaching_per_year=6,
    ),
)


@dataclass(frozen=True)
class Origin:
    """A country clients come from: its share, name pool and language."""

    nationality: str
    share: float
    pool: names.NamePool
    language: str  # ISO 639-1; Dari is written "fa" as ISO 639-1 has no code of its own


ORIGINS: tuple[Origin, ...] = (
    Origin("SYR", 0.40, names.ARABIC, "ar"),
    Origin("ERI", 0.22, names.TIGRINYA, "ti"),
    Origin("AFG", 0.08, names.DARI, "fa"),
    Origin("IRN", 0.05, names.FARSI, "fa"),
    Origin("SOM", 0.07, names.SOMALI, "so"),
    Origin("IRQ", 0.05, names.ARABIC, "ar"),
    Origin("YEM", 0.04, names.ARABIC, "ar"),
    Origin("SDN", 0.04, names.ARABIC, "ar"),
    Origin("XXA", 0.03, names.ARABIC, "ar"),  # stateless: Palestinians from Syria
    Origin("ETH", 0.02, names.TIGRINYA, "ti"),
)
