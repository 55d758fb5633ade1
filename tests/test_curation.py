"""A curator adds a third article without touching code: check passes, and the answer engine
and the Telegram bot answer from it, citing it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import FakeTelegram
from harness import running_app
from new_article import (
    ADDED_FACTS,
    ANSWER,
    ARTICLE,
    FACTS,
    PUBLISHER,
    QUESTION,
    SEED,
    SOURCE,
    SOURCE_ID,
    TITLE,
    add_article,
)

from knowledge.answer import Kind
from knowledge.answerer import Answerer

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def curated(store_copy: Path) -> Path:
    """The store copy with the made-up volunteers article, its source entry and its facts."""
    add_article(store_copy)
    return store_copy


def knowledge(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    """python -m knowledge --root ROOT COMMAND, as a curator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "knowledge", "--root", str(root), command],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_shipped_store_cannot_answer_it(answerer: Any) -> None:
    """Without the new article the question is not covered: what the curator is fixing."""
    assert answerer.answer(QUESTION).kind is Kind.ABSTAIN


def test_check_and_coverage_accept_the_new_article(curated: Path, answerer: Any) -> None:
    """check exits 0 counting three sources; coverage finds every specific sentence quoted."""
    check = knowledge(curated, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    facts = len(answerer.store.facts) + ADDED_FACTS
    assert f"{facts} facts" in check.stdout and "3 sources" in check.stdout
    coverage = knowledge(curated, "coverage")
    assert coverage.returncode == 0, coverage.stdout
    assert "no facts  [volunteers-2023-08-26] Student volunteers guide visitors" in coverage.stdout


async def test_engine_and_telegram_answer_from_the_new_article(
    curated: Path, telegram: FakeTelegram
) -> None:
    """The engine answers with the new fact cited to the new source; so does the bot's reply."""
    answerer = Answerer.load(curated)
    answer = answerer.answer(QUESTION)
    assert (answer.kind, answer.facts) == (Kind.ANSWER, ("volunteers",))
    [citation] = answer.sources
    assert (citation.source, citation.title, citation.publisher) == (SOURCE_ID, TITLE, PUBLISHER)

    async with running_app(telegram, answerer) as bot:
        reply = await bot.ask(QUESTION)
        sources = await bot.ask("/sources")
        assert not bot.errors
    assert ANSWER in reply
    assert f"<i>Source: {TITLE} — {PUBLISHER}, 26 Aug 2023</i>" in reply
    assert "<blockquote expandable>About 1,600 student volunteers from 12 universities" in reply
    assert f"<b>{TITLE}</b> — {PUBLISHER}, 26 Aug 2023" in sources


def test_the_curators_guide_shows_this_example() -> None:
    """knowledge/README.md's worked example is the article, source entry and fact tested here."""
    guide = (REPO / "knowledge" / "README.md").read_text(encoding="utf-8")
    first_fact = FACTS[: FACTS.index("[[facts]]", FACTS.index("[[facts]]") + 1)].strip()
    for block in (ARTICLE.strip(), SOURCE.strip(), first_fact, SEED, QUESTION, ANSWER):
        assert block in guide
