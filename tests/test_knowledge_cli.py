"""python -m knowledge check | coverage | evaluate, run as a curator runs them (gaps: test_gaps)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from new_article import add_article

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, root: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run python -m knowledge with the given arguments against a store root."""
    return subprocess.run(
        [sys.executable, "-m", "knowledge", "--root", str(root), *args],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_passes_on_the_shipped_store() -> None:
    """check exits 0 with a one-line summary of facts, phrasings and sources."""
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("ok: ")
    assert (
        "facts" in result.stdout and "phrasings" in result.stdout and "2 sources" in result.stdout
    )


def test_check_fails_when_a_seed_figure_changes(store_copy: Path) -> None:
    """Altering 84.475 to 84.476 in a seed names the fact whose quote no longer matches."""
    seed = store_copy / "seeds" / "2023-08-28-expo-results.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("84.475", "84.476"), encoding="utf-8")
    result = run("check", root=store_copy)
    assert result.returncode == 2
    assert "fact 'projects-signed', evidence[0].quote: not found verbatim" in result.stderr
    assert "Traceback" not in result.stderr


def test_coverage_reports_every_specific_sentence_covered() -> None:
    """Every seed sentence with a figure, a date or a name is quoted or excluded with a reason."""
    result = run("coverage")
    assert result.returncode == 0, result.stdout
    assert "MISSING" not in result.stdout
    assert "0 sentence(s) with a figure, a date or a name are not covered" in result.stdout


def test_coverage_flags_a_new_uncovered_sentence(store_copy: Path) -> None:
    """A sentence added to a seed with no fact behind it is listed as missing."""
    seed = store_copy / "seeds" / "2023-08-28-expo-results.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8") + "\nThe expo hosted 77 press briefings.\n",
        encoding="utf-8",
    )
    result = run("coverage", root=store_copy)
    assert result.returncode == 1
    assert "MISSING   [changchun-2023-08-28] The expo hosted 77 press briefings." in result.stdout


def test_evaluate_prints_both_parts() -> None:
    """evaluate prints accuracy per kind for the tuning and held-out parts."""
    result = run("evaluate")
    assert result.returncode == 0, result.stderr
    for heading in ("== tuning", "== heldout", "in-scope", "out-of-scope", "breakdown"):
        assert heading in result.stdout


def test_evaluate_runs_one_dialogue_part_and_names_the_parts_for_an_unknown_one() -> None:
    """--part takes a dialogue part as well as a one-shot part; a part that is not there is a
    clear error listing those that are, not a traceback."""
    result = run("evaluate", "--part", "dialogues/tuning")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.startswith("== dialogues/tuning (turns)")
        and "confident wrong" in result.stdout
    )
    wrong = run("evaluate", "--part", "en/tunign")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "no evaluation part en/tunign" in wrong.stderr and "en/tuning" in wrong.stderr


def add_phrasing(root: Path, facts_file: str, fact_id: str, phrasing: str) -> None:
    """Give the fact one more phrasing, first in its list."""
    path = root / "knowledge" / "facts" / facts_file
    text = path.read_text(encoding="utf-8")
    start = text.index("phrasings = [\n", text.index(f'id = "{fact_id}"')) + len("phrasings = [\n")
    path.write_text(f"{text[:start]}  {json.dumps(phrasing)},\n{text[start:]}", "utf-8")


def test_check_warns_about_overlapping_phrasings(store_copy: Path) -> None:
    """Near-identical phrasings in two facts: a warning naming both facts and both phrasings."""
    add_article(store_copy)
    before = re.search(r"(\d+) pair\(s\) of facts", run("check", root=store_copy).stdout)
    assert before is not None
    add_phrasing(store_copy, "volunteers.toml", "volunteer-shifts", "how many volunteer")
    result = run("check", root=store_copy)
    assert result.returncode == 0, result.stderr  # a warning, not an error
    assert (
        "warning: facts 'volunteers' and 'volunteer-shifts' overlap: "
        "'how many volunteers were there' ~ 'how many volunteer' "
        "(read as 'how many volunteers' and 'how many volunteer', 97% alike)"
    ) in result.stdout
    # the new pair is counted with the store's others
    pairs = int(before.group(1)) + 1
    assert f"{pairs} pair(s) of facts with overlapping phrasings" in result.stdout


def test_check_fails_on_a_phrasing_the_engine_gives_another_fact(store_copy: Path) -> None:
    """A phrasing answered with a different fact is an error naming both facts: exit 1."""
    add_phrasing(store_copy, "deals.toml", "projects-signed", "projects signed over all editions")
    result = run("check", root=store_copy)
    assert result.returncode == 1
    assert (
        "error: fact 'projects-signed': phrasing 'projects signed over all editions' is "
        "answered with 'projects-since-2005'; reword it"
    ) in result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("FAILED: ")
