"""partners.csv and activities.csv: optional files of the bundle, validated, upserted,
exported back byte-identical (cooperation.md)."""

import pytest

from koers.cooperation.models import Activity, Partner
from koers.core.models import ChangeLogEntry
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from tests.cooperation.bundles import (
    activities,
    partners,
    with_cooperation,
)
from tests.exchange.bundles import (
    SMALL,
    database_state,
    empty_database,
    import_files,
    same_bundles,
    write_files,
)

pytestmark = pytest.mark.django_db


def problems(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def test_a_bundle_with_partners_and_activities_exports_back_byte_identical(tmp_path):
    source = write_files(tmp_path / "in", with_cooperation())
    result = bundle_import(source=source, by=IMPORT)
    assert result.ok, result.problems
    assert (result.files["partners.csv"].created, result.files["activities.csv"].created) == (4, 5)
    bundle_export(target=tmp_path / "out")
    assert same_bundles(source, tmp_path / "out")
    empty_database()
    assert bundle_import(source=tmp_path / "out", by=IMPORT).ok
    bundle_export(target=tmp_path / "again")
    assert same_bundles(source, tmp_path / "again")


def test_the_records_hold_the_cells_and_the_links_their_order(tmp_path):
    assert import_files(tmp_path, with_cooperation()).ok
    debate = Activity.objects.get(external_id="ac5")
    assert debate.title == 'Debatavond "Talent"'
    assert debate.location.external_id == "zeestad"
    through = Activity.partners.through
    assert list(
        through.objects.filter(activity=debate)
        .order_by("pk")
        .values_list("partner__external_id", flat=True)
    ) == ["pa2", "pa1"]
    assert debate.people_reached is None
    assert Activity.objects.get(external_id="ac2").people_reached == 35
    assert Partner.objects.get(external_id="pa2").name == "Voedselbank Zeestad, uitgiftepunt Oost"


def test_without_cooperation_records_neither_file_is_written(tmp_path):
    assert bundle_import(source=write_files(tmp_path / "small", SMALL), by=IMPORT).ok
    written = bundle_export(target=tmp_path / "out")
    assert "partners.csv" not in written
    assert "activities.csv" not in written


def test_importing_the_same_bundle_twice_changes_nothing(tmp_path):
    assert import_files(tmp_path / "a", with_cooperation()).ok
    before = database_state()
    again = import_files(tmp_path / "b", with_cooperation())
    assert (again.created, again.updated) == (0, 0)
    assert database_state() == before


def test_a_changed_row_updates_its_record_and_logs_fields_and_sets(tmp_path):
    assert import_files(tmp_path / "a", with_cooperation()).ok
    changed = activities(
        "ac1,zeestad,2017-01-01,case_consultation,Casusoverleg wijkteam en CJG,pa1,s2;s1,",
    )
    result = import_files(tmp_path / "b", {"activities.csv": changed})
    assert (result.created, result.updated) == (0, 1)
    activity = Activity.objects.get(external_id="ac1")
    assert activity.version == 2
    entry = ChangeLogEntry.objects.filter(external_id="ac1", action="update").get()
    assert entry.changes["title"] == ["Casusoverleg wijkteam", "Casusoverleg wijkteam en CJG"]
    assert entry.changes["partner_ids"] == [["pa1", "pa4"], ["pa1"]]
    assert entry.changes["staff_ids"] == [["s2"], ["s2", "s1"]]


def test_a_file_without_the_optional_columns_keeps_the_stored_links(tmp_path):
    assert import_files(tmp_path / "a", with_cooperation()).ok
    result = import_files(
        tmp_path / "b",
        {
            "activities.csv": [
                "id,location_id,date,kind,title",
                "ac1,zeestad,2017-01-02,case_consultation,X",
            ]
        },
    )
    assert result.ok, result.problems
    activity = Activity.objects.get(external_id="ac1")
    assert sorted(activity.partners.values_list("external_id", flat=True)) == ["pa1", "pa4"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"activities_csv": activities("ax,zeestad,2017-02-01,network_meeting,Overleg,pa3,,")},
            "activities.csv:2: partner_ids: partner pa3 is at location heuvelrug, not zeestad",
        ),
        (
            {"activities_csv": activities("ax,heuvelrug,2017-02-01,network_meeting,Overleg,,s1,")},
            "activities.csv:2: staff_ids: staff member s1 is at location zeestad, not heuvelrug",
        ),
        (
            {"activities_csv": activities("ax,zeestad,2017-02-01,network_meeting,Overleg,,,12")},
            "activities.csv:2: people_reached: only for kind information_session or "
            "public_event, not network_meeting: leave it empty",
        ),
        (
            {"activities_csv": activities("ax,zeestad,2017-02-01,public_event,Markt,,,-3")},
            "activities.csv:2: people_reached: -3 is less than 0",
        ),
        (
            {"activities_csv": activities("ax,zeestad,2017-02-01,public_event,Markt,,,veel")},
            "activities.csv:2: people_reached: not a whole number 'veel'",
        ),
        (
            {"activities_csv": activities("ax,zeestad,2017-02-01,meeting,Overleg,,,")},
            "activities.csv:2: kind: unknown code 'meeting' (expected one of case_consultation, "
            "information_session, municipality_consultation, network_meeting, project_meeting, "
            "public_event)",
        ),
        (
            {"activities_csv": activities("ax,zeestad,2017-02-01,network_meeting,,,,")},
            "activities.csv:2: title: required value missing",
        ),
        (
            {"activities_csv": activities("ax,zeestad,2017-02-31,network_meeting,Overleg,,,")},
            "activities.csv:2: date: malformed date '2017-02-31' (expected YYYY-MM-DD)",
        ),
        (
            {"activities_csv": activities("ax,zeestad,2017-02-01,network_meeting,Overleg,pa9,,")},
            "activities.csv:2: partner_ids: pa9 is neither in partners.csv nor in the database",
        ),
        (
            {"activities_csv": activities("ax,zeestad,2017-02-01,network_meeting,O,pa1;pa1,,")},
            "activities.csv:2: partner_ids: 'pa1' is listed twice",
        ),
        (
            {"activities_csv": activities("ax,atlantis,2017-02-01,network_meeting,O,,,")},
            "activities.csv:2: location_id: atlantis is neither in locations.csv nor in the "
            "database",
        ),
        (
            {
                "activities_csv": activities(
                    "ax,zeestad,2017-02-01,network_meeting,O,,,",
                    "ax,zeestad,2017-02-02,network_meeting,P,,,",
                )
            },
            "activities.csv:3: id: duplicate id ax (first on line 2)",
        ),
        (
            {"partners_csv": partners("pz,zeestad,Buurthuis,community_centre")},
            "partners.csv:2: kind: unknown code 'community_centre'",
        ),
        (
            {"partners_csv": partners("pz,zeestad,,other")},
            "partners.csv:2: name: required value missing",
        ),
        (
            {"partners_csv": ["id,location_id,name", "pz,zeestad,Buurthuis"]},
            "partners.csv:1: kind: missing required column",
        ),
        (
            {
                "activities_csv": [
                    *activities("ax,zeestad,2017-02-01,network_meeting,O,,,")[:1],
                    "ax,zeestad,2017-02-01,network_meeting,O,,",
                ]
            },
            "activities.csv:2: -: 7 cells where the header has 8",
        ),
    ],
)
def test_every_rule_is_a_located_error_and_nothing_is_written(tmp_path, files, expected):
    before = database_state()
    result = import_files(tmp_path, with_cooperation(**files))
    assert not result.ok
    assert any(message.startswith(expected) for message in problems(result)), problems(result)
    assert database_state() == before


