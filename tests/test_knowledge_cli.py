"""python -m knowledge check | coverage | evaluate, run as a curator runs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, root: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run python -m knowledge with the given arguments against a store root."""
    return subprocess.run(
        [sys.executable, "-m", "knowledge", "--root", str(root), *args],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def store_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds and the curated files."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "knowledge", tmp_path / "knowledge",
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))  # fmt: skip
    return tmp_path


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
