"""The watch: which actors and which words the event tagger looks for, loaded from TOML.

The data lives in config/watch.toml (documented there); this module only types and validates it
and compiles the patterns once, so that tagging an article costs no regex compilation.
"""

from __future__ import annotations

import importlib.resources
import pathlib
import re
import string
import tomllib
from dataclasses import dataclass, field
from typing import Any

import regex

from mediawatch.extractors.models import STATUSES

ACTOR_KINDS = ("state", "organisation")
PARTY_KINDS = ("sides", "leaders")
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


@dataclass(frozen=True)
class EventRule:
    type: str
    triggers: regex.Pattern[str]
    negative: regex.Pattern[str] | None
    """Other senses of the trigger words, `other_domain` included."""
    other_domain: regex.Pattern[str] | None
    default_status: str
    statuses: tuple[str, ...]
    min_parties: int
    needs_status_cue: bool
    parties: str
    """ "sides": the sides of a conflict, with third parties as mediators; "leaders": the
    countries whose leaders took part (calls, meetings)."""
    trigger_words: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    """Words one of which every trigger match contains, to be searched in `fold(text)`: a
    sentence without any of them has no trigger of this type (None: no such words are known)."""


@dataclass(frozen=True)
class Watch:
    actors: dict[str, Actor]
    events: dict[str, EventRule]
    status_cues: dict[str, regex.Pattern[str]]
    future_tense: regex.Pattern[str]
    hypothetical: regex.Pattern[str]
    reference: regex.Pattern[str]
    setting: regex.Pattern[str]
    mediation_cues: regex.Pattern[str]
    leader_titles: regex.Pattern[str]
    background_cues: regex.Pattern[str]
    background_anaphora: regex.Pattern[str]
    boilerplate_lines: regex.Pattern[str]
    navigation_lines: regex.Pattern[str]
    headline_max_words: int
    actor_pattern: regex.Pattern[str]
    """One case-sensitive alternation of every alias, agency and place; group names are not
    used, the matched text is looked up in `surface_forms`."""
    surface_forms: dict[str, tuple[str, str]]
    """Matched text -> (actor code, role) where role is "alias", "leader", "agency" or "place"."""
    any_other_domain: regex.Pattern[str] | None = field(default=None, compare=False, repr=False)
    """One alternation of every event type's `other_domain` patterns (None when no type has
    any): a sentence it does not match uses no type's words in another sense."""
    country_names: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """Every actor's name and first two aliases (the country names, see watch.toml)."""


def default_watch_path() -> pathlib.Path:
    return pathlib.Path(str(importlib.resources.files("mediawatch.config").joinpath("watch.toml")))


def load_watch(path: pathlib.Path | None = None) -> Watch:
    """Read and validate a watch file (the bundled config/watch.toml when `path` is None)."""
    source = path or default_watch_path()
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: not valid TOML: {error}") from error
    return parse_watch(data)


def parse_watch(data: dict[str, Any]) -> Watch:
    actors = {code: _actor(code, table) for code, table in _table(data, "actors").items()}
    events = {name: _event_rule(name, table) for name, table in _table(data, "events").items()}
    status = _table(data, "status")
    status_cues = {name: _patterns(status, name, f"status.{name}") for name in STATUS_CUE_ORDER}
    roles = _table(data, "roles")
    background = _table(data, "background")
    boilerplate = _table(data, "boilerplate")
    surface_forms = _surface_forms(actors)
    return Watch(
        actors=actors,
        events=events,
        status_cues=status_cues,
        future_tense=_patterns(status, "future_tense", "status.future_tense"),
        hypothetical=_patterns(status, "hypothetical", "status.hypothetical"),
        reference=_patterns(status, "reference", "status.reference"),
        setting=_patterns(status, "setting", "status.setting"),
        mediation_cues=_patterns(roles, "mediation_cues", "roles.mediation_cues"),
        leader_titles=_patterns(roles, "leader_titles", "roles.leader_titles"),
        background_cues=_patterns(background, "cues", "background.cues"),
        background_anaphora=_patterns(background, "anaphora", "background.anaphora"),
        boilerplate_lines=_patterns(boilerplate, "line_patterns", "boilerplate.line_patterns", whole=True),
        navigation_lines=_patterns(boilerplate, "navigation", "boilerplate.navigation", whole=True),
        headline_max_words=_integer(boilerplate, "headline_max_words", "boilerplate.headline_max_words"),
        actor_pattern=_alternation(surface_forms),
        surface_forms=surface_forms,
        any_other_domain=_union([rule.other_domain for rule in events.values() if rule.other_domain]),
        country_names=frozenset(name for actor in actors.values() for name in (actor.name, *actor.aliases[:2])),
    )


def _union(patterns: list[regex.Pattern[str]]) -> regex.Pattern[str] | None:
    """One case-insensitive alternation that matches somewhere exactly when one of `patterns`
    (each compiled by `_patterns`) does."""
    if not patterns:
        return None
    return regex.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns), regex.IGNORECASE)


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


