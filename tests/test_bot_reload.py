"""/reload through the real Application: a valid store is swapped in, an invalid one refused."""

from __future__ import annotations

from pathlib import Path

from fake_bot_api import FakeTelegram
from harness import running_app
from new_article import ADDED_FACTS, ANSWER, FACTS, QUESTION, add_article

from knowledge.answerer import Answerer

UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."


async def test_reload_serves_a_new_fact_without_a_restart(
    store_copy: Path, telegram: FakeTelegram
) -> None:
    """Before /reload the new article's question is not covered; after it, it is answered."""
    async with running_app(telegram, Answerer.load(store_copy)) as bot:
        assert "don't cover" in await bot.ask(QUESTION)
        add_article(store_copy)
        assert "don't cover" in await bot.ask(QUESTION)  # nothing is re-read by itself
        reply = await bot.ask("/reload")
        facts = len(Answerer.load().store.facts) + ADDED_FACTS
        assert reply == f"Reloaded the fact store: {facts} facts from 3 article(s)."
        assert ANSWER in await bot.ask(QUESTION)
        assert not bot.errors


async def test_an_invalid_store_is_refused_and_the_old_one_keeps_serving(
    store_copy: Path, telegram: FakeTelegram
) -> None:
    """A facts file citing a source with no entry: /reload shows the problem, nothing changes."""
    async with running_app(telegram, Answerer.load(store_copy)) as bot:
        before = bot.app.bot_data.answerer
        facts = store_copy / "knowledge" / "facts" / "volunteers.toml"
        facts.write_text(FACTS, encoding="utf-8")  # the seed and its [[sources]] entry forgotten
        reply = await bot.ask("/reload")
        assert reply.startswith("<b>Not reloaded</b>: the fact store on disk is invalid")
        assert (
            "knowledge/facts/volunteers.toml: fact 'volunteers', evidence[0].source: "
            "unknown source 'volunteers-2023-08-26'"
        ) in reply
        assert bot.app.bot_data.answerer is before
        assert "84.475 billion yuan" in await bot.ask("how much investment was signed")
        assert "don't cover" in await bot.ask(QUESTION)
        assert not bot.errors


async def test_reload_is_an_unknown_command_for_everyone_else(
    store_copy: Path, telegram: FakeTelegram, answerer: Answerer
) -> None:
    """A user not in ADMIN_USER_IDS gets the unknown-command reply, and no reload happens."""
    async with running_app(telegram, answerer, admin_user_ids=(42,)) as bot:
        assert await bot.ask("/reload") == UNKNOWN_COMMAND
        assert bot.app.bot_data.answerer is answerer
