"""The watch: which actors and which words the event tagger looks for, loaded from TOML.

The data lives in config/watch.toml (documented there); this module only types and validates it
and compiles the patterns once, so that tagging an article costs no regex compilation.
"""

from __future__ import annotations

import functools
import importlib.resources
import pathlib
import re
import string
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from re import _constants as sre  # with _parser: the stdlib's own pattern parser, read by _word_filter
from re import _parser as sre_parser
from typing import Any

import ahocorasick
import regex

from mediawatch.extractors.models import STATUSES

ACTOR_KINDS = ("state", "organisation")
PARTY_KINDS = ("sides", "leaders")
# The role of a [not_actors] name in `Watch.surface_forms`: matched, then dropped.
NOT_AN_ACTOR = "none"
EVENT_NAME = regex.compile(r"^[a-z][a-z_]*$")
STATUS_CUE_ORDER = ("denied", "agreed", "planned", "proposed", "completed")
# Cues of these statuses count only near a trigger (a modal verb elsewhere in the sentence is
# about something else); the others count anywhere in the sentence.
CLAUSE_STATUSES = ("planned", "proposed")


@dataclass(frozen=True)
class Actor:
    code: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    leaders: tuple[str, ...]
    agencies: tuple[str, ...]
    places: tuple[str, ...]
    venues: Mapping[str, str] = field(default_factory=dict, hash=False)
    """A building or estate written as where an event is ("at the Dolmabahçe Palace"), mapped to
    the place of `places` it is reported as ("Istanbul"). Each venue is one of `places` too."""


@dataclass(frozen=True)
class WordFilter:
    """A necessary condition, made of literal words, for a pattern to match in a text: every match
    contains, once folded (`fold`), a word of each clause of at least one conjunction. Lookarounds,
    classes and optional parts only break a word, so the condition is necessary, never sufficient."""

    conjunctions: tuple[tuple[tuple[str, ...], ...], ...]
    """Each conjunction is a tuple of clauses, each clause a tuple of words any one of which
    satisfies it."""

    @functools.cached_property
    def clause_sets(self) -> tuple[tuple[frozenset[str], ...], ...]:
        """`conjunctions` with each clause a set, to be intersected with the words a text holds."""
        return tuple(tuple(frozenset(clause) for clause in conjunction) for conjunction in self.conjunctions)

    @functools.cached_property
    def _automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for word in {word for conjunction in self.conjunctions for clause in conjunction for word in clause}:
            automaton.add_word(word, word)
        automaton.make_automaton()
        return automaton

    @functools.cached_property
    def _by_first_word(self) -> dict[str, list[tuple[frozenset[str], ...]]]:
        """Each conjunction (`clause_sets`) under each word of its first clause: a text holds a word
        of the first clause of every conjunction it satisfies."""
        index: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for conjunction in self.clause_sets:
            for word in conjunction[0]:
                index.setdefault(word, []).append(conjunction)
        return index

    def admits(self, folded: str) -> bool:
        """Whether the pattern may match in the text whose `fold` is `folded`."""
        return self.holds({word for _, word in self._automaton.iter(folded)})

    def holds(self, present: set[str]) -> bool:
        """Whether a text holding these of the filter's words (and no other) is admitted."""
        return any(
            all(not clause.isdisjoint(present) for clause in conjunction[1:])
            for word in present
            for conjunction in self._by_first_word.get(word, ())
        )


