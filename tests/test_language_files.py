"""The language and vocabulary files are validated like the fact files, key by key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bot_process import run_bot

from knowledge.store import StoreError, load_store

REPO = Path(__file__).resolve().parent.parent
LANGUAGE = "knowledge/languages/en.toml"
VOCABULARY = "knowledge/vocabulary/en.toml"


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first occurrence of old (which must be there) with new."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    ("misspelt key", LANGUAGE, "\nstop_words = [", "\nstopwords = [",
     r"knowledge/languages/en\.toml: stopwords: .*unknown key; did you mean 'stop_words'\?"),
    ("misspelt nested key", LANGUAGE, "\nunits = {", "\nunit = {",
     r"knowledge/languages/en\.toml: numbers\.unit: .*did you mean 'units'\?"),
    ("wrong type", LANGUAGE, 'name = "English"', "name = 3",
     r"knowledge/languages/en\.toml: name: Input should be a valid string; fix this field"),
    ("empty required list", LANGUAGE, 'question_words = ["how", "how many", "how much", "who", '
     '"what", "which", "why", "many", "much",\n                  "whose", "is", "was", "did", '
     '"does"]', "question_words = []",
     r"knowledge/languages/en\.toml: question_words: .*at least 1"),
    ("empty synonym list", LANGUAGE, 'region = ["regions"]', "region = []",
     r"knowledge/languages/en\.toml: synonyms\.region: .*at least 1"),
    ("unknown scope", VOCABULARY, "since-2005 = [", "since-2006 = [",
     r"knowledge/vocabulary/en\.toml: scope_cues\.since-2006\.\[key\]: Input should be"),
    ("misspelt vocabulary key", VOCABULARY, "\nneutral = [", "\nneutrals = [",
     r"knowledge/vocabulary/en\.toml: neutrals: .*did you mean 'neutral'\?"),
    ("unknown analyser", LANGUAGE, 'analyser = "spaced"', 'analyser = "magic"',
     r"knowledge/languages/en\.toml: analyser: Input should be 'spaced'"),
    ("code not the file's name", LANGUAGE, 'code = "en"', 'code = "ru"',
     r"knowledge/languages/en\.toml: code: is 'ru'; name the file ru\.toml"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "file", "old", "new", "message"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_each_language_file_problem_is_named(
    store_copy: Path, name: str, file: str, old: str, new: str, message: str
) -> None:
    """A broken language or vocabulary file is refused, naming the file and the key."""
    edit(store_copy / file, old, new)
    with pytest.raises(StoreError, match=message):
        load_store(store_copy)


def test_a_missing_language_file_is_a_problem(store_copy: Path) -> None:
    """Without knowledge/languages/en.toml the store does not load."""
    (store_copy / LANGUAGE).unlink()
    with pytest.raises(StoreError, match=r"knowledge/languages: en: missing; restore en\.toml"):
        load_store(store_copy)


def test_check_and_the_bot_refuse_a_misspelt_key(store_copy: Path) -> None:
    """`python -m knowledge check` and `python -m bot ask` both exit 2 and name the key."""
    edit(store_copy / LANGUAGE, "\nstop_words = [", "\nstopwords = [")
    check = subprocess.run(
        [sys.executable, "-m", "knowledge", "--root", str(store_copy), "check"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    bot = run_bot("ask", "how many companies", FACT_STORE_ROOT=str(store_copy))
    for result in (check, bot):
        assert result.returncode == 2
        assert "knowledge/languages/en.toml: stopwords: " in result.stderr
        assert "Traceback" not in result.stderr
