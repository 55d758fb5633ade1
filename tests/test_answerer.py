"""The answer engine's decisions: answer, clarify or abstain, with scope and breakdowns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.answer import Kind
from knowledge.answerer import Answerer

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("how much investment was signed?", "investment-signed"),
        ("invstment total", "investment-signed"),
        ("how many companies showed up", "companies"),
        ("who was the main speaker", "opening-speaker"),
        ("wat was the motto", "theme"),
        ("diplomats there?", "diplomatic-envoys"),
        ("WHERE WAS IT HELD", "location"),
        ("were there more than twenty thousand visitors", "attendance"),
    ],
)
def test_answers_paraphrases(answerer: Answerer, question: str, fact: str) -> None:
    """The questions people type get the right fact, confidently."""
    answer = answerer.answer(question)
    assert (answer.kind, answer.facts) == (Kind.ANSWER, (fact,))
    assert answer.answered
    assert answer.sources, "every answer cites its article"


@pytest.mark.parametrize(
    "question",
    ["who won the match?", "sing me a song", "what's the weather in changchun", "is there parking"],
)
def test_abstains_when_the_articles_are_silent(answerer: Answerer, question: str) -> None:
    """Out-of-scope questions get an honest abstain and at most three nearest topics."""
    answer = answerer.answer(question)
    assert answer.kind is Kind.ABSTAIN
    assert not answer.answered and answer.facts == ()
    assert "don't cover" in answer.text
    assert 1 <= len(answer.suggestions) <= 3


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("how many Korean firms came", "korea"),
        ("how much went to agriculture", "agriculture"),
        ("the investment in euros", "euro"),
        ("deals at the 12th expo", "12th"),
        ("how many people attended virtually", "online"),
    ],
)
def test_breakdowns_never_get_a_figure(answerer: Answerer, question: str, word: str) -> None:
    """A question narrower than any fact is told so, with the nearest fact labelled as such."""
    answer = answerer.answer(question)
    assert answer.kind is Kind.ABSTAIN
    assert answer.text.startswith(("The articles don't give a figure", "The articles don't say"))
    assert word in answer.text
    assert "The nearest they give:" in answer.text
    assert answer.sources, "the nearest figure shown is still cited"


def test_no_scope_gets_this_edition_and_a_sentence_on_the_other(answerer: Answerer) -> None:
    """An unscoped question gets the 14th expo's figure, then one sentence on since 2005."""
    answer = answerer.answer("how many deals were signed")
    assert answer.facts == ("projects-signed",)
    assert answer.text.startswith("99 international and domestic cooperation projects")
    assert "2,900" in answer.text
    assert {c.quote for c in answer.sources} >= {
        "The 14th China-Northeast Asia Expo witnessed the signing of 99 international and "
        "domestic cooperation projects, amounting to a combined investment of 84.475 billion yuan."
    }


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("total investment since 2005", "investment-since-2005"),
        ("how many deals over the years", "projects-since-2005"),
        ("investment across all editions", "investment-since-2005"),
        ("how much investment in total", "investment-since-2005"),
        ("how much investment this year", "investment-signed"),
    ],
)
def test_named_scope_gets_that_scope(answerer: Answerer, question: str, fact: str) -> None:
    """A question that names a scope is answered at that scope, and says so."""
    answer = answerer.answer(question)
    assert answer.facts == (fact,)
    if fact.endswith("since-2005"):
        assert "2005" in answer.text
        assert "84.475" not in answer.text


def test_citation_names_article_and_quote(answerer: Answerer) -> None:
    """Sources carry the seed path, title, publisher, date and the verbatim quote."""
    answer = answerer.answer("who was the main speaker")
    (citation,) = answer.sources
    assert citation.seed == "seeds/2023-08-23-xinhua-expo-opens.txt"
    assert citation.title == "China-Northeast Asia Expo opens in Chinese city of Changchun"
    assert citation.publisher == "Xinhua"
    assert "Hao Mingjin" in citation.quote
    assert citation.quote in (REPO / citation.seed).read_text(encoding="utf-8")