@dataclass(frozen=True)
class FilteredPatterns:
    """A list of patterns from the watch (a type's triggers or other senses, a status or background
    cue), which `regex` would try at every position of the text searched: each is searched only
    in a text its `WordFilter` admits. Most sentences hold none of a list's words, and one that
    does holds the words of few of its patterns: searching their alternation instead cost 55 us a
    sentence for the denial cues. It finds what the alternation of its patterns finds: the
    leftmost match, of the first pattern that matches there."""

    patterns: tuple[regex.Pattern[str], ...]
    words: tuple[WordFilter | None, ...]
    """Each pattern's: what a text must contain for it to match (None: unknown)."""

    def search(self, text: str, pos: int = 0) -> regex.Match[str] | None:
        return _leftmost([pattern.search(text, pos) for pattern in self._admitting(text)])

    def finditer(self, text: str, pos: int = 0) -> Iterator[regex.Match[str]]:
        """The matches that do not overlap, left to right, as the alternation's `finditer` gives
        them: each pattern's next match is searched again only once an earlier match passes it."""
        patterns = self._admitting(text)
        upcoming = [pattern.search(text, pos) for pattern in patterns]
        while (found := _leftmost(upcoming)) is not None:
            yield found
            pos = max(found.end(), found.start() + 1)
            upcoming = [
                pattern.search(text, pos) if match is not None and match.start() < pos else match
                for pattern, match in zip(patterns, upcoming, strict=True)
            ]

    def _admitting(self, text: str) -> list[regex.Pattern[str]]:
        """The patterns that may match in `text`, in order: those without a filter, and those
        whose filter holds, looked up by the words found (a text admitted by a pattern holds a
        word of the first clause of one of its conjunctions)."""
        unfiltered, by_first_word, automaton = self._index
        present = {word for _, word in automaton.iter(fold(text))} if len(automaton) else set()
        candidates = unfiltered.union(*(by_first_word[word] for word in present if word in by_first_word))
        return [self.patterns[i] for i in sorted(candidates) if i in unfiltered or self.words[i].holds(present)]

    @functools.cached_property
    def _index(self) -> tuple[frozenset[int], dict[str, set[int]], ahocorasick.Automaton]:
        """The patterns without a filter, the patterns under each word of a first clause of their
        filter, and an automaton over every word of the filters."""
        by_first_word: dict[str, set[int]] = {}
        automaton = ahocorasick.Automaton()
        for index, words in enumerate(self.words):
            for conjunction in words.conjunctions if words else ():
                for word in conjunction[0]:
                    by_first_word.setdefault(word, set()).add(index)
                for word in {word for clause in conjunction for word in clause}:
                    automaton.add_word(word, word)
        if len(automaton):
            automaton.make_automaton()
        unfiltered = frozenset(index for index, words in enumerate(self.words) if words is None)
        return unfiltered, by_first_word, automaton


def _leftmost(matches: list[regex.Match[str] | None]) -> regex.Match[str] | None:
    """The match that starts first; of two that start together, the earlier in the list."""
    best = None
    for match in matches:
        if match is not None and (best is None or match.start() < best.start()):
            best = match
    return best


@dataclass(frozen=True)
class EventRule:
    type: str
    triggers: FilteredPatterns
    negative: FilteredPatterns | None
    """Other senses of the trigger words, `other_domain` included."""
    other_domain: regex.Pattern[str] | None
    default_status: str
    statuses: tuple[str, ...]
    min_parties: int
    needs_status_cue: bool
    parties: str
    """ "sides": the sides of a conflict, with third parties as mediators; "leaders": the
    countries whose leaders took part (calls, meetings)."""
    status_cues: dict[str, FilteredPatterns]
    """Cues only this type takes, status -> patterns, tried with the shared ones ("took effect"
    says a truce is agreed; beside a swap it says nothing of the swap)."""
    needs_mediator: bool
    """An event only when a third party hosts, brokers or offers it (an offer to mediate)."""
    article_mediators: bool
    """A current event also takes the hosts and brokers the article names in other sentences."""
    outside_leaders_mediate: bool
    """A state named only by its leader, outside the article's two sides, is a go-between when
    the sentence also names one of the sides (an exchange is always between the sides)."""
    trigger_words: WordFilter | None = field(default=None, compare=False, repr=False)
    """What a sentence must contain for a trigger of this type to match in it (None: unknown)."""
    other_domain_words: WordFilter | None = field(default=None, compare=False, repr=False)
    """What a sentence must contain for `other_domain` to match in it (None: unknown)."""
    negative_words: WordFilter | None = field(default=None, compare=False, repr=False)
    """What a sentence must contain for `negative` to match in it (None: unknown)."""


