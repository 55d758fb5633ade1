"""Follow-up questions: read against the last turn only when they cannot stand alone."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conversations import Conversations
from knowledge.answer import Answer, Kind
from knowledge.evaluate import EVAL_DIR, parts, read_cases

TOPICS = ["who took the photo of the speech?", "how much investment was signed?",
          "参加企業は何社?"]  # fmt: skip


@pytest.mark.parametrize("topic", TOPICS)
def test_a_question_that_stands_alone_is_not_bent(answerer: Any, topic: str) -> None:
    """Every evaluation question gets the same reply after a turn on another topic."""
    previous = answerer.answer(topic)
    # the one change allowed: the topic's figure at the scope the question names ("and in
    # dollars over all the years?" after this edition's investment: its since-2005 figure)
    fact = answerer.store.fact(previous.facts[0])
    rescoped = {fact.counterpart} - {None}
    changed = [
        # a held-out question is not shown, as `evaluate` shows none: it is counted
        case.question if not part.split("/")[-1].startswith("heldout") else f"({part})"
        for part in parts()
        for case in read_cases(EVAL_DIR / f"{part}.tsv")
        if ((a := answerer.answer(case.question)).text
            != (b := answerer.answer(case.question, previous)).text or a.facts != b.facts)
        and not (b.context == fact.id and b.facts[:1] and b.facts[0] in rescoped)
    ]  # fmt: skip
    assert not changed, f"{len(changed)} replies changed after {topic!r}: {changed[:8]}"


@pytest.mark.parametrize(
    ("turns", "facts"),
    [
        (["how much investment was signed?", "and since it began?"],
         ["investment-signed", "investment-since-2005"]),
        (["how many projects since 2005?", "and at the 14th?"],
         ["projects-since-2005", "projects-signed"]),
        (["一共签约了多少个项目？", "那自2005年以来呢？"],
         ["projects-signed", "projects-since-2005"]),
        # a figure compared with the last answer's, in its words or none
        (["how many people came?", "is it true over 30,000 came?"],
         ["attendance", "attendance"]),
        (["how big were the projects?", "more than 20?"],
         ["project-sizes", "project-sizes"]),
    ],
)  # fmt: skip
def test_an_elliptical_follow_up_is_read_against_the_last_turn(
    answerer: Any, turns: list[str], facts: list[str]
) -> None:
    """The follow-up is answered as the question it stands for, and says how it was read."""
    previous = None
    for turn, fact in zip(turns, facts, strict=True):
        answer = answerer.answer(turn, previous)
        assert (answer.kind, answer.facts) == (Kind.ANSWER, (fact,))
        previous = answer
    assert answer.context == facts[0] and answer.text.startswith("↪ ")


def test_an_out_of_scope_question_after_a_topic_is_declined(answerer: Any) -> None:
    """ "Who won the match?" after the investment is no investment answer."""
    previous = answerer.answer("how much investment was signed?")
    answer = answerer.answer("who won the match?", previous)
    assert answer.kind is Kind.ABSTAIN and answer.context is None


def test_the_second_one_picks_from_a_did_you_mean(answerer: Any, ambiguous: str) -> None:
    """After "did you mean", "the second one" answers the second fact offered."""
    offered = answerer.answer(ambiguous)
    answer = answerer.answer("the second one", offered)
    assert answer.facts == (offered.facts[1],) and answer.context == offered.facts[0]


def test_frames_are_bounded_and_expire() -> None:
    """However many conversations, at most the limit is kept; an old frame is forgotten."""
    now = [0.0]
    frames = Conversations(minutes=10, limit=1000, clock=lambda: now[0])
    marker = Answer("q", Kind.ANSWER, "reply", ("location",), 90.0)
    for key in range(100_000):
        frames.remember(key, marker)
    assert len(frames) == 1000
    last = frames.last(99_999)
    assert last is not None and last.facts == ("location",) and frames.last(0) is None
    assert last.text == ""  # the reply itself is not kept
    now[0] += 601
    assert frames.last(99_999) is None


async def test_in_telegram_each_person_has_their_own_conversation(
    telegram: Any, answerer: Any
) -> None:
    """Two people in a group do not steer each other; /start begins a conversation afresh."""
    from fake_bot_api import BOT_USERNAME, GROUP_CHAT, USER
    from harness import running_app

    other = {**USER, "id": 2002, "first_name": "Bo"}
    async with running_app(telegram, answerer) as bot:
        mention = f"@{BOT_USERNAME}"
        await bot.feed(
            telegram.message(f"{mention} how much investment was signed?", chat=GROUP_CHAT)
        )
        await bot.feed(telegram.message(f"{mention} and since it began?", chat=GROUP_CHAT,
                                        sender=other))  # fmt: skip
        assert "↪" not in bot.replies()[-1]["text"]
        await bot.feed(telegram.message(f"{mention} and since it began?", chat=GROUP_CHAT))
        assert bot.replies()[-1]["text"].startswith("↪ How much investment has been signed")
        await bot.ask("how much investment was signed?")
        await bot.ask("/start")
        assert "↪" not in await bot.ask("and since it began?")
        assert not bot.errors


async def test_a_telegram_reply_to_an_answer_follows_that_answer(
    telegram: Any, answerer: Any
) -> None:
    """Replying to an earlier answer reads the question against it, whatever came between;
    a reply to something else, or to nothing, follows the last turn as before."""
    from harness import running_app

    async with running_app(telegram, answerer) as bot:
        await bot.ask("how much investment was signed?")
        [investment] = telegram.sent_messages()
        assert "84.475" in investment["text"]
        await bot.ask("where was it held?")
        # not a reply: the same words lean on the last turn, the place, not on the investment
        assert "investment" not in await bot.ask("and since it began?")
        replying = telegram.message("and since it began?", reply_to=investment)
        await bot.feed(replying)
        assert bot.replies()[-1]["text"].startswith("↪ How much investment has been signed")
        assert not bot.errors


@pytest.mark.parametrize(
    ("first", "follow_up", "fact"),
    [
        # answered alone as where the expo was: "they" are the companies
        ("how many companies took part?", "where were they from?", "company-origins"),
        ("what did crrc show?", "what did they show?", "exhibitor-crrc"),
        ("开幕式谁讲话了", "那他说了什么", "speech-cooperation"),
        ("개막식에서 누가 연설했어?", "그 사람 뭐라고 했어?", "speech-cooperation"),
    ],
)  # fmt: skip
def test_a_word_pointing_back_is_read_as_what_the_last_answer_was_about(
    answerer: Any, first: str, follow_up: str, fact: str
) -> None:
    """ "he" after the speaker is Hao Mingjin (entities.toml, the fact's `about`)."""
    previous = answerer.answer(first)
    answer = answerer.answer(follow_up, previous)
    assert (answer.kind, answer.facts) == (Kind.ANSWER, (fact,))
    assert answer.context == previous.facts[0] and answer.text.startswith("↪ ")


def test_how_many_of_them_is_a_breakdown_of_the_group(answerer: Any) -> None:
    """ "How many of them were Korean?" after the companies: no figure for Korea, and the
    companies offered; a word the articles never use after them is no such question."""
    previous = answerer.answer("how many companies took part?")
    korean = answerer.answer("how many of them were Korean?", previous)
    assert korean.kind is Kind.ABSTAIN and korean.context == "companies"
    assert "korea" in korean.text.lower() and "1,006" in korean.text
    mongolia = answerer.answer("what language do they speak in mongolia", previous)
    assert mongolia.context is None


@pytest.mark.parametrize(
    ("first", "then", "kind", "fact"),
    [
        # "he" can only point back: his role is checked, not the premier exhibition's
        ("who delivered the opening speech?", "how old is he", Kind.ABSTAIN, "opening-speaker"),
        # "them" are the envoys: their names are not given, so no edition answer either
        ("how many diplomatic envoys attended?", "name them", Kind.ABSTAIN, "diplomatic-envoys"),
    ],
)
def test_a_word_that_only_points_back_overrides_an_answer_about_something_else(
    answerer: Any, first: str, then: str, kind: Kind, fact: str
) -> None:
    """An answer the question gets alone, about none of what its pronoun points at, is not
    what was asked: the pointed reading is given instead, answer or not."""
    previous = answerer.answer(first)
    assert answerer.answer(then).kind is Kind.ANSWER  # alone it lands on some other fact
    reply = answerer.answer(then, previous)
    assert reply.kind is kind and reply.context == fact


@pytest.mark.parametrize(
    ("first", "then", "fact", "verdict"),
    [
        ("how many projects were signed?", "was it more than 100?", "projects-signed", "No"),
        ("how many envoys attended?", "were there more than 50?", "diplomatic-envoys", "No"),
    ],
)
def test_a_bare_figure_check_checks_the_last_answer(
    answerer: Any, first: str, then: str, fact: str, verdict: str
) -> None:
    """ "Was it more than 100?" names nothing of its own: it checks the last answer's figure,
    though alone it fits another fact's."""
    previous = answerer.answer(first)
    alone = answerer.answer(then)
    assert alone.facts[:1] != (fact,)
    reply = answerer.answer(then, previous)
    assert reply.facts == (fact,) and reply.context == fact and verdict in reply.text


def test_every_canonical_question_stands_alone_after_every_other(answerer: Any) -> None:
    """Each fact's own question is a whole question: after any other one (as users of the
    reliability test ask them, at random) it gets the reply it gets alone."""
    questions = [f.question for f in answerer.store.facts]
    alone = {q: answerer.answer(q).text for q in questions}
    bent = [
        (first, then)
        for first in questions
        for then in questions
        if answerer.answer(then, answerer.answer(first)).text != alone[then]
    ]
    assert not bent, bent[:5]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("how much investment was signed at the 14th expo?", "in dollars?"),
        ("本届签约投资总额是多少？", "合多少美元？"),
    ],
)
def test_in_dollars_after_this_editions_investment_is_a_breakdown(
    answerer: Any, first: str, then: str
) -> None:
    """Alone, "in dollars?" fits the since-2005 figure (given in dollars); after this
    edition's investment it asks for what the articles do not give: no figure is stated."""
    assert answerer.answer(then).facts == ("investment-since-2005",)
    reply = answerer.answer(then, answerer.answer(first))
    assert reply.kind is Kind.ABSTAIN and reply.context == "investment-signed"
    assert "2700" not in reply.text and "270 billion" not in reply.text


