"""Near-duplicate signatures for syndicated copies of one story.

A wire story republished by another outlet keeps most of its sentences but gets a new headline,
loses or moves a paragraph, gains a credit line or a "Read also" list, and is respelled to the
house style (Erdogan/Erdoğan, Turkey/Türkiye). Word 5-shingles over normalized tokens keep the
long shared runs and lose only the few shingles that touch an edit, so a copy keeps a Jaccard
similarity of about 0.75 or more, while two outlets' own write-ups of the same event share almost
no 5-word run (below 0.05 in stream-2022).

Lookup is MinHash LSH kept in a plain table, `article_band(band_key BIGINT, article_id INT)`:
an article's candidates are the rows `WHERE band_key IN (band_keys(signature))`, verified with
`estimated_similarity` against the signature stored in the article row (`signature_bytes`).

Each shingle is hashed as the polynomial sum(byte_i * HASH_BASE**i) mod 2**64 of its UTF-8 bytes
(`shingle_hashes`), of which the top 32 bits are MinHash's input; they are pre-mixed with the
MurmurHash3 finalizer before datasketch's affine32 permutations, as datasketch does. For a whole
text that is a few numpy operations over prefix sums, instead of one SHA-1 per shingle in Python
(datasketch's default hash), and the signature is datasketch's MinHash, compared and stored as such.

Bands and rows: 128 permutations in BANDS = 32 bands of ROWS = 4. Two texts with Jaccard
similarity s share at least one band with probability 1 - (1 - s^4)^32: 0.9996 at s = 0.7,
0.988 at s = 0.6, 0.87 at s = 0.5, 0.05 at s = 0.2 and 0.0002 at s = 0.05. The curve's midpoint,
(1/32)^(1/4) = 0.42, sits below NEAR_DUPLICATE_THRESHOLD = 0.6 on purpose: the band lookup is
meant to miss almost no copy, and the verification step removes the extra candidates. (datasketch's
own optimum for a 0.6 threshold, 18 bands of 7, would miss about one copy in five at s = 0.6.)
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import regex

if TYPE_CHECKING:
    from datasketch import MinHash

__all__ = [
    "BANDS",
    "NEAR_DUPLICATE_THRESHOLD",
    "NUM_PERM",
    "ROWS",
    "band_keys",
    "estimated_similarity",
    "is_near_duplicate",
    "normalized_text",
    "normalized_tokens",
    "shingle_hashes",
    "shingles",
    "stored_similarities",
    "stored_similarity",
    "signature_bytes",
    "signature_from_bytes",
    "text_signature",
]

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
# Changing the seed, scheme, permutation count, shingles or their hash invalidates every stored
# signature and band key: a migration must then sign the stored articles again (as
# flows/migrations/versions/0003_polynomial_shingle_hash.py does).
SEED = 20220228
SCHEME = "affine32"
SHINGLE_SIZE = 5
# An odd multiplier (the 64-bit FNV prime), so that it has an inverse modulo 2**64.
HASH_BASE = 0x100000001B3
# Estimated Jaccard similarity of 5-shingles from which two texts count as one story.
NEAR_DUPLICATE_THRESHOLD = 0.6
# The value every slot of an empty text's signature holds (datasketch's maximum hash).
EMPTY_HASH = 0xFFFFFFFF

# A band key is a signed 64-bit integer: the band index in the top bits, a hash of the band's
# rows in the rest, so that equal rows in different bands never meet.
BAND_INDEX_BITS = 6
BAND_HASH_BITS = 64 - BAND_INDEX_BITS

# House-style spellings of names that differ in more than diacritics, mapped to one form
# (after diacritics are stripped and the text is casefolded).
SPELLING_VARIANTS = {
    "turkiye": "turkey",
    "zelenskyy": "zelensky",
    "zelenskiy": "zelensky",
    "kiev": "kyiv",
    "homel": "gomel",
}

WORD = re.compile(r"\w+")
# The ASCII characters that are not word characters, each mapped to a space (`str.translate`).
ASCII_SEPARATORS = {code: " " for code in range(128) if not WORD.fullmatch(chr(code))}
MARK = regex.compile(r"\p{M}")
SPELLING_VARIANT = re.compile(rf"\b(?:{'|'.join(SPELLING_VARIANTS)})\b")
# A separator between digits with three more after it. (The lookbehind comes after the
# separator so that the search skips to separators instead of testing every position.)
THOUSANDS_SEPARATOR = re.compile(r"[,.\u00a0\u202f](?<=\d.)(?=\d{3}\b)")


def normalized_text(text: str) -> str:
    """The word tokens, joined by single spaces, after NFKD with diacritics dropped, casefolding,
    digit grouping removed ("1,000" -> "1000") and house-style spellings unified."""
    text = THOUSANDS_SEPARATOR.sub("", text)
    if text.isascii():  # nothing to decompose (most English texts)
        # every non-word character made a space, then split on whitespace: the tokens of
        # WORD.findall in a third of its time (str.translate is this fast on ASCII only)
        joined = " ".join(text.casefold().translate(ASCII_SEPARATORS).split())
    else:
        joined = " ".join(WORD.findall(_without_marks(unicodedata.normalize("NFKD", text)).casefold()))
    if any(variant in joined for variant in SPELLING_VARIANTS):
        joined = SPELLING_VARIANT.sub(lambda match: SPELLING_VARIANTS[match.group(0)], joined)
    return joined


def _without_marks(text: str) -> str:
    """`text` without its combining characters. They are looked for among the marks (every
    character with a combining class is one), which a text has few of, and removed by one
    substitution: `str.translate` with a table is a dictionary lookup for each character."""
    marks = {char for char in MARK.findall(text) if unicodedata.combining(char)}
    return re.sub(f"[{''.join(marks)}]", "", text) if marks else text


def normalized_tokens(text: str) -> list[str]:
    """The tokens of `normalized_text`."""
    joined = normalized_text(text)
    return joined.split(" ") if joined else []


def shingles(text: str, k: int = SHINGLE_SIZE) -> set[str]:
    """Every run of k consecutive normalized tokens, joined by spaces; a shorter text is one
    shingle (or none). Each shingle is a slice of the joined tokens (faster than joining k)."""
    tokens = normalized_tokens(text)
    joined = " ".join(tokens)
    if len(tokens) <= k:
        return {joined} if tokens else set()
    ends = list(itertools.accumulate(len(token) + 1 for token in tokens))
    starts = [0, *ends[:-1]]
    return {joined[starts[first] : ends[first + k - 1] - 1] for first in range(len(tokens) - k + 1)}


def shingle_hashes(text: str, k: int = SHINGLE_SIZE) -> np.ndarray:
    """The 32-bit hash of each of the text's `shingles` (of each occurrence: a shingle that occurs
    twice is there twice, which MinHash ignores): the top bits of sum(byte_i * HASH_BASE**i) mod
    2**64 over the shingle's UTF-8 bytes, from one prefix sum over the joined tokens' bytes."""
    data = np.frombuffer(normalized_text(text).encode("utf-8"), dtype=np.uint8)
    if not len(data):
        return np.empty(0, dtype=np.uint32)
    powers, inverse_powers = _powers(1 << (len(data) - 1).bit_length())
    prefix = np.zeros(len(data) + 1, dtype=np.uint64)
    np.cumsum(data * powers[: len(data)], out=prefix[1:])
    spaces = np.flatnonzero(data == ord(" "))
    starts = np.concatenate(([0], spaces + 1))
    ends = np.concatenate((spaces, [len(data)]))
    count = max(1, len(starts) - k + 1)  # a text of k tokens or fewer is one shingle
    first, last = starts[:count], ends[-count:]
    hashes = (prefix[last] - prefix[first]) * inverse_powers[first]
    return (hashes >> np.uint64(32)).astype(np.uint32)


@functools.cache
def _powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    """HASH_BASE**i and HASH_BASE**-i modulo 2**64 for i < `length` (a power of two, so that few
    lengths are kept)."""
    arrays = []
    for base in (HASH_BASE, pow(HASH_BASE, -1, 1 << 64)):
        factors = np.full(length, base, dtype=np.uint64)
        factors[0] = 1
        arrays.append(np.cumprod(factors, dtype=np.uint64))
    return arrays[0], arrays[1]


def empty_signature() -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int, permutations=_permutations())


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The permutations of SEED, drawn once: datasketch draws them again for every MinHash.

    datasketch is imported here, on first use, because its package imports scipy (about a second
    of start-up) and a cycle with nothing new computes no signature."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def text_signature(text: str) -> MinHash:
    """The MinHash of the text's `shingle_hashes`: the values datasketch's `update_batch` gives
    (a test compares them), computed as one array operation. `update_batch` turns the array into
    a list and calls `hashfunc` on each item before doing the same, which cost more than the
    rest of the signature together."""
    hashes = shingle_hashes(text)
    if not len(hashes):
        return empty_signature()
    multipliers, offsets = _permutations()
    permuted = np.multiply.outer(multipliers, _premixed(hashes))
    permuted += offsets[:, None]
    return _minhash(permuted.min(axis=1))


def _premixed(hashes: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer, with which datasketch's affine32 scheme mixes each
    input hash before its permutations."""
    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes *= np.uint32(0x85EBCA6B)
    hashes ^= hashes >> np.uint32(13)
    hashes *= np.uint32(0xC2B2AE35)
    hashes ^= hashes >> np.uint32(16)
    return hashes