@dataclass(frozen=True)
class Watch:
    actors: dict[str, Actor]
    events: dict[str, EventRule]
    status_cues: dict[str, FilteredPatterns]
    future_tense: regex.Pattern[str]
    hypothetical: FilteredPatterns
    reference: regex.Pattern[str]
    modal_after: regex.Pattern[str] | None
    """What, right after a trigger, makes its event only what is talked about (matched at the
    trigger's end): a mention read so, with no status cue, date or place, stands for no event of
    its own."""
    setting: regex.Pattern[str]
    topic_statuses: dict[str, regex.Pattern[str]]
    """status -> the words just before a trigger that make it only the topic of the sentence
    ("discussed a possible [exchange]": proposed), whatever other cues say."""
    mediation_cues: FilteredPatterns
    leader_titles: regex.Pattern[str]
    background_cues: FilteredPatterns
    background_anaphora: regex.Pattern[str]
    background_before: regex.Pattern[str] | None
    """The words just before a trigger that make its event past, whatever the rest of the
    sentence says ("the first swap since [talks] in Istanbul", "after a year of [negotiations]")."""
    boilerplate_lines: regex.Pattern[str]
    navigation_lines: regex.Pattern[str]
    headline_max_words: int
    actor_pattern: regex.Pattern[str]
    """Every alias, agency and place, case-sensitive, as a whole word (see `_alternation`); the
    matched text is looked up in `surface_forms`."""
    surface_forms: dict[str, tuple[str, str]]
    """Matched text -> (actor code, role) where role is "alias", "leader", "agency" or "place", or
    ("", NOT_AN_ACTOR) for a name of [not_actors]."""
    actor_forms: ahocorasick.Automaton = field(compare=False, repr=False)
    """Every form, each with its length as value, to find where any begins in one pass, word
    boundaries not checked: `actor_pattern` can match only there, so the tagger tries it only
    there."""
    mediation_cue_words: WordFilter | None = field(default=None, compare=False, repr=False)
    """What a sentence must contain for `mediation_cues` to match in it (None: unknown)."""
    filter_words: ahocorasick.Automaton = field(default_factory=ahocorasick.Automaton, compare=False, repr=False)
    """Every word of every `WordFilter`, each its own value: the tagger finds them all in an
    article in one pass."""
    country_names: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """Every actor's name and first two aliases (the country names, see watch.toml)."""


def default_watch_path() -> pathlib.Path:
    return pathlib.Path(str(importlib.resources.files("mediawatch.config").joinpath("watch.toml")))


def load_watch(path: pathlib.Path | None = None) -> Watch:
    """Read and validate a watch file (the bundled config/watch.toml when `path` is None)."""
    return parse_watch(_read(path))


def load_actors(path: pathlib.Path | None = None) -> dict[str, Actor]:
    """Only the actors of a watch file: much cheaper than `load_watch`, which compiles every
    pattern, for what needs only names (alerts, exports)."""
    return {code: _actor(code, table) for code, table in _table(_read(path), "actors").items()}


def _read(path: pathlib.Path | None) -> dict[str, Any]:
    source = path or default_watch_path()
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: not valid TOML: {error}") from error


