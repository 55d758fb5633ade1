"""Fixtures shared by the bot's tests: the real answer engine and a fake Bot API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fake_bot_api import FakeBotApiServer, FakeTelegram
from new_article import copy_store

if TYPE_CHECKING:
    from knowledge.answerer import Answerer


@pytest.fixture(scope="session")
def answerer() -> Answerer:
    """The real Answerer over the repository's fact store, loaded once."""
    from knowledge.answerer import Answerer  # here, so other packages' tests never need it

    return Answerer.load()


@pytest.fixture
def store_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds and the curated files."""
    return copy_store(tmp_path / "store")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where a question log's SQLite file goes."""
    return tmp_path / "questions.sqlite3"


@pytest.fixture
def telegram() -> FakeTelegram:
    """A fresh fake Bot API, for in-process use."""
    return FakeTelegram()


@pytest.fixture
def fake_api() -> Iterator[FakeBotApiServer]:
    """A fake Bot API served over HTTP on 127.0.0.1."""
    with FakeBotApiServer() as server:
        yield server


# A question near two facts, and the two the engine must offer for it.
AMBIGUOUS = "deals and investment"
AMBIGUOUS_FACTS = ("investment-signed", "project-sectors")


@pytest.fixture(scope="session")
def ambiguous(answerer: Answerer) -> str:
    """A question the engine answers by asking which of two known facts was meant."""
    from knowledge.answer import Kind

    answer = answerer.answer(AMBIGUOUS)
    assert (answer.kind, answer.facts) == (Kind.CLARIFY, AMBIGUOUS_FACTS)
    return AMBIGUOUS
