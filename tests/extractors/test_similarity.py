"""Near-duplicate signatures: syndicated copies match, rewrites and unrelated stories do not."""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

import pytest

from mediawatch.extractors.similarity import (
    BANDS,
    HASH_BASE,
    NEAR_DUPLICATE_THRESHOLD,
    NUM_PERM,
    SCHEME,
    SEED,
    band_keys,
    estimated_similarity,
    is_near_duplicate,
    normalized_tokens,
    shingle_hashes,
    shingles,
    signature_bytes,
    signature_from_bytes,
    stored_similarities,
    stored_similarity,
    text_signature,
)
from mediawatch.flows.demo import DEMO_STREAM
from tests.helpers import SHARED

STREAM_2022 = SHARED / "eval" / "stream-2022"

WIRE_STORY = """Turkey hosts new round of prisoner talks between Russia and Ukraine

ANKARA, June 3 (Northgate Wire) - Negotiators from Russia and Ukraine met in Ankara on Tuesday \
for a third day of talks on prisoners of war, and agreed to hand over 300 detainees each before \
the end of the month, Turkish officials said.

The meeting was held behind closed doors at a government guesthouse. President Tayyip Erdogan's \
chief adviser opened the session and left after twenty minutes, an official said.

Both delegations said lists of names had already been exchanged through the Red Cross, and that \
the seriously wounded would be released first. Kyiv said it expected the first group to cross \
within ten days.

The deal is the largest of its kind since the winter, when a smaller swap of wounded soldiers \
collapsed at the last minute over a dispute about names on the lists. Turkish officials said \
this time both sides had signed a short protocol setting out how the handover would be checked.

Observers from the International Committee of the Red Cross are expected to be present at the \
crossing point. Neither side said where the handover would take place, citing security reasons.

A Russian negotiator told reporters that Moscow wanted the talks to continue in Turkey and praised \
the hosts for what he called their patience. He did not say when the next session would take place.

Families of Ukrainian soldiers held since the fall of the eastern towns gathered outside the \
Ukrainian embassy in Ankara, carrying photographs and asking for news of their relatives.

Reporting by Marta Lindqvist; Editing by Tom Acheson"""

# The same wire story as a partner site runs it: another headline, house spellings, the second
# paragraph dropped, no wire credit and a "Read also" list at the end.
SYNDICATED_COPY = """Russia, Ukraine agree to free 300 prisoners each after Ankara meeting

ANKARA, June 3 (Northgate Wire) - Negotiators from Russia and Ukraine met in Ankara on Tuesday \
for a third day of talks on prisoners of war, and agreed to hand over 300 detainees each before \
the end of the month, Turkish officials said.

Both delegations said lists of names had already been exchanged through the Red Cross, and that \
the seriously wounded would be released first. Kyiv said it expected the first group to cross \
within ten days.

The deal is the largest of its kind since the winter, when a smaller swap of wounded soldiers \
collapsed at the last minute over a dispute about names on the lists. Turkish officials said \
this time both sides had signed a short protocol setting out how the handover would be checked.

Observers from the International Committee of the Red Cross are expected to be present at the \
crossing point. Neither side said where the handover would take place, citing security reasons.

A Russian negotiator told reporters that Moscow wanted the talks to continue in Türkiye and \
praised the hosts for what he called their patience. He did not say when the next session would \
take place.

Families of Ukrainian soldiers held since the fall of the eastern towns gathered outside the \
Ukrainian embassy in Ankara, carrying photographs and asking for news of their relatives.

Read also:
- Erdoğan says Ankara ready to host leaders' summit
- Who are the prisoners still held in Russia?"""

# Another outlet's own report of the same event: same facts, its own sentences.
REWRITE = """Ankara talks yield deal on 300-for-300 prisoner release

Russia and Ukraine will each free 300 prisoners of war by the end of June under a deal struck in \
the Turkish capital on Tuesday, the third day of closed-door talks hosted by the Turkish \
presidency.

The wounded will be the first to go home, according to Ukrainian negotiators, who said the Red \
Cross had already passed the lists of names between the two sides. The first handover could come \
within ten days.

Moscow's team thanked Turkey for its patience and said it hoped to keep meeting there, though no \
date has been set. Outside the Ukrainian embassy, relatives of captured soldiers held up \
photographs and asked for information."""