@pytest.mark.parametrize(
    ("first", "then", "fact"),
    [
        ("how many projects since 2005?", "and the cash involved?", "investment-since-2005"),
        (
            "Сколько проектов подписали с 2005 года?",
            "А инвестиций на какую сумму?",
            "investment-since-2005",
        ),
        (
            "how much investment since 2005?",
            "and how many projects is that",
            "projects-since-2005",
        ),
    ],
)
def test_a_continuation_keeps_the_span_the_conversation_is_at(
    answerer: Any, first: str, then: str, fact: str
) -> None:
    """ "And the cash involved?" after the projects since 2005 asks for the investment since
    2005, not this edition's, which it gets alone; the reply says how it was read."""
    alone = answerer.answer(then)
    assert alone.facts and alone.facts[0] != fact
    reply = answerer.answer(then, answerer.answer(first))
    assert reply.facts == (fact,) and reply.text.startswith("↪")


@pytest.mark.parametrize(
    ("first", "then", "fact"),
    [
        ("tell me about the money", "no, the all-time figure", "investment-since-2005"),
        ("how many projects?", "nah i mean the all-time total", "projects-since-2005"),
        ("多少钱", "不是，我问的是历届加起来的", "investment-since-2005"),
    ],
)
def test_a_correction_reads_the_last_question_again_as_corrected(
    answerer: Any, first: str, then: str, fact: str
) -> None:
    """ "No, the all-time figure" after this edition's investment: the since-2005 one, though
    alone its words name no subject and get not-covered."""
    assert answerer.answer(then).kind is not Kind.ANSWER
    reply = answerer.answer(then, answerer.answer(first))
    assert reply.facts == (fact,) and reply.context is not None


