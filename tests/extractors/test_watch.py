"""Loading and validating the watch configuration."""

from __future__ import annotations

import pathlib
import tomllib

import pytest
import regex

from mediawatch.extractors.models import EVENT_TYPES
from mediawatch.extractors.tagger import find_actors, tag_events
from mediawatch.extractors.watch import (
    FilteredPatterns,
    Watch,
    WordFilter,
    _word_filter,
    default_watch_path,
    fold,
    load_watch,
)


def test_bundled_watch_covers_every_event_type_and_key_actors() -> None:
    watch = load_watch()
    assert set(watch.events) == set(EVENT_TYPES)
    assert watch.events["leader_call"].parties == "leaders"
    for code in ("RU", "UA", "TR", "US", "BY", "QA", "SA", "AE", "VA", "UN", "CN", "FR", "DE", "GB", "IL", "PS", "EG", "IR", "IN", "PK"):
        assert code in watch.actors
    assert watch.actors["UN"].kind == "organisation"


@pytest.mark.parametrize(
    ("tables", "header", "sample"),
    [
        ("events", "# [events.TYPE]", {"needs_mediator", "article_mediators", "outside_leaders_mediate"}),
        ("actors", "# [actors.CODE]", {"places", "venues"}),
    ],
)
def test_every_setting_is_documented_in_the_watch_file(tables: str, header: str, sample: set[str]) -> None:
    """Each key a table of `tables` holds is explained in the comment above those tables."""
    text = _bundled_text()
    comment = text[text.index(header) : text.index(f"\n[{tables}.")]
    documented = set(regex.findall(r"^#\s{3}([a-z_]+)\s", comment, regex.MULTILINE))
    used = {key for table in tomllib.loads(text)[tables].values() for key in table}
    assert used <= documented, f"undocumented {tables} settings: {sorted(used - documented)}"
    assert sample <= used


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Kremlin", "RU"), ("Moscow", "RU"), ("Ankara", "TR"), ("Kyiv", "UA"), ("Kiev", "UA"),
        ("Erdoğan", "TR"), ("Erdogan", "TR"), ("Zelensky", "UA"), ("Zelenskyy", "UA"), ("Zelenskiy", "UA"),
        ("Putin", "RU"), ("Guterres", "UN"), ("National Intelligence Organization", "TR"), ("Doha", "QA"),
    ],
)
def test_gazetteer_forms(written: str, code: str) -> None:
    assert load_watch().surface_forms[written][0] == code


def _write(tmp_path: pathlib.Path, data: str) -> pathlib.Path:
    path = tmp_path / "watch.toml"
    path.write_text(data, encoding="utf-8")
    return path


def _bundled_text() -> str:
    return default_watch_path().read_text(encoding="utf-8")


def _with_malta(tmp_path: pathlib.Path, *lines: str) -> pathlib.Path:
    """The bundled watch with one more actor, [actors.MT], made of `lines`."""
    table = "\n".join(("[actors.MT]", 'name = "Malta"', 'kind = "state"', *lines))
    return _write(tmp_path, _bundled_text().replace("[actors.RU]", table + "\n\n[actors.RU]"))


def test_a_new_mediator_is_data_only(tmp_path: pathlib.Path) -> None:
    watch = load_watch(_with_malta(
        tmp_path, 'aliases = ["Malta", "Maltese", "Valletta"]', 'leaders = ["Abela"]', 'places = ["Valletta"]'
    ))
    assert watch.surface_forms["Valletta"] == ("MT", "alias")
    talks = tag_events("Russian and Ukrainian negotiators met in Valletta on Monday for talks hosted by Malta.", None, watch)
    assert [(e.type, e.parties, e.mediators, e.location) for e in talks] == [("talks", ["RU", "UA"], ["MT"], "Valletta")]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('kind = "organisation"', 'kind = "club"', "actors.UN.kind"),
        ("[events.talks]", "[events.Peace-Talks]", "events.Peace-Talks"),
        ('parties = "leaders"', 'parties = "everyone"', "events.leader_call.parties"),
        ('default_status = "held"', 'default_status = "finished"', "default_status"),
        ("min_parties = 2", 'min_parties = "two"', "min_parties"),
        ("headline_max_words = 14", "headline_max_words = -1", "boilerplate.headline_max_words"),
        ("[status.topic]\nproposed = [", "[status.topic]\nmaybe = [", "status.topic: 'maybe' is not a status"),
        ("outside_leaders_mediate = true", 'outside_leaders_mediate = "yes"',
         "events.prisoner_exchange.outside_leaders_mediate must be true or false"),
    ],
)
def test_invalid_content_names_the_key(tmp_path: pathlib.Path, old: str, new: str, message: str) -> None:
    text = _bundled_text().replace(old, new, 1)
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        load_watch(_write(tmp_path, text))