UNRELATED = """Ferry operators and union agree pay deal, ending strike threat

The country's three largest ferry operators and the seafarers' union agreed on Tuesday on a \
two-year pay deal, ending the threat of a summer strike that would have stranded thousands of \
holidaymakers. Wages will rise by 6 percent this year and 4 percent next year, and crews will get \
an extra day off for every seven days at sea. The union's members will vote on the deal next \
week. Operators said timetables would not change."""


def test_tokens_drop_diacritics_case_digit_grouping_and_house_spellings() -> None:
    assert normalized_tokens("Erdoğan met Zelenskyy in Türkiye; 1,000 freed.") == normalized_tokens(
        "ERDOGAN met Zelenskiy in Turkey; 1000 freed."
    )
    assert normalized_tokens("Dolmabahçe") == ["dolmabahce"]


def test_shingles_are_runs_of_k_tokens() -> None:
    expected = {"one two three four five", "two three four five six"}
    assert shingles("one two three four five six", k=5) == expected
    assert shingles("too short", k=5) == {"too short"}
    assert shingles("  ", k=5) == set()


def test_syndicated_copy_shares_a_band_key_and_scores_above_the_threshold() -> None:
    original, copy = text_signature(WIRE_STORY), text_signature(SYNDICATED_COPY)
    assert set(band_keys(original)) & set(band_keys(copy))
    assert estimated_similarity(original, copy) >= NEAR_DUPLICATE_THRESHOLD
    assert is_near_duplicate(original, copy)


def test_rewrite_of_the_same_event_is_not_a_near_duplicate() -> None:
    original, rewrite = text_signature(WIRE_STORY), text_signature(REWRITE)
    assert estimated_similarity(original, rewrite) < 0.2
    assert not set(band_keys(original)) & set(band_keys(rewrite))


def test_unrelated_story_is_not_a_near_duplicate() -> None:
    original, unrelated = text_signature(WIRE_STORY), text_signature(UNRELATED)
    assert estimated_similarity(original, unrelated) < 0.05
    assert not set(band_keys(original)) & set(band_keys(unrelated))


def test_band_keys_are_signed_64_bit_one_per_band_and_distinct_across_bands() -> None:
    keys = band_keys(text_signature(WIRE_STORY))
    assert len(keys) == len(set(keys)) == BANDS
    assert all(-(2**63) <= key < 2**63 for key in keys)
    assert band_keys(text_signature(WIRE_STORY)) == keys


def test_signatures_of_a_text_never_change_as_stored_ones_would_stop_matching() -> None:
    """Stored articles keep the signature and band keys they were given: a faster way of
    computing them must give the same values. (These are the values of the polynomial shingle
    hash; a change of them needs a migration that signs the stored articles again, as 0003 did
    when SHA-1 was replaced.)"""
    signature = text_signature(WIRE_STORY)
    digest = hashlib.sha256(signature_bytes(signature)).hexdigest()
    assert digest == "ca657ac28479819392d159217125a050b0116722b8b7b7192ad67ffddcd36fbf"
    assert band_keys(signature)[:2] == [5549975895392710, 471530928637638337]
    assert shingles("Erdoğan met Zelenskyy in İstanbul, 1,000 km away") == {
        "erdogan met zelensky in istanbul", "met zelensky in istanbul 1000",
        "zelensky in istanbul 1000 km", "in istanbul 1000 km away",
    }


def polynomial_hash(shingle: str) -> int:
    """The shingle hash as its definition reads: top 32 bits of sum(byte_i * HASH_BASE**i) mod 2**64."""
    return sum(byte * pow(HASH_BASE, i, 2**64) for i, byte in enumerate(shingle.encode("utf-8"))) % 2**64 >> 32


