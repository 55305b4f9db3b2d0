"""Loading and validating the watch configuration."""

from __future__ import annotations

import pathlib
import tomllib

import pytest

from mediawatch.extractors.models import EVENT_TYPES
from mediawatch.extractors.tagger import tag_events
from mediawatch.extractors.watch import default_watch_path, load_watch


def test_bundled_watch_covers_every_event_type_and_key_actors() -> None:
    watch = load_watch()
    assert set(watch.events) == set(EVENT_TYPES)
    assert watch.events["leader_call"].parties == "leaders"
    for code in ("RU", "UA", "TR", "US", "BY", "QA", "SA", "AE", "VA", "UN", "CN", "FR", "DE", "GB", "IL", "PS", "EG", "IR", "IN", "PK"):
        assert code in watch.actors
    assert watch.actors["UN"].kind == "organisation"


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


def test_a_new_mediator_is_data_only(tmp_path: pathlib.Path) -> None:
    extra = '\n[actors.FI]\nname = "Finland"\nkind = "state"\naliases = ["Finland", "Finnish", "Helsinki"]\nleaders = ["Stubb"]\nplaces = ["Helsinki"]\n'
    text = _bundled_text().replace("[actors.RU]", extra.strip() + "\n\n[actors.RU]")
    watch = load_watch(_write(tmp_path, text))
    assert watch.surface_forms["Helsinki"] == ("FI", "alias")
    talks = tag_events("Russian and Ukrainian negotiators met in Helsinki on Monday for talks hosted by Finland.", None, watch)
    assert [(e.type, e.parties, e.mediators, e.location) for e in talks] == [("talks", ["RU", "UA"], ["FI"], "Helsinki")]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('kind = "organisation"', 'kind = "club"', "actors.UN.kind"),
        ("[events.talks]", "[events.Peace-Talks]", "events.Peace-Talks"),
        ('parties = "leaders"', 'parties = "everyone"', "events.leader_call.parties"),
        ('default_status = "held"', 'default_status = "finished"', "default_status"),
        ("min_parties = 2", 'min_parties = "two"', "min_parties"),
        ("headline_max_words = 14", "headline_max_words = -1", "boilerplate.headline_max_words"),
    ],
)
def test_invalid_content_names_the_key(tmp_path: pathlib.Path, old: str, new: str, message: str) -> None:
    text = _bundled_text().replace(old, new, 1)
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        load_watch(_write(tmp_path, text))


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
]


def test_trigger_prefilter_never_skips_a_sentence_a_trigger_matches() -> None:
    """Each type's required words must be in every text its triggers match (the tagger skips
    sentences without them)."""
    from mediawatch.extractors.watch import fold

    watch = load_watch()
    checked = 0
    for sentence in PREFILTER_SENTENCES:
        for variant in (sentence, sentence.upper(), sentence.lower()):
            for name, rule in watch.events.items():
                if rule.trigger_words is None:
                    continue
                for match in rule.triggers.finditer(variant):
                    checked += 1
                    assert rule.trigger_words.search(fold(match.group(0))), (name, match.group(0))
    assert checked >= len(PREFILTER_SENTENCES)