def test_a_venue_is_reported_as_its_place(tmp_path: pathlib.Path) -> None:
    watch = load_watch(_with_malta(
        tmp_path, 'aliases = ["Malta", "Maltese"]', 'places = ["Valletta"]', 'venues = { "Auberge de Castille" = "Valletta" }'
    ))
    assert watch.surface_forms["Auberge de Castille"] == ("MT", "place")
    talks = tag_events("Russian and Ukrainian negotiators held talks at the Auberge de Castille on Monday.", None, watch)
    assert [(e.type, e.parties, e.mediators, e.location) for e in talks] == [("talks", ["RU", "UA"], ["MT"], "Valletta")]


def test_actors_with_venues_stay_hashable() -> None:
    actors = load_watch().actors
    assert actors["TR"].venues and len(set(actors.values())) == len(actors)


@pytest.mark.parametrize(
    ("venues", "message"),
    [
        ('venues = ["Auberge de Castille"]', 'actors.MT.venues must be a table of venue = "place"'),
        ('venues = { "Auberge de Castille" = "Mdina" }',
         "actors.MT.venues: 'Auberge de Castille' is reported as 'Mdina', which is not one of its places"),
        ('venues = { "Auberge de Castille" = 1 }', "actors.MT.venues: 'Auberge de Castille' must be reported as"),
    ],
)
def test_a_venue_must_name_one_of_its_places(tmp_path: pathlib.Path, venues: str, message: str) -> None:
    with pytest.raises(ValueError, match=regex.escape(message)):
        load_watch(_with_malta(tmp_path, 'aliases = ["Malta"]', 'places = ["Valletta"]', venues))


def test_a_new_event_type_is_data_only(tmp_path: pathlib.Path) -> None:
    extra = (
        "[events.humanitarian_corridor]\n"
        "triggers = ['\\bhumanitarian corridors?\\b']\n"
        'default_status = "agreed"\nstatuses = ["proposed", "agreed", "denied"]\n'
        'min_parties = 2\nneeds_status_cue = true\nparties = "sides"\n\n'
    )
    text = _bundled_text().replace("[events.talks]", extra + "[events.talks]")
    watch = load_watch(_write(tmp_path, text))
    found = tag_events("Russia and Ukraine agreed on a humanitarian corridor from the city.", None, watch)
    assert [(e.type, e.status, e.parties) for e in found] == [("humanitarian_corridor", "agreed", ["RU", "UA"])]


def test_bad_pattern_and_bad_toml_are_value_errors(tmp_path: pathlib.Path) -> None:
    data = tomllib.loads(_bundled_text())
    assert data["events"]["talks"]["triggers"]
    broken = _bundled_text().replace("triggers = [", "triggers = ['(unclosed', ", 1)
    with pytest.raises(ValueError, match="triggers"):
        load_watch(_write(tmp_path, broken))
    with pytest.raises(ValueError, match="not valid TOML"):
        load_watch(_write(tmp_path, "actors = ["))


PREFILTER_SENTENCES = [
    "Delegations from both countries held TALKS in Geneva on Tuesday.",
    "The two sides swapped prisoners of war at the border overnight.",
    "Erdoğan spoke by phone with his counterpart on Friday, his office said.",
    "The ministers met in İstanbul for a second round of negotiations.",
    "A 30-day truce took effect at midnight, both armies said.",
    "The sides signed a memorandum on grain shipments in the presence of the UN chief.",
    "Qatar offered to host the next meeting and said it stands ready to mediate.",
    "Officials from both delegations sat down and talked for hours; envoys meet again on Monday's session.",
    "Kyiv handed over 95 Russian servicemen in return for 95 Ukrainians, freeing them at the border.",
    "Ankara would be happy to facilitate, the minister said, calling Istanbul an ideal venue for the talks.",
    "Fighting would pause for three days, after a lull in the shelling and a halt in hostilities.",
    "Wage talks over pay collapsed, and the club is in negotiations to sign a striker.",
    "The stock exchange fell and the exchange rate slid; a currency swap and swap lines were agreed.",
    "Analysts joined the earnings call and a conference call with investors after the board meeting.",
    "A trade truce and a transfer deal were announced; the merger agreement was signed.",
    "The talks were mediated by Egypt, brokered with Qatari help, under the auspices of the UN, overseen and "
    "supervised by intermediaries with the good offices of Oman; the deal was witnessed by the Red Cross.",
]


def _prefiltered(watch: Watch) -> list[tuple[str, regex.Pattern[str] | FilteredPatterns, WordFilter | None]]:
    """Every pattern the tagger looks for only in the sentences its `WordFilter` admits."""
    found: list[tuple[str, regex.Pattern[str] | FilteredPatterns, WordFilter | None]] = [
        ("mediation_cues", watch.mediation_cues, watch.mediation_cue_words)
    ]
    for name, rule in watch.events.items():
        found.append((f"{name}.triggers", rule.triggers, rule.trigger_words))
        if rule.other_domain:
            found.append((f"{name}.other_domain", rule.other_domain, rule.other_domain_words))
    return found


