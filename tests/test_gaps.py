"""Gaps: the logged questions the store could not answer, grouped, counted, with nearest facts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from new_article import add_article

from knowledge.answer import Kind
from knowledge.answerer import Answerer
from knowledge.gaps import find_gaps, format_gaps
from knowledge.questionlog import QuestionLog, read_questions

REPO = Path(__file__).resolve().parent.parent

ASKED = [
    "who won the match?",
    "Who won the match",
    "the match: who won it?",  # other word order, one word more: still the same gap
    "how many volunteers were there",
    "number of volunteers",  # the same words once normalised
    "hi",  # nothing a fact could answer: left out
    "how much investment was signed",  # answered: not a gap
]


@pytest.fixture
def db(tmp_path: Path, answerer: Answerer, ambiguous: str) -> Path:
    """A real question log holding ASKED as the shipped store answers them, plus a clarify."""
    path = tmp_path / "questions.sqlite3"
    with QuestionLog(path) as log:
        for question in [*ASKED, ambiguous]:
            log.record(answerer.answer(question), "private")
    return path


def test_similar_questions_are_one_gap_most_frequent_first(db: Path, answerer: Answerer) -> None:
    """Three wordings of one question make one group of 3, ahead of the group of 2."""
    gaps = find_gaps(answerer, read_questions(db))
    first, second = gaps[:2]
    assert (first.count, first.example) == (3, "who won the match?")
    assert set(first.wordings) == {"Who won the match", "the match: who won it?"}
    assert first.kinds == {Kind.ABSTAIN: 3}
    assert second.count == 2 and "volunteers" in second.example
    examples = {g.example for g in gaps}
    assert not examples & {"hi", "how much investment was signed"}


def test_each_gap_offers_the_nearest_facts(db: Path, answerer: Answerer, ambiguous: str) -> None:
    """A gap carries the engine's suggestions today; a clarified one, its candidates."""
    gaps = {g.example: g for g in find_gaps(answerer, read_questions(db))}
    assert gaps["who won the match?"].now.suggestions
    clarified = gaps[ambiguous]
    assert clarified.kinds == {Kind.CLARIFY: 1}
    assert [s.fact for s in clarified.now.suggestions] == list(answerer.answer(ambiguous).facts)


def test_a_gap_filled_since_shows_as_answered(db: Path, store_copy: Path) -> None:
    """Once a curator adds the volunteers article, that gap reads 'answered now by'."""
    add_article(store_copy)
    gaps = find_gaps(Answerer.load(store_copy), read_questions(db))
    [volunteers] = [g for g in gaps if "volunteers" in g.example]
    assert volunteers.answered_now and volunteers.now.facts == ("volunteers",)
    assert "answered now by: volunteers" in format_gaps(gaps)


def test_limit_keeps_the_most_frequent(db: Path, answerer: Answerer) -> None:
    """limit=1 keeps only the largest group."""
    [gap] = find_gaps(answerer, read_questions(db), limit=1)
    assert gap.count == 3


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """python -m knowledge with these arguments, from the repository."""
    return subprocess.run(
        [sys.executable, "-m", "knowledge", *args],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_gaps_command_prints_groups_with_counts_and_nearest_facts(db: Path) -> None:
    """`gaps --db PATH --limit 2`: two groups, each with its count, example and nearest facts."""
    result = run("gaps", "--db", str(db), "--limit", "2")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "    3x  'who won the match?'  (abstain 3)" in out
    assert "also asked: " in out and "nearest facts: " in out
    assert out.count("x  '") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "missing.sqlite3"], "no question log at missing.sqlite3"),
        (["--limit", "0"], "not a whole number of at least 1"),
    ],
)
def test_gaps_command_refuses_plainly(args: list[str], message: str) -> None:
    """A missing log or a bad --limit: one line saying so, exit 2, no traceback."""
    result = run("gaps", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_empty_log_says_so(tmp_path: Path, answerer: Any) -> None:
    """A log with only answered questions has no gaps, and the report says so."""
    path = tmp_path / "questions.sqlite3"
    with QuestionLog(path) as log:
        log.record(answerer.answer("how much investment was signed"), "private")
    assert format_gaps(find_gaps(answerer, read_questions(path))) == (
        "No unanswered or clarified questions in the log."
    )


def test_the_log_keeps_language_and_context_and_gaps_group_per_language(
    tmp_path: Path, answerer: Answerer
) -> None:
    """Each question is logged with its reply's language and the fact a follow-up leaned on;
    the gaps are grouped per language, read the way that language is read."""
    db = tmp_path / "languages.sqlite3"
    log = QuestionLog(db)
    previous = answerer.answer("how much investment was signed?")
    for question in ["长春天气怎么样", "长春天气怎么样？", "who won the match"]:
        log.record(answerer.answer(question), via="private")
    log.record(answerer.answer("and since it began?", previous), via="private")
    log.close()
    entries = read_questions(db, kinds=tuple(Kind))
    assert [e.language for e in entries] == ["zh-Hans", "zh-Hans", "en", "en"]
    assert entries[-1].context == "investment-signed"
    gaps = find_gaps(answerer, read_questions(db))
    assert [(g.language, g.count) for g in gaps] == [("zh-Hans", 2), ("en", 1)]
    assert "[zh-Hans] '长春天气怎么样'" in format_gaps(gaps)


def test_an_older_log_without_the_new_columns_is_read_and_upgraded(tmp_path: Path) -> None:
    """A file written before the language column reads as English, and gains the column."""
    import sqlite3

    db = tmp_path / "old.sqlite3"
    with sqlite3.connect(db) as old:
        old.execute(
            "CREATE TABLE questions (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL, question TEXT"
            " NOT NULL, kind TEXT NOT NULL, score REAL NOT NULL, facts TEXT NOT NULL, via TEXT"
            " NOT NULL, user_id INTEGER, user_name TEXT)"
        )
        old.execute("INSERT INTO questions VALUES (1, '2026-11-30 10:00:00', 'q', 'abstain', 0,"
                    " '', 'private', NULL, NULL)")  # fmt: skip
    assert [e.language for e in read_questions(db)] == ["en"]
    log = QuestionLog(db)
    log.flush()
    log.close()
    with sqlite3.connect(db) as upgraded:
        columns = {row[1] for row in upgraded.execute("PRAGMA table_info(questions)")}
    assert {"language", "context"} <= columns
