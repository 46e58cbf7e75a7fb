"""A small hand-made bundle with linkings and plans, and a helper to vary it."""

from koers.exchange.files import SPEC_BY_NAME

LINKINGS_HEADER = ",".join(SPEC_BY_NAME["linkings.csv"].base_header)
PLANS_HEADER = ",".join(SPEC_BY_NAME["integration_plans.csv"].base_header)

# One branch: a couple linked on 1 March 2022 (she housed on the 70th day after it, he
# 71 days after it), a third person linked and withdrawn, and three plans: one with a
# PIP on 31 January 2022 and a route switch on the last allowed day (31 July 2023),
# one waiting for its PIP, one exempted. Synthetic names.
WI2021 = {
    "locations.csv": [
        "id,name,municipality,region",
        "zeestad,Afdeling Zeestad,Zeestad,Zuidwest-Nederland",
        "heuvelrug,Afdeling Heuvelrug,Heuvelrug,Midden",
    ],
    "dwellings.csv": [
        "id,location_id,postcode,house_number,landlord,available_on",
        "w1,zeestad,3011 AB,12,Woonstede,2022-04-01",
        "w2,heuvelrug,3500 CD,4a,,",
    ],
    "people.csv": [
        "id,location_id,given_name,family_name,birth_date,sex,nationality,v_number,"
        "household_id,arrival_route,permit_granted_on,civic_integration_required,"
        "participation_statement_signed_on",
        "p1,zeestad,Mahlet,Berhane,1988-04-02,F,ERI,,h1,regular,2021-12-20,true,",
        "p2,zeestad,Yonas,Berhane,1986-09-30,M,ERI,,h1,regular,2021-12-20,true,",
        "p3,zeestad,Karim,Sabbagh,1979-12-31,M,SYR,,h2,regular,2022-02-01,true,",
    ],
    "placements.csv": [
        "id,person_id,dwelling_id,housed_on,counts_for_quota",
        "pl1,p1,w1,2022-05-10,true",
        "pl2,p2,w1,2022-05-11,true",
    ],
    "linkings.csv": [
        LINKINGS_HEADER,
        "li1,zeestad,p1,2022-03-01,,",
        "li2,zeestad,p2,2022-03-01,,",
        "li3,zeestad,p3,2022-03-15,2022-04-01,withdrawn",
    ],
    "integration_plans.csv": [
        PLANS_HEADER,
        "in1,p1,2022-01-01,2022-01-05,2022-01-20,2022-01-31,education,2023-07-31,b1,"
        "2023-03-01,2022-05-10,2022-11-09,6,,",
        "in2,p2,2022-01-01,2022-01-05,,,,,,,,,0,,",
        "in3,p3,2022-02-01,2022-02-10,2022-02-11,2022-03-01,z,,,,,,,,2022-09-01",
    ],
}


def wi2021(**files) -> dict:
    """WI2021 with files replaced (``linkings_csv=[...]``) or rows replaced by id."""
    bundle = dict(WI2021)
    for key, content in files.items():
        bundle[key.replace("_csv", ".csv")] = content
    return bundle


def plans(*rows: str) -> list[str]:
    return [PLANS_HEADER, *rows]


def linkings(*rows: str) -> list[str]:
    return [LINKINGS_HEADER, *rows]
