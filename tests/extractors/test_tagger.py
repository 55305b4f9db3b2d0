"""The event tagger on sentences and short articles written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from mediawatch.extractors.models import Event
from mediawatch.extractors.tagger import _FoldedSentences, find_actors, split_sentences, tag_events
from mediawatch.extractors.watch import Watch, fold, load_watch


@pytest.fixture(scope="module")
def watch() -> Watch:
    return load_watch()


def events(text: str, published: dt.date, watch: Watch) -> list[Event]:
    return tag_events(text, published, watch)


def current(text: str, published: dt.date, watch: Watch) -> list[Event]:
    return [event for event in tag_events(text, published, watch) if event.current]


def only(found: list[Event], kind: str) -> Event:
    matching = [event for event in found if event.type == kind]
    assert len(matching) == 1, found
    return matching[0]


MONDAY = dt.date(2024, 6, 10)


@pytest.mark.parametrize(
    "text",
    [
        "Northport United are in talks to sign the winger, and the two clubs have agreed personal terms.",
        "Istanbul's Fenerbahce are in talks with Shakhtar Donetsk over a transfer of the Ukrainian midfielder, "
        "the Turkish club said.",
        "Erdogan talks up Turkey's role as a mediator between Russia and Ukraine in a speech in Ankara.",
        "Nurses and hospital managers will resume wage talks on Thursday under a state mediator.",
        "The union called for emergency budget talks with the council.",
        "Shares on the stock exchange rose 2 percent as the exchange rate held steady against the euro.",
        "Exchange offices near the bazaar reported long queues of customers.",
        "The Moscow exchange halted trading in Ukrainian and Russian bonds on Monday.",
        "An exchange of territories between Russia and Ukraine was debated in Washington on Monday.",
        "The exchange of notes between Moscow and Kyiv on the shipping corridor went on on Monday.",
        "Zelensky on Monday ruled out any territorial exchange with Russia.",
        "Ukraine's top seed beat Russia's champion in the second round in Istanbul on Monday.",
        "The second round of the Istanbul tournament pits Ukrainian and Russian players against each other.",
        "The university signed a student exchange agreement with a partner school in Lyon.",
        "Doctors called for better data exchange between hospitals.",
        "Analysts on the earnings call asked about the swap lines with the central bank.",
        "Opposition leaders call for a new election, and the board meeting is scheduled for March.",
        "In exchange for the lifting of U.S. trade sanctions, Sudan said it would let aid convoys through.",
        "Russia's attacks on Ukraine drew a new round of American sanctions.",
        "Voters backed the prime minister's tough stance on U.S.-led negotiations between Russia and Ukraine and "
        "his vow on Monday to keep the straits closed.",
        "The dispute has nothing to do with the negotiations between Russia and Ukraine, the minister said on Monday.",
    ],
)
def test_other_senses_of_trigger_words_give_no_event(text: str, watch: Watch) -> None:
    assert events(text, MONDAY, watch) == []


def test_talks_on_the_transfer_of_prisoners_are_a_round(watch: Watch) -> None:
    text = "Russia and Ukraine held talks in Istanbul on Monday on the transfer of prisoners and bodies."
    talks = only(current(text, MONDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.location) == ("held", ["RU", "UA"], "Istanbul")


def test_sport_article_with_swap_and_talks_gives_no_event(watch: Watch) -> None:
    text = (
        "Northport United are in advanced talks with Rivertown over a striker, people close to the deal said.\n"
        "A swap involving a Northport defender was discussed last week but was dropped.\n"
        "Talks are continuing over the add-ons, and the club said there was no agreement yet."
    )
    assert events(text, MONDAY, watch) == []


def test_denied_call_is_denied_and_never_current(watch: Watch) -> None:
    text = (
        "Asked whether Vladimir Putin would speak to Recep Tayyip Erdogan this week, "
        "the Kremlin spokesman said no phone conversation had been planned yet."
    )
    call = only(events(text, MONDAY, watch), "leader_call")
    assert call.status == "denied"
    assert call.current is False
    assert call.parties == ["RU", "TR"]


def test_denial_of_other_facts_is_no_denied_event(watch: Watch) -> None:
    text = "Russia has denied blocking the ports. Ukraine says the drones came from Iran, which Tehran denies."
    assert events(text, MONDAY, watch) == []


def test_agreed_exchange_with_equal_numbers_each(watch: Watch) -> None:
    text = (
        "Delegations from Ukraine and Russia met in Istanbul on Friday.\n"
        "Both countries agreed to release 1,000 prisoners each."
    )
    exchange = only(current(text, dt.date(2024, 6, 14), watch), "prisoner_exchange")
    assert (exchange.status, exchange.parties, exchange.count) == ("agreed", ["RU", "UA"], 1000)


def test_equal_numbers_written_per_side_and_unequal_numbers(watch: Watch) -> None:
    equal = "Ukraine and Russia swapped prisoners on Sunday: 84 Ukrainians and 84 Russians were freed."
    unequal = "Ukraine and Russia swapped prisoners on Sunday, with 120 Ukrainians freed in return for 95 Russians."
    assert only(current(equal, MONDAY, watch), "prisoner_exchange").count == 84
    assert only(current(unequal, MONDAY, watch), "prisoner_exchange").count is None


def test_completed_swap_takes_its_date(watch: Watch) -> None:
    text = "Russia and Ukraine said the swap took place on Sunday near the Belarusian border."
    exchange = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert exchange.status == "completed"
    assert exchange.date == dt.date(2024, 6, 9)


def test_offer_to_host_is_a_mediation_offer_only(watch: Watch) -> None:
    text = "Turkey stands ready to host a third round of talks between Russia and Ukraine in Istanbul, Erdogan said."
    found = events(text, MONDAY, watch)
    assert [event.type for event in found] == ["mediation_offer"]
    offer = found[0]
    assert (offer.status, offer.parties, offer.mediators, offer.current) == ("proposed", ["RU", "UA"], ["TR"], True)


def test_conflict_party_calling_for_talks_is_proposed_talks(watch: Watch) -> None:
    text = (
        "President Zelenskyy met President Erdogan in Ankara on Wednesday.\n"
        "Zelenskyy said the Istanbul process with Russia should be revived, and Erdogan said Turkey was ready to host it."
    )
    found = current(text, dt.date(2024, 6, 12), watch)
    talks = only(found, "talks")
    assert (talks.status, talks.parties, talks.mediators) == ("proposed", ["RU", "UA"], ["TR"])
    assert only(found, "mediation_offer").mediators == ["TR"]
    meeting = only(found, "leader_meeting")
    assert (meeting.parties, meeting.location, meeting.date) == (["TR", "UA"], "Ankara", dt.date(2024, 6, 12))


def test_talks_that_stalled_long_ago_are_background(watch: Watch) -> None:
    text = "Both leaders want to revive the negotiations between Russia and Ukraine that stalled in 2022."
    found = events(text, dt.date(2025, 11, 19), watch)
    assert all(event.type != "talks" or event.status == "proposed" for event in found)
    text = "Russian and Ukrainian delegations held talks in 2022, but they stalled within weeks."
    talks = only(events(text, dt.date(2025, 11, 19), watch), "talks")
    assert talks.current is False


def test_rounds_earlier_in_the_year_are_background(watch: Watch) -> None:
    text = (
        "Earlier this year, Russian and Ukrainian officials met in Istanbul for two rounds of talks, "
        "in May and June.\n"
        "Those meetings led both sides to agree on an exchange of prisoners."
    )
    found = events(text, dt.date(2025, 7, 18), watch)
    assert found and all(not event.current for event in found)


def test_five_sentences_about_one_round_give_one_event(watch: Watch) -> None:
    text = (
        "Russian and Ukrainian negotiators met in Doha on Tuesday for a new round of talks hosted by Qatar.\n"
        "The talks lasted four hours.\n"
        "Qatar's foreign minister opened the session with a short address.\n"
        "Both delegations described the negotiations as difficult but useful.\n"
        "The talks ended without a joint statement."
    )
    found = current(text, dt.date(2024, 6, 12), watch)
    talks = only(found, "talks")
    assert (talks.status, talks.parties, talks.mediators) == ("held", ["RU", "UA"], ["QA"])
    assert (talks.location, talks.date) == ("Doha", dt.date(2024, 6, 11))
    assert len(talks.evidence) >= 3


def test_boilerplate_lines_give_no_events(watch: Watch) -> None:
    text = (
        "Most read: Airline and pilots reach agreement after marathon pay talks\n"
        "Read also: Kremlin says no swap has been agreed\n"
        "Previous Article\n"
        "Ceasefire Talks Resume As Leaders Meet\n"
        "Follow The Daily Ledger on Telegram for updates on the talks.\n"
        "Reporting by Ann Doe; Editing by Tom Roe"
    )
    assert events(text, MONDAY, watch) == []


@pytest.mark.parametrize(
    ("sentence", "parties"),
    [
        ("The Kremlin and Kyiv agreed on Monday to a 72-hour ceasefire.", ["RU", "UA"]),
        ("Moscow and Kiev agreed on Monday to a 72-hour ceasefire.", ["RU", "UA"]),
        ("Israel and Hamas agreed on Monday to a ceasefire mediated by Qatar and Egypt.", ["IL", "PS"]),
    ],
)
def test_metonyms_name_countries(sentence: str, parties: list[str], watch: Watch) -> None:
    ceasefire = only(current(sentence, MONDAY, watch), "ceasefire")
    assert (ceasefire.status, ceasefire.parties, ceasefire.date) == ("agreed", parties, MONDAY)


def test_leader_call_parties_are_the_leaders_countries(watch: Watch) -> None:
    text = "Erdoğan spoke by phone with Putin on Saturday about the war in Ukraine."
    call = only(current(text, MONDAY, watch), "leader_call")
    assert (call.status, call.parties, call.mediators, call.date) == ("held", ["RU", "TR"], [], dt.date(2024, 6, 8))


def test_agency_makes_its_country_a_mediator(watch: Watch) -> None:
    text = (
        "Russia released an American journalist on Thursday in exchange for a Russian businessman, "
        "in a handover coordinated by the Turkish National Intelligence Organization in Ankara."
    )
    exchange = only(current(text, dt.date(2024, 6, 14), watch), "prisoner_exchange")
    assert (exchange.parties, exchange.mediators, exchange.location) == (["RU", "US"], ["TR"], "Ankara")


def test_uae_brokered_swap_and_saudi_hosted_talks(watch: Watch) -> None:
    swap = "Russia and Ukraine exchanged 95 prisoners each on Friday in a swap mediated by the United Arab Emirates."
    exchange = only(current(swap, dt.date(2024, 6, 15), watch), "prisoner_exchange")
    assert (exchange.parties, exchange.mediators, exchange.count) == (["RU", "UA"], ["AE"], 95)
    talks_text = "U.S. and Russian officials met in Riyadh on Tuesday for talks hosted by Saudi Arabia."
    talks = only(current(talks_text, dt.date(2025, 2, 19), watch), "talks")
    assert (talks.parties, talks.mediators, talks.location) == (["RU", "US"], ["SA"], "Riyadh")


def test_planned_talks_take_the_next_weekday(watch: Watch) -> None:
    text = "Russian and Ukrainian negotiators will meet in Istanbul on Tuesday for a new round of talks."
    talks = only(current(text, MONDAY, watch), "talks")
    assert (talks.status, talks.date, talks.location) == ("planned", dt.date(2024, 6, 11), "Istanbul")


def test_unknown_publication_date_leaves_dates_empty(watch: Watch) -> None:
    found = tag_events("Russia and Ukraine exchanged prisoners on Sunday.", None, watch)
    exchange = only(found, "prisoner_exchange")
    assert (exchange.date, exchange.current) == (None, True)


def test_a_long_article_repeating_one_story_gives_it_once(watch: Watch) -> None:
    """Over 1,000 words of one paragraph repeated: one round of talks, its sentence once, and
    nothing from the other senses around it. (How long tagging takes is measured by
    bench/reading.py and bench/cycle.py, not asserted here.)"""
    paragraph = (
        "Russian and Ukrainian negotiators met in Istanbul on Tuesday for talks hosted by Turkey. "
        "Both sides agreed to release 500 prisoners each, officials said after the session. "
        "Analysts said the stock exchange in Moscow barely moved, while wage talks continued elsewhere. "
    )
    text = "\n".join([paragraph] * 25)
    assert len(text.split()) > 1000
    found = tag_events(text, MONDAY, watch)
    assert [(e.type, e.status, e.current, e.parties, e.mediators, e.location, e.date) for e in found] == [
        ("talks", "held", True, ["RU", "UA"], ["TR"], "Istanbul", dt.date(2024, 6, 4))
    ]
    assert found[0].evidence == [
        "Russian and Ukrainian negotiators met in Istanbul on Tuesday for talks hosted by Turkey."
    ]


def test_brokers_listed_before_an_active_cue(watch: Watch) -> None:
    text = (
        "Qatar, Egypt and the United States brokered a deal on Wednesday under which Israel and Hamas "
        "agreed to a six-week ceasefire."
    )
    ceasefire = only(current(text, dt.date(2024, 1, 18), watch), "ceasefire")
    assert (ceasefire.status, ceasefire.parties, ceasefire.mediators) == ("agreed", ["IL", "PS"], ["EG", "QA", "US"])


def test_passive_cue_names_only_the_agent_after_by(watch: Watch) -> None:
    text = "Israeli negotiators travelled to Doha on Thursday for indirect talks with Hamas mediated by Qatar."
    talks = only(current(text, dt.date(2024, 1, 20), watch), "talks")
    assert (talks.parties, talks.mediators) == (["IL", "PS"], ["QA"])


def test_ministers_meeting_at_a_hosts_venue_is_talks(watch: Watch) -> None:
    text = "Marco Rubio and Sergei Lavrov met in Riyadh on Tuesday. The talks, hosted by Saudi Arabia, lasted hours."
    talks = only(current(text, dt.date(2025, 2, 19), watch), "talks")
    assert (talks.status, talks.parties, talks.mediators, talks.location) == ("held", ["RU", "US"], ["SA"], "Riyadh")


def test_call_held_and_meeting_planned_in_one_sentence(watch: Watch) -> None:
    text = "Trump said he spoke with Putin by phone on Sunday and that the two leaders would meet in Budapest soon."
    found = current(text, dt.date(2024, 3, 5), watch)
    call, meeting = only(found, "leader_call"), only(found, "leader_meeting")
    assert (call.status, call.parties, call.date) == ("held", ["RU", "US"], dt.date(2024, 3, 3))
    assert (meeting.status, meeting.parties, meeting.location, meeting.date) == ("planned", ["RU", "US"], "Budapest", None)


def test_hosted_future_round_takes_the_coming_weekday(watch: Watch) -> None:
    text = "Oman will host a new round of indirect talks between Iran and the United States in Muscat on Saturday."
    talks = only(current(text, dt.date(2024, 3, 5), watch), "talks")
    assert (talks.status, talks.parties, talks.mediators, talks.date) == ("planned", ["IR", "US"], ["OM"], dt.date(2024, 3, 9))


def test_each_side_released_the_same_number(watch: Watch) -> None:
    text = "Russia and Ukraine each released 115 prisoners of war on Saturday in a swap mediated by the UAE."
    exchange = only(current(text, dt.date(2024, 8, 25), watch), "prisoner_exchange")
    assert (exchange.count, exchange.mediators, exchange.date) == (115, ["AE"], dt.date(2024, 8, 24))


def test_numbers_up_to_ninety_nine_written_out_count(watch: Watch) -> None:
    text = ("Forty-five Ukrainian soldiers returned home from Russian captivity on Saturday, and Ukraine "
            "handed over the same number of Russian troops.")
    exchange = only(current(text, dt.date(2024, 8, 25), watch), "prisoner_exchange")
    assert (exchange.status, exchange.count) == ("completed", 45)


@pytest.mark.parametrize(("text", "count"), [
    ("Abu Dhabi brokered the return of 64 Armenian soldiers in exchange for 64 Azerbaijani troops on Sunday.", 64),
    ("Armenia and Azerbaijan each handed over the remains of 212 soldiers on Sunday.", 212),
    ("Thanks to Turkey's mediation, 95 Ukrainian and 95 Russian prisoners were exchanged on Sunday.", 95),
    ("Russia and Ukraine swapped 95 POWs apiece on Sunday.", 95),
    ("Russia and Ukraine exchanged 103 prisoners for 103 on Sunday.", 103),
    ("Russia and Ukraine traded two hundred prisoners each on Sunday.", 200),
    ("Russia and Ukraine freed a thousand prisoners each on Sunday.", 1000),
    ("Russia returned 1,000 Ukrainian prisoners and Ukraine returned 1,000 Russian ones on Sunday.", 1000),
])
def test_the_number_each_side_returns_is_the_count(text: str, count: int, watch: Watch) -> None:
    assert only(current(text, MONDAY, watch), "prisoner_exchange").count == count


def test_two_groups_released_by_each_side_are_added_up(watch: Watch) -> None:
    text = "Russia and Ukraine handed over 270 servicemen and 120 civilians each on Saturday."
    exchange = only(current(text, dt.date(2024, 8, 25), watch), "prisoner_exchange")
    assert (exchange.status, exchange.count) == ("completed", 390)


def test_an_offer_to_help_in_talks_is_a_mediation_offer_not_a_round(watch: Watch) -> None:
    text = "Trump said on Wednesday that Putin had offered to help in talks on Tehran's nuclear programme."
    found = current(text, dt.date(2025, 6, 12), watch)
    assert [(e.type, e.parties, e.mediators) for e in found] == [("mediation_offer", ["IR", "US"], ["RU"])]


def test_a_joint_declaration_signed_is_an_agreement(watch: Watch) -> None:
    text = ("The leaders of Armenia and Azerbaijan signed a joint declaration at the White House on Friday, "
            "in a ceremony hosted by U.S. President Donald Trump.")
    deal = only(current(text, dt.date(2025, 8, 9), watch), "agreement")
    assert (deal.status, deal.parties, deal.mediators, deal.date) == ("agreed", ["AM", "AZ"], ["US"], dt.date(2025, 8, 8))


@pytest.mark.parametrize(("text", "is_current"), [
    ("Umerov proposed a meeting between Zelensky and Putin before the end of August.", True),
    ("Umerov proposed on Tuesday that Zelensky and Putin meet in August.", True),
    ("In March, Umerov proposed a meeting between Zelensky and Putin in April.", False),
])
def test_the_month_of_a_proposal_is_still_to_come_unless_it_is_past(
        text: str, is_current: bool, watch: Watch) -> None:
    meeting = only(events(text, dt.date(2025, 7, 24), watch), "leader_meeting")
    assert (meeting.status, meeting.current, meeting.date) == ("proposed", is_current, None)


def test_talks_proposed_for_a_day_and_then_planned_for_it_are_one_planned_round(watch: Watch) -> None:
    text = ("Ukrainian President Volodymyr Zelensky said on Sunday he would be in Turkey on Thursday to meet "
            "Putin in person, after the Russian leader proposed direct talks with Ukraine in Istanbul.\n"
            "Putin had proposed on Saturday that the two sides resume direct negotiations in Istanbul on May 15.\n"
            "Erdogan told French President Emmanuel Macron in a phone call that Turkey was ready to host the talks.")
    found = current(text, dt.date(2025, 5, 12), watch)
    talks, offer = only(found, "talks"), only(found, "mediation_offer")
    assert (talks.status, talks.parties, talks.mediators, talks.date) == (
        "planned", ["RU", "UA"], ["TR"], dt.date(2025, 5, 15))
    assert (offer.parties, offer.mediators) == (["RU", "UA"], ["TR"])


def test_the_place_right_after_the_talks_is_theirs(watch: Watch) -> None:
    text = ("Israel and Hamas signed the first phase of a deal to end the war in Gaza at talks in "
            "Sharm el-Sheikh on Thursday, in a breakthrough brokered by Egypt, Qatar and Turkey.")
    talks = only(current(text, dt.date(2025, 10, 10), watch), "talks")
    assert (talks.location, talks.mediators, talks.date) == ("Sharm el-Sheikh", ["EG", "QA", "TR"], dt.date(2025, 10, 9))


@pytest.mark.parametrize(("text", "parties", "mediators", "location"), [
    ("Technical teams from Russia and Ukraine held consultations in Riyadh on Monday on shipping in the Black Sea.",
     ["RU", "UA"], ["SA"], "Riyadh"),
    ("Thai and Cambodian defence ministers met in Kuala Lumpur on Monday under Malaysian chairmanship.",
     ["KH", "TH"], ["MY"], "Kuala Lumpur"),
])
def test_technical_teams_and_defence_ministers_hold_rounds(
        text: str, parties: list[str], mediators: list[str], location: str, watch: Watch) -> None:
    talks = only(current(text, dt.date(2025, 6, 10), watch), "talks")
    assert (talks.status, talks.parties, talks.mediators, talks.location, talks.date) == (
        "held", parties, mediators, location, dt.date(2025, 6, 9))


def test_consultations_of_a_company_are_no_round(watch: Watch) -> None:
    assert events("Apple held consultations with French regulators on Monday.", dt.date(2025, 6, 10), watch) == []


def test_a_draft_handed_over_is_a_proposed_agreement(watch: Watch) -> None:
    text = WAR + "Medinsky said Moscow had handed Kyiv a draft memorandum setting out its conditions for peace."
    deal = only(current(text, dt.date(2025, 6, 3), watch), "agreement")
    assert (deal.status, deal.parties) == ("proposed", ["RU", "UA"])


@pytest.mark.parametrize(("text", "mediators"), [
    ("Qatar has facilitated the return of 16 Ukrainian children from Russia, the Qatari foreign ministry said.", ["QA"]),
    ("Ukraine announced on Monday the return of 300 soldiers from Russian captivity in a swap mediated by the UAE.",
     ["AE"]),
])
def test_a_return_of_a_number_of_people_is_an_exchange_carried_out(
        text: str, mediators: list[str], watch: Watch) -> None:
    swap = only(current(text, dt.date(2025, 6, 10), watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.mediators) == ("completed", ["RU", "UA"], mediators)


def test_vatican_offer(watch: Watch) -> None:
    text = "Pope Francis has offered the Vatican as a venue for peace talks between Russia and Ukraine."
    found = events(text, dt.date(2023, 6, 10), watch)
    assert [(e.type, e.parties, e.mediators) for e in found] == [("mediation_offer", ["RU", "UA"], ["VA"])]


def test_agreeing_to_begin_talks_plans_them_without_the_agreement_day(watch: Watch) -> None:
    text = "Armenia and Azerbaijan agreed on Monday to begin border delimitation talks, Pashinyan said."
    talks = only(current(text, dt.date(2024, 3, 5), watch), "talks")
    assert (talks.status, talks.parties, talks.date) == ("planned", ["AM", "AZ"], None)


def test_destination_capital_is_a_place_not_a_side(watch: Watch) -> None:
    text = (
        "Russia released 215 Ukrainians on Wednesday in exchange for 55 Russians, "
        "and ten foreign fighters were flown to Riyadh."
    )
    exchange = only(current(text, dt.date(2024, 9, 20), watch), "prisoner_exchange")
    assert (exchange.parties, exchange.count) == (["RU", "UA"], None)


def test_offer_takes_the_day_the_offerer_spoke(watch: Watch) -> None:
    text = "Erdogan told reporters on Tuesday that Turkey could host a summit between Putin and Zelensky."
    found = events(text, dt.date(2025, 7, 10), watch)
    assert [(e.type, e.parties, e.mediators, e.date) for e in found] == [
        ("mediation_offer", ["RU", "UA"], ["TR"], dt.date(2025, 7, 8))
    ]


def test_old_swaps_are_background_and_number_words_count(watch: Watch) -> None:
    published = dt.date(2025, 7, 10)
    older = only(events("In 2023, Qatar brokered a swap of five Americans for five Iranians.", published, watch), "prisoner_exchange")
    assert (older.current, older.parties, older.mediators, older.count) == (False, ["IR", "US"], ["QA"], 5)
    ago = only(events("Two months ago, Russia and Ukraine exchanged 390 prisoners each.", published, watch), "prisoner_exchange")
    assert (ago.current, ago.count) == (False, 390)


def test_no_plans_for_a_named_call_is_denied(watch: Watch) -> None:
    call = only(events("The White House said there were no plans for a Trump-Putin call.", MONDAY, watch), "leader_call")
    assert (call.status, call.parties, call.current) == ("denied", ["RU", "US"], False)


@pytest.mark.parametrize(
    "text",
    [
        "The 2022 Istanbul talks between Russia and Ukraine collapsed after a month.",
        "Turkey has hosted several rounds of talks between Russia and Ukraine in the past.",
        "A similar swap between Russia and the United States took place last year.",
        "Putin and Erdogan last spoke by phone in March.",
    ],
)
def test_past_mentions_without_a_day_are_background(text: str, watch: Watch) -> None:
    found = events(text, dt.date(2025, 7, 10), watch)
    assert found and not any(event.current for event in found)


def test_agreed_truce_and_its_start_are_one_event(watch: Watch) -> None:
    text = (
        "Israel and Hamas have agreed to a ceasefire and the release of hostages, Qatar announced on Wednesday, "
        "after weeks of indirect negotiations in Doha mediated by Qatar, Egypt and the United States.\n"
        "The truce is due to take effect on Sunday, officials said.\n"
        "A previous truce in November 2023 saw 105 hostages freed in exchange for 240 Palestinian prisoners."
    )
    found = events(text, dt.date(2025, 1, 15), watch)
    ceasefire = only(found, "ceasefire")
    assert (ceasefire.status, ceasefire.parties, ceasefire.mediators) == ("agreed", ["IL", "PS"], ["EG", "QA", "US"])
    assert ceasefire.date == dt.date(2025, 1, 19)
    exchanges = sorted((e.current, e.status, e.count) for e in found if e.type == "prisoner_exchange")
    assert exchanges == [(False, "completed", None), (True, "agreed", None)]


def test_ministers_meeting_during_hosted_talks_is_that_round(watch: Watch) -> None:
    text = (
        "Senior U.S. and Russian officials agreed on Tuesday to keep talking, after talks in Riyadh hosted by Saudi Arabia.\n"
        "Marco Rubio and Sergei Lavrov met for more than four hours.\n"
        "Erdogan said Turkey would be an ideal host for future negotiations involving Russia, Ukraine and the United States.\n"
        "No date has been set for a meeting between Trump and Putin, the Kremlin said."
    )
    found = current(text, dt.date(2025, 2, 18), watch)
    talks = only(found, "talks")
    assert (talks.status, talks.parties, talks.mediators, talks.location) == ("held", ["RU", "US"], ["SA"], "Riyadh")
    offer = only(found, "mediation_offer")
    assert (offer.parties, offer.mediators) == (["RU", "UA", "US"], ["TR"])
    assert not [event for event in found if event.type == "leader_meeting"]
    meeting = only(events(text, dt.date(2025, 2, 18), watch), "leader_meeting")
    assert (meeting.status, meeting.parties) == ("denied", ["RU", "US"])  # none scheduled


@pytest.mark.parametrize(
    "text",
    [
        "The two companies held talks on a merger on Monday, people familiar with the matter said.",
        "Coalition talks between the conservatives and the Social Democrats continued on Monday in Berlin.",
        "The central bank extended its currency swap arrangement with China's central bank.",
        "Supermarkets called a truce in their price war on Tuesday.",
        "Real Madrid and Juventus agreed a swap deal involving two midfielders.",
        "Russian forces exchanged fire with Ukrainian troops near Bakhmut on Sunday.",
        "Trump called Zelensky a dictator in a post on Wednesday.",
    ],
)
def test_other_fields_and_figures_of_speech_give_no_event(text: str, watch: Watch) -> None:
    assert events(text, dt.date(2025, 7, 10), watch) == []


def test_a_call_that_discussed_a_possible_swap_was_held(watch: Watch) -> None:
    text = "Erdogan and Putin discussed a possible prisoner exchange in a phone call on Friday."
    found = current(text, SATURDAY, watch)
    call, swap = only(found, "leader_call"), only(found, "prisoner_exchange")
    assert (call.status, call.parties, call.date) == ("held", ["RU", "TR"], dt.date(2024, 6, 7))
    assert swap.status == "proposed"


def test_called_a_leader_on_a_day_is_a_call(watch: Watch) -> None:
    call = only(current("Erdogan called Putin on Monday to discuss the grain corridor.", dt.date(2025, 7, 10), watch), "leader_call")
    assert (call.parties, call.date) == (["RU", "TR"], dt.date(2025, 7, 7))


def test_round_and_exchange_agreed_at_it_are_two_events(watch: Watch) -> None:
    text = (
        "Russian and Ukrainian delegations met in Istanbul on Friday for their first direct talks in years "
        "and agreed to exchange 1,000 prisoners of war each.\n"
        "Officials said the negotiations behind the exchange had been long."
    )
    found = current(text, dt.date(2025, 5, 16), watch)
    talks, exchange = only(found, "talks"), only(found, "prisoner_exchange")
    assert (talks.status, talks.location, talks.date, talks.mediators) == ("held", "Istanbul", dt.date(2025, 5, 16), ["TR"])
    assert (exchange.status, exchange.location, exchange.mediators, exchange.count) == ("agreed", None, [], 1000)


@pytest.mark.parametrize(
    "text",
    [
        "The next round of tariffs between the United States and China is due to start in mid-December.",
        "The two sides have been unable to reschedule a meeting between Trump and Xi Jinping.",
    ],
)
def test_rounds_of_other_things_and_failed_meetings_give_no_event(text: str, watch: Watch) -> None:
    assert events(text, dt.date(2019, 11, 20), watch) == []


def test_old_proposal_is_background_but_reviving_old_talks_is_current(watch: Watch) -> None:
    published = dt.date(2025, 11, 19)
    old = only(events("In 2023, Ukraine proposed a ceasefire with Russia.", published, watch), "ceasefire")
    assert (old.status, old.current) == ("proposed", False)
    text = "Both leaders want to revive the negotiations between Russia and Ukraine that stalled in 2022."
    revived = only(events(text, published, watch), "talks")
    assert (revived.status, revived.current) == ("proposed", True)


ARTICLE_SENTENCES = [
    "Turkish intelligence brokered the swap.",
    "Kyiv",
    "Officials from Kyiv and Moscow met in İstanbul; Erdoğan hosted them.",
    "The U.S. envoy spoke by phone with Putin.",
    "Wage talks at the stock exchange went nowhere, UN officials said.",
    "ISTANBUL TALKS RESUMED ON MONDAY WITH RUSSIA",
]


def test_actors_found_in_the_joined_sentences_are_each_sentences_own(watch: Watch) -> None:
    """find_actors runs once over the sentences joined by newlines: each sentence must get
    what a search of it alone gives, at the same offsets."""
    joined = find_actors(ARTICLE_SENTENCES, watch)
    alone = [find_actors([sentence], watch)[0] for sentence in ARTICLE_SENTENCES]
    assert joined == alone
    assert [[(a.start, a.text) for a in found] for found in alone[:2]] == [[(0, "Turkish intelligence")], [(0, "Kyiv")]]
    for sentence, found in zip(ARTICLE_SENTENCES, alone, strict=True):
        assert [(a.start, a.text) for a in found] == [
            (match.start(), match.group(0)) for match in watch.actor_pattern.finditer(sentence)
        ]


def test_article_wide_word_lookup_admits_what_each_sentence_admits(watch: Watch) -> None:
    folded = _FoldedSentences(ARTICLE_SENTENCES, watch.filter_words)
    filters = [watch.mediation_cue_words] + [rule.trigger_words for rule in watch.events.values()]
    filters += [rule.other_domain_words for rule in watch.events.values() if rule.other_domain_words]
    for words in filters:
        assert words is not None
        expected = {index for index, sentence in enumerate(ARTICLE_SENTENCES) if words.admits(fold(sentence))}
        assert folded.admitted(words) == expected
    assert folded.admitted(watch.events["talks"].trigger_words) == {2, 4, 5}


@pytest.mark.parametrize(
    ("text", "kind", "parties", "mediators"),
    [
        ("Ethiopia and Eritrea signed a peace agreement in Riyadh on Friday, mediated by Saudi Arabia.",
         "agreement", ["ER", "ET"], ["SA"]),
        ("Thailand and Cambodia agreed to an immediate ceasefire on Saturday at talks hosted by Malaysia.",
         "ceasefire", ["KH", "TH"], ["MY"]),
        ("South Sudan and Sudan exchanged 40 prisoners on Sunday in a deal mediated by Uganda.",
         "prisoner_exchange", ["SD", "SS"], ["UG"]),
        ("Kenyan President William Ruto spoke by phone with Serbian President Aleksandar Vucic on Friday.",
         "leader_call", ["KE", "RS"], []),
    ],
)
def test_the_bundled_watch_knows_other_conflicts(
    text: str, kind: str, parties: list[str], mediators: list[str], watch: Watch
) -> None:
    """The default watch is not only Russia and Ukraine: mediation elsewhere is read the same way
    ("South Sudan" is not Sudan)."""
    event = only(tag_events(text, MONDAY, watch), kind)
    assert (event.parties, event.mediators, event.current) == (parties, mediators, True)


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Russian and Ukrainian negotiators discussed a possible prisoner exchange on Friday.", "proposed"),
        ("Officials in Kyiv talked about a new prisoner swap with Russia.", "proposed"),
        ("Ukraine is preparing a prisoner exchange with Russia, Zelensky said on Friday.", "planned"),
        ("Russian and Ukrainian negotiators discussed the prisoner exchange carried out on Friday.", "completed"),
    ],
)
def test_an_exchange_only_talked_about_is_not_one_carried_out(sentence: str, status: str, watch: Watch) -> None:
    """An exchange with no status cue is taken as carried out, except when it is only the topic
    of the sentence (an indefinite object of "discussed", "talked about", "preparing")."""
    article = "Russian and Ukrainian troops fought on along the front line.\n" + sentence
    exchange = only(tag_events(article, MONDAY, watch), "prisoner_exchange")
    assert (exchange.status, exchange.parties) == (status, ["RU", "UA"])


@pytest.mark.parametrize("text", [
    "The Kremlin denied that Putin and Zelensky discussed a prisoner exchange.",
    "The Kremlin denied on Tuesday that Russia and Ukraine had discussed a new prisoner exchange.",
    "Moscow denied reports that Russia and Ukraine were preparing a prisoner swap.",
    "Russia denied that any prisoner exchange with Ukraine was being prepared.",
    "Russia denied any plans for a prisoner exchange with Ukraine.",
])
def test_an_exchange_denied_to_be_discussed_or_prepared_is_denied_not_proposed(text: str, watch: Watch) -> None:
    swap = only(events(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.current) == ("denied", ["RU", "UA"], False)


@pytest.mark.parametrize("text", [
    "Ukraine denied that its forces had shelled the town, a day after Russia and Ukraine exchanged 90 prisoners.",
    "Peskov denied that the prisoner exchange between Russia and Ukraine had been delayed.",
])
def test_a_denial_of_something_else_leaves_a_real_exchange_completed(text: str, watch: Watch) -> None:
    swap = only(events(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.current) == ("completed", ["RU", "UA"], True)


WAR = "Russia and Ukraine have been at war since 2022. "


def test_a_third_leader_in_a_call_about_a_swap_mediates_it(watch: Watch) -> None:
    text = WAR + "Zelensky spoke by phone with Erdogan on Sunday about a possible prisoner exchange."
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.mediators) == ("proposed", ["RU", "UA"], ["TR"])
    call = only(current(text, MONDAY, watch), "leader_call")
    assert call.parties == ["TR", "UA"]


def test_a_swap_between_named_states_keeps_them_as_its_sides(watch: Watch) -> None:
    text = WAR + "Russia and the United States swapped prisoners in Abu Dhabi on Sunday."
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.count) == (["RU", "US"], ["AE"], None)


def test_talks_of_a_third_leader_with_one_side_stay_bilateral(watch: Watch) -> None:
    text = WAR + "Erdogan held talks with Zelensky in Lviv on Sunday."
    found = current(text, MONDAY, watch)
    assert found and all(set(event.parties) == {"TR", "UA"} for event in found), found


@pytest.mark.parametrize("text", [
    "Vladimir Putin and Volodymyr Zelensky agreed on a prisoner exchange on Sunday.",
    "Turkish President Recep Tayyip Erdogan said Russia and Ukraine had agreed on a prisoner exchange.",
])
def test_leaders_names_are_not_two_people_swapped(text: str, watch: Watch) -> None:
    assert only(current(text, MONDAY, watch), "prisoner_exchange").count is None


def test_two_named_people_swapped_one_for_the_other_count_one_each(watch: Watch) -> None:
    text = "Russia freed the American teacher Daniel Brooks on Sunday in exchange for Arkady Lebedev, a Russian hacker."
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.count) == (["RU", "US"], 1)


@pytest.mark.parametrize("text", [
    "Washington leveraged its aid to Ukraine in exchange for reforms of the courts, Russia complained.",
    "Ukraine offered grain to Turkey in exchange for gas.",
])
def test_in_exchange_for_without_anyone_released_is_no_swap(text: str, watch: Watch) -> None:
    assert [event for event in events(text, MONDAY, watch) if event.type == "prisoner_exchange"] == []


@pytest.mark.parametrize(("text", "parties", "count"), [
    ("Ukraine handed over 50 Russian soldiers in exchange for 50 Ukrainians on Sunday.", ["RU", "UA"], 50),
    ("Russia released the former U.S. Marine Daniel Brooks in exchange for Arkady Lebedev on Sunday.", ["RU", "US"], 1),
    ("Ukraine said on Sunday that 49 Ukrainians had returned home in exchange for 49 Russians.", ["RU", "UA"], 49),
])
def test_people_released_in_exchange_for_others_are_a_swap(text: str, parties: list[str], count: int,
                                                            watch: Watch) -> None:
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.count) == ("completed", parties, count)


def test_a_swap_takes_the_brokers_the_article_names_in_another_sentence(watch: Watch) -> None:
    text = (
        "Russia and Ukraine exchanged 80 prisoners each on Sunday in a deal mediated by Türkiye. "
        "Three foreign volunteers were also freed and flown to Doha, whose emir helped broker the deal."
    )
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.count) == (["RU", "UA"], ["QA", "TR"], 80)


@pytest.mark.parametrize("text", [
    "Russia and Ukraine swapped 100 prisoners each on Sunday. Qatar negotiated the release of the foreigners among them.",
    "Russia and Ukraine swapped 100 prisoners each on Sunday. Qatar took custody of the best-known of them until the war ends.",
])
def test_a_broker_named_by_what_it_did_for_the_swap(text: str, watch: Watch) -> None:
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.count) == (["RU", "UA"], ["QA"], 100)


@pytest.mark.parametrize(("text", "parties", "mediators"), [
    ("The military commanders of India and Pakistan spoke on the hotline on Saturday and agreed to stop "
     "all firing along the Line of Control.", ["IN", "PK"], []),
    ("Armenia and Azerbaijan agreed on Saturday to an immediate cessation of hostilities after mediation by Russia.",
     ["AM", "AZ"], ["RU"]),
])
def test_sides_agreeing_to_stop_the_fighting_agree_a_ceasefire(
        text: str, parties: list[str], mediators: list[str], watch: Watch) -> None:
    truce = only(current(text, SATURDAY, watch), "ceasefire")
    assert (truce.status, truce.parties, truce.mediators, truce.date) == ("agreed", parties, mediators, SATURDAY)


def test_a_truce_one_side_declares_is_agreed_but_declaring_one_impossible_is_none(watch: Watch) -> None:
    text = "Putin declared a two-day truce on Friday, which Kyiv said Russian troops broke within hours."
    truce = only(current(text, SATURDAY, watch), "ceasefire")
    assert (truce.status, truce.parties, truce.date) == ("agreed", ["RU", "UA"], dt.date(2024, 6, 7))
    assert events("Kyiv declared on Friday that a truce with Russia was impossible.", SATURDAY, watch) == []


def test_a_company_agreeing_to_end_a_fight_is_no_ceasefire(watch: Watch) -> None:
    assert events("The two companies agreed to end the fighting over the patent in court.", SATURDAY, watch) == []


def test_a_truce_reached_at_hosted_talks_does_not_take_the_host_as_its_broker(watch: Watch) -> None:
    text = (
        "Russian and Ukrainian delegations held talks in Istanbul on Sunday, hosted by Türkiye. "
        "Both sides agreed to a ceasefire around the power plant, negotiators said."
    )
    found = current(text, MONDAY, watch)
    assert only(found, "talks").mediators == ["TR"]
    truce = only(found, "ceasefire")
    assert (truce.parties, truce.mediators) == (["RU", "UA"], [])


def test_a_background_swap_takes_no_broker_from_the_rest_of_the_article(watch: Watch) -> None:
    text = (
        "Russia and Ukraine held talks in Istanbul on Sunday, hosted by Türkiye. "
        "In 2019, Russia and Ukraine exchanged 35 prisoners each."
    )
    swap = only(events(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.current, swap.mediators) == (False, [])


@pytest.mark.parametrize(("text", "swap_status", "count"), [
    ("Russian and Ukrainian delegations held talks in Istanbul on Sunday and discussed a new prisoner exchange.",
     "proposed", None),
    ("Russian and Ukrainian negotiators met in Istanbul on Sunday and agreed to exchange 500 prisoners each.",
     "agreed", 500),
])
def test_a_round_of_talks_that_also_settled_a_swap_is_both(text: str, swap_status: str, count: int | None,
                                                            watch: Watch) -> None:
    found = current(text, MONDAY, watch)
    talks = only(found, "talks")
    assert (talks.status, talks.parties, talks.location, talks.date) == (
        "held", ["RU", "UA"], "Istanbul", dt.date(2024, 6, 9))
    swap = only(found, "prisoner_exchange")
    assert (swap.status, swap.parties, swap.count) == (swap_status, ["RU", "UA"], count)


def test_a_swap_then_a_round_of_talks_in_one_sentence_is_both(watch: Watch) -> None:
    text = "Russia and Ukraine exchanged 90 prisoners each on Saturday and then held a new round of talks in Istanbul."
    found = current(text, MONDAY, watch)
    assert (only(found, "prisoner_exchange").count, only(found, "talks").location) == (90, "Istanbul")


def test_a_round_that_ended_in_a_swap_agreement_is_a_round(watch: Watch) -> None:
    text = (WAR + "Ukraine's chief negotiator said on Monday that the second round had ended with an "
            "agreement to exchange prisoners.")
    found = current(text, MONDAY, watch)
    assert sorted((e.type, e.status, tuple(e.parties)) for e in found) == [
        ("prisoner_exchange", "agreed", ("RU", "UA")), ("talks", "held", ("RU", "UA"))]


@pytest.mark.parametrize("text", [
    WAR + "Russia handed Ukraine the bodies of 909 soldiers on Sunday, and received 34 bodies in return.",
    WAR + "Ukraine received the bodies of 1,000 fallen soldiers from Russia on Sunday.",
    WAR + "Russia repatriated the bodies of 6,000 Ukrainian soldiers on Sunday.",
])
def test_the_dead_handed_back_are_an_exchange_carried_out(text: str, watch: Watch) -> None:
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date) == ("completed", ["RU", "UA"], dt.date(2024, 6, 9))


def test_bodies_recovered_from_rubble_are_no_exchange(watch: Watch) -> None:
    assert events(WAR + "Rescuers in Kharkiv recovered the bodies of 12 civilians on Sunday.", MONDAY, watch) == []


def test_talks_on_a_swap_are_a_proposed_swap_not_a_completed_one(watch: Watch) -> None:
    text = "Russia and Ukraine held talks on a prisoner swap in Istanbul on Sunday."
    found = current(text, MONDAY, watch)
    assert [(e.type, e.status, e.parties) for e in found] == [("prisoner_exchange", "proposed", ["RU", "UA"])]


@pytest.mark.parametrize(("text", "parties", "mediators"), [
    (WAR + "Moscow and Kyiv traded the bodies of fallen soldiers on Sunday.", ["RU", "UA"], []),
    ("Israel and Hamas traded hostages for prisoners on Sunday under a truce brokered by Qatar and Egypt.",
     ["IL", "PS"], ["EG", "QA"]),
])
def test_captives_traded_are_a_swap(text: str, parties: list[str], mediators: list[str], watch: Watch) -> None:
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.mediators) == ("completed", parties, mediators)


def test_a_call_on_a_weekday_is_a_call_not_a_call_on_someone(watch: Watch) -> None:
    text = "Erdogan told Putin in a phone call on Sunday that the war must end."
    call = only(current(text, MONDAY, watch), "leader_call")
    assert (call.status, call.parties, call.date) == ("held", ["RU", "TR"], dt.date(2024, 6, 9))


def test_a_weeks_or_a_days_call_between_leaders_is_a_call(watch: Watch) -> None:
    text = "This week's call between Erdogan and Putin, their third this year, focused on shipping."
    assert only(current(text, MONDAY, watch), "leader_call").parties == ["RU", "TR"]
    sunday = only(current("Sunday's call between Erdogan and Putin lasted an hour.", MONDAY, watch), "leader_call")
    assert sunday.date == dt.date(2024, 6, 9)
    assert events("Sunday's call for a ceasefire by the UN chief went unheeded in Moscow and Kyiv.", MONDAY, watch) == []


@pytest.mark.parametrize(("text", "mediators"), [
    (WAR + "Erdogan urged Putin on Sunday to agree to a ceasefire with Ukraine.", ["TR"]),
    (WAR + "The pope renewed his calls on Russia and Ukraine to agree to a ceasefire.", []),
])
def test_urging_the_sides_to_agree_to_a_truce_proposes_it(text: str, mediators: list[str], watch: Watch) -> None:
    truce = only(current(text, MONDAY, watch), "ceasefire")
    assert (truce.status, truce.parties, truce.mediators) == ("proposed", ["RU", "UA"], mediators)


def test_a_truce_the_sides_agree_to_is_agreed(watch: Watch) -> None:
    truce = only(current("Russia and Ukraine agree to a 30-day ceasefire, Erdogan says.", MONDAY, watch), "ceasefire")
    assert (truce.status, truce.parties) == ("agreed", ["RU", "UA"])


@pytest.mark.parametrize(("text", "count"), [
    (WAR + "Kyiv said 307 of its soldiers returned home on Sunday. Moscow said it received 307 servicemen in return.", 307),
    (WAR + "Forty Ukrainian soldiers came home from Russian captivity on Sunday.", None),
])
def test_soldiers_home_from_captivity_are_a_swap(text: str, count: int | None, watch: Watch) -> None:
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date, swap.count) == ("completed", ["RU", "UA"], dt.date(2024, 6, 9), count)


def test_soldiers_home_on_leave_are_no_swap(watch: Watch) -> None:
    assert events(WAR + "Hundreds of soldiers returned home on leave for the holidays.", MONDAY, watch) == []


@pytest.mark.parametrize(("text", "kind", "status"), [
    (WAR + "The Kremlin said there would be no talks until Kyiv accepted its terms.", "talks", "denied"),
    (WAR + "Zelensky said he was open to talks with Putin.", "talks", "proposed"),
    (WAR + "Zelensky said on Sunday he was willing to meet Putin.", "leader_meeting", "proposed"),
])
def test_talks_refused_or_only_welcomed_are_not_held(text: str, kind: str, status: str, watch: Watch) -> None:
    found = events(text, MONDAY, watch)
    assert [(e.type, e.status) for e in found] == [(kind, status)]


def test_a_side_ready_to_meet_the_other_is_no_offer_to_mediate(watch: Watch) -> None:
    found = events(WAR + "Zelensky said on Sunday he was ready to meet Putin.", MONDAY, watch)
    assert [(e.type, e.status, e.parties) for e in found] == [("leader_meeting", "proposed", ["RU", "UA"])]
    offer = only(current(WAR + "Erdogan said on Sunday Turkey was ready to host talks.", MONDAY, watch),
                 "mediation_offer")
    assert (offer.parties, offer.mediators) == (["RU", "UA"], ["TR"])


@pytest.mark.parametrize("text", [
    WAR + "Russia and Ukraine exchanged accusations over the shelling of the dam on Sunday.",
    WAR + "The two sides exchanged drone strikes overnight.",
    WAR + "Moscow and Kyiv traded barbs after an exchange of threats at the United Nations.",
    WAR + "Ukraine released a video of captured Russian soldiers on Sunday.",
])
def test_other_things_exchanged_or_released_are_no_swap(text: str, watch: Watch) -> None:
    assert [event for event in events(text, MONDAY, watch) if event.type == "prisoner_exchange"] == []


@pytest.mark.parametrize("text", [
    WAR + "Russia and Ukraine exchanged 90 prisoners on Sunday.",
    WAR + "On Sunday 90 prisoners were exchanged at the border.",
    WAR + "Russia and Ukraine exchanged the bodies of fallen soldiers on Sunday.",
])
def test_captives_exchanged_are_a_swap(text: str, watch: Watch) -> None:
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date) == ("completed", ["RU", "UA"], dt.date(2024, 6, 9))


def test_a_reference_to_the_negotiations_in_passing_is_no_round(watch: Watch) -> None:
    assert events(WAR + "Kyiv accused Moscow of stalling the negotiations.", MONDAY, watch) == []
    found = current(WAR + "Kyiv and Moscow held talks in Geneva on Sunday. Kyiv accused Moscow of stalling the negotiations.",
                    MONDAY, watch)
    talks = only(found, "talks")
    assert (talks.location, len(talks.evidence)) == ("Geneva", 2)


def test_delegations_to_reconvene_on_a_later_day_are_planned_talks(watch: Watch) -> None:
    text = WAR + "Delegations will reconvene in Geneva on Thursday, the Swiss foreign ministry said."
    talks = only(current(text, MONDAY, watch), "talks")
    assert (talks.status, talks.location, talks.date, talks.mediators) == ("planned", "Geneva", dt.date(2024, 6, 13), ["CH"])


@pytest.mark.parametrize("text", [
    "Peskov said talks with Ukraine would only make sense if Kyiv accepted Moscow's terms.",
    "Zelensky said talks with Russia should include Europe.",
    "Kyiv said a prisoner exchange with Moscow depended on the Red Cross getting access.",
    "Peskov said a call between Putin and Zelensky made no sense now.",
    "The hardest part — talks with Hamas — could take months, Israeli officials said.",
    "Zelensky said talks with Russia were the only way to end the war.",
    "A prisoner exchange with Russia is a priority for Kyiv, Zelensky said.",
    "Kremlin says Putin-Zelensky meeting possible only after peace deal is ready",
    "Analysts say talks between Russia and Ukraine face long odds.",
    "Talks with Russia are a sign of weakness, a Ukrainian opposition leader said.",
    "The talks between Russia and Ukraine have become a test of Turkish diplomacy.",
])
def test_an_event_only_talked_about_under_a_modal_is_no_event(text: str, watch: Watch) -> None:
    assert events(text, MONDAY, watch) == []


def test_a_call_named_between_the_reporting_verb_and_the_day_takes_the_day(watch: Watch) -> None:
    text = "Erdogan told Putin in a call on Friday that Turkey could host a meeting between him and Zelensky."
    found = {e.type: e for e in current(text, MONDAY, watch)}
    assert found["leader_call"].date == dt.date(2024, 6, 7)
    assert (found["mediation_offer"].parties, found["mediation_offer"].mediators) == (["RU", "UA"], ["TR"])


def test_the_prospects_of_talks_discussed_in_a_call_are_no_round(watch: Watch) -> None:
    text = ("Erdogan held a phone call with Zelensky on Sunday, discussing the prospects for peace talks, "
            "the Turkish presidency said.")
    assert [(e.type, e.parties) for e in events(text, MONDAY, watch)] == [("leader_call", ["TR", "UA"])]


def test_hopes_raised_for_a_swap_are_no_swap_but_a_side_hoping_for_one_proposes_it(watch: Watch) -> None:
    assert events("The call raised hopes for a new prisoner exchange between Russia and Ukraine.", MONDAY, watch) == []
    assert events("Ukraine and Russia trade blame as hopes for new talks fade", MONDAY, watch) == []
    assert events("Hopes for new Russia-Ukraine talks fade as fighting rages", MONDAY, watch) == []
    swap = only(current("Ukraine hopes for a new prisoner exchange with Russia soon, the ombudsman said.",
                        MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties) == ("proposed", ["RU", "UA"])


def test_a_modal_mention_still_adds_to_the_event_the_article_reports(watch: Watch) -> None:
    text = ("Russia and Ukraine exchanged 84 prisoners each on Sunday. Kyiv said a further prisoner exchange "
            "with Moscow depended on the Red Cross getting access.")
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.count) == ("completed", ["RU", "UA"], 84)


def test_a_swap_in_a_sides_own_territory_keeps_that_side(watch: Watch) -> None:
    text = ("Hamas handed over three Israeli hostages to the Red Cross in Gaza on Sunday, and Israel "
            "released 183 Palestinian prisoners in return.")
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.location) == (["IL", "PS"], "Gaza")


def test_a_proposal_made_at_hosted_talks_is_not_brokered_by_the_host(watch: Watch) -> None:
    text = ("Ukraine proposed on Monday a ceasefire along the front line, as Russian and Ukrainian "
            "delegations met in Istanbul for talks hosted by Turkey.")
    found = {e.type: e for e in current(text, MONDAY, watch)}
    assert (found["ceasefire"].status, found["ceasefire"].mediators) == ("proposed", [])
    assert (found["talks"].mediators, found["talks"].location) == (["TR"], "Istanbul")


def test_a_place_near_another_trigger_of_the_sentence_is_the_rounds(watch: Watch) -> None:
    """The round is named at the start ("delegations ... sat down"), its place by the later
    "meeting", beyond the actors read for the first trigger."""
    text = ("Delegations from Ukraine and Russia sat down together on Monday for the first time since the "
            "invasion began in February, meeting for about five hours at a hunting lodge in Belarus's Gomel "
            "region, close to the border.")
    talks = only(current(text, MONDAY, watch), "talks")
    assert (talks.location, talks.parties, talks.date) == ("Gomel region", ["RU", "UA"], MONDAY)


@pytest.mark.parametrize("text", [
    "A prisoner swap between Russia and Ukraine brokered by Qatar is expected in the coming days.",
    "A Ukrainian official said Kyiv expected a prisoner swap with Russia brokered by Qatar.",
])
def test_a_swap_expected_in_the_coming_days_is_planned_not_done(text: str, watch: Watch) -> None:
    swap = only(current(text, MONDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.mediators) == ("planned", ["RU", "UA"], ["QA"])


def test_negotiators_meeting_on_a_weekday_meet_on_the_next_one(watch: Watch) -> None:
    talks = only(current("Negotiators for Israel and Hamas are meeting in Cairo on Thursday.", MONDAY, watch), "talks")
    assert (talks.status, talks.date, talks.location) == ("planned", dt.date(2024, 6, 13), "Cairo")


def test_an_event_dated_after_publication_is_never_held(watch: Watch) -> None:
    talks = only(current(WAR + "The next round of talks is in Geneva on June 14.", MONDAY, watch), "talks")
    assert (talks.status, talks.date) == ("planned", dt.date(2024, 6, 14))


SATURDAY = dt.date(2024, 6, 8)


@pytest.mark.parametrize(("text", "kind", "status", "parties"), [
    ("Ukraine brought home 95 defenders on Friday, Zelensky said.", "prisoner_exchange", "completed", ["RU", "UA"]),
    ("Zelensky and Putin could meet in Istanbul, Erdogan said on Friday.", "leader_meeting", "proposed", ["RU", "UA"]),
    ("Russia and Ukraine will exchange 390 prisoners each on Sunday, officials said.", "prisoner_exchange", "planned",
     ["RU", "UA"]),
    ("Ukraine handed over 50 Russian soldiers for 50 Ukrainians on Friday, the U.S. embassy said.", "prisoner_exchange",
     "completed", ["RU", "UA"]),
])
def test_more_ways_of_reporting_swaps_and_meetings(text: str, kind: str, status: str, parties: list[str],
                                                   watch: Watch) -> None:
    event = only(current(WAR + text, SATURDAY, watch), kind)
    assert (event.status, event.parties) == (status, parties)


@pytest.mark.parametrize("text", [
    "Kyiv and Moscow swapped blame for the collapse of the grain deal on Friday.",
    "Ukraine's parliament held talks with the IMF on Friday about a new loan.",
    "Ukraine said it was not aware of any plans for talks.",
])
def test_more_noise_that_is_no_current_event(text: str, watch: Watch) -> None:
    assert current(WAR + text, SATURDAY, watch) == []


def test_an_offer_to_host_with_its_day_between_is_an_offer(watch: Watch) -> None:
    text = "The Vatican offered on Friday to host a meeting between Russian and Ukrainian officials."
    offer = only(current(text, SATURDAY, watch), "mediation_offer")
    assert (offer.parties, offer.mediators, offer.date) == (["RU", "UA"], ["VA"], dt.date(2024, 6, 7))


@pytest.mark.parametrize("text", [
    WAR + "On Friday the prisoners were exchanged at the Belarusian border.",
    WAR + "The exchange took place on the Ukrainian-Belarusian border on Friday.",
])
def test_a_border_names_where_a_swap_was_not_who_swapped(text: str, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.date) == (["RU", "UA"], dt.date(2024, 6, 7))


def test_a_swap_after_talks_with_a_place_of_their_own_is_both_each_with_its_day(watch: Watch) -> None:
    text = ("Russia and Ukraine exchanged 307 prisoners of war each on Friday, the second swap this week, "
            "after talks in Istanbul that Turkey hosted on Monday.")
    found = current(text, SATURDAY, watch)
    swap = only(found, "prisoner_exchange")
    assert (swap.date, swap.count, swap.location) == (dt.date(2024, 6, 7), 307, None)
    talks = only(found, "talks")
    assert (talks.status, talks.location, talks.date, talks.mediators) == ("held", "Istanbul", dt.date(2024, 6, 3), ["TR"])


def test_a_truce_that_took_effect_and_its_brokers_named_as_a_list(watch: Watch) -> None:
    text = (
        "Hamas freed four Israeli hostages on Friday and Israel released 120 Palestinian prisoners hours later, "
        "the first exchange under a ceasefire that took effect on Friday morning.\n"
        "The truce was brokered by Qatar, Egypt and the United States.\n"
        "Negotiators are due to meet in Cairo next week to discuss the second phase, an Egyptian official said."
    )
    found = current(text, SATURDAY, watch)
    swap = only(found, "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date) == ("completed", ["IL", "PS"], dt.date(2024, 6, 7))
    truce = only(found, "ceasefire")
    assert (truce.status, truce.parties, truce.mediators, truce.date) == (
        "agreed", ["IL", "PS"], ["EG", "QA", "US"], dt.date(2024, 6, 7))
    talks = only(found, "talks")
    assert (talks.status, talks.parties, talks.location) == ("planned", ["IL", "PS"], "Cairo")


def test_a_minister_calling_a_counterpart_is_a_call(watch: Watch) -> None:
    call = only(current("Egypt's foreign minister called his Qatari counterpart on Friday.", SATURDAY, watch),
                "leader_call")
    assert (call.status, call.parties, call.date) == ("held", ["EG", "QA"], dt.date(2024, 6, 7))


def test_a_quoted_offer_is_made_by_its_speaker(watch: Watch) -> None:
    text = WAR + '"We are ready to host talks at any moment," Foreign Minister Hakan Fidan said on Friday.'
    offer = only(current(text, SATURDAY, watch), "mediation_offer")
    assert (offer.parties, offer.mediators, offer.date) == (["RU", "UA"], ["TR"], dt.date(2024, 6, 7))


def test_a_date_opening_the_sentence_dates_all_it_reports(watch: Watch) -> None:
    text = WAR + "In March 2022, delegations met in Istanbul and discussed a draft treaty that was later abandoned."
    found = events(text, SATURDAY, watch)
    assert found and not [event for event in found if event.current], found


@pytest.mark.parametrize("text", [
    "Turkey and Ukraine held talks on Friday on a free trade agreement.",
    "Qatar Airways and Turkish Airlines held talks on a codeshare deal on Friday.",
    "Russia's central bank held talks with Chinese banks on Friday about payments.",
    "Ankara and Moscow held talks on Friday on gas supplies for the winter.",
    "Trade delegations from Turkey and Russia met in Moscow on Friday.",
    "Turkish and Russian officials met in Ankara on Friday to discuss tourism and charter flights.",
    "Turkish and Ukrainian firms began talks on Friday on building drones together in Kyiv.",
    "China and the United States held climate talks in Beijing on Friday.",
])
def test_trade_and_business_talks_are_another_domain(text: str, watch: Watch) -> None:
    assert [event for event in events(text, SATURDAY, watch) if event.type == "talks"] == []


def test_talks_on_the_war_between_officials_of_other_fields_are_still_talks(watch: Watch) -> None:
    text = "Ukrainian and Russian negotiators met in Istanbul on Friday to discuss a ceasefire and trade routes."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.location) == ("held", ["RU", "UA"], "Istanbul")


def test_two_leaders_talking_during_a_visit_is_their_meeting(watch: Watch) -> None:
    text = "Erdogan and Putin discussed a new gas hub during talks in Sochi on Friday."
    found = current(text, SATURDAY, watch)
    assert [(e.type, e.parties, e.location) for e in found] == [("leader_meeting", ["RU", "TR"], "Sochi")]


@pytest.mark.parametrize(("text", "status"), [
    ("Prisoner swap talks between Russia and Ukraine resumed in Istanbul on Friday.", "proposed"),
    ("Russia and Ukraine held prisoner exchange negotiations in Istanbul on Friday.", "proposed"),
    ("Prisoner swap talks between Russia and Ukraine were called off on Friday.", "denied"),
    ("Prisoner swap talks between Russia and Ukraine have stalled, Kyiv said on Friday.", "denied"),
])
def test_the_swap_that_talks_are_named_for_is_not_done(text: str, status: str, watch: Watch) -> None:
    swap = only(events(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties) == (status, ["RU", "UA"])


def test_talks_on_a_swap_with_their_place_and_day_between_propose_it(watch: Watch) -> None:
    found = current("Russia and Ukraine held talks in Istanbul on Friday on a new prisoner exchange.", SATURDAY, watch)
    assert [(e.type, e.status) for e in found] == [("talks", "held"), ("prisoner_exchange", "proposed")]


def test_a_rejected_proposal_is_denied_but_a_rejection_of_something_else_is_not(watch: Watch) -> None:
    rejected = only(events(WAR + "Russia rejected Ukraine's proposal for an unconditional 30-day ceasefire.",
                           SATURDAY, watch), "ceasefire")
    assert (rejected.status, rejected.current) == ("denied", False)
    text = WAR + "Zelensky rejected a call for new elections, then agreed to a ceasefire with Russia on Friday."
    assert only(current(text, SATURDAY, watch), "ceasefire").status == "agreed"


@pytest.mark.parametrize(("text", "parties", "mediators"), [
    ("Iran and Sweden swapped prisoners on Friday in a deal mediated by Oman.", ["IR", "SE"], ["OM"]),
    ("North Korean and South Korean officials met in Singapore on Friday for talks.", ["KP", "KR"], ["SG"]),
    ("Algeria and Morocco held talks in Madrid on Friday, hosted by Spain.", ["DZ", "MA"], ["ES"]),
])
def test_more_states_are_known(text: str, parties: list[str], mediators: list[str], watch: Watch) -> None:
    event = current(text, SATURDAY, watch)[0]
    assert (event.parties, event.mediators) == (parties, mediators)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Three Ukrainian officers freed in Friday's prisoner swap between Russia and Ukraine are now in Turkey, "
         "where they will stay until the war ends, officials said.", None),
        ("Two pilots released on Friday in the exchange between Russia and Ukraine will remain in Qatar for "
         "medical care, officials said.", None),
        ("Russia and Ukraine exchanged 90 prisoners each in Istanbul on Friday; the freed men remain in Turkey.",
         "Istanbul"),
    ],
)
def test_where_the_released_stay_is_not_where_they_were_exchanged(text: str, place: str | None, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.location, swap.mediators) == (["RU", "UA"], place, ["TR"] if place else [])


def test_the_sides_named_after_a_city_in_an_opening_clause_are_the_doers(watch: Watch) -> None:
    text = "A week after the talks in Istanbul, Russia and Ukraine carried out the agreed exchange of prisoners."
    swap = only(events(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties) == ("completed", ["RU", "UA"])


def test_where_the_speakers_are_is_no_side_and_no_place(watch: Watch) -> None:
    text = WAR + ("Diplomats in Warsaw, Vilnius and Chisinau said on Friday that the talks in Istanbul "
                  "were the high point of the negotiating track.")
    assert all("PL" not in e.parties + e.mediators and "LT" not in e.parties + e.mediators
               for e in events(text, SATURDAY, watch))
    swap = only(current("Armenia and Azerbaijan exchanged detainees on Friday in a swap mediated by the United States, "
                        "officials in Baku said.", SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.location) == (["AM", "AZ"], ["US"], None)
    bodies = only(current("Hamas handed over the remains of two hostages to the Red Cross on Friday, and Israel "
                          "returned the bodies of 30 Palestinians, the health ministry in Gaza said.", SATURDAY, watch),
                  "prisoner_exchange")
    assert (bodies.parties, bodies.location) == (["IL", "PS"], None)


@pytest.mark.parametrize(("text", "status"), [
    (WAR + "Russia and Ukraine exchanged 90 prisoners each on Friday, building on a deal reached last year.", "completed"),
    (WAR + "Russia and Ukraine agreed on Friday to exchange 90 prisoners each.", "agreed"),
])
def test_a_swap_the_verb_says_was_carried_out_is_completed_whatever_else_was_agreed(
        text: str, status: str, watch: Watch) -> None:
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == status


@pytest.mark.parametrize("text", [
    WAR + "Macron said Europe must have a seat at the table in any negotiations between Russia and Ukraine.",
    WAR + "Talks between Russia and Ukraine are the only way to end the war, the pope said.",
])
def test_talks_spoken_of_in_general_are_no_round(text: str, watch: Watch) -> None:
    assert current(text, SATURDAY, watch) == []


@pytest.mark.parametrize(("text", "kind"), [
    (WAR + "A planned exchange of prisoners was cancelled at the last minute on Friday.", "prisoner_exchange"),
    (WAR + "A Kremlin aide said on Friday that no further round of negotiations with Kyiv had been scheduled.", "talks"),
    ("Russia and Ukraine have not exchanged prisoners since the spring.", "prisoner_exchange"),
    ("Putin and Zelensky have never met in person.", "leader_meeting"),
    ("The third round of talks between Russia and Ukraine, set for Monday in Istanbul, was postponed.", "talks"),
    ("Russia and Ukraine called off talks planned for Monday in Istanbul.", "talks"),
    ("Russia and Ukraine put the talks in Istanbul on hold on Friday.", "talks"),
    ("Russia and Ukraine will not hold talks next week, the Kremlin said on Friday.", "talks"),
    ("A planned prisoner exchange between Russia and Ukraine was delayed on Friday.", "prisoner_exchange"),
    ("The Kremlin on Friday denied reports that Putin and Zelensky would meet in Istanbul this month.",
     "leader_meeting"),
    ("Moscow dismissed reports of a planned meeting between Putin and Zelensky.", "leader_meeting"),
    ('Kyiv dismissed as "pure fiction" a report that Russian and Ukrainian delegations would meet in Doha.', "talks"),
    ("Ukraine denied claims that it had agreed to exchange prisoners with Russia.", "prisoner_exchange"),
    ("Ethiopia and Eritrea have not held talks on the border since 2018, analysts said.", "talks"),
    ("Ukraine's foreign minister said Kyiv was not ready to hold talks with Russia until a full ceasefire "
     "was in place.", "talks"),
    ("Russia refused on Friday to resume talks with Ukraine.", "talks"),
    ("Zelensky says no talks with Putin until Russia stops its attacks", "talks"),
    # no grounds for it, too early for it, or an offer of it turned down
    ("The Kremlin said on Friday it saw no grounds for a meeting between Putin and Zelensky.", "leader_meeting"),
    ("Moscow said on Friday there was no need for a new round of talks with Kyiv.", "talks"),
    ("Peskov said on Friday it was premature to talk about a summit between Putin and Zelensky.", "leader_meeting"),
    ("The Kremlin said on Friday that it was too early to say when the next round of talks with Ukraine would be.",
     "talks"),
    ("The Kremlin on Friday rejected Zelensky's offer to meet Putin in person.", "leader_meeting"),
    ("Moscow on Friday turned down Kyiv's invitation to hold talks in Istanbul on Monday.", "talks"),
    ("Ukrainian and Russian officials are not expected to meet before the autumn, diplomats said on Friday.",
     "talks"),
    ("Kremlin denies Putin-Zelensky meeting is being planned", "leader_meeting"),
    ("Putin-Trump summit in Budapest on hold, White House says", "leader_meeting"),
    ("Talks between Russia and Ukraine remain on hold, the Kremlin said on Friday.", "talks"),
    # headlines, in the present tense and without "any"
    ("Kremlin denies plans for new Russia-Ukraine talks in Istanbul", "talks"),
    ("Moscow rules out a prisoner swap with Kyiv before the spring", "prisoner_exchange"),
    ("Russia said on Friday that talks with Ukraine were pointless while Kyiv kept attacking.", "talks"),
    ("Peskov said on Friday that a date for a third round of talks with Ukraine had not yet been set.", "talks"),
    ("The Kremlin said on Friday that no date had been agreed for a new round of talks with Ukraine.", "talks"),
    ("Kremlin: no date yet for next round of talks with Ukraine", "talks"),
    ("A Russian delegation flew to Istanbul for talks with Ukraine on Friday, but the Ukrainian side did not show up.",
     "talks"),
    ("The Kremlin on Friday dismissed Ukrainian media reports that the negotiators would meet next week.", "talks"),
    ("Kyiv said on Friday it wants an all-for-all exchange with Russia, a proposal Moscow has rejected.",
     "prisoner_exchange"),
])
def test_called_off_not_scheduled_or_not_done_is_denied(text: str, kind: str, watch: Watch) -> None:
    event = only(events(text, SATURDAY, watch), kind)
    assert (event.status, event.current) == ("denied", False)


def test_a_truce_they_failed_to_agree_is_denied_and_the_swap_agreed_stays_agreed(watch: Watch) -> None:
    text = ("Russian and Ukrainian delegations held talks in Istanbul on Friday, agreeing to exchange 1,000 "
            "prisoners of war each but failing to agree on a ceasefire.")
    found = events(text, SATURDAY, watch)
    assert sorted((e.type, e.status, e.current) for e in found) == [
        ("ceasefire", "denied", False), ("prisoner_exchange", "agreed", True), ("talks", "held", True)]


def test_talks_not_held_before_do_not_deny_those_held_now(watch: Watch) -> None:
    text = "Russia and Ukraine held talks in Istanbul on Friday; they had not held direct talks since 2022."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.date, talks.location) == ("held", dt.date(2024, 6, 7), "Istanbul")


@pytest.mark.parametrize(("text", "current_swaps"), [
    (WAR + "Ukraine and Russia have exchanged more than 5,000 prisoners since the start of the war.", []),
    (WAR + "More than 4,000 Ukrainian prisoners have been returned so far, Kyiv said.", []),
    (WAR + "Ukraine and Russia exchanged 103 prisoners each on Friday; they have exchanged more than 5,000 "
     "since the start of the war.", [103]),
])
def test_a_running_total_of_swaps_is_no_swap_of_its_own(text: str, current_swaps: list[int], watch: Watch) -> None:
    assert [e.count for e in current(text, SATURDAY, watch) if e.type == "prisoner_exchange"] == current_swaps


def test_a_mediator_s_count_of_swaps_is_background(watch: Watch) -> None:
    text = "The United Arab Emirates has mediated 15 exchanges between Russia and Ukraine, freeing 4,000 prisoners."
    assert current(text, SATURDAY, watch) == []


@pytest.mark.parametrize("text", [
    "Russia and Ukraine have agreed to a 30-day moratorium on strikes against energy infrastructure.",
    "Russia and Ukraine agreed on Friday to a 30-day halt to strikes on energy infrastructure, the White House said.",
])
def test_a_moratorium_on_strikes_is_a_ceasefire(text: str, watch: Watch) -> None:
    truce = only(current(text, SATURDAY, watch), "ceasefire")
    assert (truce.status, truce.parties) == ("agreed", ["RU", "UA"])


def test_the_host_of_past_talks_does_not_broker_this_weeks_swap(watch: Watch) -> None:
    text = "Russia and Ukraine exchanged 90 prisoners each on Friday. In 2022, Turkey hosted talks between the two sides."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.count) == (["RU", "UA"], [], 90)


def test_a_since_phrase_ends_at_its_year(watch: Watch) -> None:
    text = "Russia and Ukraine held their first direct talks since 2022 in Istanbul on Friday, a Turkish official said."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.location, talks.mediators, talks.date) == ("Istanbul", ["TR"], dt.date(2024, 6, 7))


@pytest.mark.parametrize("text", [
    "Kyiv: 1,200 prisoners to be swapped in coming weeks\nRussia and Ukraine have been at war since 2022.",
    WAR + "Hundreds of prisoners are to be exchanged between Russia and Ukraine in the coming days.",
])
def test_prisoners_to_be_swapped_are_a_swap_still_to_come(text: str, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties) == ("planned", ["RU", "UA"])


def test_a_swap_a_side_expects_is_still_to_come(watch: Watch) -> None:
    text = "Ukraine expects another prisoner exchange with Russia soon, Zelensky's chief of staff said."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties) == ("planned", ["RU", "UA"])


def test_lists_swapped_before_an_exchange_are_no_exchange(watch: Watch) -> None:
    text = ("Russian and Ukrainian officials swapped lists of prisoners on Friday ahead of the exchange "
            "planned for the weekend, a source in Kyiv said.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.date, swap.location) == ("planned", None, None)


def test_a_side_ready_for_a_new_round_proposes_it(watch: Watch) -> None:
    text = "Russia said on Friday it was ready for a new round of talks with Ukraine, but Kyiv has yet to respond."
    found = current(text, SATURDAY, watch)
    assert [(e.type, e.status, e.parties) for e in found] == [("talks", "proposed", ["RU", "UA"])]


def test_talks_with_a_rebel_group_are_no_round_between_the_article_s_states(watch: Watch) -> None:
    text = ("The foreign ministers of Congo and Rwanda signed a peace agreement in Washington on Friday.\n"
            "Qatar has separately hosted talks between Kinshasa and the M23 rebel group in Doha.")
    found = current(text, SATURDAY, watch)
    assert [(e.type, e.parties) for e in found] == [("agreement", ["CD", "RW"])]


def test_talks_named_as_the_point_since_which_something_holds_are_past(watch: Watch) -> None:
    text = "Ukraine and Russia swapped 80 prisoners each on Friday, their first exchange since talks in Geneva on Monday."
    assert [e.type for e in current(text, SATURDAY, watch)] == ["prisoner_exchange"]


def test_a_host_receiving_both_delegations_is_a_round_of_talks(watch: Watch) -> None:
    text = "Qatar's emir hosted Israeli and Palestinian negotiators in Doha on Friday."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.mediators, talks.location) == ("held", ["IL", "PS"], ["QA"], "Doha")


def test_people_returned_by_one_side_and_the_same_number_by_the_other(watch: Watch) -> None:
    text = (WAR + "Moscow returned 120 Ukrainians on Friday under the exchange agreed last month, "
            "and Kyiv freed the same number of Russian soldiers.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.count) == ("completed", ["RU", "UA"], 120)


@pytest.mark.parametrize(("text", "kind"), [
    (WAR + "Kyiv said on Friday it was ready for an exchange of all prisoners for all prisoners with Moscow.",
     "prisoner_exchange"),
    ("Russia said on Friday it was ready to resume talks with Ukraine in Istanbul.", "talks"),
])
def test_a_side_ready_for_an_event_proposes_it_and_offers_no_mediation(text: str, kind: str, watch: Watch) -> None:
    found = current(text, SATURDAY, watch)
    assert [(e.type, e.status, e.parties) for e in found] == [(kind, "proposed", ["RU", "UA"])]


def test_a_call_in_which_an_offer_was_made_took_place(watch: Watch) -> None:
    text = "Erdogan told Zelensky in a phone call on Friday that Turkey stood ready to host a new round of talks."
    call = only(current(text, SATURDAY, watch), "leader_call")
    assert (call.status, call.parties, call.date) == ("held", ["TR", "UA"], dt.date(2024, 6, 7))


def test_a_leader_called_by_name_at_the_end_of_a_sentence(watch: Watch) -> None:
    call = only(current("Hours later, Macron called Zelensky.", SATURDAY, watch), "leader_call")
    assert (call.status, call.parties) == ("held", ["FR", "UA"])


def test_an_initialled_peace_agreement_is_agreed(watch: Watch) -> None:
    text = "Armenia and Azerbaijan initialled a peace agreement in Washington on Friday, in a deal brokered by the United States."
    deal = only(current(text, SATURDAY, watch), "agreement")
    assert (deal.status, deal.parties, deal.mediators) == ("agreed", ["AM", "AZ"], ["US"])


def test_each_side_freeing_a_number_is_the_count(watch: Watch) -> None:
    text = "Russia and Ukraine carried out a prisoner exchange on Friday, each releasing 210 soldiers."
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").count == 210


@pytest.mark.parametrize("text", [
    "Zelensky said on Friday that Putin was afraid to meet him.",
    "Talks on a rare earths deal between Kyiv and Washington dragged on through Friday.",
    "Russia and Ukraine traded blame on Friday for the failure of the talks.",
    "Zelensky and Putin exchanged barbs on Friday over the stalled negotiations.",
    # a judgement of what an event is or did
    "Analysts say talks between Armenia and Azerbaijan are closer than ever to a deal.",
    "The exchange of prisoners between Israel and Hamas is a central part of the truce.",
    "For Erdogan, hosting talks between Russia and Ukraine is a chance to raise Turkey's profile.",
    "Negotiations between Israel and Hamas have dragged on for months.",
])
def test_a_feared_meeting_minerals_talks_talks_blamed_and_judgements_are_no_event(text: str, watch: Watch) -> None:
    assert current(text, SATURDAY, watch) == []


def test_the_city_a_delegation_is_sent_to_is_where_the_talks_are(watch: Watch) -> None:
    text = "Ukraine said on Friday it would send a delegation to Istanbul on Monday for a new round of talks with Russia."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.location, talks.mediators, talks.date) == ("planned", "Istanbul", ["TR"], dt.date(2024, 6, 10))


def test_brokers_of_swaps_long_past_do_not_broker_this_weeks(watch: Watch) -> None:
    text = ("Russia and Ukraine exchanged 150 prisoners each on Friday.\n"
            "In 2023, Qatar and Saudi Arabia helped broker several swaps between the two countries.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.count) == (["RU", "UA"], [], 150)


def test_a_call_named_again_beside_other_leaders_keeps_its_own(watch: Watch) -> None:
    text = ("Macron and Putin spoke by phone on Friday for two hours, the Elysee said.\n"
            "Macron also spoke with Zelensky after the call.")
    call = only(current(text, SATURDAY, watch), "leader_call")
    assert call.parties == ["FR", "RU"]


@pytest.mark.parametrize(("text", "published"), [
    ("New round of Israel-Hamas truce talks to start in Doha\n"
     "Israeli and Hamas negotiators will resume indirect talks in Doha on Monday, Qatar said on Friday.", SATURDAY),
    ("Azerbaijan and Armenia would soon start negotiations in Washington, the State Department said on Friday.",
     SATURDAY),
])
def test_talks_to_start_are_planned_and_truce_talks_are_no_truce(text: str, published: dt.date, watch: Watch) -> None:
    found = current(text, published, watch)
    assert [(e.type, e.status) for e in found] == [("talks", "planned")]


def test_interest_in_hosting_is_an_offer(watch: Watch) -> None:
    text = "Switzerland said on Friday it was interested in hosting talks between Armenia and Azerbaijan."
    offer = only(current(text, SATURDAY, watch), "mediation_offer")
    assert (offer.parties, offer.mediators) == (["AM", "AZ"], ["CH"])


@pytest.mark.parametrize(("text", "found"), [
    ("With Qatar's mediation, Russia returned eleven Ukrainian children to their families on Friday.",
     [("prisoner_exchange", "completed", ["RU", "UA"], ["QA"])]),
    ("The school returned 300 children to its classrooms on Friday.", []),
])
def test_children_returned_across_the_front_are_a_release(text: str, found: list, watch: Watch) -> None:
    assert [(e.type, e.status, e.parties, e.mediators) for e in current(text, SATURDAY, watch)] == found


def test_a_round_that_agreed_a_swap_gives_both(watch: Watch) -> None:
    text = ("Russian and Ukrainian delegations held a third round of talks in Istanbul on Friday, "
            "agreeing to another exchange of prisoners.")
    found = current(text, SATURDAY, watch)
    assert sorted((e.type, e.status, e.location) for e in found) == [
        ("prisoner_exchange", "agreed", None), ("talks", "held", "Istanbul")]


def test_a_sides_own_coordination_office_brokers_nothing(watch: Watch) -> None:
    text = "Ukraine's Coordination Headquarters said on Friday that 75 Ukrainians had been freed from Russian captivity."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators) == (["RU", "UA"], [])


@pytest.mark.parametrize(("text", "count"), [
    ("Friday's talks between Russia and Ukraine in Geneva produced one result: a prisoner exchange of 500 for 500.", 500),
    ("Russia and Ukraine agreed a 1,200-for-1,200 prisoner swap in Geneva on Friday.", 1200),
])
def test_a_swap_that_talks_produced_is_agreed_n_for_n(text: str, count: int, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.count) == ("agreed", count)


def test_accusations_exchanged_over_agreed_swaps_are_no_swap(watch: Watch) -> None:
    text = "Russian and Ukrainian officials kept exchanging accusations on Friday over the pace of the agreed swaps."
    assert current(text, SATURDAY, watch) == []


def test_one_citizen_for_one_national_is_one_each(watch: Watch) -> None:
    text = ("Iran released a French citizen on Friday in exchange for an Iranian national held in France, "
            "in a swap mediated by Oman.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.count) == (["FR", "IR"], ["OM"], 1)


def test_where_a_swap_carried_out_elsewhere_was_agreed_is_not_its_place(watch: Watch) -> None:
    text = "Russia and Ukraine swapped 205 prisoners each on Friday under the exchange agreed in Istanbul."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.location, swap.mediators, swap.count) == (None, [], 205)


@pytest.mark.parametrize(("text", "mediators"), [
    ("Ukraine returns 95 defenders from Russian captivity", []),
    ("As a result of the talks, 84 Russian servicemen were returned on Friday from territory held by Kyiv.", []),
    ("Zelensky thanked Qatar on Friday for helping to bring 31 Ukrainians home from Russia.", ["QA"]),
    ("Russia and Ukraine swapped 95 prisoners each on Friday with the help of the United Arab Emirates.", ["AE"]),
])
def test_wire_service_phrasings_of_a_swap(text: str, mediators: list[str], watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.mediators) == ("completed", ["RU", "UA"], mediators)


def test_what_a_broker_brokers_the_return_of_is_no_broker(watch: Watch) -> None:
    swap = only(current("Qatar brokers return of four Ukrainian children from Russia", SATURDAY, watch),
                "prisoner_exchange")
    assert (swap.parties, swap.mediators) == (["RU", "UA"], ["QA"])


def test_the_state_with_whose_help_a_swap_is_done_brokers_it(watch: Watch) -> None:
    text = ("Russia freed an American teacher on Friday in exchange for a Russian held in the United States, "
            "with the UAE's help.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators) == (["RU", "US"], ["AE"])


def test_a_border_between_two_countries_is_a_place(watch: Watch) -> None:
    text = WAR + "The exchange took place on Friday on the Belarusian-Ukrainian border, with 90 prisoners freed by each side."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators) == (["RU", "UA"], [])


def test_a_host_receiving_officials_of_both_sides_and_the_un_is_a_round(watch: Watch) -> None:
    text = ("Turkey hosted a meeting of Russian, Ukrainian and U.N. military officials in Istanbul on Friday "
            "on the export of grain.")
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.parties, talks.mediators, talks.location) == (["RU", "UA"], ["TR", "UN"], "Istanbul")


def test_a_call_a_leader_has_spoken_of_and_a_deal_extended(watch: Watch) -> None:
    call = only(current("Erdogan said on Friday he had spoken with Putin by phone.", SATURDAY, watch), "leader_call")
    assert call.parties == ["RU", "TR"]
    text = "The grain deal between Russia and Ukraine was extended on Friday for another 60 days."
    assert only(current(text, SATURDAY, watch), "agreement").status == "agreed"


@pytest.mark.parametrize(("text", "count"), [
    ("Russia released a U.S. journalist on Friday in exchange for a Russian pilot held in Lithuania.", 1),
    ("Russia freed U.S. citizen John Avery on Friday after months of U.S. pressure.", None),
])
def test_the_periods_of_us_are_no_sentence_end(text: str, count: int | None, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.count) == (["RU", "US"], count)


@pytest.mark.parametrize(("text", "kind", "parties", "mediators"), [
    ("Erdogan held talks with Zelensky in Ankara on Friday.", "leader_meeting", ["TR", "UA"], []),
    ("Russian Foreign Minister Sergei Lavrov held talks with his Chinese counterpart in Beijing on Friday.",
     "leader_meeting", ["CN", "RU"], []),
    ("Lavrov and Kuleba held talks in Antalya on Friday.", "talks", ["RU", "UA"], ["TR"]),
    ("Russian and Ukrainian negotiators held talks in Geneva on Friday.", "talks", ["RU", "UA"], ["CH"]),
])
def test_two_leaders_talking_with_nobody_at_the_table_is_their_meeting(
        text: str, kind: str, parties: list[str], mediators: list[str], watch: Watch) -> None:
    event = only(current(text, SATURDAY, watch), kind)
    assert (event.status, event.parties, event.mediators) == ("held", parties, mediators)


@pytest.mark.parametrize(("text", "swaps"), [
    ("Zelensky arrived in Ankara on Wednesday for talks with Erdogan on security guarantees and a new "
     "exchange of prisoners. Ukraine and Russia last swapped prisoners in May.", [("proposed", ["RU", "UA"])]),
    ("Zelensky flew to Ankara on Wednesday for talks with Erdogan.", []),
])
def test_a_leader_come_for_talks_with_another_meets_him(
        text: str, swaps: list[tuple[str, list[str]]], watch: Watch) -> None:
    """Talks of leaders on a swap are their meeting, not a round; the swap they discuss is only proposed."""
    found = current(text, dt.date(2025, 6, 6), watch)
    meeting = only(found, "leader_meeting")
    assert (meeting.status, meeting.parties, meeting.date) == ("held", ["TR", "UA"], dt.date(2025, 6, 4))
    assert [(e.status, e.parties) for e in found if e.type == "prisoner_exchange"] == swaps
    assert "talks" not in {e.type for e in found}


def test_talks_held_last_month_are_background_beside_this_week_s_swap(watch: Watch) -> None:
    text = (WAR + "Ukraine and Russia swapped 390 prisoners each on Friday, the first stage of an "
            "exchange agreed at talks in Istanbul last month.")
    found = events(text, dt.date(2025, 6, 10), watch)
    assert sorted((e.type, e.status, e.current) for e in found) == [
        ("prisoner_exchange", "completed", True), ("talks", "held", False)]


def test_the_teller_after_a_list_of_brokers_is_not_one_of_them(watch: Watch) -> None:
    text = ("Russia and Ukraine exchanged 150 prisoners of war each on Friday after mediation by "
            "the United Arab Emirates, the Russian defence ministry said.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.count) == (["RU", "UA"], ["AE"], 150)


def test_a_broker_is_named_right_after_by_not_a_clause_later(watch: Watch) -> None:
    text = "The exchange with Russia on Friday, brokered by the Gulf state, returned 103 Ukrainians home."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators) == (["RU", "UA"], [])


def test_mediators_named_after_their_role_broker_and_are_no_sides(watch: Watch) -> None:
    text = ("Hamas freed three Israeli hostages on Saturday and Israel released 90 Palestinian prisoners.\n"
            "The swap went ahead after mediators Egypt and Qatar resolved a dispute over aid deliveries.\n"
            "Israel will send a delegation to Doha next week for talks on extending the ceasefire.")
    found = current(text, dt.date(2025, 2, 8), watch)
    assert sorted((e.type, e.status, tuple(e.parties), tuple(e.mediators)) for e in found) == [
        ("ceasefire", "proposed", ("IL", "PS"), ()),
        ("prisoner_exchange", "completed", ("IL", "PS"), ("EG", "QA")),
        ("talks", "planned", ("IL", "PS"), ("EG", "QA")),
    ]


def test_a_denied_postponement_is_no_denial(watch: Watch) -> None:
    text = WAR + "Peskov denied on Friday that the talks in Istanbul had been postponed."
    assert [(e.type, e.status) for e in events(text, SATURDAY, watch)] != [("talks", "denied")]


def test_the_year_of_negotiations_behind_a_truce_is_past(watch: Watch) -> None:
    text = ("Israel and Hamas agreed on a ceasefire on Friday, brokered by Qatar and Egypt after more than "
            "a year of on-off negotiations in Doha.")
    found = current(text, SATURDAY, watch)
    assert [(e.type, e.status, e.parties) for e in found] == [("ceasefire", "agreed", ["IL", "PS"])]


@pytest.mark.parametrize(("text", "kind", "status", "parties", "mediators"), [
    ("Togo's president will mediate talks between DR Congo and Rwanda in Lome next month.",
     "talks", "planned", ["CD", "RW"], ["TG"]),
    ("Ecuador and Peru exchanged prisoners on Friday in a deal brokered by Chile.",
     "prisoner_exchange", "completed", ["EC", "PE"], ["CL"]),
    ("Djibouti hosted talks between Ethiopia and Eritrea on Friday.", "talks", "held", ["ER", "ET"], ["DJ"]),
])
def test_states_added_to_the_gazetteer_take_part(
        text: str, kind: str, status: str, parties: list[str], mediators: list[str], watch: Watch) -> None:
    event = only(current(text, SATURDAY, watch), kind)
    assert (event.status, event.parties, event.mediators) == (status, parties, mediators)


@pytest.mark.parametrize(("text", "kind"), [
    (WAR + "Kyiv handed Moscow a list of 1,000 prisoners for a new swap on Friday, Zelensky said.", "prisoner_exchange"),
    (WAR + "Ukraine proposed on Friday holding the next round of talks with Russia in Istanbul.", "talks"),
])
def test_what_a_list_is_for_and_a_round_proposed_to_be_held_are_proposed(text: str, kind: str, watch: Watch) -> None:
    assert only(current(text, SATURDAY, watch), kind).status == "proposed"


def test_a_swap_expected_later_is_the_one_just_agreed_not_the_last_one_done(watch: Watch) -> None:
    text = ("Russia and Ukraine agreed on Friday on a new exchange of 175 prisoners each.\n"
            "Russia and Ukraine last swapped prisoners on Tuesday.\n"
            "The exchange is expected to take place next week, officials said.")
    found = {e.status: e for e in current(text, SATURDAY, watch) if e.type == "prisoner_exchange"}
    assert sorted(found) == ["agreed", "completed"]
    assert any("expected to take place" in sentence for sentence in found["agreed"].evidence)


@pytest.mark.parametrize("line", [
    "KYIV, May 16 (Northgate Wire) - Russia and Ukraine swapped 90 prisoners each.",
    "DEIR AL-BALAH, Gaza Strip (AP) - Russia and Ukraine swapped 90 prisoners each.",
    "KYIV, March 24 - Russia and Ukraine swapped 90 prisoners each.",
])
def test_a_dateline_is_no_part_of_the_first_sentence(line: str) -> None:
    assert split_sentences(line) == ["Russia and Ukraine swapped 90 prisoners each."]


@pytest.mark.parametrize("text", [
    "Zelensky and Macron discussed the Geneva talks by phone on Friday.",
    "Erdogan and Putin exchanged views on the Geneva talks by phone on Friday.",
])
def test_talks_two_leaders_discuss_in_a_call_are_no_round_of_theirs(text: str, watch: Watch) -> None:
    assert [e.type for e in current(text, SATURDAY, watch)] == ["leader_call"]


@pytest.mark.parametrize(("text", "mediators"), [
    ("Russia and Ukraine swapped 84 prisoners each on Friday, and Zelensky thanked Qatar for its help.", ["QA"]),
    ("Russia and Ukraine swapped 84 prisoners each on Friday; Zelensky thanked the soldiers for their service.", []),
])
def test_the_one_thanked_for_mediating_is_a_broker(text: str, mediators: list[str], watch: Watch) -> None:
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").mediators == mediators


@pytest.mark.parametrize("text", [
    "The Emirates mediated the release of 150 Ukrainians from Russia on Friday.",
    "The exchange with Russia on Friday, brokered by the Emirates, returned 246 Ukrainians.",
])
def test_the_emirates_named_with_an_article_broker(text: str, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators) == (["RU", "UA"], ["AE"])


@pytest.mark.parametrize(("text", "kind", "parties"), [
    ("The presidents of Russia and Turkey spoke by phone on Friday.", "leader_call", ["RU", "TR"]),
    ("The foreign ministers of Russia and China held talks in Beijing on Friday.", "leader_meeting", ["CN", "RU"]),
    ("The president of Turkey met the president of Ukraine in Ankara on Friday.", "leader_meeting", ["TR", "UA"]),
])
def test_leaders_named_by_their_title_of_a_country(text: str, kind: str, parties: list[str], watch: Watch) -> None:
    assert [(e.type, e.parties) for e in current(text, SATURDAY, watch)] == [(kind, parties)]


@pytest.mark.parametrize(("text", "kind"), [
    ("Kyiv wants talks with Moscow to resume in Istanbul, Zelensky said on Friday.", "talks"),
    ("Ukraine seeks a new exchange of prisoners with Russia, Zelensky said on Friday.", "prisoner_exchange"),
    ("Kyiv is seeking an all-for-all exchange of prisoners with Moscow, Zelensky said on Friday.",
     "prisoner_exchange"),
    ("Ukraine is pressing for a full exchange of prisoners with Russia.", "prisoner_exchange"),
])
def test_what_a_side_wants_or_seeks_is_proposed(text: str, kind: str, watch: Watch) -> None:
    assert only(current(text, SATURDAY, watch), kind).status == "proposed"


def test_the_stage_that_completes_a_swap_is_no_swap_of_its_own(watch: Watch) -> None:
    text = ("Russia and Ukraine swapped 300 prisoners each on Friday, the second day of the exchange.\n"
            "The last group is expected to cross on Sunday, completing the exchange of 1,000 prisoners per side.")
    assert [(e.type, e.status) for e in current(text, SATURDAY, watch)] == [("prisoner_exchange", "completed")]


@pytest.mark.parametrize(("text", "status", "parties"), [
    ("Erdogan received Zelensky at the presidential palace in Ankara on Friday.", "held", ["TR", "UA"]),
    ("Putin hosted Erdogan in Sochi on Friday.", "held", ["RU", "TR"]),
    ("Zelensky arrived in Ankara on Friday for talks with Erdogan.", "held", ["TR", "UA"]),
    ("Erdogan will visit Kyiv next week, his office said on Friday.", "planned", ["TR", "UA"]),
])
def test_leaders_received_hosted_or_visited_meet(text: str, status: str, parties: list[str], watch: Watch) -> None:
    assert [(e.type, e.status, e.parties) for e in current(text, SATURDAY, watch)] == [
        ("leader_meeting", status, parties)]


def test_a_leader_who_met_another_and_then_offered_to_host_held_the_meeting(watch: Watch) -> None:
    text = "Erdogan met Zelensky in Istanbul on Friday and offered again to host a leaders' summit."
    meeting = only(current(text, SATURDAY, watch), "leader_meeting")
    assert (meeting.status, meeting.parties, meeting.location) == ("held", ["TR", "UA"], "Istanbul")


def test_an_offer_made_as_the_second_verb_is_made_by_the_subject(watch: Watch) -> None:
    text = ("Erdogan met Zelensky in Istanbul on Friday and offered to host talks between Ukraine and Russia.")
    found = current(text, SATURDAY, watch)
    assert (only(found, "leader_meeting").status, only(found, "leader_meeting").parties) == ("held", ["TR", "UA"])
    offer = only(found, "mediation_offer")
    assert (offer.parties, offer.mediators) == (["RU", "UA"], ["TR"])


@pytest.mark.parametrize("text", [
    WAR + "Zelensky and Erdogan held talks in Istanbul on Friday.",
    WAR + "Zelensky and Erdogan held talks in Istanbul on Friday, and the Turkish leader offered to host a summit.",
    WAR + "Zelensky and Erdogan held talks in Istanbul on Friday, and Erdogan offered to host a summit with Putin.",
])
def test_talks_of_the_host_countrys_leader_with_a_side_are_their_meeting_not_a_round(text: str, watch: Watch) -> None:
    found = current(text, SATURDAY, watch)
    assert "talks" not in {event.type for event in found}
    meeting = only(found, "leader_meeting")
    assert (meeting.status, meeting.parties, meeting.mediators, meeting.location) == (
        "held", ["TR", "UA"], [], "Istanbul")


def test_an_offer_after_a_meeting_is_an_offer_to_host_the_sides(watch: Watch) -> None:
    text = WAR + "Zelensky and Erdogan held talks in Istanbul on Friday, and Erdogan offered to host a summit with Putin."
    offer = only(current(text, SATURDAY, watch), "mediation_offer")
    assert (offer.parties, offer.mediators) == (["RU", "UA"], ["TR"])


@pytest.mark.parametrize(("text", "kind", "status", "parties"), [
    ("Putin and Zelensky met in Istanbul on Friday, and the Kremlin said there was no reason for a second meeting.",
     "leader_meeting", "held", ["RU", "UA"]),
    ("Russia and Ukraine swapped 100 prisoners each on Friday, and Kyiv said no further exchange was planned.",
     "prisoner_exchange", "completed", ["RU", "UA"]),
    ("Russian and Ukrainian delegations held talks in Istanbul on Friday, but no new round of talks has been "
     "scheduled.", "talks", "held", ["RU", "UA"]),
    ("Russia and Ukraine held talks in Istanbul on Friday, and the Kremlin ruled out a leaders' summit.",
     "talks", "held", ["RU", "UA"]),
    ("Erdogan spoke with Putin by phone on Friday; no call with Zelensky is planned, his office said.",
     "leader_call", "held", ["RU", "TR"]),
])
def test_a_denial_after_an_event_that_took_place_is_of_the_next_one(
        text: str, kind: str, status: str, parties: list[str], watch: Watch) -> None:
    event = only(current(text, SATURDAY, watch), kind)
    assert (event.status, event.parties, event.date) == (status, parties, dt.date(2024, 6, 7))


@pytest.mark.parametrize(("text", "parties"), [
    ("Negotiators from Congo and Rwanda initialed a draft peace agreement in Washington on Friday.", ["CD", "RW"]),
    ("The Democratic Republic of the Congo and Rwanda initialled a peace deal in Washington on Friday.", ["CD", "RW"]),
    ("The Republic of the Congo and Rwanda initialed a peace deal in Washington on Friday.", ["CG", "RW"]),
])
def test_a_deal_initialed_in_either_spelling_by_either_congo(text: str, parties: list[str], watch: Watch) -> None:
    deal = only(current(text, SATURDAY, watch), "agreement")
    assert (deal.status, deal.parties, deal.location) == ("agreed", parties, "Washington")


def test_a_swap_carried_out_in_a_stage_of_an_agreed_deal_is_completed(watch: Watch) -> None:
    text = ("Ukraine and Russia carried out their largest prisoner swap of the war on Friday, with each side freeing "
            "390 people in the first stage of a deal agreed in Istanbul.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.count, swap.date, swap.location) == ("completed", 390, dt.date(2024, 6, 7), None)


def test_a_denial_nearer_another_event_leaves_the_planned_round_planned(watch: Watch) -> None:
    text = ("Russia and Ukraine will hold a new round of talks in Istanbul on Monday; it is too early to say "
            "whether Putin and Zelensky will meet.")
    found = events(text, SATURDAY, watch)
    talks = only(found, "talks")
    assert (talks.status, talks.current, talks.date, talks.location) == ("planned", True, dt.date(2024, 6, 10), "Istanbul")
    assert only(found, "leader_meeting").status == "denied"


@pytest.mark.parametrize(("text", "parties", "mediators"), [
    ("Qatar helped reunite 12 Ukrainian children with their families on Friday after talks with Russia and "
     "Ukraine, the Qatari foreign ministry said.", ["RU", "UA"], ["QA"]),
    # the released named before the verb
    ("Israel and Hamas have fought in Gaza since 2023. The Red Cross took custody of four hostages released by "
     "Hamas on Friday.", ["IL", "PS"], ["ICRC"]),
])
def test_children_reunited_or_hostages_released_by_a_side_are_a_release(
        text: str, parties: list[str], mediators: list[str], watch: Watch) -> None:
    release = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (release.status, release.parties, release.mediators, release.date) == (
        "completed", parties, mediators, dt.date(2024, 6, 7))


def test_a_call_has_not_the_leaders_of_the_meeting_offered_after_it(watch: Watch) -> None:
    text = ("Erdogan spoke by phone with Putin on Friday and offered to host a meeting between the Russian leader "
            "and Zelensky, his office said.")
    found = current(text, SATURDAY, watch)
    assert only(found, "leader_call").parties == ["RU", "TR"]
    assert (only(found, "mediation_offer").parties, only(found, "mediation_offer").mediators) == (["RU", "UA"], ["TR"])


def test_a_meeting_told_after_a_call_has_not_the_leader_called(watch: Watch) -> None:
    text = "Erdogan held a phone call with Putin on Friday, shortly after meeting Zelensky in Ankara."
    found = current(text, SATURDAY, watch)
    assert only(found, "leader_call").parties == ["RU", "TR"]
    meeting = only(found, "leader_meeting")
    assert (meeting.parties, meeting.location) == (["TR", "UA"], "Ankara")


@pytest.mark.parametrize("text", [
    "Russia and Ukraine swapped 84 prisoners each on Friday under an agreement reached in Istanbul.",
    "Ukraine and Russia on Friday began a new exchange of prisoners, the first stage of a deal struck in Istanbul.",
    "Moscow and Kyiv each freed 307 servicemen on Friday, the second stage of a three-day exchange brokered in Istanbul.",
])
def test_a_swap_takes_no_place_from_where_its_deal_was_struck(text: str, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.location, swap.mediators) == ("completed", None, [])


def test_the_talks_a_swap_was_agreed_at_take_not_the_day_of_the_swap(watch: Watch) -> None:
    text = ("Russia and Ukraine exchanged 150 prisoners each on Friday under an agreement reached at talks in "
            "Istanbul, the Ukrainian president said.")
    found = current(text, SATURDAY, watch)
    assert [(event.type, event.date) for event in found] == [("prisoner_exchange", dt.date(2024, 6, 7))]
    talks = only(tag_events(text, SATURDAY, watch), "talks")
    assert (talks.current, talks.date, talks.location) == (False, None, "Istanbul")


@pytest.mark.parametrize("framework", ["under the ceasefire deal mediated by Qatar and Egypt",
                                       "as part of the truce that Qatar and Egypt brokered"])
def test_a_swap_to_come_takes_its_day_from_the_truce_it_is_carried_out_under(framework: str, watch: Watch) -> None:
    text = f"Israel and Hamas will exchange another group of hostages and prisoners on Sunday {framework}."
    found = current(text, dt.date(2024, 6, 6), watch)
    swap = only(found, "prisoner_exchange")
    assert (swap.status, swap.date, swap.mediators) == ("planned", dt.date(2024, 6, 9), ["EG", "QA"])
    assert all(event.date is None for event in found if event.type == "ceasefire")


@pytest.mark.parametrize(("text", "kind"), [
    ("Negotiators from Armenia and Azerbaijan met in Abu Dhabi on May 16 and again on June 4, with the UAE "
     "hosting both rounds.", "talks"),
    ("Russia and Ukraine swapped prisoners on May 16 and June 4, with the UAE mediating both times.",
     "prisoner_exchange"),
])
def test_an_event_told_on_two_days_apart_is_two_events_the_later_one_current(text: str, kind: str,
                                                                               watch: Watch) -> None:
    found = [event for event in tag_events(text, SATURDAY, watch) if event.type == kind]
    assert sorted((event.date, event.current) for event in found) == [
        (dt.date(2024, 5, 16), False), (dt.date(2024, 6, 4), True)]
    assert all(event.mediators == ["AE"] for event in found)


def test_talks_over_two_days_in_a_row_are_one_round(watch: Watch) -> None:
    text = "Delegations from Armenia and Azerbaijan held talks in Abu Dhabi on Tuesday and Wednesday, hosted by the UAE."
    talks = only(tag_events(text, SATURDAY, watch), "talks")
    assert (talks.current, talks.date, talks.location) == (True, dt.date(2024, 6, 4), "Abu Dhabi")


def test_the_host_of_the_talks_is_not_where_the_swap_agreed_there_takes_place(watch: Watch) -> None:
    swap = only(current("Armenia and Azerbaijan agreed on Friday to exchange all detainees, their foreign ministers "
                        "said after a day of talks hosted by the United Arab Emirates.", SATURDAY, watch),
                "prisoner_exchange")
    assert (swap.status, swap.mediators, swap.location) == ("agreed", ["AE"], None)
    talks = only(current("Armenia and Azerbaijan held talks on Friday hosted by the United Arab Emirates.",
                         SATURDAY, watch), "talks")
    assert (talks.mediators, talks.location) == (["AE"], "United Arab Emirates")


def test_the_swap_agreed_at_talks_named_later_is_the_one_carried_out_and_the_talks_a_round(watch: Watch) -> None:
    text = ("Russia and Ukraine completed an exchange of 500 prisoners each on Friday, officials said.\n"
            "The swap was agreed at the first direct talks between the two sides in years, held in Istanbul on "
            "June 2.")
    found = current(text, SATURDAY, watch)
    swap = only(found, "prisoner_exchange")
    assert (swap.status, swap.date, swap.count) == ("completed", dt.date(2024, 6, 7), 500)
    talks = only(found, "talks")
    assert (talks.status, talks.parties, talks.location, talks.date) == (
        "held", ["RU", "UA"], "Istanbul", dt.date(2024, 6, 2))


def test_children_counted_in_words_and_returned_from_where_they_were_taken_are_a_return(watch: Watch) -> None:
    text = ("Eleven Ukrainian children who had been deported to Russia were returned to their families on Friday "
            "with Qatar's mediation, Kyiv said.")
    back = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (back.status, back.parties, back.mediators, back.date) == (
        "completed", ["RU", "UA"], ["QA"], dt.date(2024, 6, 7))
    text = "Three Israeli hostages held in Gaza were freed by Hamas on Friday, the army said."
    freed = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (freed.parties, freed.date) == (["IL", "PS"], dt.date(2024, 6, 7))


@pytest.mark.parametrize("text", [
    "Three Ukrainian soldiers wounded in a Russian strike were released from hospital on Friday.",
    "Two Ukrainian civilians were freed from the rubble of a block of flats hit by a Russian drone on Friday.",
])
def test_people_let_out_of_a_hospital_or_rubble_are_no_release(text: str, watch: Watch) -> None:
    assert events(text, SATURDAY, watch) == []


def test_a_swap_takes_neither_the_year_its_prisoner_was_jailed_nor_the_broker_of_an_earlier_one(
        watch: Watch) -> None:
    text = ("The United States and Russia exchanged prisoners in Abu Dhabi on Friday, with the United Arab Emirates "
            "acting as intermediary.\n"
            "Moscow released an American engineer jailed in 2022, and Washington freed a Russian businessman.\n"
            "It was the second swap between the two this year, after a January deal brokered by Saudi Arabia.")
    swap = only(tag_events(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.current, swap.parties, swap.mediators, swap.date) == (
        True, ["RU", "US"], ["AE"], dt.date(2024, 6, 7))


def test_a_swap_agreed_then_said_to_have_been_carried_out_is_completed(watch: Watch) -> None:
    text = ("Russian and Ukrainian negotiators met in Istanbul on Monday and produced a deal to swap 500 prisoners "
            "each, which was carried out on Friday.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.date, swap.count) == ("completed", dt.date(2024, 6, 7), 500)
    text = "Russia and Ukraine agreed on Monday to swap 500 prisoners each, which is expected to take days."
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == "agreed"


def test_headlines_in_the_future_a_side_getting_back_its_soldiers_and_a_compound_broker(watch: Watch) -> None:
    talks = only(current("Ukraine, Russia to hold new talks in Istanbul on Saturday, Zelensky says", SATURDAY,
                         watch), "talks")
    assert (talks.status, talks.date, talks.location) == ("planned", SATURDAY, "Istanbul")
    assert only(current("Turkey to host new round of Russia-Ukraine talks", SATURDAY, watch),
                "talks").status == "planned"
    back = only(current("Ukraine gets back 95 soldiers from Russian captivity", SATURDAY, watch), "prisoner_exchange")
    assert (back.status, back.parties) == ("completed", ["RU", "UA"])
    deal = only(current("Israel, Hamas agree to release of hostages, prisoners in Qatar-brokered deal", SATURDAY,
                        watch), "prisoner_exchange")
    assert (deal.status, deal.mediators, deal.location) == ("agreed", ["QA"], None)


@pytest.mark.parametrize("text", [
    "Armenian and Azerbaijani foreign ministers met in Almaty on Friday.",
    "The Armenian and Azerbaijani presidents met in Almaty on Friday.",
])
def test_ministers_or_presidents_named_by_two_adjectives_are_both_countries_leaders(text: str, watch: Watch) -> None:
    meeting = only(current(text, SATURDAY, watch), "leader_meeting")
    assert (meeting.parties, meeting.location, meeting.date) == (["AM", "AZ"], "Almaty", dt.date(2024, 6, 7))


@pytest.mark.parametrize("text", [
    "Ukraine's negotiating team, led by its defence minister, met the Russian delegation in Istanbul on Friday.",
    "Talks between Russia and Ukraine on a prisoner exchange took place in Istanbul on Friday.",
])
def test_a_team_meeting_a_delegation_and_talks_on_a_swap_that_took_place_are_a_round(text: str,
                                                                                     watch: Watch) -> None:
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.location, talks.date) == (
        "held", ["RU", "UA"], "Istanbul", dt.date(2024, 6, 7))


def test_the_other_side_receiving_the_same_number_counts_the_swap(watch: Watch) -> None:
    text = ("Ukraine brought home 150 soldiers on Friday in an exchange with Russia, Zelensky said.\n"
            "Russia's defence ministry said it had received the same number of its servicemen.")
    swap = only(tag_events(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.count, swap.date) == (["RU", "UA"], 150, dt.date(2024, 6, 7))


def test_the_pair_named_between_are_the_sides_not_the_pair_that_reports_them(watch: Watch) -> None:
    text = "Qatar and Egypt said on Friday that talks between Israel and Hamas would resume in Cairo next week."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.location) == ("planned", ["IL", "PS"], "Cairo")


def test_an_engineer_swapped_for_a_hacker_counts_one_each(watch: Watch) -> None:
    text = ("Qatar helped secure the release of an American engineer held in Russia, who was freed on Friday in "
            "exchange for a Russian hacker, the White House said.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.count) == (["RU", "US"], ["QA"], 1)


@pytest.mark.parametrize("text", [
    "Every few months, Armenia and Azerbaijan swap detainees with the help of the United States.",
    "Russia and Ukraine routinely exchange the bodies of fallen soldiers at the border.",
    "Talks between Israel and Hamas usually take place in Doha or Cairo.",
])
def test_what_happens_as_a_rule_is_no_current_event(text: str, watch: Watch) -> None:
    assert current(text, SATURDAY, watch) == []
    dated = "Russia and Ukraine, which regularly swap prisoners, exchanged 84 each on Friday."
    assert only(current(dated, SATURDAY, watch), "prisoner_exchange").date == dt.date(2024, 6, 7)


def test_a_standing_mediator_of_talks_is_no_round(watch: Watch) -> None:
    assert events("Qatar is the main mediator in talks between Israel and Hamas.", SATURDAY, watch) == []
    text = "Israel and Hamas held talks in Doha on Friday, with Qatar acting as mediator."
    assert only(current(text, SATURDAY, watch), "talks").mediators == ["QA"]


def test_civilians_returned_to_a_country_for_as_many_of_its_own_are_a_swap_with_it(watch: Watch) -> None:
    text = ("Ukraine on Friday returned 25 civilians from the Kursk region to Russia in exchange for 25 Ukrainian "
            "civilians, both sides said.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.count, swap.date) == ("completed", ["RU", "UA"], 25, dt.date(2024, 6, 7))


@pytest.mark.parametrize(("text", "status", "mediators"), [
    ("A prisoner exchange between Russia and Ukraine is being prepared, Zelensky's chief of staff said on Friday.",
     "planned", []),
    ("Zelensky said on Friday that Ukraine hoped to hold a new exchange of prisoners with Russia soon.",
     "proposed", []),
    ("Russia and Ukraine hope to swap more prisoners with Turkey's help, Kyiv said on Friday.", "proposed", ["TR"]),
])
def test_a_swap_being_prepared_or_hoped_for_is_still_to_come(
        text: str, status: str, mediators: list[str], watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.mediators) == (status, ["RU", "UA"], mediators)


def test_a_delegation_arrived_ahead_of_talks_has_not_held_them(watch: Watch) -> None:
    text = "Ukraine's delegation arrived in Istanbul on Friday ahead of talks with Russia, Umerov said."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.location) == ("planned", ["RU", "UA"], "Istanbul")


def test_undated_talks_at_which_a_series_of_swaps_was_agreed_are_background(watch: Watch) -> None:
    text = ("Russia and Ukraine exchanged 146 prisoners of war each on Friday. The exchange, mediated by the United "
            "Arab Emirates, was the latest in a series agreed at talks in Istanbul in the summer.")
    found = events(text, SATURDAY, watch)
    assert sorted((e.type, e.status, e.current) for e in found) == [
        ("prisoner_exchange", "completed", True), ("talks", "held", False)]


def test_a_swap_that_past_talks_led_to_lends_no_count_to_the_swap_just_agreed(watch: Watch) -> None:
    text = ("Russia and Ukraine held talks in Istanbul on Friday and agreed to swap all wounded prisoners.\n"
            "Their first meeting, on May 2, had led to the biggest exchange so far, 500 for 500.")
    swap = only(current(text, dt.date(2025, 5, 31), watch), "prisoner_exchange")
    assert (swap.status, swap.count, len(swap.evidence)) == ("agreed", None, 1)


def test_what_dates_the_people_released_does_not_date_their_release(watch: Watch) -> None:
    text = ("Russia and Ukraine swapped 40 civilians each on Friday.\n"
            "The handover, arranged with the help of the Vatican, included teachers who had been detained last year.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.mediators, swap.date, len(swap.evidence)) == ("completed", ["VA"], dt.date(2024, 6, 7), 2)


def test_a_headline_saying_talks_resume_is_the_round_the_story_reports(watch: Watch) -> None:
    text = ("Israel and Hamas resume indirect talks in Doha\n"
            "Israeli and Hamas negotiators resumed indirect talks in Doha on Friday, with Qatar mediating.")
    talks = only(events(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.location, talks.date, len(talks.evidence)) == ("held", "Doha", dt.date(2024, 6, 7), 2)


def test_an_event_and_another_of_its_type_told_after_it_are_two_events(watch: Watch) -> None:
    text = "Russia and Ukraine swapped 120 prisoners each in Istanbul on Friday, and a further exchange of 300 each " \
           "is planned for Tuesday."
    found = [(e.type, e.status, e.location, e.date, e.count) for e in current(text, SATURDAY, watch)]
    assert found == [("prisoner_exchange", "completed", "Istanbul", dt.date(2024, 6, 7), 120),
                     ("prisoner_exchange", "planned", None, dt.date(2024, 6, 11), 300)]
    text = "Ukraine and Russia held talks in Istanbul on Friday and agreed to hold another round in Geneva."
    found = [(e.type, e.status, e.location, e.date) for e in current(text, SATURDAY, watch)]
    assert found == [("talks", "held", "Istanbul", dt.date(2024, 6, 7)), ("talks", "planned", "Geneva", None)]


def test_another_call_shares_the_subject_of_the_first_not_its_other_leader(watch: Watch) -> None:
    text = "Erdogan spoke with Putin by phone on Friday and would hold another call with Zelensky on Monday."
    found = [(e.status, e.parties, e.date) for e in current(text, SATURDAY, watch)]
    assert found == [("held", ["RU", "TR"], dt.date(2024, 6, 7)), ("planned", ["TR", "UA"], dt.date(2024, 6, 10))]


def test_the_next_round_said_to_be_held_was_held(watch: Watch) -> None:
    talks = only(current("Russia and Ukraine held the next round of talks in Istanbul on Friday.", SATURDAY, watch),
                 "talks")
    assert (talks.status, talks.date) == ("held", dt.date(2024, 6, 7))


def test_a_timeline_of_past_swaps_lends_its_brokers_to_none_of_this_week(watch: Watch) -> None:
    text = ("October 2022: Russia and Ukraine swapped 110 prisoners each in a deal brokered by Turkey.\n"
            "March 2024: Ukraine and Russia swapped 90 prisoners each in a UAE-mediated exchange.\n"
            "The latest swap between Russia and Ukraine took place on Friday, when 75 were returned by each side.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.date, swap.count, swap.mediators) == (dt.date(2024, 6, 7), 75, [])


def test_a_land_swap_in_a_peace_deal_is_no_prisoner_exchange(watch: Watch) -> None:
    found = events("Trump on Friday suggested a land swap between Russia and Ukraine as part of a deal.",
                   SATURDAY, watch)
    assert "prisoner_exchange" not in [event.type for event in found]


def test_a_headline_number_of_children_returned_is_a_release(watch: Watch) -> None:
    swap = only(current("Vatican-brokered deal sees 12 Ukrainian children returned from Russia", SATURDAY, watch),
                "prisoner_exchange")
    assert (swap.status, swap.parties, swap.mediators) == ("completed", ["RU", "UA"], ["VA"])
    assert events("Some 300 Ukrainian soldiers returned to the front after the swap talks.", SATURDAY, watch) == []


def test_the_dead_handed_back_in_the_passive_are_a_swap(watch: Watch) -> None:
    text = "The bodies of 600 Ukrainian soldiers were repatriated from Russia on Friday."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date) == ("completed", ["RU", "UA"], dt.date(2024, 6, 7))


def test_a_hostage_of_two_nationalities_is_no_pair_of_sides(watch: Watch) -> None:
    text = "Hamas released Israeli-American hostage Daniel Cohen on Friday after talks with the US."
    found = current(text, SATURDAY, watch)
    assert [e.type for e in found] == ["prisoner_exchange"]
    assert "PS" in found[0].parties


def test_the_state_talks_are_about_is_not_at_the_table(watch: Watch) -> None:
    text = "A U.S. envoy met Putin in Moscow on Friday for talks on a peace plan for Ukraine."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.parties, talks.location) == (["RU", "US"], "Moscow")
    text = "Russia and Ukraine held talks on the war in Ukraine in Istanbul on Friday."
    assert only(current(text, SATURDAY, watch), "talks").parties == ["RU", "UA"]


@pytest.mark.parametrize("text", [
    "Erdogan spoke separately with Putin and Zelensky by phone on Friday.",
    "Erdogan held separate phone calls with Putin and Zelensky on Friday.",
    # the day far from the calls, after the second leader's full name and title
    "President Recep Tayyip Erdogan held separate phone calls with Russian President Vladimir Putin and Ukrainian "
    "President Volodymyr Zelensky on Friday, his office said.",
])
def test_separate_calls_of_one_leader_are_one_call_with_each(text: str, watch: Watch) -> None:
    found = [(e.type, e.parties, e.date) for e in current(text, SATURDAY, watch)]
    assert found == [("leader_call", ["RU", "TR"], dt.date(2024, 6, 7)), ("leader_call", ["TR", "UA"], dt.date(2024, 6, 7))]
    joint = current("Erdogan held a phone call with Putin and Zelensky on Friday.", SATURDAY, watch)
    assert [e.parties for e in joint] == [["RU", "TR", "UA"]]
    text = "Erdogan spoke with Putin by phone on Friday. Erdogan also spoke with Zelensky by phone on Friday."
    assert [e.parties for e in current(text, SATURDAY, watch)] == [["RU", "TR"], ["TR", "UA"]]
    text = "Erdogan spoke with Putin by phone on Friday and then called Zelensky."
    assert [e.parties for e in current(text, SATURDAY, watch)] == [["RU", "TR"], ["TR", "UA"]]


def test_a_host_country_named_only_by_its_name_is_the_place_and_a_mediator(watch: Watch) -> None:
    talks = only(current("Israel and Hamas began indirect talks in Egypt on Friday.", SATURDAY, watch), "talks")
    assert (talks.parties, talks.mediators, talks.location) == (["IL", "PS"], ["EG"], "Egypt")


def test_talks_of_a_side_with_the_host_country_are_no_round_of_the_war(watch: Watch) -> None:
    text = WAR + "Ukraine and Poland held talks in Warsaw on Friday about grain imports."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.parties, talks.mediators, talks.location) == (["PL", "UA"], [], "Warsaw")


@pytest.mark.parametrize(("text", "kind"), [
    (WAR + "Putin and Zelensky could meet once a peace deal is ready, Erdogan said on Friday.", "leader_meeting"),
    (WAR + "Moscow and Kyiv are close to agreeing on a new prisoner exchange, a Turkish official said on Friday.",
     "prisoner_exchange"),
])
def test_what_could_happen_once_a_deal_is_ready_or_is_close_to_agreed_is_proposed(
        text: str, kind: str, watch: Watch) -> None:
    event = only(current(text, SATURDAY, watch), kind)
    assert (event.status, event.parties) == ("proposed", ["RU", "UA"])


@pytest.mark.parametrize(("text", "status"), [
    (WAR + "Ukrainian negotiators will travel to Abu Dhabi next week for talks with Russian and U.S. officials.",
     "planned"),
    (WAR + "The trilateral meeting of Russia, Ukraine and the United States in Abu Dhabi ended on Friday.", "held"),
])
def test_three_way_talks_have_all_three_at_the_table(text: str, status: str, watch: Watch) -> None:
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties) == (status, ["RU", "UA", "US"])


def test_a_meeting_held_is_not_the_one_it_discussed(watch: Watch) -> None:
    text = "Erdogan met Putin in Sochi on Friday and discussed a possible meeting with Zelensky."
    meeting = only(current(text, SATURDAY, watch), "leader_meeting")
    assert (meeting.status, meeting.parties, meeting.location) == ("held", ["RU", "TR"], "Sochi")


def test_a_foreign_minister_hosting_the_sides_counterparts_holds_a_round(watch: Watch) -> None:
    text = WAR + "Foreign Minister Hakan Fidan hosted his Russian and Ukrainian counterparts in Antalya on Friday."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.mediators, talks.location) == ("held", ["RU", "UA"], ["TR"], "Antalya")


def test_a_readiness_to_host_told_in_a_call_is_an_offer_not_talks(watch: Watch) -> None:
    text = (WAR + "Erdogan reiterated Turkey's readiness to host talks between Russia and Ukraine during a phone "
            "call with Putin on Friday.")
    found = current(text, SATURDAY, watch)
    assert sorted(e.type for e in found) == ["leader_call", "mediation_offer"]
    assert (only(found, "mediation_offer").parties, only(found, "mediation_offer").mediators) == (["RU", "UA"], ["TR"])


@pytest.mark.parametrize(
    ("text", "place", "host"),
    [
        ("Russian and Ukrainian negotiators met at the Dolmabahçe Palace on Friday for a second round of talks.",
         "Istanbul", ["TR"]),
        ("U.S. and Russian officials held talks at Diriyah Palace on Friday on ending the war in Ukraine.",
         "Riyadh", ["SA"]),
    ],
)
def test_a_venue_is_reported_as_its_city_and_its_country_hosts(
    text: str, place: str, host: list[str], watch: Watch
) -> None:
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.location, talks.mediators) == (place, host)


def test_a_city_written_as_the_host_is_the_place(watch: Watch) -> None:
    text = "Istanbul will host the next round of direct talks between Russia and Ukraine on Monday, Fidan said on Friday."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.location, talks.mediators, talks.date) == (
        "planned", "Istanbul", ["TR"], dt.date(2024, 6, 10))


@pytest.mark.parametrize(
    "text",
    [
        "Egypt said Russia and Ukraine had agreed to a new round of negotiations in Istanbul.",
        "Russia and Ukraine have agreed to fresh talks in Istanbul, Turkey said on Friday.",
    ],
)
def test_a_round_agreed_to_is_planned_not_held(text: str, watch: Watch) -> None:
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.location) == ("planned", ["RU", "UA"], "Istanbul")


@pytest.mark.parametrize(
    "text",
    [
        "Peace talks between Russia and Ukraine remain stalled, Turkey said on Friday.",
        "Russia and Ukraine said on Friday that talks on the grain corridor had stalled.",
        "The Kremlin denied on Friday that talks with Ukraine had stalled.",
    ],
)
def test_talks_said_to_be_stalled_are_no_new_round(text: str, watch: Watch) -> None:
    assert current(text, SATURDAY, watch) == []
    assert only(events(text, SATURDAY, watch), "talks").status != "denied"


def test_a_round_held_before_the_talks_stalled_is_still_news(watch: Watch) -> None:
    text = "Russia and Ukraine held talks in Istanbul, but the negotiations have stalled over the prisoners."
    assert only(current(text, SATURDAY, watch), "talks").status == "held"


def test_denying_that_talks_collapsed_keeps_the_round_announced(watch: Watch) -> None:
    text = ("The Kremlin denied that talks with Ukraine had collapsed, saying the next round would be held in "
            "Istanbul.")
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.location) == ("planned", "Istanbul")


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine's delegation arrived in Istanbul on Friday ahead of Monday's talks with Russia.",
        "Monday's talks between Russia and Ukraine will take place in Istanbul, Fidan said on Friday.",
    ],
)
def test_a_possessive_weekday_dates_the_round_still_to_come(text: str, watch: Watch) -> None:
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.date, talks.location) == ("planned", dt.date(2024, 6, 10), "Istanbul")


def test_prisoners_who_came_home_in_a_stage_of_an_agreed_exchange_were_exchanged(watch: Watch) -> None:
    text = WAR + ("Kyiv said 390 Ukrainians had come home on Friday in the first stage of a prisoner exchange "
                  "agreed in Istanbul.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date) == ("completed", ["RU", "UA"], dt.date(2024, 6, 7))


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Talks between Russia and Ukraine in Istanbul have been postponed until next week, Turkish officials said "
         "on Friday.", None),
        ("The prisoner swap between Russia and Ukraine was delayed to Monday, officials said on Friday.",
         dt.date(2024, 6, 10)),
    ],
)
def test_an_event_put_off_to_a_day_to_come_is_still_planned(text: str, date: dt.date | None, watch: Watch) -> None:
    (event,) = current(text, SATURDAY, watch)
    assert (event.status, event.date) == ("planned", date)


def test_an_event_put_off_without_a_new_day_is_called_off(watch: Watch) -> None:
    text = "Talks between Russia and Ukraine in Istanbul have been postponed, Turkish officials said on Friday."
    assert only(events(text, SATURDAY, watch), "talks").status == "denied"


def test_an_event_once_put_off_and_then_carried_out_is_done(watch: Watch) -> None:
    text = "The prisoner swap between Russia and Ukraine, which had been delayed to Friday, took place on Friday."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.date) == ("completed", dt.date(2024, 6, 7))


def test_hostages_who_will_be_freed_under_a_deal_are_not_freed_yet(watch: Watch) -> None:
    text = ("Under the deal between Israel and Hamas, 33 hostages will be freed over six weeks in exchange for "
            "hundreds of Palestinian prisoners.")
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == "planned"


def test_a_possessive_weekday_after_said_dates_the_talks_not_the_statement(watch: Watch) -> None:
    text = WAR + '"We have agreed to exchange all the wounded," Ukraine\'s negotiator said after Friday\'s talks in Istanbul.'
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.date, talks.location) == ("held", dt.date(2024, 6, 7), "Istanbul")


def test_the_day_a_delegation_flew_in_is_not_the_day_of_the_talks_to_come(watch: Watch) -> None:
    text = WAR + ("A Russian delegation flew to Istanbul on Thursday for talks with Ukraine that Turkey will host on "
                  "Saturday.")
    talks = only(current(text, dt.date(2024, 6, 7), watch), "talks")
    assert (talks.status, talks.date, talks.mediators) == ("planned", SATURDAY, ["TR"])


def test_a_swap_said_to_be_possible_is_no_swap_carried_out(watch: Watch) -> None:
    text = WAR + ("The Kremlin said on Friday a prisoner exchange with Ukraine was possible in principle but that no "
                  "decision had been taken.")
    assert only(events(text, SATURDAY, watch), "prisoner_exchange").status == "proposed"


def test_a_round_that_ended_with_an_agreement_to_swap_dates_both(watch: Watch) -> None:
    text = WAR + ("A third round of talks between Russia and Ukraine ended in Istanbul on Friday with an agreement to "
                  "swap 1,200 prisoners.")
    found = current(text, SATURDAY, watch)
    talks, swap = only(found, "talks"), only(found, "prisoner_exchange")
    assert (talks.status, talks.date, talks.location) == ("held", dt.date(2024, 6, 7), "Istanbul")
    assert (swap.status, swap.date) == ("agreed", dt.date(2024, 6, 7))


def test_the_first_stage_of_an_agreed_exchange_carried_out_completes_it(watch: Watch) -> None:
    text = "Ukraine and Russia carried out the first stage of the prisoner exchange agreed in Istanbul on Friday."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.location, swap.mediators) == ("completed", None, [])


@pytest.mark.parametrize(
    "text",
    [
        "Turkey is to host Russia-Ukraine talks on Monday, Erdogan said on Saturday.",
        "Turkey has agreed to host talks between Russia and Ukraine on Monday, Erdogan said on Saturday.",
    ],
)
def test_a_host_set_to_hold_the_round_plans_it(text: str, watch: Watch) -> None:
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.date, talks.mediators) == ("planned", MONDAY, ["TR"])


@pytest.mark.parametrize(
    "text",
    [
        "Guterres invited Russia and Ukraine to hold a new round of talks in Geneva.",
        "Russia and Ukraine need to hold talks, Erdogan said.",
        "Zelensky says he is 'ready' for talks with Russia in Turkey.",
        "Erdogan urged Russia and Ukraine to hold talks in Istanbul.",
    ],
)
def test_talks_asked_of_the_sides_are_proposed(text: str, watch: Watch) -> None:
    assert only(current(text, SATURDAY, watch), "talks").status == "proposed"


def test_a_host_eager_to_host_offers_and_holds_nothing(watch: Watch) -> None:
    found = current("Turkey is eager to host talks between Russia and Ukraine.", SATURDAY, watch)
    assert [(e.type, e.status, e.mediators) for e in found] == [("mediation_offer", "proposed", ["TR"])]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Russia and Ukraine trade 103 prisoners each after UAE mediation.", 103),
        ("Ukraine gets back 909 bodies from Russia in the latest repatriation.", None),
    ],
)
def test_swaps_told_in_the_present_tense(text: str, count: int | None, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.count) == ("completed", ["RU", "UA"], count)


@pytest.mark.parametrize(
    ("text", "location", "mediators"),
    [
        ("Israeli negotiators will travel to Doha on Monday to resume talks with Hamas, Netanyahu's office said on "
         "Saturday.", "Doha", ["QA"]),
        ("Zelensky flew to Washington on Friday after talks with Russia in Istanbul.", "Istanbul", ["TR"]),
    ],
)
def test_where_negotiators_travel_for_talks_is_their_place(
    text: str, location: str, mediators: list[str], watch: Watch
) -> None:
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.location, talks.mediators) == (location, mediators)


def test_officials_working_on_a_new_swap_have_not_swapped_yet(watch: Watch) -> None:
    text = WAR + "Ukrainian and Russian officials are working on a new prisoner exchange, Kyiv said on Friday."
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == "planned"


@pytest.mark.parametrize(
    "text",
    [
        "Russia and Ukraine did not exchange prisoners on Friday, despite earlier reports.",
        "Russia and Ukraine didn't swap prisoners on Friday.",
    ],
)
def test_a_swap_said_not_to_have_happened_is_denied(text: str, watch: Watch) -> None:
    assert current(text, SATURDAY, watch) == []
    assert only(events(text, SATURDAY, watch), "prisoner_exchange").status == "denied"


def test_the_place_after_a_since_year_and_its_verb_is_the_rounds(watch: Watch) -> None:
    text = ("The first direct talks between Russia and Ukraine since 2022 began in Istanbul on Friday, with Turkish "
            "Foreign Minister Hakan Fidan opening the meeting.")
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.location, talks.mediators, talks.date) == ("Istanbul", ["TR"], dt.date(2024, 6, 7))


def test_phone_calls_in_the_plural_are_calls(watch: Watch) -> None:
    call = only(current("Erdogan held phone calls with Putin on Friday.", SATURDAY, watch), "leader_call")
    assert (call.status, call.parties, call.date) == ("held", ["RU", "TR"], dt.date(2024, 6, 7))


def test_a_leader_not_planning_to_meet_another_denies_the_meeting(watch: Watch) -> None:
    text = WAR + "The Kremlin said on Friday that Putin was not planning to meet Zelensky for now."
    assert current(text, SATURDAY, watch) == []
    assert only(events(text, SATURDAY, watch), "leader_meeting").status == "denied"


def test_prisoners_released_as_agreed_at_talks_were_released(watch: Watch) -> None:
    text = (WAR + "Russia and Ukraine completed a prisoner swap on Friday, each freeing 303 soldiers.\n"
            "In total, 1,000 prisoners were released by each side, as agreed at talks in Istanbul earlier this month.")
    swaps = [event for event in current(text, SATURDAY, watch) if event.type == "prisoner_exchange"]
    assert [(swap.status, swap.date) for swap in swaps] == [("completed", dt.date(2024, 6, 7))]


def test_putrajaya_is_malaysias_venue(watch: Watch) -> None:
    text = ("Thailand and Cambodia agreed to an immediate ceasefire at talks hosted by Malaysia in Putrajaya on "
            "Friday.")
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.parties, talks.mediators, talks.location) == (["KH", "TH"], ["MY"], "Putrajaya")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("There will be no prisoner exchange this week, Ukraine's ombudsman said on Friday.", "prisoner_exchange"),
        ("Zelensky said on Friday he saw no point in further talks with Russian delegations.", "talks"),
        ("Peskov said it was impossible to say when the next round of talks with Ukraine would take place.", "talks"),
    ],
)
def test_events_said_not_to_come_are_denied(text: str, kind: str, watch: Watch) -> None:
    found = events(WAR + text, SATURDAY, watch)
    assert [event for event in found if event.current] == []
    assert only(found, kind).status == "denied"


def test_a_host_ready_for_the_next_round_is_never_one_of_its_sides(watch: Watch) -> None:
    text = ("Turkey's foreign ministry said on Friday it was ready to host a fourth round in Istanbul.\n"
            "A senior Ukrainian official said Kyiv did not expect the next round before September.")
    found = current(text, SATURDAY, watch)
    offer = only(found, "mediation_offer")
    assert (offer.parties, offer.mediators, offer.location) == (["UA"], ["TR"], "Istanbul")
    assert not [event for event in found if "TR" in event.parties]


def test_talks_keep_their_place_and_past_from_the_deal_they_were_about(watch: Watch) -> None:
    text = ("Pashinyan and Aliyev met at the White House on Friday, where they signed a joint declaration.\n"
            "Talks between Baku and Yerevan on a peace treaty had been held in Abu Dhabi in May, mediated by the UAE.")
    found = events(text, SATURDAY, watch)
    talks = only(found, "talks")
    assert (talks.current, talks.location, talks.mediators) == (False, "Abu Dhabi", ["AE"])
    assert [event.type for event in found if event.current] == ["leader_meeting", "agreement"]


@pytest.mark.parametrize(
    "text",
    [
        "The talks ended with an agreement on a prisoner exchange of 1,000 for 1,000.",
        "They lasted less than two hours and ended with an agreement on a prisoner exchange of 1,000 for 1,000.",
    ],
)
def test_talks_that_ended_with_an_agreement_on_a_swap_agreed_it(text: str, watch: Watch) -> None:
    swap = only(current(WAR + text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.count) == ("agreed", ["RU", "UA"], 1000)


def test_a_side_ready_to_hand_over_bodies_offers_no_mediation(watch: Watch) -> None:
    text = ("Russia said on Friday it was ready to hand over the bodies of 6,000 Ukrainian soldiers.\n"
            "Ukraine said no date had been agreed for the handover.")
    found = events(text, SATURDAY, watch)
    assert [(event.type, event.status, event.parties) for event in found] == [
        ("prisoner_exchange", "proposed", ["RU", "UA"])]


@pytest.mark.parametrize(
    ("text", "mediators"),
    [
        ("The Vatican-mediated release of two Ukrainian priests held by Russia took place on Friday.", ["VA"]),
        ("Saudi Arabia helped secure the release of ten foreign fighters held by Russia on Friday.", ["SA"]),
    ],
)
def test_the_broker_of_a_release_of_few_people_is_who_mediated_it(
    text: str, mediators: list[str], watch: Watch
) -> None:
    release = only(current(WAR + text, SATURDAY, watch), "prisoner_exchange")
    assert (release.status, release.parties, release.mediators) == ("completed", ["RU", "UA"], mediators)


def test_talks_on_a_named_truce_begin_where_and_when_the_sentence_says(watch: Watch) -> None:
    text = WAR + "Technical talks on a Black Sea truce would begin in Jeddah on Monday, the Kremlin said on Friday."
    found = current(text, SATURDAY, watch)
    talks = only(found, "talks")
    assert (talks.status, talks.location, talks.date, talks.mediators) == ("planned", "Jeddah", MONDAY, ["SA"])
    assert only(found, "ceasefire").status == "proposed"


def test_a_swap_announced_for_the_day_of_publication_is_dated(watch: Watch) -> None:
    text = WAR + "Russia and Ukraine will exchange 175 prisoners each on Saturday, the Kremlin said."
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.date, swap.count) == ("planned", SATURDAY, 175)


def test_officials_the_talks_were_with_are_no_speakers_and_a_side_ready_to_accept_offers_nothing(
    watch: Watch,
) -> None:
    text = ("Ukraine said on Friday it was ready to accept a U.S. proposal for a ceasefire after talks with American "
            "officials in Jeddah.")
    found = current(text, SATURDAY, watch)
    talks = only(found, "talks")
    assert (talks.parties, talks.location, talks.mediators) == (["UA", "US"], "Jeddah", ["SA"])
    assert not [event for event in found if event.type == "mediation_offer"]


@pytest.mark.parametrize(
    "text",
    [
        "Russia and Ukraine on Friday began the largest prisoner exchange of the war, swapping 390 people each.",
        "Russia and Ukraine began the largest prisoner exchange of the war on Friday, swapping 390 people each.",
    ],
)
def test_a_swap_begun_is_carried_out(text: str, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.date, swap.count) == ("completed", dt.date(2024, 6, 7), 390)


def test_a_swap_they_began_to_prepare_is_not_carried_out_nor_dated(watch: Watch) -> None:
    swap = only(current("Russia and Ukraine began preparing a prisoner exchange on Saturday.", SATURDAY, watch),
                "prisoner_exchange")
    assert (swap.status, swap.date) == ("planned", None)


def test_the_place_and_day_after_since_the_cold_war_are_the_swaps(watch: Watch) -> None:
    text = ("Russia and the United States carried out their biggest prisoner swap since the Cold War in Ankara on "
            "Thursday, with Turkey's intelligence agency coordinating the exchange.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.location, swap.date) == (
        ["RU", "US"], ["TR"], "Ankara", dt.date(2024, 6, 6))


def test_an_offer_written_as_its_subjects_own_is_the_subjects(watch: Watch) -> None:
    text = WAR + "The Vatican said on Friday it had received no response from Moscow to its offer to host talks."
    offer = only(current(text, SATURDAY, watch), "mediation_offer")
    assert (offer.parties, offer.mediators) == (["RU", "UA"], ["VA"])


def test_welcoming_a_leaders_offer_is_no_meeting_with_him(watch: Watch) -> None:
    found = current(WAR + "Zelensky welcomed Erdogan's offer to host talks with Russia.", SATURDAY, watch)
    assert [(event.type, event.mediators) for event in found] == [("mediation_offer", ["TR"])]


def test_who_thanks_the_red_cross_is_a_side_of_the_swap_not_its_broker(watch: Watch) -> None:
    text = ("Russia, Ukraine return bodies of fallen soldiers\n\n"
            "Russia handed over the bodies of 1,000 Ukrainian soldiers and received 19 of its own in return, "
            "officials in Kyiv and Moscow said on Friday. Ukraine's coordination headquarters thanked the "
            "International Committee of the Red Cross for its help.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.mediators) == ("completed", ["RU", "UA"], ["ICRC"])


@pytest.mark.parametrize(("text", "status"), [
    ("Kyiv accused Moscow on Friday of delaying a promised exchange of civilian detainees.", "agreed"),
    ("Ukraine says Russia stalling on swap of civilians", "agreed"),
    ("Kyiv said Moscow was blocking an agreed prisoner swap.", "agreed"),
    ("Kyiv said Moscow was blocking a prisoner swap.", "proposed"),
])
def test_a_swap_held_up_is_not_carried_out(text: str, status: str, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties) == (status, ["RU", "UA"])


def test_talks_at_which_a_pending_swap_was_agreed_in_principle_are_past(watch: Watch) -> None:
    text = ("Kyiv accused Moscow of delaying a promised exchange of civilians. The exchange was agreed in "
            "principle at talks in Istanbul, Ukraine's ombudsman said.")
    found = events(text, SATURDAY, watch)
    assert [(event.type, event.status, event.current) for event in found] == [
        ("prisoner_exchange", "agreed", True), ("talks", "held", False)]


def test_a_peace_envoy_is_a_go_between_not_a_side(watch: Watch) -> None:
    text = "Russian and Ukrainian negotiators held talks in Geneva on Friday with the Vatican's peace envoy."
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.parties, talks.mediators) == (["RU", "UA"], ["CH", "VA"])
    visit = ("Cardinal Zuppi, the Pope's peace envoy, arrived in Moscow on Wednesday for talks on the return of "
             "Ukrainian children.")
    assert not [(event.parties, event.mediators) for event in current(visit, SATURDAY, watch)]


def test_a_headlines_agree_with_its_object_is_agreed_not_carried_out(watch: Watch) -> None:
    text = ("Russia and Ukraine agree new prisoner swap at Istanbul talks\n\n"
            "Russian and Ukrainian delegations met in Istanbul on Friday and agreed to exchange a further 500 "
            "prisoners each.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.date, swap.count) == ("agreed", dt.date(2024, 6, 7), 500)


def test_the_count_of_a_swap_told_by_each_side_in_its_own_sentence(watch: Watch) -> None:
    text = ("Russia and Ukraine carried out a prisoner exchange on Friday, Kyiv said. 95 Ukrainian soldiers are "
            "home, it said. Moscow said 95 Russian servicemen were returned.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.count, len(swap.evidence)) == ("completed", 95, 3)


def test_talks_are_where_they_are_held_not_in_the_war_they_are_about(watch: Watch) -> None:
    text = ("Saudi Arabia will host talks between senior US and Russian officials in Riyadh next week on ending the "
            "war in Ukraine, the Saudi foreign ministry said on Saturday.")
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.mediators, talks.location) == (
        "planned", ["RU", "US"], ["SA"], "Riyadh")


def test_a_fifth_round_is_talks_and_a_first_name_is_no_other_leader(watch: Watch) -> None:
    text = ("Iranian and American negotiators held a fourth round of talks in Muscat on Friday, with Oman "
            "mediating. Iranian Foreign Minister Abbas Araghchi described the talks as useful. A fifth round "
            "would be held in Rome, Oman said.")
    found = current(text, SATURDAY, watch)
    assert [(event.status, event.parties, event.location) for event in found] == [
        ("held", ["IR", "US"], "Muscat"), ("planned", ["IR", "US"], "Rome")]


@pytest.mark.parametrize("text", [
    "Russia and Ukraine accused each other on Friday of violating a 30-hour Easter ceasefire.",
    WAR + "The Easter truce declared by Putin was breached hundreds of times, Kyiv said on Friday.",
])
def test_a_truce_violated_was_in_force(text: str, watch: Watch) -> None:
    truce = only(current(text, SATURDAY, watch), "ceasefire")
    assert (truce.status, truce.parties) == ("agreed", ["RU", "UA"])


def test_one_of_the_things_discussed_is_only_proposed(watch: Watch) -> None:
    text = WAR + ("Russian and Ukrainian negotiators met in Istanbul on Friday and discussed the next steps, "
                  "including another prisoner exchange.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties) == ("proposed", ["RU", "UA"])


def test_where_the_freed_are_is_not_where_the_swap_was(watch: Watch) -> None:
    text = ("Ukraine and Russia each freed 84 prisoners of war on Friday, officials said. Moscow said the returned "
            "Russian servicemen were in Belarus and would be taken to Russia. The United Arab Emirates mediated "
            "the exchange, it said.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.location, swap.mediators, swap.count) == (None, ["AE"], 84)


@pytest.mark.parametrize(("text", "status"), [
    ("Russia and Ukraine to swap 500 prisoners each.", "planned"),
    ("Erdogan urged Russia to free Ukrainian prisoners held since 2022, saying Kyiv was ready.", "proposed"),
    (WAR + "Kyiv wants Moscow to release all civilians in an exchange.", "proposed"),
])
def test_a_swap_still_to_come_or_only_wanted_is_not_carried_out(text: str, status: str, watch: Watch) -> None:
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == status


def test_a_host_written_as_the_verbs_subject_hosts(watch: Watch) -> None:
    text = ("Egypt hosts Hamas delegation for talks on second phase of truce.\n\n"
            "A Hamas delegation arrived in Cairo on Friday for talks with Egyptian mediators, a Hamas official "
            "said. An Israeli delegation is expected in Cairo next week.")
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.parties, talks.mediators, talks.location) == (["IL", "PS"], ["EG"], "Cairo")


def test_an_anniversarys_this_week_is_of_the_day_counted_back_to(watch: Watch) -> None:
    text = "Three years ago this week, Russian and Ukrainian delegations met in Istanbul for peace talks."
    talks = only(events(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.current, talks.date) == ("held", False, None)


def test_two_leaders_talks_are_their_meeting_whoever_a_later_clause_names(watch: Watch) -> None:
    text = ("Turkish President Tayyip Erdogan held talks with Russian President Vladimir Putin in Sochi on Friday, "
            "focusing on reviving the grain deal that Moscow quit in July.")
    found = current(text, SATURDAY, watch)
    assert [(event.type, event.parties, event.location) for event in found] == [
        ("leader_meeting", ["RU", "TR"], "Sochi")]


def test_a_church_named_for_a_rite_is_no_side(watch: Watch) -> None:
    text = ("Two Ukrainian Greek Catholic priests held by Russian forces have been freed in a prisoner exchange, "
            "Zelensky said on Friday, thanking the Vatican for its efforts.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators) == (["RU", "UA"], ["VA"])


def test_calls_with_one_leader_and_then_with_another_are_two_each_with_its_day(watch: Watch) -> None:
    text = "Erdogan spoke by phone with Putin on Tuesday and with Zelensky on Friday."
    found = current(text, SATURDAY, watch)
    assert [(event.type, event.parties, event.date) for event in found] == [
        ("leader_call", ["RU", "TR"], dt.date(2024, 6, 4)), ("leader_call", ["TR", "UA"], dt.date(2024, 6, 7))]


def test_he_who_also_called_is_the_previous_sentences_first_leader(watch: Watch) -> None:
    text = "Erdogan spoke by phone with Putin on Tuesday. He also spoke by phone with Zelensky on Friday."
    found = current(text, SATURDAY, watch)
    assert [(event.parties, event.date) for event in found] == [
        (["RU", "TR"], dt.date(2024, 6, 4)), (["TR", "UA"], dt.date(2024, 6, 7))]


@pytest.mark.parametrize("text", [
    "Russia handed over 1,000 bodies to Ukraine on Friday.",
    "Russia handed Ukraine 6,000 bodies on Friday under the agreements reached in Istanbul.",
])
def test_bodies_handed_to_the_other_side_in_thousands(text: str, watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date) == ("completed", ["RU", "UA"], dt.date(2024, 6, 7))


def test_talks_named_a_little_after_an_offer_are_what_is_offered(watch: Watch) -> None:
    text = WAR + "Turkey is ready to host Ukraine, Russia technical talks on navigation, Fidan said on Friday."
    assert [event.type for event in current(text, SATURDAY, watch)] == ["mediation_offer"]


def test_a_place_and_day_of_another_event_told_after_are_not_the_swaps(watch: Watch) -> None:
    text = ("Azerbaijan released four Armenian detainees on Friday, days before the two countries' foreign ministers "
            "are due to meet in Washington.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.location, swap.date) == (None, dt.date(2024, 6, 7))
    text = "Russia and Ukraine swapped 90 prisoners each on Friday, days after their delegations met in Istanbul."
    found = current(text, SATURDAY, watch)
    assert [(event.type, event.date) for event in found] == [("talks", None), ("prisoner_exchange", dt.date(2024, 6, 7))]


@pytest.mark.parametrize(("text", "parties"), [
    ("Three Israeli hostages were released by Hamas on Friday.", ["IL", "PS"]),
    ("Ukraine brought back 150 of its defenders from Russian captivity on Friday.", ["RU", "UA"]),
])
def test_a_release_told_in_the_passive_or_as_who_was_brought_back(text: str, parties: list[str], watch: Watch) -> None:
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date) == ("completed", parties, dt.date(2024, 6, 7))


@pytest.mark.parametrize(("text", "status", "day"), [
    ("Russia and Ukraine met in Istanbul on Friday.", "held", dt.date(2024, 6, 7)),
    ("Kyiv and Moscow are set to meet again in Istanbul next Monday.", "planned", dt.date(2024, 6, 10)),
    ("Russia and Ukraine met indirectly in Istanbul on Friday.", "held", dt.date(2024, 6, 7)),
    ("Delegations from Moscow and Kyiv gathered at a palace in Istanbul on Friday.", "held", dt.date(2024, 6, 7)),
    ("A new round of Russia-Ukraine talks is planned for Istanbul on Monday.", "planned", dt.date(2024, 6, 10)),
])
def test_states_that_meet_hold_talks(text: str, status: str, day: dt.date, watch: Watch) -> None:
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.location, talks.date) == (status, ["RU", "UA"], "Istanbul", day)


def test_states_that_met_a_demand_held_no_talks(watch: Watch) -> None:
    assert not current("Turkey and Russia met the demands of their creditors on Friday.", SATURDAY, watch)


def test_a_broker_of_separate_news_is_not_the_swaps(watch: Watch) -> None:
    text = ("Ukraine and Russia exchanged 95 prisoners each on Friday, with the United Arab Emirates mediating. "
            "Separately, Zelensky thanked Qatar for its help in returning Ukrainian children deported to Russia.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert swap.mediators == ["AE"]


def test_a_named_bourse_and_talks_with_creditors_are_no_mediation(watch: Watch) -> None:
    text = ("The ruble firmed on the Moscow Exchange on Friday as oil rose. Trading in Ukrainian bonds was "
            "suspended. Analysts said talks between Russia and its creditors on coupon payments had not started.")
    assert not current(text, SATURDAY, watch)


def test_talks_not_yet_started_are_denied(watch: Watch) -> None:
    talks = only(events("Direct talks between Russia and Ukraine have not yet started, Peskov said on Friday.",
                        SATURDAY, watch), "talks")
    assert (talks.status, talks.current) == ("denied", False)


def test_a_researcher_freed_in_return_for_a_dancer_is_a_swap(watch: Watch) -> None:
    text = ("Russia released French researcher Laurent Vinatier on Friday, the Elysee said. In return, France "
            "freed a Russian dancer, Russian media reported.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date) == ("completed", ["FR", "RU"], dt.date(2024, 6, 7))


def test_a_football_club_releasing_a_player_after_an_offer_is_no_event(watch: Watch) -> None:
    text = ("Turkish club Galatasaray released Ukrainian football player Yaremchuk on Friday after Russia-based "
            "Zenit made an offer.")
    assert not current(text, SATURDAY, watch)


@pytest.mark.parametrize(("text", "kind"), [
    ("Contrary to media reports, no meeting between Lavrov and Sybiha took place in Istanbul.", "leader_meeting"),
    ("Reports of secret talks between Russia and Ukraine in Doha are false, the Kremlin said.", "talks"),
    ("The Kremlin dismissed as fake reports of talks with Ukraine in Doha.", "talks"),
])
def test_reports_called_false_and_a_meeting_that_did_not_take_place_are_denied(
    text: str, kind: str, watch: Watch
) -> None:
    event = only(events(text, SATURDAY, watch), kind)
    assert (event.status, event.current) == ("denied", False)


@pytest.mark.parametrize("text", [
    "Will Russia and Ukraine hold talks in Istanbul next week?",
    "Could a prisoner swap between Russia and Ukraine be next?",
])
def test_a_question_tells_no_event(text: str, watch: Watch) -> None:
    assert not events(text, SATURDAY, watch)


def test_talks_held_no_more_since_are_denied(watch: Watch) -> None:
    talks = only(events("Ukraine and Russia have held no direct talks since the spring.", SATURDAY, watch), "talks")
    assert (talks.status, talks.current) == ("denied", False)


@pytest.mark.parametrize("text", [
    "Negotiators from Russia and Ukraine are working out the details of a prisoner swap.",
    "Ukraine handed Russia a list of 1,000 prisoners it wants back in an exchange.",
])
def test_a_swap_being_worked_out_is_planned(text: str, watch: Watch) -> None:
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == "planned"


@pytest.mark.parametrize(("verb", "status"), [
    ("backed", "proposed"), ("is negotiating", "proposed"), ("is considering", "proposed"),
    ("is lobbying for", "proposed"), ("insists on", "proposed"), ("welcomed", "completed"),
])
def test_a_swap_named_as_the_object_of_a_verb_takes_place_only_by_that_verb(
    verb: str, status: str, watch: Watch
) -> None:
    text = f"Kyiv {verb} a prisoner exchange with Moscow, officials said."
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == status


def test_a_swap_named_as_the_subject_takes_the_status_of_its_far_predicate(watch: Watch) -> None:
    text = ("A prisoner swap between Russia and Ukraine brokered by the United Arab Emirates is expected in the "
            "coming days.")
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == "planned"


@pytest.mark.parametrize(("text", "status"), [
    ("Zelensky requested a call with Putin, his office said.", "proposed"),
    ("Erdogan had a call with Putin on Friday.", "held"),
])
def test_a_call_named_as_an_object_is_held_only_by_its_verb(text: str, status: str, watch: Watch) -> None:
    assert only(current(text, SATURDAY, watch), "leader_call").status == status


def test_a_meeting_announced_is_planned(watch: Watch) -> None:
    text = "Zelensky announced a meeting with Erdogan in Ankara on Tuesday."
    meeting = only(current(text, SATURDAY, watch), "leader_meeting")
    assert (meeting.status, meeting.date) == ("planned", dt.date(2024, 6, 11))


def test_teams_of_two_states_that_meet_in_a_semi_final_hold_no_talks(watch: Watch) -> None:
    assert not current("France and Germany meet in the World Cup semi-final in Doha on Friday.", SATURDAY, watch)


def test_swaps_carried_out_several_times_are_a_running_total(watch: Watch) -> None:
    text = "Since the talks in Istanbul, Russia and Ukraine have swapped prisoners several times."
    assert not [event for event in current(text, SATURDAY, watch) if event.type == "prisoner_exchange"]


def test_an_offer_to_broker_a_swap_is_an_offer_not_a_swap(watch: Watch) -> None:
    found = current("Qatar offered to broker a prisoner swap between Russia and Ukraine.", SATURDAY, watch)
    assert [(event.type, event.parties, event.mediators) for event in found] == [
        ("mediation_offer", ["RU", "UA"], ["QA"])]


def test_a_swap_the_sides_agreed_to_keep_working_on_is_planned(watch: Watch) -> None:
    text = WAR + "The sides agreed on Friday to continue working on a new prisoner exchange, a Turkish source said."
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == "planned"


def test_a_deal_signed_only_once_it_is_ready_is_no_deal(watch: Watch) -> None:
    text = WAR + "The Kremlin said a leaders' meeting was possible only once a peace agreement was ready to be signed."
    assert not [event for event in current(text, SATURDAY, watch) if event.type == "agreement"]


def test_the_broker_of_a_swap_is_not_given_to_talks_planned_elsewhere(watch: Watch) -> None:
    text = ("Russia and Ukraine swapped 175 prisoners each on Friday. The United Arab Emirates said it had "
            "mediated the exchange. US and Russian officials are due to meet in Saudi Arabia on Monday to discuss "
            "a Black Sea ceasefire, the Kremlin said.")
    found = current(text, SATURDAY, watch)
    swap, talks = only(found, "prisoner_exchange"), only(found, "talks")
    assert (swap.mediators, talks.parties, talks.mediators) == (["AE"], ["RU", "US"], ["SA"])


def test_a_phone_call_to_a_ceasefire_is_a_call(watch: Watch) -> None:
    text = ("Russia and Ukraine swapped 175 prisoners each on Friday, a day after Putin and Trump agreed in a phone "
            "call to a limited ceasefire on energy targets.")
    assert only(current(text, SATURDAY, watch), "leader_call").parties == ["RU", "US"]


def test_a_swap_said_to_go_on_the_next_day_is_the_same_swap(watch: Watch) -> None:
    text = ("Ukraine and Russia on Friday exchanged 390 prisoners each in the first stage of the largest swap of the "
            "war, officials said. Zelensky said the exchange, which includes civilians, would continue on Saturday "
            "and Sunday. Moscow said its servicemen had been returned from territory held by Kyiv and were in "
            "Belarus.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.status, swap.date, swap.count, swap.location, swap.mediators) == (
        "completed", dt.date(2024, 6, 7), 390, None, [])


def test_the_red_cross_the_hostages_are_handed_to_mediates_the_swap_not_the_truce(watch: Watch) -> None:
    text = ("Hamas released three Israeli women held in Gaza on Friday, handing them to the Red Cross, hours after a "
            "ceasefire took effect, the Israeli military said.")
    found = current(text, SATURDAY, watch)
    assert (only(found, "prisoner_exchange").mediators, only(found, "ceasefire").mediators) == (["ICRC"], [])


def test_talks_on_the_second_phase_of_a_truce_are_no_new_truce(watch: Watch) -> None:
    text = ("Negotiators from Israel and Hamas will begin talks in Doha next week on the second phase of the Gaza "
            "ceasefire, an official said on Friday.")
    assert [(event.type, event.status) for event in current(text, SATURDAY, watch)] == [("talks", "planned")]


def test_leaders_due_to_meet_will_meet(watch: Watch) -> None:
    text = "Netanyahu is due to meet Trump at the White House on Tuesday, before sending a delegation to Qatar."
    meeting = only(current(text, SATURDAY, watch), "leader_meeting")
    assert (meeting.status, meeting.parties, meeting.location, meeting.date) == (
        "planned", ["IL", "US"], None, dt.date(2024, 6, 11))


def test_a_swap_by_a_side_named_in_its_own_city_keeps_that_side(watch: Watch) -> None:
    text = ("Hamas freed four Israeli soldiers in Gaza City on Friday and Israel released 200 Palestinian prisoners "
            "in return. Qatar and Egypt said they were working to keep the truce on track.")
    swap = only(current(text, SATURDAY, watch), "prisoner_exchange")
    assert (swap.parties, swap.date) == (["IL", "PS"], dt.date(2024, 6, 7))


def test_talks_expected_to_continue_the_next_day_are_the_same_round(watch: Watch) -> None:
    text = ("Israeli and Hamas negotiators held indirect talks in Doha on Friday with Qatari mediators. The talks "
            "are expected to continue on Saturday.")
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.date) == ("held", dt.date(2024, 6, 7))


def test_a_proposal_to_extend_a_truce_rejected_is_denied(watch: Watch) -> None:
    text = "Hamas rejected Israel's proposal to extend the first phase of the ceasefire on Friday."
    truce = only(events(text, SATURDAY, watch), "ceasefire")
    assert (truce.status, truce.current) == ("denied", False)


def test_a_round_to_hold_on_a_day_to_come_is_one_with_the_round_planned(watch: Watch) -> None:
    text = ("Iran, US to hold fifth round of nuclear talks in Rome on Tuesday, Oman says.\n\n"
            "Iran and the United States will hold a fifth round of talks in Rome on Tuesday, Oman's foreign "
            "minister said.")
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.date, talks.location) == ("planned", dt.date(2024, 6, 11), "Rome")


def test_two_states_urged_to_free_prisoners_are_only_asked(watch: Watch) -> None:
    text = "Erdogan urged Russia and Ukraine to free all prisoners."
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").status == "proposed"


def test_officials_of_others_who_join_the_talks_are_go_betweens(watch: Watch) -> None:
    text = ("Negotiators from Israel and Hamas will begin talks in Doha next week, an official said on Friday. "
            "Egyptian and Qatari officials will take part in the talks, the official said.")
    talks = only(current(text, SATURDAY, watch), "talks")
    assert (talks.status, talks.parties, talks.mediators) == ("planned", ["IL", "PS"], ["EG", "QA"])


def test_the_un_general_assembly_is_where_a_leader_speaks_not_a_broker(watch: Watch) -> None:
    text = ("Russia and Ukraine swapped 100 prisoners each on Friday with Turkey mediating. Erdogan, who is in New "
            "York for the U.N. General Assembly, said the swap showed that dialogue still worked.")
    assert only(current(text, SATURDAY, watch), "prisoner_exchange").mediators == ["TR"]


def test_an_organisation_named_as_an_owner_is_no_broker(watch: Watch) -> None:
    text = ("Russian and Ukrainian delegations held talks in Istanbul on Friday. Kyiv fears Moscow is using these "
            "talks to delay the European Union's next round of sanctions.")
    assert only(current(text, SATURDAY, watch), "talks").mediators == ["TR"]


def test_a_swap_agreed_at_the_round_the_article_reports_is_not_brokered_by_the_rounds_hosts(watch: Watch) -> None:
    text = ("Russian and Ukrainian delegations held talks in Istanbul on Friday. Mediation efforts from both Turkey "
            "and the United States brought the two sides to the table. Both countries agreed to release 1,000 "
            "prisoners of war each.")
    found = current(text, SATURDAY, watch)
    assert (only(found, "talks").mediators, only(found, "prisoner_exchange").mediators) == (["TR", "US"], [])


def test_a_broker_named_only_in_a_past_mention_is_not_the_current_swaps(watch: Watch) -> None:
    text = (
        "Armenia and Azerbaijan exchanged 32 prisoners on Sunday at a crossing on their border, the two foreign "
        "ministries said. No third country was involved in Sunday's handover, an Armenian official said. "
        "The last such exchange, in June, was facilitated by the United States."
    )
    swap = only(current(text, dt.date(2024, 12, 9), watch), "prisoner_exchange")
    assert (swap.parties, swap.mediators, swap.date) == (["AM", "AZ"], [], dt.date(2024, 12, 8))


@pytest.mark.parametrize("text", [
    "Armenia's foreign minister said on Tuesday that Yerevan hoped to revive prisoner exchanges with Azerbaijan "
    "under the deal reached in Abu Dhabi.",
    "Armenia wants to resume prisoner exchanges with Azerbaijan under the agreement struck in Abu Dhabi, its foreign "
    "ministry said on Tuesday.",
])
def test_a_wish_to_revive_swaps_under_an_old_deal_proposes_them_without_its_place(text: str, watch: Watch) -> None:
    swap = only(current(text, dt.date(2025, 6, 10), watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.mediators, swap.location) == ("proposed", ["AM", "AZ"], [], None)


def test_leaders_who_met_separately_with_a_mediator_held_talks_through_it(watch: Watch) -> None:
    text = ("Vucic and Kurti met separately with the EU's envoy in Brussels on Monday but again refused to sit "
            "down together.")
    talks = only(current(text, MONDAY + dt.timedelta(days=1), watch), "talks")
    assert (talks.status, talks.parties, talks.mediators, talks.date) == ("held", ["RS", "XK"], ["EU"], MONDAY)
    assert not [event for event in events(text, MONDAY, watch) if event.type == "leader_meeting"]
    assert events("Vucic and Kurti met separately on Monday, each with his own advisers.", MONDAY, watch) == []


def test_a_swap_to_come_under_an_old_deal_is_planned_for_its_day(watch: Watch) -> None:
    text = "Armenia and Azerbaijan will exchange prisoners on Friday under the deal agreed in Abu Dhabi, officials said."
    swap = only(current(text, dt.date(2025, 6, 10), watch), "prisoner_exchange")
    assert (swap.status, swap.parties, swap.date, swap.location) == ("planned", ["AM", "AZ"], dt.date(2025, 6, 13), None)
