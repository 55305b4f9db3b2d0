"""Resolving news time expressions against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
import regex

from mediawatch.extractors.dates import find_dates, resolve_event_date

THURSDAY = dt.date(2024, 6, 13)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The delegations met on Friday in Geneva.", dt.date(2024, 6, 7)),
        ("The swap was carried out Wednesday night.", dt.date(2024, 6, 12)),
        ("Officials said the talks ended on Thursday.", THURSDAY),
        ("The prisoners were freed yesterday.", dt.date(2024, 6, 12)),
        ("The ministers meet today in Doha.", THURSDAY),
        ("The agreement was signed on April 27.", dt.date(2024, 4, 27)),
        ("The agreement was signed on 27 April.", dt.date(2024, 4, 27)),
        ("The round opened on Sept. 3, 2023 in Vienna.", dt.date(2023, 9, 3)),
        ("The truce began on July 7.", dt.date(2023, 7, 7)),
        ("Monday's session lasted three hours.", dt.date(2024, 6, 10)),
    ],
)
def test_past_expressions(sentence: str, expected: dt.date) -> None:
    assert resolve_event_date(sentence, THURSDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("THE DELEGATIONS MET ON FRİDAY IN ISTANBUL.", dt.date(2024, 6, 7)),
        ("Prisoners were exchanged LAST NİGHT.", dt.date(2024, 6, 12)),
        ("The swap took place FİVE days ago.", dt.date(2024, 6, 8)),
    ],
)
def test_turkish_dotted_capital_i_in_capitals(sentence: str, expected: dt.date) -> None:
    """Turkish outlets' English capitals may spell I as İ: such a date is read, not an error."""
    assert resolve_event_date(sentence, THURSDAY) == expected


def test_weekday_in_future_tense_is_the_next_one() -> None:
    assert resolve_event_date("The delegations will meet on Tuesday.", THURSDAY, future=True) == dt.date(2024, 6, 18)
    assert resolve_event_date("Talks resume next Monday.", THURSDAY) == dt.date(2024, 6, 17)


def test_possessive_weekday_looks_back_after_a_cue_but_not_in_a_future_sentence() -> None:
    cue = regex.compile(r"\bwill\b")
    after_talks = "The sides will meet again after Monday's talks."
    assert resolve_event_date(after_talks, THURSDAY, future=cue) == dt.date(2024, 6, 10)
    assert resolve_event_date("Monday's talks will open in Istanbul.", THURSDAY, future=True) == dt.date(2024, 6, 17)


def test_a_date_after_since_an_era_is_no_starting_point() -> None:
    assert resolve_event_date("The biggest swap since the Cold War took place on Monday.", THURSDAY) == dt.date(
        2024, 6, 10)
    assert resolve_event_date("The first swap since May 5 drew crowds.", THURSDAY) is None


def test_datetime_publication_is_accepted() -> None:
    published = dt.datetime(2024, 6, 13, 23, 10, tzinfo=dt.timezone.utc)
    assert resolve_event_date("They spoke by phone on Monday.", published) == dt.date(2024, 6, 10)


def test_month_only_phrases_give_month_precision_dates() -> None:
    july = dt.date(2025, 7, 18)
    mentions = find_dates("Two rounds were held in early June and in March 2022.", july)
    assert [(m.date, m.precision) for m in mentions] == [
        (dt.date(2025, 6, 5), "month"),
        (dt.date(2022, 3, 15), "month"),
    ]
    assert resolve_event_date("The rounds took place in May and June.", july) is None


def test_a_month_with_its_year_needs_no_preposition() -> None:
    mentions = find_dates("September 2022: 215 soldiers were freed. May 20 saw more.", dt.date(2025, 2, 24))
    assert [(m.text, m.date, m.precision) for m in mentions] == [
        ("September 2022", dt.date(2022, 9, 15), "month"), ("May 20", dt.date(2024, 5, 20), "day")]


def test_past_year_and_last_week() -> None:
    published = dt.date(2025, 11, 19)
    (year,) = find_dates("The negotiations stalled in 2022.", published)
    assert (year.date, year.precision) == (dt.date(2022, 7, 1), "year")
    (week,) = find_dates("The envoys met last week.", published)
    assert (week.date, week.precision) == (dt.date(2025, 11, 12), "week")
    assert find_dates("Growth will pick up in 2025.", published) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The deal was agreed at talks in Istanbul last month.", [(dt.date(2024, 12, 15), "month")]),
    ("The next round is expected next month.", [(dt.date(2025, 2, 15), "month")]),
    ("A smaller swap collapsed last year.", [(dt.date(2024, 7, 1), "year")]),
    ("Talks will resume next year.", [(dt.date(2026, 7, 1), "year")]),
    ("Over the last year, the talks made little progress.", []),
    ("Three swaps took place in the past year.", []),
])
def test_last_and_next_month_and_year_read_as_the_month_or_year_named(
        sentence: str, expected: list[tuple[dt.date, str]]) -> None:
    january = dt.date(2025, 1, 20)
    assert [(m.date, m.precision) for m in find_dates(sentence, january)] == expected
    assert resolve_event_date(sentence, january) is None


def test_a_date_after_the_year_that_ends_a_since_phrase_is_an_event_date() -> None:
    assert resolve_event_date("Their first talks since 2022 were held in Istanbul on Friday.", THURSDAY) == dt.date(
        2024, 6, 7)
    assert resolve_event_date("The first swap since the talks on Friday took place.", THURSDAY) is None
    # the since phrase ends where the sentence's verb begins
    assert resolve_event_date("Three hostages held since October were freed by Hamas on Friday.", THURSDAY) == dt.date(
        2024, 6, 7)


def test_dates_after_since_are_not_event_dates() -> None:
    sentence = "The first contact since February 24 took place in Antalya."
    assert resolve_event_date(sentence, dt.date(2022, 3, 10)) is None
    assert find_dates(sentence, dt.date(2022, 3, 10))[0].after_since


def test_day_and_month_late_in_year_falls_in_the_previous_year() -> None:
    assert resolve_event_date("They met on December 28.", dt.date(2024, 1, 5)) == dt.date(2023, 12, 28)


def test_time_ago() -> None:
    published = dt.date(2025, 7, 10)
    assert resolve_event_date("The envoys met three days ago.", published) == dt.date(2025, 7, 7)
    (months,) = find_dates("Two months ago the talks collapsed.", published)
    assert (months.date, months.precision) == (dt.date(2025, 5, 11), "month")