def test_word_filters_never_skip_a_sentence_their_pattern_matches() -> None:
    """Each filter must admit every text its pattern matches in (the tagger skips the sentences
    it does not admit), whatever the case, dotted and dotless i included."""
    watch = load_watch()
    checked = set()
    for sentence in PREFILTER_SENTENCES:
        dotted = (sentence.replace("i", "ı"), sentence.replace("I", "İ"))
        for variant in (sentence, sentence.upper(), sentence.lower(), *dotted):
            for name, pattern, words in _prefiltered(watch):
                assert words is not None, name
                for match in pattern.finditer(variant):
                    checked.add(name)
                    assert words.admits(fold(match.group(0))), (name, match.group(0))
                    assert words.admits(fold(variant)), (name, variant)
    assert checked == {name for name, _, _ in _prefiltered(watch)}


def test_word_filters_rule_out_most_sentences() -> None:
    """The filters are worth having: a sentence without the words is not admitted."""
    watch = load_watch()
    plain = fold("The minister said on Monday that the weather in the capital was cold and wet.")
    assert not any(words and words.admits(plain) for _, _, words in _prefiltered(watch))
    talks = watch.events["talks"].trigger_words
    assert talks is not None
    assert talks.admits(fold("Officials met on Tuesday."))
    assert not talks.admits(fold("Officials said on Tuesday."))


# At least one sentence for each cue of the bundled watch (`_cues`).
CUE_SENTENCES = [
    "The Kremlin said no new round of talks was planned, and officials ruled out a meeting.",
    "The two foreign ministers signed the accord on Friday.",
    "Delegations will meet in Geneva next week to prepare a summit.",
    "The president proposed a truce over the holiday and urged both sides to accept it.",
    "Both sides exchanged prisoners on Sunday, and the wounded were flown home.",
    "The negotiations in Doha produced a deal on the detainees.",
    "The truce took effect at midnight and remains in force.",
    "The grain deal was extended for four months.",
    "Kyiv handed over a draft to the mediators.",
    "Talks held earlier this year went nowhere, as they had in the past.",
    "Moscow said it stands ready to retaliate.",
    "It is unclear whether the delegations will meet again, or if the swap can go ahead.",
]


def _cues(watch: Watch) -> dict[str, FilteredPatterns]:
    found = {f"status.{name}": cue for name, cue in watch.status_cues.items()}
    found["background.cues"] = watch.background_cues
    found["status.hypothetical"] = watch.hypothetical
    found["roles.mediation_cues"] = watch.mediation_cues
    for event, rule in watch.events.items():
        found |= {f"{event}.status_cues.{status}": cue for status, cue in rule.status_cues.items()}
        found[f"{event}.triggers"] = rule.triggers
        if rule.negative:
            found[f"{event}.negative"] = rule.negative
    return found


def test_cues_find_what_their_patterns_find() -> None:
    """A cue's patterns are searched only in the texts their words admit, each on its own: it must
    find what their alternation finds, whatever the case, from the start of the text or from a
    later position."""
    cues = _cues(load_watch())
    assert all(any(cue.words) for cue in cues.values())  # some pattern is searched only where its words are
    alternations = {
        name: regex.compile("|".join(f"(?:{p.pattern})" for p in cue.patterns), regex.IGNORECASE)
        for name, cue in cues.items()
    }
    matched = set()
    for sentence in [*CUE_SENTENCES, *PREFILTER_SENTENCES]:
        for variant in (sentence, sentence.upper(), sentence.lower(), sentence.replace("i", "ı")):
            for name, cue in cues.items():
                alternation = alternations[name]
                expected = [match.span() for match in alternation.finditer(variant)]
                assert [match.span() for match in cue.finditer(variant)] == expected, (name, variant)
                assert [match.span() for match in cue.finditer(variant, 10)] == [
                    match.span() for match in alternation.finditer(variant, 10)
                ], (name, variant)
                assert (cue.search(variant) is not None) == bool(expected), (name, variant)
                if expected:
                    matched.add(name)
    assert matched == set(cues)


def test_cues_rule_out_sentences_without_their_words() -> None:
    plain = "The minister said on Monday that the weather in the capital had been cold and wet."
    # (a pattern without words, such as hypothetical's "\bif\b", is searched in every text)
    assert [
        name for name, cue in _cues(load_watch()).items() if any(words and words.admits(fold(plain)) for words in cue.words)
    ] == []


def _filter(*patterns: str) -> WordFilter | None:
    return _word_filter({"patterns": list(patterns)}, "patterns", "test")