def parse_watch(data: dict[str, Any]) -> Watch:
    actors = {code: _actor(code, table) for code, table in _table(data, "actors").items()}
    events = {name: _event_rule(name, table) for name, table in _table(data, "events").items()}
    status = _table(data, "status")
    status_cues = {name: _filtered(status, name, f"status.{name}") for name in STATUS_CUE_ORDER}
    roles = _table(data, "roles")
    background = _table(data, "background")
    boilerplate = _table(data, "boilerplate")
    not_actors = _optional_strings(data.get("not_actors", {}), "names", "not_actors.names")
    surface_forms = _surface_forms(actors, not_actors)
    mediation_cues = _filtered(roles, "mediation_cues", "roles.mediation_cues", spaced_pairs=False)
    mediation_cue_words = _merged_filter(mediation_cues.words)
    filters = [mediation_cue_words]
    for rule in events.values():
        filters += [rule.trigger_words, rule.other_domain_words, rule.negative_words]
    return Watch(
        actors=actors,
        events=events,
        status_cues=status_cues,
        future_tense=_patterns(status, "future_tense", "status.future_tense"),
        hypothetical=_filtered(status, "hypothetical", "status.hypothetical"),
        reference=_patterns(status, "reference", "status.reference"),
        modal_after=_optional_patterns(status, ("modal_after",), "status"),
        setting=_patterns(status, "setting", "status.setting"),
        # Optional: a watch without [status.topic] reads every trigger by its cues.
        topic_statuses=_patterns_by_status(status.get("topic", {}), "status.topic"),
        mediation_cues=mediation_cues,
        leader_titles=_patterns(roles, "leader_titles", "roles.leader_titles"),
        background_cues=_filtered(background, "cues", "background.cues"),
        background_anaphora=_patterns(background, "anaphora", "background.anaphora"),
        background_before=_optional_patterns(background, ("before_trigger",), "background"),
        boilerplate_lines=_patterns(boilerplate, "line_patterns", "boilerplate.line_patterns", whole=True),
        navigation_lines=_patterns(boilerplate, "navigation", "boilerplate.navigation", whole=True),
        headline_max_words=_integer(boilerplate, "headline_max_words", "boilerplate.headline_max_words"),
        actor_pattern=_alternation(surface_forms),
        actor_forms=_form_automaton(surface_forms),
        surface_forms=surface_forms,
        mediation_cue_words=mediation_cue_words,
        filter_words=_filter_words([words for words in filters if words]),
        country_names=frozenset(name for actor in actors.values() for name in (actor.name, *actor.aliases[:2])),
    )


def _table(data: dict[str, Any], key: str, where: str | None = None) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ValueError(f"watch: [{where or key}] is missing or not a table")
    return value


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ValueError(f"watch: {where} must be a list of non-empty strings")
    return tuple(value)


def _optional_strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    return _strings(table, key, where) if table.get(key) else ()


