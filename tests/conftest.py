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


# Questions near several facts; the engine is tuned over time, so the tests take the first
# of these it answers with a clarify rather than pin one.
AMBIGUOUS = (
    "deals and investment",
    "how many people from how many countries",
    "projects",
    "how many companies",
)


@pytest.fixture(scope="session")
def ambiguous(answerer: Answerer) -> str:
    """A question the engine answers by asking which of several facts was meant."""
    from knowledge.answer import Kind

    found = [q for q in AMBIGUOUS if answerer.answer(q).kind is Kind.CLARIFY]
    assert found, f"none of {AMBIGUOUS} gets a clarify any more; add one that does"
    return found[0]
