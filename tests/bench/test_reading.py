"""bench/reading.py, the per-stage reading benchmark, run as its README says on the demo's pages."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_PAGES = ROOT / "flows" / "demo" / "articles"


def run_reading(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "bench" / "reading.py"), *args],
                          capture_output=True, text=True, timeout=300, check=False)


def test_reading_benchmark_prints_each_stage_and_the_ratio(tmp_path: Path) -> None:
    pages = len(list(DEMO_PAGES.glob("*.html")))
    result = run_reading(str(DEMO_PAGES), "--rounds", "1", "--json", str(tmp_path / "reading.json"))
    assert result.returncode == 0, result.stderr
    assert f"{pages} of {pages} pages with text" in result.stdout
    for stage in ("extract", "signature", "tag"):
        assert any(line.split()[:1] == [stage] for line in result.stdout.splitlines())
    written = json.loads((tmp_path / "reading.json").read_text())
    assert written["pages"] == pages
    assert written["ms_per_page"]["extract"] > 0
    assert f"(signature + tag) / extract = {written['signature_plus_tag_over_extract']:.2f}" in result.stdout
    per_kb = written["extract_ms_per_kb"]["median"]
    assert per_kb > 0
    assert f"extract per KB of HTML, median: {per_kb:.3f} ms over all pages" in result.stdout


def test_reading_benchmark_without_pages_says_so(tmp_path: Path) -> None:
    result = run_reading(str(tmp_path))
    assert result.returncode == 1
    assert f"no .html pages in {tmp_path}" in result.stderr