def test_clarifies_between_close_facts(answerer: Answerer) -> None:
    """When two facts are close the engine asks which, naming their canonical questions."""
    answer = answerer.answer("deals and investment")
    assert answer.kind is Kind.CLARIFY
    assert len(answer.facts) >= 2
    assert {s.fact for s in answer.suggestions} == set(answer.facts)
    assert answer.text.startswith("Did you mean")


@pytest.mark.parametrize(
    "question", ["", "   ", "\n\t", "?!", "🙂🙂🙂", "\u200b\u200f", "hi how are you", "what?"]
)
def test_empty_input_abstains(answerer: Answerer, question: str) -> None:
    """Nothing to match gets an abstain that invites a question."""
    answer = answerer.answer(question)
    assert answer.kind is Kind.ABSTAIN
    assert answer.text.startswith("Ask me a question about the 14th China-Northeast Asia Expo")
    assert answer.suggestions


def test_long_input_is_capped(answerer: Answerer) -> None:
    """A 100,000-character question is read as its first 300 characters, and kept shorter."""
    padded = answerer.answer("how much investment was signed?" + " " * 100_000 + "blah")
    assert (padded.kind, padded.facts) == (Kind.ANSWER, ("investment-signed",))
    assert len(padded.question) == 1200
    junk = answerer.answer("blah " * 20_000 + "how much investment was signed")
    assert (junk.kind, junk.facts) == (Kind.ABSTAIN, ())
    assert junk.text.startswith("The articles I know don't cover that.")


def test_explain_and_topics(answerer: Answerer) -> None:
    """Each fact can be opened by id; topics list every fact once."""
    assert answerer.explain("no-such-fact") is None
    explained = answerer.explain("theme")
    assert explained is not None and explained.facts == ("theme",)
    listed = [s.fact for _, items in answerer.topics() for s in items]
    assert sorted(listed) == sorted(f.id for f in answerer.store.facts)


def test_knowledge_never_imports_telegram() -> None:
    """The answer engine works without the Telegram library."""
    code = (
        "import sys, knowledge.answerer, knowledge.__main__, knowledge.evaluate;"
        "sys.exit('telegram' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_no_did_you_mean_for_a_question_like_none_of_the_phrasings(answerer: Answerer) -> None:
    """'what time is it' shares 'time' with three facts but reads like none: it abstains."""
    answer = answerer.answer("what time is it")
    assert answer.kind is Kind.ABSTAIN and not answer.sources


@pytest.mark.parametrize(
    ("question", "breakdown"),
    [
        ("what model was the Hongqi car on display?", True),
        ("which exact train models did crrc have on display", True),
        ("紅旗展的是哪一款車型", True),
        ("CRRC 기차 모형 무슨 모델이야?", True),
        ("which train maker brought models?", False),  # a company, which the articles name
        ("how many products were on display", False),  # a count, which they give
    ],
)
def test_which_one_of_a_thing_the_articles_never_name_is_a_breakdown(
    answerer: Answerer, question: str, breakdown: bool
) -> None:
    """The exhibitor facts name the companies, not the car's or the trains' model: asked
    which model, the reply says the articles do not name it and offers the fact."""
    reply = answerer.answer(question)
    assert (reply.kind is Kind.ABSTAIN and bool(reply.suggestions)) is breakdown
    assert (reply.kind is Kind.ANSWER) is not breakdown


@pytest.mark.parametrize(
    ("question", "choice"),
    [
        ("Jilin or Liaoning?", "Jilin"),
        ("吉林还是辽宁？", "吉林"),
        ("长春是吉林的还是辽宁的啊", "吉林"),
        ("長春是吉林還是遼寧的？", "吉林"),
        ("吉林省か遼寧省か？", "吉林省"),
        ("지린성이야 랴오닝성이야?", "지린성"),
        ("Цзилинь или Ляонин?", "Цзилинь"),
    ],
)
def test_a_choice_of_two_names_the_one_the_fact_says_in_every_language(
    answerer: Answerer, question: str, choice: str
) -> None:
    """ "Jilin or Liaoning?" opens with the right one, as typed, then the answer with its
    citation, written with spaces or without (还是, か...か, two values ending alike)."""
    reply = answerer.answer(question)
    assert reply.kind is Kind.ANSWER and reply.facts == ("location",)
    assert reply.text.startswith(choice)
