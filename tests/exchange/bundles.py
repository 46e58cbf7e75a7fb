"""A small hand-made valid bundle and helpers to write, import and compare bundles."""

import filecmp
from pathlib import Path

from django.apps import apps

from koers.core.models import ChangeLogEntry
from koers.exchange.files import FILES
from koers.exchange.services import IMPORT, ImportResult, bundle_import

# One branch: a two-person household housed in one dwelling, staff, a coaching
# trajectory, contacts, a closed dossier with steps, a match, a workshop group with
# sessions, enrolments and attendance, a quota period and a target. Synthetic names.
SMALL = {
    "locations.csv": [
        "id,name,municipality,region",
        "heuvelrug,Afdeling Heuvelrug,Heuvelrug,Midden",
        "zeestad,Afdeling Zeestad,Zeestad,Zuidwest-Nederland",
    ],
    "quota_periods.csv": [
        "id,location_id,period,quota,backlog_in",
        "q1,zeestad,2017-H1,12,3",
        "q2,zeestad,2017-H2,10,",
    ],
    "dwellings.csv": [
        "id,location_id,postcode,house_number,landlord,available_on",
        "w1,zeestad,3011 AB,12,Woonstede,2017-01-10",
        "w2,heuvelrug,3500 CD,4a,,",
    ],
    "people.csv": [
        "id,location_id,given_name,family_name,birth_date,sex,nationality,v_number,"
        "household_id,arrival_route,permit_granted_on,civic_integration_required,"
        "participation_statement_signed_on",
        "p1,zeestad,Mahlet,Berhane,1988-04-02,F,ERI,1234567890,h1,regular,2016-11-01,true,",
        "p2,zeestad,Dawit,Berhane,2012-09-30,M,ERI,,h1,family_reunification,2017-02-01,,",
        "p3,heuvelrug,Karim,Sabbagh,1979-12-31,M,SYR,,h2,resettlement,,false,2017-06-01",
    ],
    "placements.csv": [
        "id,person_id,dwelling_id,housed_on,counts_for_quota",
        "pl1,p1,w1,2017-02-15,true",
        "pl2,p2,w1,2017-02-15,false",
    ],
    "staff.csv": [
        "id,location_id,given_name,family_name,kind,roles,languages,started_on,ended_on,"
        "end_reason,agreement_signed_on,hours_per_week",
        "s1,zeestad,Fenna,Mulder,volunteer,social;interpreter,ti;ar,2015-03-01,,,2015-03-01,",
        "s2,zeestad,Guus,Verhoef,paid,team_leader,,2012-01-01,,,,24.5",
    ],
    "trainings.csv": [
        "id,staff_id,course,completed_on",
        "tr1,s1,introduction,2015-03-20",
        "tr2,s1,trauma_awareness,2016-05-02",
    ],
    "trajectories.csv": [
        "id,person_id,kind,coach_id,started_on,ended_on,end_reason",
        "t1,p1,settling_in,s1,2017-02-15,2017-08-15,completed",
    ],
    "contacts.csv": [
        "id,location_id,date,kind,person_id,visitor_ref,topics,trajectory_id,staff_id,venue",
        "c1,zeestad,2017-03-01,coaching,p1,,housing;finance,t1,s1,",
        'c2,zeestad,2017-03-02,walk_in,,bezoeker-7,work,,,"Buurthuis ""De Ster"", zaal 2"',
    ],
    "dossiers.csv": [
        "id,person_id,kind,opened_on,closed_on,outcome,guardianship,family_members",
        "d1,p1,family_reunification,2016-12-01,2017-01-20,granted,false,1",
    ],
    "dossier_steps.csv": [
        "id,dossier_id,step,done_on,due_on,note",
        'ds1,d1,application_filed,2016-12-05,2016-12-15,"filed at the desk,\nwith a copy"',
        "ds2,d1,ind_decision,2017-01-20,,",
    ],
    "matches.csv": [
        "id,program,person_id,staff_id,requested_on,started_on,ended_on,outcome,extended_on",
        "m1,language_coaching,p1,s1,2017-03-01,2017-03-20,,,",
    ],
    "groups.csv": [
        "id,location_id,program,level,language,evening,started_on,ended_on",
        "g1,zeestad,participation_statement,,ti,false,2017-04-03,2017-04-17",
    ],
    "sessions.csv": [
        "id,group_id,date",
        "x1,g1,2017-04-03",
        "x2,g1,2017-04-10",
    ],
    "enrolments.csv": [
        "id,group_id,person_id,enrolled_on,left_on",
        "e1,g1,p1,2017-03-28,",
        "e2,g1,p2,2017-03-28,2017-04-05",
    ],
    "attendance.csv": [
        "id,session_id,person_id,present",
        "a1,x1,p1,true",
        "a2,x2,p1,false",
        "a3,x1,p2,true",
    ],
    "targets.csv": [
        "id,location_id,year,indicator,target",
        "ta1,zeestad,2017,housing.persons_housed,22",
    ],
}


def write_files(folder: Path, files: dict[str, list[str] | str | bytes]) -> Path:
    """Write a bundle folder: lines joined with CRLF, or text/bytes as given."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, list):
            content = "\r\n".join(content) + "\r\n"
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def with_changes(**files) -> dict:
    """SMALL with some files replaced (``people_csv=[...]``) or dropped (``None``)."""
    return replaced(SMALL, **files)


def replaced(base: dict, **files) -> dict:
    """``base`` with some files replaced (``people_csv=[...]``) or dropped (``None``)."""
    bundle = dict(base)
    for key, content in files.items():
        name = key.replace("_csv", ".csv")
        if content is None:
            bundle.pop(name)
        else:
            bundle[name] = content
    return bundle


def import_files(folder: Path, files: dict, **options) -> ImportResult:
    options.setdefault("by", IMPORT)
    return bundle_import(source=write_files(folder, files), **options)


def database_state() -> dict[str, int]:
    """Row counts of every table the import writes, to prove a rejected import wrote nothing."""
    models = (
        [spec.model for spec in FILES]
        + [ChangeLogEntry]
        + [
            apps.get_model(label)
            for label in (
                "staff.StaffRole",
                "staff.StaffLanguage",
                "contacts.ContactTopic",
                "coaching.SelfRelianceScore",
                "matching.MatchLanguage",
            )
        ]
    )
    models.append(apps.get_model("groups.Group").staff.through)
    activity = apps.get_model("cooperation.Activity")
    models += [activity.partners.through, activity.staff.through]
    return {model._meta.label: model.objects.count() for model in models}


def empty_database() -> None:
    """Delete every record the exchange holds (children first)."""
    for spec in reversed(FILES):
        spec.model.objects.all().delete()
    ChangeLogEntry.objects.all().delete()


def same_bundles(first: Path, second: Path) -> bool:
    """Both folders hold the same files with byte-identical content."""
    names = sorted(p.name for p in first.iterdir())
    if names != sorted(p.name for p in second.iterdir()):
        return False
    _same, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    return not mismatch and not errors
