"""The terminal chat, driven in-process: answers, numbered choices, quitting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.chat import run_chat, wrap


def scripted(*lines: str) -> Callable[[str], str]:
    """An input() stand-in that types these lines, then ends the input."""
    queue = list(lines)

    def read(prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    return read


def chat(answerer: Any, *lines: str) -> str:
    """The chat's whole output for these typed lines, whitespace folded (it wraps lines)."""
    out: list[str] = []
    run_chat(answerer, read=scripted(*lines), write=out.append)
    return " ".join("\n".join(out).split())


def test_greeting_numbers_featured_questions_and_a_number_picks_one(answerer: Any) -> None:
    """The greeting numbers the featured questions; typing 2 answers the second of them."""
    featured = answerer.featured()
    transcript = chat(answerer, "2")
    assert f"2. {featured[1].question}" in transcript
    assert answerer.explain(featured[1].fact).text in transcript


def test_numbers_refer_to_the_latest_choices(answerer: Any) -> None:
    """After an answer, 1 picks its first related question, not the greeting's first."""
    answer = answerer.answer("how much investment was signed")
    related = answerer.explain(answer.suggestions[0].fact)
    transcript = chat(answerer, "how much investment was signed", "1")
    assert "84.475 billion yuan" in transcript
    assert f"1. {answer.suggestions[0].question}" in transcript
    assert related.text in transcript


@pytest.mark.parametrize("word", ["quit", "exit", "QUIT"])
def test_quit_ends_the_chat(answerer: Any, word: str) -> None:
    """quit stops reading: nothing typed after it is answered."""
    transcript = chat(answerer, word, "how much investment was signed")
    assert "84.475" not in transcript


def test_a_number_out_of_range_is_asked_as_a_question(answerer: Any) -> None:
    """99 is not one of the choices, so it goes to the engine like any text."""
    transcript = chat(answerer, "99")
    assert answerer.answer("99").text in transcript


def test_wrap_hangs_quotes_and_choices() -> None:
    """Long lines fold at words; quotes and numbered choices continue under their text."""
    assert wrap("“one two three four”", 10) == "“one two\n three\n four”"
    assert wrap("  1. alpha beta gamma", 12) == "  1. alpha\n     beta\n     gamma"


def test_the_terminal_chat_is_one_conversation(answerer: Any) -> None:
    """A follow-up in the terminal is read against the question before it."""
    from bot.chat import run_chat

    lines = iter(["how much investment was signed?", "and since it began?", "quit"])
    out: list[str] = []
    run_chat(answerer, read=lambda _prompt: next(lines), write=out.append)
    assert any(o.startswith("↪ How much investment has been signed since 2005?") for o in out)
