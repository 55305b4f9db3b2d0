"""Dropping page chrome that survives text extraction."""

from __future__ import annotations

import pytest

from mediawatch.extractors.boilerplate import drop_boilerplate, is_boilerplate_line
from mediawatch.extractors.watch import Watch, load_watch


@pytest.fixture(scope="module")
def watch() -> Watch:
    return load_watch()


@pytest.mark.parametrize(
    "line",
    [
        "Most read: Union and rail operator settle after marathon pay talks",
        "Read also: Ministers meet again in Vienna",
        "READ ALSO",
        "No time to read?",
        "Get a summary",
        "Source: Reuters",
        "Leave a Reply",
        "About The Author",
        "Follow The Harbour Times on Telegram and WhatsApp for the latest news.",
        "Reporting by Jane Roe in Kyiv; Editing by John Doe",
        "Advertisement · Scroll to continue",
        "Your email address will not be published. Required fields are marked *",
        "Ceasefire Hopes Fade As Envoys Leave Doha",
        "Regional Politics",
    ],
)
def test_chrome_lines_are_boilerplate(line: str, watch: Watch) -> None:
    assert is_boilerplate_line(line, watch)


@pytest.mark.parametrize(
    "line",
    [
        "The two delegations met for three hours on Tuesday and agreed to meet again.",
        "Officials said the exchange took place at the border.",
        "Talks resumed.",
    ],
)
def test_prose_is_kept(line: str, watch: Watch) -> None:
    assert not is_boilerplate_line(line, watch)


def test_navigation_takes_the_next_headline_with_it(watch: Watch) -> None:
    text = (
        "The envoys met in Geneva on Monday.\n"
        "Previous Article\n"
        "Local Team Wins Cup After Penalty Shootout\n"
        "Next Article\n"
        "Police arrest two men after harbour chase\n"
        "The talks will continue next week."
    )
    assert drop_boilerplate(text, watch).splitlines() == [
        "The envoys met in Geneva on Monday.",
        "The talks will continue next week.",
    ]


def test_pull_quote_repeated_from_the_prose_is_dropped(watch: Watch) -> None:
    text = (
        "“A swap is the easiest deal there is.”\n"
        "Mira Stone, analyst\n"
        "“A swap is the easiest deal there is,” said Mira Stone, an analyst in Riga."
    )
    assert drop_boilerplate(text, watch).splitlines() == [
        "“A swap is the easiest deal there is,” said Mira Stone, an analyst in Riga."
    ]
