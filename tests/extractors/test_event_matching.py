"""Which stored event a new report describes, and whether it moves that event forward."""

from __future__ import annotations

from datetime import date

from mediawatch.extractors.event_matching import KnownEvent, advances, match_event

ROUND_ONE = KnownEvent(id=1, type="talks", status="held", parties=("RU", "UA"), date=date(2022, 2, 28),
                       reference_date=date(2022, 2, 28))
NEXT_ROUND = KnownEvent(id=2, type="talks", status="planned", parties=("RU", "UA"), date=None,
                        reference_date=date(2022, 2, 28))
SWAP = KnownEvent(id=3, type="prisoner_exchange", status="agreed", parties=("RU", "UA"), date=None,
                  reference_date=date(2025, 5, 16))


def test_same_round_reported_again_is_the_same_event() -> None:
    assert match_event("talks", "held", {"RU", "UA"}, date(2022, 2, 28), date(2022, 3, 1), [ROUND_ONE]) == ROUND_ONE
    assert match_event("talks", "held", {"UA", "RU"}, date(2022, 3, 1), date(2022, 3, 1), [ROUND_ONE]) == ROUND_ONE


def test_a_round_three_days_later_is_another_event() -> None:
    assert match_event("talks", "held", {"RU", "UA"}, date(2022, 3, 3), date(2022, 3, 3), [ROUND_ONE]) is None


def test_the_planned_next_round_is_not_the_round_just_held() -> None:
    assert match_event("talks", "planned", {"RU", "UA"}, None, date(2022, 2, 28), [ROUND_ONE]) is None


def test_the_announcement_of_a_round_read_after_the_round_is_that_round() -> None:
    # A feed that finished later in the cycle listed the older report announcing the round.
    assert match_event("talks", "planned", {"RU", "UA"}, None, date(2022, 2, 26), [ROUND_ONE]) == ROUND_ONE
    assert not advances(ROUND_ONE.status, "planned")


def test_a_dated_next_round_is_not_an_undated_round_reported_held_before() -> None:
    last_weeks = KnownEvent(id=4, type="talks", status="held", parties=("RU", "UA"), date=None,
                            reference_date=date(2025, 5, 23))  # "last week's talks", read on May 23
    assert match_event("talks", "planned", {"RU", "UA"}, date(2025, 6, 2), date(2025, 5, 28), [last_weeks]) is None
    # The same announcement read before the round was reported held is that round's.
    assert match_event("talks", "planned", {"RU", "UA"}, date(2025, 6, 2), date(2025, 5, 28),
                       [KnownEvent(4, "talks", "held", ("RU", "UA"), None, date(2025, 6, 2))]).id == 4


def test_held_round_completes_the_undated_planned_one_and_is_an_update() -> None:
    found = match_event("talks", "held", {"RU", "UA"}, date(2022, 3, 3), date(2022, 3, 3), [ROUND_ONE, NEXT_ROUND])
    assert found == NEXT_ROUND and advances(found.status, "held")


def test_type_parties_and_time_must_fit() -> None:
    assert match_event("ceasefire", "agreed", {"RU", "UA"}, None, date(2022, 3, 1), [ROUND_ONE, NEXT_ROUND]) is None
    assert match_event("talks", "held", {"IL", "PS"}, date(2022, 2, 28), date(2022, 2, 28), [ROUND_ONE]) is None
    assert match_event("prisoner_exchange", "completed", {"RU", "UA"}, date(2025, 7, 1), date(2025, 7, 1),
                       [SWAP]) is None


def test_an_exchange_with_another_country_the_same_week_is_another_event() -> None:
    assert match_event("prisoner_exchange", "completed", {"RU", "US"}, None, date(2025, 5, 20), [SWAP]) is None
    assert match_event("prisoner_exchange", "completed", {"UA"}, None, date(2025, 5, 20), [SWAP]) == SWAP
    assert match_event("prisoner_exchange", "completed", {"RU", "UA", "BY"}, None, date(2025, 5, 20),
                       [SWAP]) == SWAP


def test_agreed_swap_carried_out_days_later_is_its_update() -> None:
    found = match_event("prisoner_exchange", "completed", {"RU", "UA"}, date(2025, 5, 23), date(2025, 5, 24), [SWAP])
    assert found == SWAP and advances("agreed", "completed")


def test_status_order() -> None:
    assert advances("proposed", "planned") and advances("planned", "held") and advances("agreed", "completed")
    assert not advances("held", "planned") and not advances("completed", "agreed")
    assert not advances("held", "denied") and not advances("planned", "agreed")