def band_keys(signature: MinHash) -> list[int]:
    """One key per band (BANDS of them), or none for an empty text, which must match nothing."""
    if signature.is_empty():
        return []
    rows, width = signature_bytes(signature), ROWS * 4
    return [_band_key(band, rows[band * width : (band + 1) * width]) for band in range(BANDS)]


def _band_key(band: int, rows: bytes) -> int:
    digest = hashlib.blake2b(rows, digest_size=8).digest()
    band_hash = int.from_bytes(digest, "big") >> BAND_INDEX_BITS
    unsigned = (band << BAND_HASH_BITS) | band_hash
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def signature_bytes(signature: MinHash) -> bytes:
    """The hash values as little-endian uint32: 512 bytes for 128 permutations."""
    return np.asarray(signature.hashvalues, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    if len(data) != NUM_PERM * 4:
        raise ValueError(f"a signature is {NUM_PERM * 4} bytes, got {len(data)}")
    return _minhash(np.frombuffer(data, dtype="<u4").astype(np.uint32))


def _minhash(hashvalues: np.ndarray) -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=hashvalues, permutations=_permutations())


def estimated_similarity(a: MinHash, b: MinHash) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets; 0.0 if either text is empty."""
    if a.is_empty() or b.is_empty():
        return 0.0
    return float(a.jaccard(b))


def stored_similarity(a: bytes, b: bytes) -> float:
    """estimated_similarity of two stored signatures (`stored_similarities` of one pair)."""
    return float(stored_similarities(a, [b])[0])


def stored_similarities(signature: bytes, others: Sequence[bytes]) -> np.ndarray:
    """estimated_similarity of a stored signature with each of `others`, compared as one array:
    rebuilding MinHash objects would recompute 128 permutations each time, and comparing the
    candidates one by one cost more than the rest of the lookup, on the ingest hot path."""
    first = np.frombuffer(signature, dtype="<u4")
    if len(first) != NUM_PERM or any(len(other) != NUM_PERM * 4 for other in others):
        raise ValueError(f"a signature is {NUM_PERM * 4} bytes")
    if not others or (first == EMPTY_HASH).all():
        return np.zeros(len(others))
    matrix = np.frombuffer(b"".join(others), dtype="<u4").reshape(len(others), NUM_PERM)
    scores = np.count_nonzero(matrix == first, axis=1) / NUM_PERM
    scores[(matrix == EMPTY_HASH).all(axis=1)] = 0.0
    return scores


def is_near_duplicate(a: MinHash, b: MinHash) -> bool:
    return estimated_similarity(a, b) >= NEAR_DUPLICATE_THRESHOLD
