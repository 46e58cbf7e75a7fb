"""partners.csv and activities.csv on top of the exchange tests' small bundle (synthetic)."""

from tests.exchange.bundles import SMALL, replaced

PARTNERS_HEADER = "id,location_id,name,kind"
ACTIVITIES_HEADER = "id,location_id,date,kind,title,partner_ids,staff_ids,people_reached"

COOPERATION = {
    "partners.csv": [
        PARTNERS_HEADER,
        "pa1,zeestad,Wijkteam Zeestad-Noord,social_team",
        'pa2,zeestad,"Voedselbank Zeestad, uitgiftepunt Oost",food_bank',
        "pa3,heuvelrug,Gemeente Heuvelrug,municipality",
        "pa4,zeestad,Basisschool De Kompasroos,education",
    ],
    "activities.csv": [
        ACTIVITIES_HEADER,
        "ac1,zeestad,2017-01-01,case_consultation,Casusoverleg wijkteam,pa1;pa4,s2,",
        "ac2,zeestad,2017-12-31,information_session,Voorlichting buurthuis,,s1;s2,35",
        "ac3,zeestad,2018-01-01,public_event,Open dag,pa2,,",
        "ac4,heuvelrug,2017-06-01,municipality_consultation,Semesteroverleg,pa3,,",
        'ac5,zeestad,2017-03-09,public_event,"Debatavond ""Talent""",pa2;pa1,s1,',
    ],
}


def with_cooperation(**files) -> dict:
    """SMALL plus the cooperation files; ``activities_csv=[...]`` replaces one, None drops it."""
    return replaced({**SMALL, **COOPERATION}, **files)


def activities(*rows: str) -> list[str]:
    return [ACTIVITIES_HEADER, *rows]


def partners(*rows: str) -> list[str]:
    return [PARTNERS_HEADER, *rows]