def test_a_correction_never_means_the_last_answer_again(answerer: Any) -> None:
    """ "No, not the article, the opening date" is not read as the article's date again."""
    previous = answerer.answer("기사 언제 나온 거예요?")
    assert previous.facts == ("article-dates",)
    reply = answerer.answer("아니 기사 말고 박람회 개막한 날짜요", previous)
    assert reply.facts[:1] != ("article-dates",)


@pytest.mark.parametrize(
    ("first", "then", "fact", "opening"),
    [
        ("which edition was the 2023 expo?", "so the 15th?", "edition", "No"),
        ("where was it held?", "that's in Liaoning right?", "location", "No"),
        ("number of projects since 2005?", "only the 14th one?", "projects-signed", "99"),
        (
            "지금까지 누적으로 체결된 프로젝트는 몇 개야?",
            "이번 회차만 보면?",
            "projects-signed",
            "99",
        ),
    ],
)
def test_a_value_or_a_span_alone_is_read_against_the_last_answer(
    answerer: Any, first: str, then: str, fact: str, opening: str
) -> None:
    """ "So the 15th?" checks the edition just given; "only the 14th one?" after the
    projects since 2005 asks this edition's count, though alone it is the edition fact."""
    reply = answerer.answer(then, answerer.answer(first))
    assert reply.facts == (fact,) and reply.context is not None
    assert opening in reply.text.split("\n")[1]


def test_a_one_character_pronoun_opening_the_question_points_back(answerer: Any) -> None:
    """他是什么职务 after the speaker: his role, read as 郝明金's."""
    previous = answerer.answer("开幕式上是谁致辞的？")
    reply = answerer.answer("他是什么职务？", previous)
    assert reply.facts == ("opening-speaker",) and reply.context == "opening-speaker"
    assert answerer.answer("他是什么职务？").kind is not Kind.ANSWER


def test_a_span_named_after_a_fact_without_counterpart_is_read_alone(answerer: Any) -> None:
    """After the first expo's year, 那這次是第13屆 asks about this edition (the edition fact,
    as alone), not the first expo again: a fact with no counterpart has no other span."""
    previous = answerer.answer("博覽會第一屆是哪年")
    assert previous.facts == ("first-held",)
    reply = answerer.answer("那這次是第13屆？", previous)
    assert reply.facts == answerer.answer("那這次是第13屆？").facts == ("edition",)