def test_every_problem_of_a_file_is_reported_not_just_the_first(tmp_path):
    bad = activities(
        "ax,zeestad,2017-02-01,network_meeting,O,pa3,,4",
        "ay,heuvelrug,2017-02-01,case_consultation,O,pa1,s2,",
    )
    result = import_files(tmp_path, with_cooperation(activities_csv=bad))
    assert problems(result) == [
        "activities.csv:2: partner_ids: partner pa3 is at location heuvelrug, not zeestad",
        "activities.csv:2: people_reached: only for kind information_session or public_event, "
        "not network_meeting: leave it empty",
        "activities.csv:3: partner_ids: partner pa1 is at location zeestad, not heuvelrug",
        "activities.csv:3: staff_ids: staff member s2 is at location zeestad, not heuvelrug",
    ]


def test_references_may_point_to_records_already_in_the_database(tmp_path):
    assert import_files(tmp_path / "a", with_cooperation()).ok
    result = import_files(
        tmp_path / "b",
        {
            "activities.csv": activities(
                "ax,zeestad,2019-04-01,project_meeting,Taalcafé,pa2;pa4,s1,"
            )
        },
    )
    assert result.ok, result.problems
    assert Activity.objects.get(external_id="ax").partners.count() == 2


def test_a_partner_in_the_database_of_another_location_is_refused(tmp_path):
    assert import_files(tmp_path / "a", with_cooperation()).ok
    result = import_files(
        tmp_path / "b",
        {"activities.csv": activities("ax,heuvelrug,2019-04-01,project_meeting,T,pa2,,")},
    )
    assert problems(result) == [
        "activities.csv:2: partner_ids: partner pa2 is at location zeestad, not heuvelrug"
    ]