def test_word_filter_is_a_conjunction_per_alternative() -> None:
    words = _filter(
        r"\b(?:officials|envoys)\b[^.]{0,60}?\b(?:met|meet)\b", r"\btruces?\b", r"\bround of (?:talks|negotiations)\b"
    )
    assert words == WordFilter(
        (
            (("envoys", "officials"), ("meet", "met")),
            (("truce",),),
            (("round of negotiations", "round of talks"),),
        )
    )
    assert words.admits("the envoys met.") and not words.admits("the envoys said.")


def test_word_filter_drops_implied_alternatives_and_redundant_words() -> None:
    assert _filter(r"\bmeet\b", r"\bmeets\b", r"\bmeeting (?:room|point)\b") == WordFilter(((("meet",),),))
    assert _filter(r"\b(?:swap|swapped|swaps)\b") == WordFilter(((("swap",),),))


def test_word_filter_takes_a_branch_by_its_letters_not_its_spaces() -> None:
    """In "hand over" either word is required; " over" is one character longer only by its
    space, and a sentence saying "over the year" must not be read for a handover."""
    words = _filter(r"\b(?:freed|hand(?:ed|s)? over)\s+\d+")
    assert words == WordFilter(((("freed", "hand"),),))
    assert not words.admits("prices rose by 5 percent over the year.")


def test_cue_filter_keeps_a_two_letter_word_with_its_space() -> None:
    """"no " is in few sentences where "no" is in most ("not", "now", "economy"): a denial cue
    such as "no new talks" must not admit every sentence about talks."""
    cue = r"\bno (?:new )?(?:talks|meeting)\b"
    words = _word_filter({"patterns": [cue]}, "patterns", "test", spaced_pairs=True)
    assert words == WordFilter(((("no ",), ("meeting", "talks")),))
    assert words.admits("there will be no talks.") and not words.admits("the talks are now over.")
    assert _filter(cue) == WordFilter(((("meeting", "talks"),),))  # article-wide: "no " would be everywhere
    assert _word_filter({"patterns": [r"\bto\b"]}, "patterns", "test", spaced_pairs=True) is None


@pytest.mark.parametrize(
    "patterns",
    [
        [r"\btalks\b", r"\d+\s\w+"],  # an alternative without a word
        [r"\bto\b"],  # too short to rule anything out
        [r"(?:talks){e<=1}"],  # a `regex` fuzzy match, which `re` reads as text
        [r"\btalks\b", r"\X"],  # a construct the stdlib cannot parse
    ],
)
def test_no_word_filter_when_one_cannot_be_shown(patterns: list[str]) -> None:
    assert _filter(*patterns) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Turkish intelligence and Turkish officials met in Saudi Arabia's capital Riyadh.",
        "Turkish intelligencer and the U.S.-brokered deal, U.S. officials and the US envoy.",
        "Zelenskyy, Zelensky and Zelenskiy met the Pope and Pope Francis in the Vatican's garden.",
        "Organization for Security and Co-operation in Europe and OSCE, UNICEF, UN, U.N. and UNSC.",
        "Kyiv-based Kyivstar, Moscow's Moscowites, Sheikh Tamim and Al Thani in Doha.",
    ],
)
def test_actor_pattern_finds_the_longest_whole_form(sentence: str) -> None:
    """The trie-shaped pattern matches what a plain alternation, longest form first, matches."""
    watch = load_watch()
    ordered = sorted(watch.surface_forms, key=len, reverse=True)
    plain = regex.compile(rf"(?<!\w)(?:{'|'.join(regex.escape(form) for form in ordered)})(?![\w])")
    expected = [(match.start(), match.group(0)) for match in plain.finditer(sentence)]
    assert expected
    assert [(match.start(), match.group(0)) for match in watch.actor_pattern.finditer(sentence)] == expected


def test_a_watch_without_topic_statuses_still_loads(tmp_path: pathlib.Path) -> None:
    """[status.topic] came later than the rest: a watch copied before it reads as it did."""
    text = _bundled_text()
    start = text.index("[status.topic]")
    end = text.index("# ----", start)
    watch = load_watch(_write(tmp_path, text[:start] + text[end:]))
    assert watch.topic_statuses == {}


def test_a_name_of_not_actors_keeps_its_actor_word_from_matching(tmp_path: pathlib.Path) -> None:
    sentences = ["Two Ukrainian Greek Catholic priests were freed, and a Greek envoy said so."]
    found = find_actors(sentences, load_watch())[0]
    assert [(actor.code, actor.text) for actor in found] == [("UA", "Ukrainian"), ("GR", "Greek")]
    text = _bundled_text().replace('names = ["Greek Catholic",', 'names = [3, "Greek Catholic",', 1)
    with pytest.raises(ValueError, match=r"not_actors\.names must be a list of non-empty strings"):
        load_watch(_write(tmp_path, text))
