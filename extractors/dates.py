"""Resolve the time expressions of news prose against the article's publication date.

Conventions (what the tagger relies on):
* A weekday ("on Friday", "Wednesday night", "Monday's session") is the most recent such day on
  or before publication in a past-tense sentence, the next one after it in a future-tense sentence.
* "yesterday"/"today"/"tonight"/"last night" are relative to the publication day.
* A day and month without a year ("April 27", "27 April", "Sept. 21") takes the publication year,
  or the year before when that would put a past event more than 7 days after publication.
* A month without a day ("in early June", "in March 2022") resolves to the 5th (early), 15th
  (bare or mid) or 25th (late) of that month: precise enough to tell current from background, but
  reported with precision "month" so that it never becomes an event's date.
* "N days/weeks/months/years ago" counts back from publication (precision "day" for days,
  else the unit, so only "days ago" can become an event's date).
* "last month"/"next month" read as that month named ("in May"); "last year"/"next year" as
  that year ("in 2024"), but "the last year" or "the past year" (the months up to now) as nothing.
* A bare past year ("in 2022", "the 2022 talks") resolves to 1 July of that year with precision "year"; the
  publication year itself says nothing and is ignored.
* A phrase governed by "since"/"until" ("since February 24", "since the first departure on
  August 1") is a starting point, not an event date, and is skipped by `resolve_event_date`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from mediawatch.extractors.watch import fold

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<{name}>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\.|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Every expression starts at a word boundary; written once in front of the alternation, it lets
# the engine skip the positions inside words without trying each branch there.
_DATE_PATTERN = regex.compile(
    r"\b(?:"
    + "|".join(
        [
            rf"(?P<month_day>{_MONTH.format(name='md_month')}\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<md_year>\d{{4}}))?)",
            rf"(?P<day_month>(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.format(name='dm_month')}(?:\s+(?P<dm_year>\d{{4}}))?)",
            rf"(?P<month_only>(?:in|during|by|of)\s+"
            rf"(?:(?P<part>early|mid|late|the middle of|the end of|the start of)[\s-]+)?"
            rf"{_MONTH.format(name='mo_month')}(?:\s+(?P<mo_year>\d{{4}}))?"
            rf"(?:\s+and\s+(?:(?:early|mid|late)\s+)?{_MONTH.format(name='mo_month2')})?)",
            # a month with its year needs no preposition ("September 2022: 215 Ukrainians were freed")
            rf"(?P<month_year>{_MONTH.format(name='my_month')}\s+(?P<my_year>(?:19|20)\d\d)\b)",
            rf"(?P<weekday_phrase>(?:(?P<relative>last|this|next|on|coming)\s+)?{_WEEKDAY}(?:\s+(?:night|morning|evening|afternoon))?(?:'s|’s)?)",
            r"(?P<relative_day>(?:yesterday|today|tonight|last night|this morning|this evening|tomorrow)\b)",
            r"(?P<relative_week>(?:last|this|next) week\b)",
            # "last year", not "the last year" (the twelve months up to now)
            r"(?<!\bthe\s)(?<!\bpast\s)(?P<relative_period>(?:last|next)\s+(?P<period>month|year)\b)",
            r"(?P<ago>(?P<ago_n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            # an anniversary's "this week" or "today" is of the day counted back to ("three years
            # ago this week"), not of this one
            r"(?P<ago_unit>day|week|month|year)s?\s+ago\b(?:,?\s+(?:this\s+(?:week|month)|today)\b)?)",
            r"(?P<year_only>(?:in|since|of|during|the|its|their)\s+(?P<yo_year>(?:19|20)\d\d)\b)",
        ]
    )
    + ")",
    regex.IGNORECASE,
)
# A word of every expression of _DATE_PATTERN that has no digit, folded: the months' first three
# letters, "day" of the weekdays, "today" and "yesterday", and the words of the relative ones.
_DATE_WORDS = (*MONTHS, "day", "night", "morning", "evening", "tomorrow", "week", "month", "year", "ago")
_DIGIT = regex.compile(r"\d")
# What a "since" names when it is an era, which no date or place that follows belongs to ("the
# biggest swap since the Cold War in Ankara on Thursday").
AN_ERA = r"\s+(?:the\s+)?(?:Cold\s+War|World\s+War\s+(?:II|Two|2)|Soviet\s+(?:era|times))\b"
_SINCE = regex.compile(
    rf"\b(?:since(?!{AN_ERA})|until|till)\b(?:(?!\b(?:were|was|are|is|have|has|had|will|would)\b)[^,.;:]){{0,30}}$",
    regex.IGNORECASE,
)
# A past-tense day and month up to this many days after publication still means this year.
PAST_DATE_SLACK_DAYS = 7
# How many characters before a date expression a future-tense cue still governs it.
FUTURE_CUE_REACH = 60
_COUNT_WORDS = {
    word: value
    for value, word in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}
_PART_DAY = {"early": 5, "the start of": 5, "mid": 15, "the middle of": 15, "late": 25, "the end of": 25}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: dt.date
    precision: str
    """ "day", "month" or "year"."""
    after_since: bool

    @property
    def possessive(self) -> bool:
        """Whether the date is written as its event's ("Friday's talks"): the event's day, never
        that of a statement about it ("said after Friday's talks")."""
        return _is_possessive(self.text)


def _is_possessive(written: str) -> bool:
    return written.endswith(("'s", "’s"))


def to_date(moment: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(moment, dt.datetime):
        return moment.date()
    return moment


def find_dates(
    sentence: str, published: dt.date, future: bool | regex.Pattern[str] = False
) -> list[DateMention]:
    """Every time expression of `sentence` with its resolved date, in order of appearance.

    `future` is either the tense of the whole sentence or a pattern of future-tense cues, looked
    for in the clause just before each expression ("would begin meeting on Tuesday"). A possessive
    weekday looks back after a cue ("will meet again after Monday's talks"), not in a sentence
    whose tense is the future ("Monday's talks will open in Istanbul").
    """
    if not _may_hold_a_date(sentence):
        return []
    mentions = []
    for match in _DATE_PATTERN.finditer(sentence):
        resolved = _resolve(match, published, _is_future(sentence, match.start(), future), future is True)
        if resolved is None:
            continue
        day, precision = resolved
        window_start = max(0, match.start() - 60)
        since = _SINCE.search(sentence[window_start : match.start()])
        # A date after the one that ends the phrase is no longer in it ("since 2022 ... on Friday").
        after_since = since is not None and not any(m.start >= window_start + since.start() for m in mentions)
        if match.group("year_only") and fold(match.group(0)).startswith("since"):
            after_since = True
        mentions.append(DateMention(match.start(), match.end(), match.group(0), day, precision, after_since))
    return mentions


def _may_hold_a_date(sentence: str) -> bool:
    """Whether `_DATE_PATTERN` can match: each of its expressions holds a digit or one of
    `_DATE_WORDS`. The check costs a twentieth of the search, which most sentences fail."""
    folded = fold(sentence)
    return any(word in folded for word in _DATE_WORDS) or _DIGIT.search(sentence) is not None


def _is_future(sentence: str, start: int, future: bool | regex.Pattern[str]) -> bool:
    if isinstance(future, bool):
        return future
    return bool(future.search(sentence[max(0, start - FUTURE_CUE_REACH) : start]))


def resolve_event_date(
    sentence: str, published: dt.date | dt.datetime, future: bool | regex.Pattern[str] = False
) -> dt.date | None:
    """The first day-precise date of `sentence` that can be an event's date, or None."""
    published_day = to_date(published)
    assert published_day is not None
    for mention in find_dates(sentence, published_day, future):
        if mention.precision == "day" and not mention.after_since:
            return mention.date
    return None