def test_a_signature_compares_with_many_stored_at_once_as_with_each() -> None:
    texts = ["Delegations met in Geneva on Tuesday for a first round of talks. " * 6,
             "Delegations met in Geneva on Tuesday for a first round of talks and agreed to meet again. " * 6,
             "", WIRE_STORY, SYNDICATED_COPY]
    stored = [signature_bytes(text_signature(t)) for t in texts]
    for signature in stored:
        assert list(stored_similarities(signature, stored)) == [stored_similarity(signature, b) for b in stored]
    assert list(stored_similarities(stored[3], [])) == []
    with pytest.raises(ValueError, match="512 bytes"):
        stored_similarities(stored[3], [stored[4], stored[4][:100]])


@pytest.mark.parametrize("text", [
    WIRE_STORY, SYNDICATED_COPY, "Erdoğan met Zelenskiy in Kiev; Kiev said 1,000 were freed in Türkiye.",
    "too short", "one two three four five", "", "  ,; ",
])
def test_shingle_hashes_are_the_polynomial_hash_of_each_shingle(text: str) -> None:
    assert set(shingle_hashes(text).tolist()) == {polynomial_hash(shingle) for shingle in shingles(text)}


def test_empty_text_has_no_band_keys_and_matches_nothing() -> None:
    empty = text_signature("")
    assert band_keys(empty) == []
    assert estimated_similarity(empty, text_signature("")) == 0.0


def test_signature_round_trips_through_bytes() -> None:
    signature = text_signature(WIRE_STORY)
    stored = signature_bytes(signature)
    assert len(stored) == 512
    restored = signature_from_bytes(stored)
    assert band_keys(restored) == band_keys(signature)
    assert estimated_similarity(restored, text_signature(SYNDICATED_COPY)) == estimated_similarity(
        signature, text_signature(SYNDICATED_COPY)
    )
    with pytest.raises(ValueError):
        signature_from_bytes(stored[:-4])


def stream_pairs(stream_dir: Path) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    """(labelled duplicate pairs, pairs found by band lookup plus verification) over a stream."""
    extract_article = pytest.importorskip("mediawatch.extractors.article").extract_article
    manifest = json.loads((stream_dir / "manifest.json").read_text("utf-8"))
    signatures = {
        article["id"]: text_signature(extract_article(page, "http://stream.test" + article["path"]).text)
        for article in manifest["articles"]
        for page in [(stream_dir / article["file"]).read_bytes()]
    }
    labelled = {
        frozenset((article["id"], article["duplicate_of"]))
        for article in manifest["articles"]
        if article["duplicate_of"]
    }
    found = {
        frozenset((a, b))
        for a, b in itertools.combinations(signatures, 2)
        if set(band_keys(signatures[a])) & set(band_keys(signatures[b]))
        and is_near_duplicate(signatures[a], signatures[b])
    }
    return labelled, found


def test_stream_2022_duplicate_pairs_are_found_and_no_other_pair_is() -> None:
    if not (STREAM_2022 / "manifest.json").is_file():
        pytest.skip("shared stream-2022 is not available")
    labelled, found = stream_pairs(STREAM_2022)
    assert len(labelled) == 3
    assert found == labelled


def test_stream_mini_copy_is_found_and_no_other_pair_is() -> None:
    labelled, found = stream_pairs(DEMO_STREAM)
    assert found == labelled == {frozenset(("m2", "m3"))}


def test_stored_signatures_compare_as_the_minhash_objects_do() -> None:
    texts = ["Delegations met in Geneva on Tuesday for a first round of talks. " * 6,
             "Delegations met in Geneva on Tuesday for a first round of talks and agreed to meet again. " * 6, ""]
    signatures = [text_signature(t) for t in texts]
    for a in signatures:
        for b in signatures:
            assert stored_similarity(signature_bytes(a), signature_bytes(b)) == estimated_similarity(a, b)


@pytest.mark.parametrize("text", [
    WIRE_STORY, SYNDICATED_COPY, "Erdoğan met Zelenskiy in Kiev; Kiev said 1,000 were freed in Türkiye.",
    "too short", "one two three four five",
])
def test_a_signature_holds_the_values_datasketch_gives_the_same_hashes(text: str) -> None:
    from datasketch import MinHash

    reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int)
    reference.update_batch(shingle_hashes(text).tolist())
    assert text_signature(text).hashvalues.tolist() == reference.hashvalues.tolist()
