"""The yearly report's sentences in the reader's language: Dutch as the seeds write them,
English for a volunteer or funder who reads Koers in English, from the same figures."""

import pytest
from django.utils import translation

from koers.reports.content import Inputs, build_report, opening
from koers.reports.sections import SECTIONS, Context, Figures
from tests.i18n.dutch import dutch_messages, dutch_words, is_dutch_message
from tests.reports.test_sections_against_registry import concrete_keys

CONTEXT = Context(municipality="Rijnmond", branch="Koers Rijnmond", year=2017)
# what the cooperation section names besides figures: titles and partners that are no words
DETAILS = {
    "cooperation": {
        "consultations": [{"kind": "network_meeting", "partners": ["Zorgloket"], "titles": ["Q1"]}],
        "sessions": [
            {
                "date": "2017-03-14",
                "kind": "information_session",
                "title": "Toeslagen",
                "people_reached": 35,
                "partners": ["Zorgloket"],
            }
        ],
        "signals": [{"reported_on": "2017-05-02", "topic": "housing", "description": "Q2"}],
    }
}


def figures(**values) -> Figures:
    return Figures({key.replace("__", "."): value for key, value in values.items()})


def section(code: str):
    return next(found for found in SECTIONS if found.code == code)


HOUSED = figures(
    housing__persons_housed=75,
    housing__adults=57,
    housing__children=18,
    housing__male=40,
    housing__female=35,
    housing__households_settled=33,
    housing__households_single=20,
    housing__households_family=13,
    housing__backlog_end=25,
    housing__backlog_start=4,
    **{"housing__by_nationality__SYR": 42, "housing__by_nationality__ERI": 10},
)


def test_the_opening_in_dutch_and_in_english():
    """75 housed, a backlog of 25 at the end and of 4 at the start of 2017."""
    with translation.override("nl"):
        assert opening(HOUSED, CONTEXT) == (
            "In Rijnmond zijn in 2017, in samenwerking met de gemeente, 75 statushouders "
            "gehuisvest. Daarmee heeft de gemeente een achterstand (van 25) op de door het Rijk "
            "vastgestelde taakstelling. Aan het begin van 2017 was dat een achterstand van vier."
        )
    with translation.override("en"):
        assert opening(HOUSED, CONTEXT) == (
            "In 2017, working with the municipality, we housed 75 status holders in Rijnmond. "
            "This leaves the municipality with a backlog of 25 on the housing quota set by "
            "central government. At the start of 2017, it had a backlog of four."
        )


def test_the_housing_bullets_in_dutch_and_in_english():
    """The same figures: 57 adults and 18 children, 40 men and 35 women, Syrians 42 of 75,
    20 single people and 13 families."""
    with translation.override("nl"):
        assert section("housing").bullets(HOUSED, CONTEXT) == [
            "75 statushouders gehuisvest",
            "57 volwassenen, 18 kinderen",
            "40 mannen, 35 vrouwen",
            "Veruit grootste groep: Syriërs (42)",
            "In totaal vestigden zich twintig alleenstaanden en dertien gezinnen.",
        ]
    with translation.override("en"):
        assert section("housing").bullets(HOUSED, CONTEXT) == [
            "75 status holders housed",
            "57 adults, 18 children",
            "40 men, 35 women",
            "By far the largest group: Syrians (42)",
            "In total, twenty single people and thirteen families settled here.",
        ]


def test_one_and_many_take_their_own_form_in_each_language():
    """One new language coach and one language match, then three of each; one match of the
    year completed and two still running."""
    one = figures(
        staff__started_by_role__language_coach=1,
        matches__language_coaching__started=1,
        matches__language_coaching__cohort_completed=1,
        matches__language_coaching__cohort_running=2,
    )
    three = figures(staff__started_by_role__language_coach=3, matches__language_coaching__started=3)
    bullets = section("language_coaching").bullets
    with translation.override("nl"):
        assert bullets(one, CONTEXT) == [
            "Er is één nieuwe taalcoach gestart.",
            "1 nieuw taalkoppel",
            "Van de koppelingen die in 2017 startten, één is afgerond en twee lopen nog door.",
        ]
        assert bullets(three, CONTEXT) == [
            "Er zijn drie nieuwe taalcoaches gestart.",
            "3 nieuwe taalkoppels",
        ]
    with translation.override("en"):
        assert bullets(one, CONTEXT) == [
            "One new language coach started.",
            "1 new language coaching match",
            "Of the matches that started in 2017, one was completed and two are still running.",
        ]
        assert bullets(three, CONTEXT) == [
            "Three new language coaches started.",
            "3 new language coaching matches",
        ]


def test_the_team_in_english():
    """Two legal advisers and seven social support workers at the end of 2017, three of
    whom left: two for a paid job, one for illness."""
    team = figures(
        staff__active_end_by_role__legal=2,
        staff__active_end_by_role__social=7,
        staff__ended_by_role__social=3,
        staff__ended_by_reason__paid_job=2,
        staff__ended_by_reason__illness=1,
    )
    with translation.override("en"):
        assert section("team").bullets(team, CONTEXT) == [
            "At the end of 2017 there were two legal advisers and seven social support workers.",
            "In total, three social support workers left the organisation, because of finding "
            "a paid job (two times) and illness (one time).",
        ]


def test_cooperation_dates_are_written_out_in_the_readers_language():
    """An information session on 14 March 2017 with 35 people, a signal of 2 May 2017."""
    f = figures(outreach__sessions=1, outreach__people_reached=35)
    context = Context("Rijnmond", "Koers Rijnmond", 2017, DETAILS)
    with translation.override("nl"):
        lines = section("cooperation").bullets(f, context)
        assert "Toeslagen (voorlichting, 14 maart 2017): 35 aanwezigen, met Zorgloket" in lines
    with translation.override("en"):
        lines = section("cooperation").bullets(f, context)
        assert lines[0] == "1 information session or public event, reaching 35 people"
        assert (
            "Toeslagen (information session, 14 March 2017): 35 people present, with Zorgloket"
            in lines
        )
        assert "Housing (reported 2 May 2017): Q2" in lines


@pytest.fixture(scope="module")
def dutch():
    return dutch_messages()


@pytest.mark.parametrize("value", [1, 3, 25], ids=["one", "three", "many"])
def test_a_whole_report_in_english_has_no_dutch(dutch, value):
    """Every key of the registry at ``value`` (rates 0.5): every section, sentence and chart
    shows, in its singular or plural; nothing in it is a Dutch message or a Dutch word."""
    every = {
        # the registry test's venue is a Dutch name: data, not a sentence
        key.replace("Buurthuis De Brug", "Zuidhal"): (0.5 if key.endswith("_rate") else value)
        for key in concrete_keys()
    }
    with translation.override("en"):
        report = build_report(
            municipality="Rijnmond",
            branch="Koers Rijnmond",
            year=2017,
            inputs=Inputs(figures=every, previous=every, monthly=[every] * 12, details=DETAILS),
        )
        texts = [report.title, report.opening]
        texts += [figure.label for figure in report.key_figures]
        texts += [figure.note for figure in report.key_figures]
        charts = list(report.summary_charts)
        for content in report.sections:
            texts += [content.title, *content.bullets]
            charts += content.charts
        texts += [text for chart in charts for text in (chart.title, chart.description)]
    assert len(report.sections) == len(SECTIONS)
    assert [text for text in texts if is_dutch_message(text, dutch)] == []
    assert {text: dutch_words(text) for text in texts if dutch_words(text)} == {}