def _resolve(
    match: regex.Match[str], published: dt.date, future: bool, possessive_future: bool
) -> tuple[dt.date, str] | None:
    if match.group("month_day"):
        return _day_of_month(match.group("md_month"), match.group("md_day"), match.group("md_year"), published, future)
    if match.group("day_month"):
        return _day_of_month(match.group("dm_month"), match.group("dm_day"), match.group("dm_year"), published, future)
    if match.group("month_only"):
        return _month_only(match, published, future)
    if match.group("month_year"):
        return dt.date(int(match.group("my_year")), _month_number(match.group("my_month")), 15), "month"
    if match.group("weekday_phrase"):
        ahead = future and (possessive_future or not _is_possessive(match.group(0)))
        return _weekday(match.group("weekday"), match.group("relative"), published, ahead), "day"
    if match.group("relative_day"):
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(fold(match.group(0)), 0)
        return published + dt.timedelta(days=offset), "day"
    if match.group("ago"):
        return _ago(match.group("ago_n"), fold(match.group("ago_unit")), published)
    if match.group("relative_week"):
        offset = {"last": -7, "this": 0, "next": 7}[fold(match.group(0).split()[0])]
        return published + dt.timedelta(days=offset), "week"
    if match.group("relative_period"):
        step = 1 if fold(match.group(0)).startswith("next") else -1
        return _next_or_last(fold(match.group("period")), step, published)
    year = int(match.group("yo_year"))
    if year >= published.year:
        return None
    return dt.date(year, 7, 1), "year"


