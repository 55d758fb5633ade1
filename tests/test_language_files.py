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


def test_a_wrong_translated_figure_is_refused(store_copy: Path) -> None:
    """844.76亿 for 844.75亿 names the fact, the language and the figure."""
    edit(store_copy / "knowledge/translations/zh-Hans/deals.toml",
         'answer = "第十四届东博会签约项目的投资总额为844.75亿元。"',
         'answer = "第十四届东博会签约项目的投资总额为844.76亿元。"')  # fmt: skip
    with pytest.raises(StoreError, match=r"fact 'investment-signed', answer \(zh-Hans\): "
                       r"states 84476000000, which none of the English quotes gives"):  # fmt: skip
        load_store(store_copy)


@pytest.mark.parametrize(
    ("answer", "figure"),
    [("两万人参加", "20000"), ("共签约九十九个项目", "99"), ("投资1.97万亿元", "1970000000000")],
)
def test_chinese_numerals_are_read_as_figures(store_copy: Path, answer: str, figure: str) -> None:
    """Chinese numerals and 万/亿 are figures too: put where no quote has them, they are refused."""
    path = store_copy / "knowledge/translations/zh-Hans/event.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('answer = "', text.index('id = "theme"'))
    end = text.index("\n", start)
    path.write_text(text[:start] + f'answer = "{answer}"' + text[end:], encoding="utf-8")
    with pytest.raises(StoreError, match=rf"fact 'theme', answer \(zh-Hans\): states {figure},"):
        load_store(store_copy)


def test_an_untranslated_fact_answers_in_english_and_check_says_so(store_copy: Path) -> None:
    """A curator's partly translated store runs; the fact answers in English with a note, and
    `check` fails naming what is missing."""
    path = store_copy / "knowledge/translations/ru/participants.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[[facts]]", text.index('id = "attendance"') - 40)
    end = text.index("[[facts]]", start + 9)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    from knowledge.answerer import Answerer

    answer = Answerer(load_store(store_copy)).answer("сколько человек посетило выставку?")
    assert answer.language == "ru" and answer.text.startswith("(По-английски")
    assert "Over 20,000 people" in answer.text
    checked = {
        flags: subprocess.run(
            [sys.executable, "-m", "knowledge", "--root", str(store_copy), "check", *flags],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )
        for flags in ((), ("--complete",))
    }  # fmt: skip
    assert checked[()].returncode == 0  # a curator's store: a warning
    assert checked[("--complete",)].returncode == 1  # the shipped store: an error
    assert "fact 'attendance' has no ru translation" in checked[("--complete",)].stderr


def test_a_fact_about_an_unknown_entity_is_refused(store_copy: Path) -> None:
    """`about` names entities of knowledge/entities.toml; a misspelt one is a problem."""
    edit(store_copy / "knowledge/facts/ceremony.toml", 'about = ["hao-mingjin"]',
         'about = ["hao-mingin"]')  # fmt: skip
    with pytest.raises(StoreError, match=r"'opening-speaker', about: unknown entity 'hao-mingin'"):
        load_store(store_copy)


def test_an_entity_without_an_english_name_is_refused(store_copy: Path) -> None:
    """Every language falls back to the English name, so it must be there."""
    edit(store_copy / "knowledge/entities.toml", 'names = { en = "CRRC", ', "names = { ")
    with pytest.raises(StoreError, match=r"entities.toml: fact 'crrc', names: .*no en name"):
        load_store(store_copy)