def test_moving_an_activity_keeps_its_stored_partners_at_its_location(tmp_path):
    assert import_files(tmp_path / "a", with_cooperation()).ok
    result = import_files(
        tmp_path / "b",
        {
            "activities.csv": [
                "id,location_id,date,kind,title",
                "ac1,heuvelrug,2017-01-01,case_consultation,X",
            ]
        },
    )
    assert "activities.csv:2: location_id: partner pa1 is at location zeestad, not heuvelrug" in (
        problems(result)
    )


def test_moving_a_partner_named_by_stored_activities_is_refused(tmp_path):
    assert import_files(tmp_path / "a", with_cooperation()).ok
    result = import_files(
        tmp_path / "b", {"partners.csv": partners("pa2,heuvelrug,Voedselbank,food_bank")}
    )
    assert problems(result) == [
        "partners.csv:2: location_id: activity ac3 at location zeestad names this record",
        "partners.csv:2: location_id: activity ac5 at location zeestad names this record",
    ]


def test_moving_a_partner_with_its_activities_in_the_same_bundle_is_accepted(tmp_path):
    assert import_files(tmp_path / "a", with_cooperation()).ok
    result = import_files(
        tmp_path / "b",
        {
            "partners.csv": partners("pa3,zeestad,Gemeente Zeestad,municipality"),
            "activities.csv": activities(
                "ac4,zeestad,2017-06-01,municipality_consultation,Semesteroverleg,pa3,,"
            ),
        },
    )
    assert result.ok, result.problems


def test_moving_a_staff_member_named_by_stored_activities_is_refused(tmp_path):
    assert import_files(tmp_path / "a", with_cooperation()).ok
    staff = [SMALL["staff.csv"][0], SMALL["staff.csv"][1].replace(",zeestad,", ",heuvelrug,")]
    result = import_files(tmp_path / "b", {"staff.csv": staff})
    assert "staff.csv:2: location_id: activity ac2 at location zeestad names this record" in (
        problems(result)
    )


def test_a_referral_may_name_a_partner_of_the_clients_branch_only(tmp_path):
    header = "id,person_id,partner,referred_on,reason,organisation_id"
    ok = import_files(
        tmp_path / "a",
        {**with_cooperation(), "referrals.csv": [header, "r1,p1,food_bank,2017-03-01,Pakket,pa2"]},
    )
    assert ok.ok, ok.problems
    refused = import_files(
        tmp_path / "b", {"referrals.csv": [header, "r2,p3,food_bank,2017-03-01,Pakket,pa2"]}
    )
    assert problems(refused) == [
        "referrals.csv:2: organisation_id: organisation pa2 is at location zeestad, "
        "person p3 at heuvelrug"
    ]