def _boolean(table: dict[str, Any], key: str, where: str) -> bool:
    value = table.get(key)
    if not isinstance(value, bool):
        raise ValueError(f"watch: {where} must be true or false")
    return value


def _patterns(table: dict[str, Any], key: str, where: str, whole: bool = False) -> regex.Pattern[str]:
    """Compile a list of patterns into one case-insensitive alternation."""
    patterns = _strings(table, key, where)
    for pattern in patterns:
        try:
            regex.compile(pattern)
        except regex.error as error:
            raise ValueError(f"watch: {where}: bad pattern {pattern!r}: {error}") from error
    joined = "|".join(f"(?:{pattern})" for pattern in patterns)
    return regex.compile(f"^(?:{joined})$" if whole else joined, regex.IGNORECASE)


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
    return Actor(
        code=code,
        name=name,
        kind=_string(table, "kind", f"{where}.kind", ACTOR_KINDS),
        aliases=_strings(table, "aliases", f"{where}.aliases"),
        leaders=_optional_strings(table, "leaders", f"{where}.leaders"),
        agencies=_optional_strings(table, "agencies", f"{where}.agencies"),
        places=_optional_strings(table, "places", f"{where}.places"),
    )


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
    return EventRule(
        type=name,
        triggers=_patterns(table, "triggers", f"{where}.triggers"),
        negative=_optional_patterns(table, ("negative", "other_domain"), where),
        other_domain=_optional_patterns(table, ("other_domain",), where),
        default_status=_string(table, "default_status", f"{where}.default_status", statuses),
        statuses=statuses,
        min_parties=_integer(table, "min_parties", f"{where}.min_parties"),
        needs_status_cue=_boolean(table, "needs_status_cue", f"{where}.needs_status_cue"),
        parties=_string(table, "parties", f"{where}.parties", PARTY_KINDS),
        trigger_words=_required_words("|".join(f"(?:{pattern})" for pattern in _strings(table, "triggers", where))),
    )


# Characters whose case-insensitive matches (the `regex` module's simple case folding) all have
# the same `fold` (checked over every code point): a match of a word made of them contains the
# word's `fold` once the text is folded.
_FOLDABLE = frozenset(string.ascii_letters + string.digits + " -'’.,:;!?&/()\"“”‘")
# The `regex` module matches "i" with "İ" and "ı", which casefold() maps elsewhere.
_DOTTED_I = str.maketrans({"İ": "i", "ı": "i"})


def fold(text: str) -> str:
    """`text` as `EventRule.trigger_words` are searched in it."""
    return text.translate(_DOTTED_I).casefold()


def _required_words(pattern: str) -> re.Pattern[str] | None:
    """A pattern finding, in a folded text, one of the literal words that every match of
    `pattern` contains; None when that cannot be shown (an unparsed construct, a branch without
    a literal). Lookarounds, classes and optional parts only break a word, so what is found is
    necessary, never sufficient."""
    try:
        from re import _constants as constants, _parser as parser  # the stdlib's own parser

        parsed = parser.parse(regex.sub(r"\\[pP]\{[^}]*\}", r"\\w", pattern), re.IGNORECASE)
        words = _required(list(parsed), constants)
    except Exception:  # a construct only `regex` knows: no pre-filter
        return None
    if not words or any(not word.strip() or set(word) - _FOLDABLE for word in words):
        return None
    return re.compile("|".join(re.escape(fold(word)) for word in sorted(words, key=len, reverse=True)))


def _required(items: list[tuple[Any, Any]], constants: Any) -> set[str] | None:
    """Strings one of which every match of the parsed sequence `items` contains (the choice
    whose shortest string is longest), or None."""
    best: set[str] | None = None

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and all(candidate) and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    run = ""
    for op, value in items:
        if op is constants.LITERAL:
            run += chr(value)
            continue
        consider({run} if run else None)
        run = ""
        if op is constants.SUBPATTERN:
            consider(_required(list(value[3]), constants))
        elif op is constants.BRANCH:
            branches = [_required(list(branch), constants) for branch in value[1]]
            if all(branches):
                consider(set().union(*branches))  # type: ignore[arg-type]
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT) and value[0] >= 1:
            consider(_required(list(value[2]), constants))
    consider({run} if run else None)
    return best


def _surface_forms(actors: dict[str, Actor]) -> dict[str, tuple[str, str]]:
    """Map each written form to its actor; an alias wins over a place of the same spelling."""
    forms: dict[str, tuple[str, str]] = {}
    for role in ("place", "agency", "alias", "leader"):
        for actor in actors.values():
            names = {"place": actor.places, "agency": actor.agencies, "alias": actor.aliases, "leader": actor.leaders}[role]
            for written in names:
                forms[written] = (actor.code, role)
    return forms


def _alternation(surface_forms: dict[str, tuple[str, str]]) -> regex.Pattern[str]:
    """Longest form first so that "Turkish intelligence" beats "Turkish"."""
    ordered = sorted(surface_forms, key=len, reverse=True)
    joined = "|".join(regex.escape(form) for form in ordered)
    return regex.compile(rf"(?<!\w)(?:{joined})(?![\w])")
