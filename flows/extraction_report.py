"""Compare mediawatch's article extraction with plain trafilatura on pages with gold data.

The folder is laid out as ../shared/realworld/html (see its PROVENANCE.md): `index.json` lists each
page with a gold of one of three kinds, scored here as follows.

- full_text (`*.gold.txt`): bag-of-words token F1 against the gold article body.
- with_without_snippets (`*.gold.json`): how many "with" snippets are present and how many
  "without" snippets are absent.
- cleaned_html (`*.expected.html`, Readability's output): token F1 against its text.

"plain" is trafilatura with the same options but without mediawatch's chrome pruning.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import trafilatura
from lxml import html as lxml_html

from mediawatch.extractors.article import ExtractionError, extract_article


def realworld_extraction_report(folder: Path) -> list[dict[str, Any]]:
    """One row per page: {page, gold_type, ours/plain token_f1 or with/without hits}."""
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    return [_score_page(folder.parent, page) for page in index["pages"]]


def gold_page_folder(target: Path) -> Path | None:
    """The folder of pages with gold data in `target` (itself, or its html/ as in ../shared/realworld)."""
    for folder in (target, target / "html"):
        if (folder / "index.json").is_file() and any(folder.glob("*.html")):
            return folder
    return None


def token_f1(candidate: str, gold: str) -> float:
    """Bag-of-words F1 over lowercased word tokens."""
    candidate_tokens, gold_tokens = Counter(_tokens(candidate)), Counter(_tokens(gold))
    overlap = sum((candidate_tokens & gold_tokens).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(candidate_tokens.values())
    recall = overlap / sum(gold_tokens.values())
    return 2 * precision * recall / (precision + recall)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _score_page(root: Path, page: dict[str, Any]) -> dict[str, Any]:
    raw = (root / page["file"]).read_bytes()
    gold_type = page["gold"]["type"]
    gold_file = root / page["gold"]["file"] if page["gold"].get("file") else None
    ours = _ours(raw, page.get("url"))
    plain = trafilatura.extract(raw, url=page.get("url"), include_comments=False, include_tables=False) or ""
    row: dict[str, Any] = {"page": Path(page["file"]).stem, "gold_type": gold_type}
    if gold_type == "with_without_snippets" and gold_file is not None:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        for name, text in (("ours", ours), ("plain", plain)):
            row[f"{name}_with"] = sum(snippet in text for snippet in gold["with"])
            row[f"{name}_without_absent"] = sum(snippet not in text for snippet in gold["without"])
        row["with_total"], row["without_total"] = len(gold["with"]), len(gold["without"])
        return row
    gold_text = _gold_text(root, page, gold_type)
    row["ours_token_f1"] = round(token_f1(ours, gold_text), 4)
    row["plain_token_f1"] = round(token_f1(plain, gold_text), 4)
    return row


def _gold_text(root: Path, page: dict[str, Any], gold_type: str) -> str:
    if gold_type == "cleaned_html":
        expected = root / page["file"].replace(".html", ".expected.html")
        return lxml_html.fromstring(expected.read_bytes()).text_content()
    return (root / page["gold"]["file"]).read_text(encoding="utf-8")


def _ours(raw: bytes, url: str | None) -> str:
    try:
        return extract_article(raw, url=url).text
    except ExtractionError:
        return ""


def format_report(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        if "ours_token_f1" in row:
            score = f"F1 ours {row['ours_token_f1']:.3f} plain {row['plain_token_f1']:.3f}"
        else:
            score = (
                f"with ours {row['ours_with']}/{row['with_total']} plain {row['plain_with']}/{row['with_total']}; "
                f"without-absent ours {row['ours_without_absent']}/{row['without_total']} "
                f"plain {row['plain_without_absent']}/{row['without_total']}"
            )
        lines.append(f"{row['page']:<55} {row['gold_type']:<22} {score}")
    f1_rows = [row for row in rows if "ours_token_f1" in row]
    if f1_rows:
        mean = lambda key: sum(row[key] for row in f1_rows) / len(f1_rows)  # noqa: E731
        lines.append(f"mean token F1 over {len(f1_rows)} pages: "
                     f"ours {mean('ours_token_f1'):.4f} plain {mean('plain_token_f1'):.4f}")
    return "\n".join(lines)

