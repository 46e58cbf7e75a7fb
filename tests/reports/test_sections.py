"""The report's words: opening sentence, bullets, which sections show, targets."""

from koers.reports.content import Inputs, build_report, opening
from koers.reports.sections import SECTIONS, Context, Figures, largest_groups

CONTEXT = Context(municipality="Rijnmond", branch="Afdeling Rijnmond", year=2017)


def figures(**values) -> Figures:
    return Figures({key.replace("__", "."): value for key, value in values.items()})


def test_opening_names_persons_housed_and_the_backlog():
    text = opening(figures(housing__persons_housed=75, housing__backlog_end=25), CONTEXT)
    assert text == (
        "In Rijnmond zijn in 2017, in samenwerking met de gemeente, 75 statushouders "
        "gehuisvest. Daarmee heeft de gemeente een achterstand (van 25) op de door het Rijk "
        "vastgestelde taakstelling."
    )


def test_opening_says_voorsprong_when_the_backlog_is_negative():
    text = opening(figures(housing__persons_housed=60, housing__backlog_end=-4), CONTEXT)
    assert "een voorsprong (van vier)" in text


def test_opening_without_quota_periods_says_nothing_about_a_backlog():
    text = opening(figures(housing__persons_housed=3), CONTEXT)
    assert "taakstelling" not in text


def test_one_dominant_nationality_is_veruit_the_largest_group():
    f = figures(housing__persons_housed=75, **{"housing__by_nationality__SYR": 42,
                                               "housing__by_nationality__ERI": 10})  # fmt: skip
    assert largest_groups(f) == "Veruit grootste groep: Syriërs (42)"


def test_two_similar_nationalities_are_the_largest_groups():
    f = figures(housing__persons_housed=94, **{"housing__by_nationality__SYR": 32,
                                               "housing__by_nationality__ERI": 25,
                                               "housing__by_nationality__AFG": 5})  # fmt: skip
    assert largest_groups(f) == "Grootste groepen: Syriërs (32), Eritreeërs (25)"


def test_households_are_counted_in_words_in_a_sentence():
    f = figures(
        housing__persons_housed=75,
        housing__households_settled=33,
        housing__households_single=20,
        housing__households_family=13,
    )
    bullets = SECTIONS[0].bullets(f, CONTEXT)
    assert "In totaal vestigden zich twintig alleenstaanden en dertien gezinnen." in bullets
    assert "75 statushouders gehuisvest" in bullets


def test_a_section_shows_only_when_the_branch_has_records_for_it():
    report = build_report(
        municipality="Rijnmond",
        branch="Afdeling Rijnmond",
        year=2017,
        inputs=Inputs(
            figures={"housing.persons_housed": 4, "matches.wegwijs.started": 0},
            previous={},
            monthly=[],
        ),
    )
    assert [section.title for section in report.sections] == ["Huisvesting"]
    assert report.title == "Rijnmond: 2017 in cijfers"


def test_each_figure_row_shows_the_change_against_the_previous_year():
    report = build_report(
        municipality="Rijnmond",
        branch="Afdeling Rijnmond",
        year=2017,
        inputs=Inputs(
            figures={"housing.persons_housed": 75, "housing.adults": 57},
            previous={"housing.persons_housed": 83, "housing.adults": 50},
            monthly=[],
        ),
    )
    rows = {row.key: row for row in report.sections[0].rows}
    assert (rows["housing.persons_housed"].previous, rows["housing.persons_housed"].change) == (
        "83",
        "\u22128",
    )
    assert rows["housing.adults"].change == "+7"


def test_targets_show_target_actual_and_whether_met():
    report = build_report(
        municipality="Rijnmond",
        branch="Afdeling Rijnmond",
        year=2017,
        inputs=Inputs(
            figures={
                "groups.computer_class.sessions": 42,
                "targets.groups.computer_class.sessions.target": 40,
                "targets.groups.computer_class.sessions.actual": 42,
                "targets.groups.computer_class.sessions.met": 1,
                "targets.housing.persons_housed.target": 90,
                "targets.housing.persons_housed.actual": 75,
                "targets.housing.persons_housed.met": 0,
            },
            previous={},
            monthly=[],
        ),
    )
    assert [(t.key, t.target, t.actual, t.met) for t in report.targets] == [
        ("groups.computer_class.sessions", "40", "42", True),
        ("housing.persons_housed", "90", "75", False),
    ]


def test_team_sentences_name_roles_in_words():
    f = figures(
        **{
            "staff__active__paid": 3,
            "staff__active_end_by_role__legal": 2,
            "staff__active_end_by_role__social": 7,
            "staff__ended_by_role__social": 3,
            "staff__ended_by_reason__paid_job": 3,
        }
    )
    bullets = SECTIONS[-1].bullets(f, CONTEXT)
    assert "Op de locatie zijn drie betaalde krachten werkzaam." in bullets
    assert (
        "Aan het eind van 2017 waren er twee juridisch medewerkers en zeven maatschappelijk "
        "begeleiders." in bullets
    )
    assert (
        "In totaal hebben drie maatschappelijk begeleiders de organisatie verlaten, met als "
        "reden drie keer het vinden van een betaalde baan." in bullets
    )