def _string(table: dict[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str:
    value = table.get(key)
    if value not in allowed:
        raise ValueError(f"watch: {where} must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def _integer(table: dict[str, Any], key: str, where: str) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"watch: {where} must be a non-negative integer")
    return value


def _boolean(table: dict[str, Any], key: str, where: str, default: bool | None = None) -> bool:
    """The key's true or false; `default` when it is absent, if there is one."""
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ValueError(f"watch: {where} must be true or false")
    return value


def _status_keys(table: dict[str, Any], where: str) -> list[str]:
    """The keys of a table of status -> patterns, each checked to be a status."""
    if not isinstance(table, dict):
        raise ValueError(f"watch: [{where}] must be a table")
    unknown = sorted(set(table) - set(STATUSES))
    if unknown:
        raise ValueError(f"watch: {where}: {unknown[0]!r} is not a status ({', '.join(STATUSES)})")
    return list(table)


def _patterns_by_status(table: dict[str, Any], where: str) -> dict[str, regex.Pattern[str]]:
    return {name: _patterns(table, name, f"{where}.{name}") for name in _status_keys(table, where)}


def _cues_by_status(table: dict[str, Any], where: str) -> dict[str, FilteredPatterns]:
    return {name: _filtered(table, name, f"{where}.{name}") for name in _status_keys(table, where)}


def _filtered(table: dict[str, Any], key: str, where: str, spaced_pairs: bool = True) -> FilteredPatterns:
    """The patterns under `key`, each with its `WordFilter` (`spaced_pairs`: see `_word_filter`)."""
    return _filtered_of(_strings(table, key, where), where, spaced_pairs)


def _optional_filtered(table: dict[str, Any], keys: tuple[str, ...], where: str) -> FilteredPatterns | None:
    """The patterns under any of `keys` (each optional), or None; their filters without spaced
    pairs, to be merged into an article-wide one (`_merged_filter`)."""
    strings = [pattern for key in keys for pattern in _optional_strings(table, key, f"{where}.{key}")]
    return _filtered_of(strings, f"{where}.{'/'.join(keys)}", spaced_pairs=False) if strings else None


def _filtered_of(strings: Sequence[str], where: str, spaced_pairs: bool) -> FilteredPatterns:
    patterns = []
    for pattern in strings:
        try:
            patterns.append(regex.compile(within_sentence(pattern), regex.IGNORECASE))
        except regex.error as error:
            raise ValueError(f"watch: {where}: bad pattern {pattern!r}: {error}") from error
    filters = tuple(_patterns_filter([pattern], spaced_pairs) for pattern in strings)
    return FilteredPatterns(tuple(patterns), filters)


def _patterns(table: dict[str, Any], key: str, where: str, whole: bool = False) -> regex.Pattern[str]:
    """Compile a list of patterns into one case-insensitive alternation.

    The patterns are compiled one by one only when the alternation does not compile, to name the
    bad one: `regex` compiles in Python, and checking each first doubled the watch's load (0.18 s
    at every start). A pattern that is bad alone yet compiles in the alternation needs another
    one's unbalanced parenthesis to pair with."""
    patterns = _strings(table, key, where)
    joined = "|".join(f"(?:{within_sentence(pattern)})" for pattern in patterns)
    try:
        return regex.compile(f"^(?:{joined})$" if whole else joined, regex.IGNORECASE)
    except regex.error as joined_error:
        for pattern in patterns:
            try:
                regex.compile(pattern)
            except regex.error as error:
                raise ValueError(f"watch: {where}: bad pattern {pattern!r}: {error}") from error
        raise ValueError(f"watch: {where}: the patterns do not compile together: {joined_error}") from joined_error


# A window written `[^.]` (or `[^.,;]` ...) stays in its sentence; the periods of "U.S." and
# "U.N." (a capital letter's own period) are no sentence end and are let through.
_SENTENCE_WINDOW = regex.compile(r"\[\^\.([^\]]*)\]")


def within_sentence(pattern: str) -> str:
    """`pattern` with each `[^.]`-style window rewritten to let a capital letter's period through."""
    return _SENTENCE_WINDOW.sub(lambda m: rf"(?:[^.{m.group(1)}]|(?<=\b(?-i:\p{{Lu}}))\.)", pattern)


def _optional_patterns(table: dict[str, Any], keys: tuple[str, ...], where: str) -> regex.Pattern[str] | None:
    """One alternation of the patterns under any of `keys` (each optional), or None."""
    merged = {"patterns": [pattern for key in keys for pattern in _optional_strings(table, key, f"{where}.{key}")]}
    return _patterns(merged, "patterns", f"{where}.{'/'.join(keys)}") if merged["patterns"] else None


def _actor(code: str, table: Any) -> Actor:
    where = f"actors.{code}"
    if not isinstance(table, dict):
        raise ValueError(f"watch: [{where}] must be a table")
    name = table.get("name")
    if not isinstance(name, str) or not name:
        raise ValueError(f"watch: {where}.name must be a non-empty string")
    kind = _string(table, "kind", f"{where}.kind", ACTOR_KINDS)
    aliases = _strings(table, "aliases", f"{where}.aliases")
    places = _optional_strings(table, "places", f"{where}.places")
    if kind == "state":
        # the country itself is a venue ("indirect talks in Egypt"), reported as one when it hosts
        places += tuple(written for written in dict.fromkeys((name, aliases[0])) if written not in places)
    venues = _venues(table, where, places)
    places += tuple(venue for venue in venues if venue not in places)
    return Actor(
        code=code,
        name=name,
        kind=kind,
        aliases=aliases,
        leaders=_optional_strings(table, "leaders", f"{where}.leaders"),
        agencies=_optional_strings(table, "agencies", f"{where}.agencies"),
        places=places,
        venues=venues,
    )


def _venues(table: dict[str, Any], where: str, places: tuple[str, ...]) -> dict[str, str]:
    venues = table.get("venues", {})
    if not isinstance(venues, dict):
        raise ValueError(f'watch: {where}.venues must be a table of venue = "place"')
    for venue, place in venues.items():
        if not isinstance(place, str):
            raise ValueError(f"watch: {where}.venues: {venue!r} must be reported as a place's name (a string)")
        if place not in places:
            raise ValueError(
                f"watch: {where}.venues: {venue!r} is reported as {place!r}, which is not one of its places"
            )
    return dict(venues)


def _event_rule(name: str, table: Any) -> EventRule:
    where = f"events.{name}"
    if not EVENT_NAME.match(name):
        raise ValueError(f"watch: [{where}]: an event type name is lower case letters and underscores")
    if not isinstance(table, dict):
        raise ValueError(f"watch: [{where}] must be a table")
    statuses = _strings(table, "statuses", f"{where}.statuses")
    for status in statuses:
        if status not in STATUSES:
            raise ValueError(f"watch: {where}.statuses: unknown status {status!r}")
    # (their filters, merged, are the article-wide ones: each pattern is parsed once)
    triggers = _filtered(table, "triggers", f"{where}.triggers", spaced_pairs=False)
    negative = _optional_filtered(table, ("negative", "other_domain"), where)
    return EventRule(
        type=name,
        triggers=triggers,
        negative=negative,
        other_domain=_optional_patterns(table, ("other_domain",), where),
        default_status=_string(table, "default_status", f"{where}.default_status", statuses),
        statuses=statuses,
        min_parties=_integer(table, "min_parties", f"{where}.min_parties"),
        needs_status_cue=_boolean(table, "needs_status_cue", f"{where}.needs_status_cue"),
        parties=_string(table, "parties", f"{where}.parties", PARTY_KINDS),
        status_cues=_cues_by_status(table.get("status_cues", {}), f"{where}.status_cues"),
        needs_mediator=_boolean(table, "needs_mediator", f"{where}.needs_mediator", False),
        article_mediators=_boolean(table, "article_mediators", f"{where}.article_mediators", False),
        outside_leaders_mediate=_boolean(table, "outside_leaders_mediate", f"{where}.outside_leaders_mediate", False),
        trigger_words=_merged_filter(triggers.words),
        other_domain_words=(
            _word_filter(table, "other_domain", f"{where}.other_domain") if table.get("other_domain") else None
        ),
        negative_words=_merged_filter(negative.words) if negative else None,
    )


# Characters whose case-insensitive matches (the `regex` module's simple case folding) all have
# the same `fold` (checked over every code point): a match of a word made of them contains the
# word's `fold` once the text is folded.
_FOLDABLE = frozenset(string.ascii_letters + string.digits + " -'’.,:;!?&/()\"“”‘")
# The `regex` module matches "i" with "İ" and "ı", which casefold() maps elsewhere.
_DOTTED_I = str.maketrans({"İ": "i", "ı": "i"})


def fold(text: str) -> str:
    """`text` as `WordFilter` words are searched in it. Each character is folded on its own, so
    the folds of the sentences joined by newlines are the fold of the joined sentences."""
    if "İ" in text or "ı" in text:  # translate() is slow on long texts: only when needed
        text = text.translate(_DOTTED_I)
    return text.casefold()


# A word shorter than this (once stripped) is in nearly every sentence: its clause is not kept
# (but see `_word_filter`'s `spaced_pairs`).
MIN_FILTER_WORD = 3
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_Parsed = list[tuple[Any, Any]]


def _word_filter(table: dict[str, Any], key: str, where: str, spaced_pairs: bool = False) -> WordFilter | None:
    """The `WordFilter` of the alternation of the patterns under `key` (as `_patterns` compiles
    them), read from the stdlib's parse of it; None when an alternative has no usable word or a
    construct only `regex` knows is used.

    With `spaced_pairs`, a two-letter word written with a space beside it counts too: "no " of
    "no new talks" is in few sentences where "no" is in most ("not", "now", "economy"). It is
    for a filter checked on one text at a time (a `FilteredPatterns`'s): in the article-wide lookup
    (`Watch.filter_words`) such a word ("in ", " by") would be found at every occurrence."""
    return _patterns_filter(_strings(table, key, where), spaced_pairs)


def _patterns_filter(patterns: Sequence[str], spaced_pairs: bool = False) -> WordFilter | None:
    """The `WordFilter` of the alternation of `patterns` (see `_word_filter`)."""
    pattern = "|".join(f"(?:{pattern})" for pattern in patterns)
    try:
        parsed = list(sre_parser.parse(regex.sub(r"\\[pP]\{[^}]*\}", r"\\w", pattern), re.IGNORECASE))
    except Exception:
        return None
    if any(op is sre.LITERAL and value == ord("{") for op, value in _walk(parsed)):
        return None  # `re` reads a `regex` fuzzy constraint ("(?:talks){e<=1}") as text
    conjunctions: list[tuple[tuple[str, ...], ...]] = []
    for alternative in _alternatives(parsed):
        clauses = {_fewest({fold(word) for word in clause}) for clause in _clauses(alternative, spaced_pairs)
                   if _usable(clause, spaced_pairs)}
        if not clauses:
            return None
        implied = {clause for clause in clauses if any(_clause_implies(other, clause) for other in clauses - {clause})}
        _add_conjunction(conjunctions, tuple(sorted(clauses - implied, key=_lookup_cost)))
    return WordFilter(tuple(conjunctions))


def _add_conjunction(conjunctions: list[tuple[tuple[str, ...], ...]], conjunction: tuple[tuple[str, ...], ...]) -> None:
    """Add a conjunction to a filter's, unless one there already admits every text it admits;
    those it admits every text of are dropped."""
    if not any(_implies(conjunction, kept) for kept in conjunctions):
        conjunctions[:] = [kept for kept in conjunctions if not _implies(kept, conjunction)] + [conjunction]


def _merged_filter(filters: Sequence[WordFilter | None]) -> WordFilter | None:
    """The `WordFilter` of the alternation of the patterns of these filters (None if one is)."""
    if None in filters:
        return None
    conjunctions: list[tuple[tuple[str, ...], ...]] = []
    for words in filters:
        assert words is not None
        for conjunction in words.conjunctions:
            _add_conjunction(conjunctions, conjunction)
    return WordFilter(tuple(conjunctions))


def _lookup_cost(clause: tuple[str, ...]) -> tuple[int, int, tuple[str, ...]]:
    """Sort key putting first the clause that is cheapest to look up in a whole article (fewest
    words), then the one likely to rule out most (longest words)."""
    return (len(clause), -min(map(len, clause)), clause)


def _fewest(clause: set[str]) -> tuple[str, ...]:
    """The clause without the words that contain another of its words (they add nothing)."""
    return tuple(sorted(word for word in clause if not any(other != word and other in word for other in clause)))


def _implies(first: tuple[tuple[str, ...], ...], second: tuple[tuple[str, ...], ...]) -> bool:
    """Whether every text that satisfies the conjunction `first` satisfies `second`."""
    return all(any(_clause_implies(other, clause) for other in first) for clause in second)


def _clause_implies(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whether a text with a word of `first` has one of `second`: each word of `first` contains one."""
    return all(any(word in found for word in second) for found in first)


def _filter_words(filters: list[WordFilter]) -> ahocorasick.Automaton:
    """See `Watch.filter_words`."""
    automaton = ahocorasick.Automaton()
    for words in filters:
        for conjunction in words.conjunctions:
            for word in (word for clause in conjunction for word in clause):
                automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def _walk(items: _Parsed) -> Iterator[tuple[Any, Any]]:
    """Every item of a parsed pattern, nested ones included (not the members of a class)."""
    for op, value in items:
        yield op, value
        for nested in _nested(value):
            yield from _walk(list(nested))


def _nested(value: Any) -> list[sre_parser.SubPattern]:
    if isinstance(value, sre_parser.SubPattern):
        return [value]
    if isinstance(value, (tuple, list)):
        return [sequence for item in value for sequence in _nested(item)]
    return []


def _alternatives(items: _Parsed) -> list[_Parsed]:
    """The parsed sequence as alternatives whose matches are together its matches: an alternation
    (a group's too) with nothing but anchors around it is split (the parser moves an anchor that
    begins every branch, such as \\b, out of them)."""
    for position, (op, value) in enumerate(items):
        rest = items[:position] + items[position + 1 :]
        if op in (sre.BRANCH, sre.SUBPATTERN) and all(other is sre.AT for other, _ in rest):
            branches = value[1] if op is sre.BRANCH else [value[3]]
            return [
                alternative
                for branch in branches
                for alternative in _alternatives(items[:position] + list(branch) + items[position + 1 :])
            ]
    return [items]


def _clauses(items: _Parsed, spaced_pairs: bool) -> list[set[str]]:
    """Sets of strings such that every match of the parsed sequence `items` contains a string of
    each set: each run of literals, the clauses of each group and of each repeat that must occur,
    and for an alternation the union of one clause of each branch (its most selective one)."""
    clauses: list[set[str]] = []
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        if op is sre.BRANCH:
            # The literals just before it begin every branch (the parser moves a prefix common
            # to all branches, "me" of "met|meet", out of them).
            prefix = [(sre.LITERAL, ord(char)) for char in run]
            branches = [
                [c for c in _clauses(prefix + list(branch), spaced_pairs) if _usable(c, spaced_pairs)]
                for branch in value[1]
            ]
            if all(branches):
                clauses.append(set().union(*(min(branch, key=_selectivity) for branch in branches)))
        elif op is sre.SUBPATTERN:
            clauses += _clauses(list(value[3]), spaced_pairs)
        elif op in _REPEATS and value[0] >= 1:
            clauses += _clauses(list(value[2]), spaced_pairs)
        if run:
            clauses.append({run})
        run = ""
    if run:
        clauses.append({run})
    return clauses


def _usable(clause: Iterable[str], spaced_pairs: bool) -> bool:
    """Words that `fold` keeps as the case-insensitive match finds them, and not too short (see
    `_word_filter`)."""
    return all(_long_enough(word, spaced_pairs) and not set(word) - _FOLDABLE for word in clause)


def _long_enough(word: str, spaced_pairs: bool) -> bool:
    stripped = word.strip()
    return len(stripped) >= MIN_FILTER_WORD or (spaced_pairs and len(stripped) == 2 and stripped != word)


def _selectivity(clause: Iterable[str]) -> tuple[int, int]:
    """Sort key putting first the clauses likely to rule out most sentences: long words, few of
    them. A space is not counted: " over" is as common as "over"."""
    words = list(clause)
    return (-min(len(word.strip()) for word in words), len(words))


def _surface_forms(actors: dict[str, Actor], not_actors: tuple[str, ...] = ()) -> dict[str, tuple[str, str]]:
    """Map each written form to its actor; an alias wins over a place of the same spelling. A
    name that holds an actor's word but is none ("Greek Catholic") maps to NOT_AN_ACTOR: as the
    longest form where it starts, it keeps the shorter one from matching there."""
    forms: dict[str, tuple[str, str]] = {name: ("", NOT_AN_ACTOR) for name in not_actors}
    for role in ("place", "agency", "alias", "leader"):
        for actor in actors.values():
            names = {
                "place": actor.places, "agency": actor.agencies, "alias": actor.aliases, "leader": actor.leaders
            }[role]
            for written in names:
                forms[written] = (actor.code, role)
    return forms


def _alternation(surface_forms: dict[str, tuple[str, str]]) -> regex.Pattern[str]:
    """Every form as a whole word, the longest of those starting at one place ("Turkish
    intelligence" beats "Turkish"). The forms are nested as a trie, longer continuations first;
    when every form starts with a word character, a leading \\b lets the engine skip the
    positions inside words."""
    start = r"\b" if all(regex.match(r"\w", form) for form in surface_forms) else r"(?<!\w)"
    return regex.compile(rf"{start}(?:{_trie_pattern(_trie(surface_forms))})(?![\w])")


def _form_automaton(surface_forms: dict[str, tuple[str, str]]) -> ahocorasick.Automaton:
    """See `Watch.actor_forms`."""
    automaton = ahocorasick.Automaton()
    for form in surface_forms:
        automaton.add_word(form, len(form))
    automaton.make_automaton()
    return automaton


def _trie(forms: Iterable[str]) -> dict[str, Any]:
    """The forms as nested dicts by character; "" marks the end of a form."""
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return trie


def _trie_pattern(node: dict[str, Any]) -> str:
    """The forms below `node`, the shared prefixes written once so that the engine rejects most
    positions at their first character; a form ending at `node` is tried after every longer one."""
    branches = [regex.escape(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body