def _next_or_last(period: str, step: int, published: dt.date) -> tuple[dt.date, str]:
    """ "last month" as "in May" reads (the 15th, precision "month"); "next year" as "in 2026"
    (1 July, precision "year")."""
    if period == "year":
        return dt.date(published.year + step, 7, 1), "year"
    month_index = published.year * 12 + published.month - 1 + step
    return dt.date(month_index // 12, month_index % 12 + 1, 15), "month"


def _ago(amount: str, unit: str, published: dt.date) -> tuple[dt.date, str]:
    count = int(amount) if amount.isdigit() else _COUNT_WORDS.get(fold(amount), 1)
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
    return published - dt.timedelta(days=days), "day" if unit == "day" else unit


def _month_number(name: str) -> int:
    return MONTHS[fold(name)[:3]]


def _day_of_month(
    month_name: str, day_text: str, year_text: str | None, published: dt.date, future: bool
) -> tuple[dt.date, str] | None:
    month, day = _month_number(month_name), int(day_text)
    year = int(year_text) if year_text else _likely_year(month, day, published, future)
    try:
        return dt.date(year, month, day), "day"
    except ValueError:
        return None


def _likely_year(month: int, day: int, published: dt.date, future: bool) -> int:
    """The publication year, unless that puts a past event after publication (beyond a few days'
    slack for time zones and loose wording) or a future one well before it."""
    try:
        candidate = dt.date(published.year, month, day)
    except ValueError:
        return published.year
    if not future and candidate > published + dt.timedelta(days=PAST_DATE_SLACK_DAYS):
        return published.year - 1
    if future and candidate < published - dt.timedelta(days=31):
        return published.year + 1
    return published.year


def _month_only(match: regex.Match[str], published: dt.date, future: bool) -> tuple[dt.date, str]:
    month = _month_number(match.group("mo_month"))
    part = fold(match.group("part") or "mid")
    day = _PART_DAY.get(part, 15)
    if match.group("mo_year"):
        year = int(match.group("mo_year"))
    else:
        year = _likely_year(month, 1, published, future)
    resolved = dt.date(year, month, day)
    if not future and not match.group("mo_year") and resolved > published:
        resolved = published
    return resolved, "month"


def _weekday(name: str, relative: str | None, published: dt.date, future: bool) -> dt.date:
    target = WEEKDAYS.index(fold(name))
    relative = fold(relative or "")
    if relative == "next" or (future and relative != "last"):
        ahead = (target - published.weekday()) % 7 or (7 if relative == "next" else 0)
        return published + dt.timedelta(days=ahead)
    back = (published.weekday() - target) % 7
    if relative == "last" and back == 0:
        back = 7
    return published - dt.timedelta(days=back)
