"""A branch's own deadline terms travel in ``deadline_terms.csv``; a region's stay home."""

import pytest

from koers.core.models import ChangeLogEntry
from koers.deadlines.models import DeadlineRule, RuleSetting
from koers.deadlines.selectors import rule_history
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from tests.exchange.bundles import SMALL, database_state, empty_database, import_files, same_bundles
from tests.factories import LocationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "id,location_id,rule,offset_years,offset_months,offset_days,enabled"


@pytest.fixture
def rules(db) -> list[str]:
    return list(DeadlineRule.objects.order_by("code").values_list("code", flat=True)[:2])


def terms_bundle(*lines: str) -> dict:
    return {**SMALL, "deadline_terms.csv": [HEADER, *lines]}


def test_a_branchs_own_terms_export_and_import_back_identical_and_a_regions_stay_out(
    tmp_path, small, rules
):
    bundle_import(by=IMPORT, source=small)
    zeestad = LocationFactory(external_id="zeestad")
    first, second = (DeadlineRule.objects.get(code=code) for code in rules)
    RuleSetting.objects.create(external_id="dt1", rule=first, location=zeestad, offset_months=3)
    RuleSetting.objects.create(
        external_id="dt2", rule=second, location=zeestad, offset_days=10, enabled=False
    )
    RuleSetting.objects.create(rule=first, region="Zuidwest-Nederland", offset_years=1)
    bundle_export(target=tmp_path / "first")
    assert (tmp_path / "first" / "deadline_terms.csv").read_text().splitlines() == [
        HEADER,
        f"dt1,zeestad,{rules[0]},0,3,0,true",
        f"dt2,zeestad,{rules[1]},0,0,10,false",
    ]
    empty_database()
    RuleSetting.objects.all().delete()
    assert bundle_import(by=IMPORT, source=tmp_path / "first").ok
    assert not RuleSetting.objects.filter(location__isnull=True).exists()
    bundle_export(target=tmp_path / "second")
    assert same_bundles(tmp_path / "first", tmp_path / "second")


def test_export_of_one_location_holds_only_its_own_terms(tmp_path, small, rules):
    result = import_files(
        tmp_path / "in",
        terms_bundle(f"dt1,zeestad,{rules[0]},0,3,0,", f"dt2,heuvelrug,{rules[0]},0,4,0,"),
    )
    assert result.ok, result.problems
    bundle_export(target=tmp_path / "out", location=LocationFactory(external_id="heuvelrug"))
    lines = (tmp_path / "out" / "deadline_terms.csv").read_text().splitlines()
    assert lines == [HEADER, f"dt2,heuvelrug,{rules[0]},0,4,0,true"]


def test_a_changed_term_is_updated_with_its_before_and_after_in_the_change_log(tmp_path, rules):
    assert import_files(tmp_path / "a", terms_bundle(f"dt1,zeestad,{rules[0]},0,3,0,true")).ok
    result = import_files(tmp_path / "b", terms_bundle(f"dt1,zeestad,{rules[0]},0,6,0,true"))
    assert result.files["deadline_terms.csv"].updated == 1
    setting = RuleSetting.objects.get(external_id="dt1")
    assert (setting.offset_months, setting.version) == (6, 2)
    entry = ChangeLogEntry.objects.get(action="update", external_id="dt1")
    assert entry.changes == {"offset_months": [3, 6]}


def test_unknown_rules_twice_the_same_rule_and_terms_out_of_range_are_located(tmp_path, rules):
    before = database_state()
    result = import_files(
        tmp_path / "bad",
        terms_bundle(
            "dt1,zeestad,no_such_rule,0,3,0,true",
            f"dt2,zeestad,{rules[1]},0,601,0,true",
            f"dt3,zeestad,{rules[0]},0,2,0,true",
            f"dt4,zeestad,{rules[0]},0,5,0,true",
        ),
    )
    assert [str(problem) for problem in result.problems] == [
        "deadline_terms.csv:2: rule: no_such_rule is not the code of any deadlinerule",
        "deadline_terms.csv:3: offset_months: 601 is more than 600",
        "deadline_terms.csv:5: rule: same location_id and rule as line 4",
    ]
    assert database_state() == before
    assert not RuleSetting.objects.exists()


def test_imported_terms_enter_the_deadline_rules_history_with_who_and_what(tmp_path, rules):
    importer = UserFactory(username="import-beheer")
    line = f"dt1,zeestad,{rules[0]},0,3,0,true"
    import_files(tmp_path / "a", terms_bundle(line), by=importer)
    import_files(tmp_path / "b", terms_bundle(line.replace(",0,3,0,true", ",0,3,0,false")))
    import_files(tmp_path / "c", terms_bundle(line.replace(",0,3,0,true", ",0,3,0,false")))
    zeestad = RuleSetting.objects.get().location
    rule = DeadlineRule.objects.get(code=rules[0])
    history = [(h.actor, h.before, h.after) for h in rule_history(rule, location=zeestad)]
    term = {"offset_years": 0, "offset_months": 3, "offset_weeks": 0, "offset_days": 0}
    assert history == [
        ("import", {**term, "enabled": True}, {**term, "enabled": False}),
        ("import-beheer", None, {**term, "enabled": True}),
    ]
    created = ChangeLogEntry.objects.filter(action="create", content_type__model="rulesetting")
    assert created.get().changes["offset_months"] == [None, 3]  # the created term's values
