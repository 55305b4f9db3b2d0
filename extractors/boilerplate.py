"""Drop the lines of an extracted article text that are not the article's own prose.

Text extraction leaves page chrome behind: "Read also" links, credit lines, share prompts,
previous/next navigation with other stories' headlines, widget titles. Those lines often carry
trigger words ("...reach agreement after marathon pay talks") and must not create events.
The line patterns are data (`[boilerplate]` in config/watch.toml); the structural rules are here:
a navigation line also takes the headline after it, and a short title-case line without a
sentence verb or final punctuation is a heading, not prose.
"""

from __future__ import annotations

import regex

from mediawatch.extractors.watch import Watch

# Searched backwards (only whether it matches is used): anchored at the end, it is found or
# ruled out there instead of being tried at every punctuation mark of the line.
_SENTENCE_END = regex.compile(r"[.!?…:;\"”’)]\s*$", regex.REVERSE)
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")
_WHOLE_QUOTE = regex.compile(r"^[\"“‘'](.+)[\"”’']$")
_MINOR_WORDS = frozenset(
    "a an and as at but by for from in into of on or over per the to up via vs with".split()
)
_FINITE_VERB = regex.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|says?|said|told|did|does|do)\b"
)


def is_boilerplate_line(line: str, watch: Watch) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    return bool(watch.boilerplate_lines.match(stripped)) or is_heading(stripped, watch)


def is_heading(line: str, watch: Watch) -> bool:
    """A short line in title case with no sentence-final punctuation and no finite verb."""
    if _SENTENCE_END.search(line):
        return False
    words = _WORD.findall(line)
    if not words or len(words) > watch.headline_max_words:
        return False
    if _FINITE_VERB.search(line) and len(words) > 6:
        return False
    content = [word for word in words if word.lower() not in _MINOR_WORDS]
    capitalised = sum(1 for word in content if word[0].isupper() or word[0].isdigit())
    return bool(content) and capitalised / len(content) >= 0.6


def _is_pull_quote(line: str, lines: list[str]) -> bool:
    """A line that is only a quotation repeated from the prose (a pull quote)."""
    quoted = _WHOLE_QUOTE.match(line.strip())
    if not quoted:
        return False
    inner = quoted.group(1).strip().rstrip(".!?,")
    return len(inner) > 20 and any(inner in other and other.strip() != line.strip() for other in lines)


def drop_boilerplate(text: str, watch: Watch) -> str:
    """`text` without boilerplate lines; the lines kept are unchanged and in order."""
    lines = text.splitlines()
    pull_quotes = {index for index, line in enumerate(lines) if _is_pull_quote(line, lines)}
    kept: list[str] = []
    drop_next_headline = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if index in pull_quotes:
            continue
        if not stripped:
            kept.append(line)
            continue
        if watch.navigation_lines.match(stripped):
            drop_next_headline = True
            continue
        if drop_next_headline:
            drop_next_headline = False
            if not _SENTENCE_END.search(stripped) or is_heading(stripped, watch):
                continue
        if not is_boilerplate_line(stripped, watch):
            kept.append(line)
    return "\n".join(kept)
