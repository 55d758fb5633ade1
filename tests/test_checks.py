"""Yes/no checks, choices, questions for names, and words no fact knows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.analyse import Claim
from knowledge.answer import Kind
from knowledge.answerer import Answerer
from knowledge.check import Verdict, combine, judge_claim


@pytest.mark.parametrize(
    ("question", "fact", "opening"),
    [
        ("was the expo held in Shenyang?", "location", "No: "),
        ("did the expo take place in changchun?", "location", "In Changchun"),
        ("was this the 15th edition?", "edition", "No: "),
        ("did it open on a wednesday?", "opening-date", "Yes: "),
        ("did the expo open in october?", "opening-date", "No: "),
        ("did it last a week?", "duration", "No: "),
        ("was the first expo in 2008?", "first-held", "No: "),
        ("was the speech given by Li Qiang?", "opening-speaker", "No: "),
        # "who" inside a check asks for no list: the name is checked
        ("was it Xi Jinping who spoke at the opening?", "opening-speaker", "No: "),
        ("were more than 90 projects signed?", "projects-signed", "Yes: "),
        ("were under 50 projects signed?", "projects-signed", "No: "),
        ("did the signed deals reach over 80bn yuan?", "investment-signed", "Yes: "),
        ("were about 2,900 projects signed since 2005?", "projects-since-2005", "Yes: "),
        # a year is the same year or not, never "close" to another
        ("was it held in 2023?", "opening-date", "Yes: "),
        ("was the first one in 2023?", "first-held", "No: "),
        ("Liaoning or Jilin?", "location", "Jilin: "),
        ("12th or 14th edition?", "edition", "14th: "),
    ],
)
def test_checks_open_with_the_verdict(
    answerer: Answerer, question: str, fact: str, opening: str
) -> None:
    """A check names the fact that settles it and opens with Yes, No or the right choice."""
    answer = answerer.answer(question)
    assert (answer.kind, answer.facts) == (Kind.ANSWER, (fact,)), answer
    assert answer.text.startswith(opening)
    assert answer.sources  # a verdict is cited like any answer


@pytest.mark.parametrize(
    "question",
    ["was there an expo in 2019?", "did the expo take place in 2019?", "было ли экспо в 2019 году",
     "проходила ли выставка в 2019?"],
)  # fmt: skip
def test_a_year_no_fact_covers_gets_no_verdict(answerer: Answerer, question: str) -> None:
    """2019 is no edition the articles cover: no "close to 2023", no "first held in 2005"."""
    assert answerer.answer(question).kind is not Kind.ANSWER


def test_a_yes_answer_is_not_said_twice(answerer: Answerer) -> None:
    """A fact whose answer already opens with "Yes:" is not prefixed again."""
    answer = answerer.answer("was there a porcelain painter at the expo?")
    assert answer.text.startswith("Yes: an artist") and not answer.text.startswith("Yes: Yes")


def test_a_lower_bound_is_not_contradicted(answerer: Answerer) -> None:
    """ "Over 20,000" cannot say no to "over 30,000?": the answer is given without a verdict."""
    answer = answerer.answer("did more than 30,000 people attend?")
    assert answer.kind is Kind.ANSWER and answer.text.startswith("Over 20,000")


@pytest.mark.parametrize(
    "question",
    ["who were the diplomatic envoys?", "who were the 40 envoys",
     "which 15 countries sent the envoys", "list the 99 projects"],
)  # fmt: skip
def test_questions_for_names_the_articles_lack_are_breakdowns(
    answerer: Answerer, question: str
) -> None:
    """A question for names or a list is never answered with a count."""
    answer = answerer.answer(question)
    assert answer.kind is Kind.ABSTAIN and not answer.facts
    assert answer.text.startswith("The articles don't name them. The nearest they give: ")


def test_a_question_for_a_name_the_articles_give_is_answered(answerer: Answerer) -> None:
    """ "Who gave the opening speech?" names Hao Mingjin."""
    answer = answerer.answer("who gave the opening speech")
    assert answer.facts == ("opening-speaker",) and "Hao Mingjin" in answer.text


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("how many companies went bankrupt", "bankrupt"),
        ("is there parking at the venues", "parking"),
    ],
)
def test_a_word_no_fact_knows_is_said_and_the_nearest_offered(
    answerer: Answerer, question: str, word: str
) -> None:
    """The reply says the articles do not cover the word, and shows the nearest fact."""
    answer = answerer.answer(question)
    assert answer.kind is Kind.ABSTAIN and not answer.facts
    assert f"“{word}”" in answer.text and "The nearest they give: " in answer.text
    assert answer.sources


@pytest.mark.parametrize("question", ["what's the weather in changchun", "who won the match"])
def test_nothing_nearer_than_the_editions_own_words_is_a_plain_abstain(
    answerer: Answerer, question: str
) -> None:
    """ "Changchun" alone points at no fact: no nearest fact is offered as if it were."""
    answer = answerer.answer(question)
    assert answer.kind is Kind.ABSTAIN and not answer.sources
    assert answer.text.startswith("The articles I know don't cover that.")


@pytest.mark.parametrize(
    ("claim", "figures", "verdict"),
    [
        (Claim("over", Decimal(80), "80"), [Claim("is", Decimal("84.475"), "")], Verdict.YES),
        (Claim("under", Decimal(80), "80"), [Claim("is", Decimal("84.475"), "")], Verdict.NO),
        (Claim("is", Decimal(84_000), "84k"), [Claim("is", Decimal(84_475), "")], Verdict.CLOSE),
        (Claim("is", Decimal(24), "24"), [Claim("is", Decimal(23), "")], Verdict.NO),
        (Claim("about", Decimal(1000), "1000"), [Claim("is", Decimal(1006), "")], Verdict.YES),
        (Claim("over", Decimal(30_000), ""), [Claim("over", Decimal(20_000), "")], None),
        (Claim("over", Decimal(15_000), ""), [Claim("over", Decimal(20_000), "")], Verdict.YES),
        (Claim("is", Decimal(5), "5"), [Claim("is", Decimal(5_000_000), "")], None),
    ],
)
def test_claims_are_judged_against_the_nearest_figure(
    claim: Claim, figures: list[Claim], verdict: str | None
) -> None:
    """Figures compare in full; a bound says only what it can; another magnitude says nothing."""
    assert judge_claim(claim, figures) == verdict


def test_verdicts_combine_with_no_first() -> None:
    """Any No makes the check a No; all Yes a Yes; nothing judged, nothing said."""
    assert combine([Verdict.YES, Verdict.NO]) == Verdict.NO
    assert combine([Verdict.YES, None]) == Verdict.YES
    assert combine([Verdict.YES, Verdict.CLOSE]) == Verdict.CLOSE
    assert combine([None]) is None


@pytest.mark.parametrize(
    "question",
    ["who spoke at the closing ceremony?", "闭幕式上是谁致的辞", "閉幕式誰致詞",
     "폐막식은 누가 연설했어?", "кто выступал на закрытии?", "閉幕式で誰が挨拶した？"],
)  # fmt: skip
def test_the_closing_is_not_the_opening(answerer: Answerer, question: str) -> None:
    """The articles say who spoke at the opening; the closing is another ceremony."""
    assert answerer.answer(question).kind is not Kind.ANSWER


def test_a_traditional_reply_quotes_the_word_in_traditional(answerer: Answerer) -> None:
    """Matching folds Traditional to Simplified; the reply writes the word as it was asked."""
    answer = answerer.answer("閉幕式誰致詞")
    assert answer.language == "zh-Hant" and "閉幕" in answer.text and "闭" not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "副部级以上官员具体都有谁",
        "外交使節が来た15カ国って具体的にどこ？",
        "who were the senior officials?",
        "우리나라 기업은 몇 군데 참가했어요?",
        "第十三届签约金额是多少",
        "第13回の契約額は？",
        "제13회 계약액은?",
        # a person's age is no fact's: not when the expo began, not the projects
        "how old is Hao Mingjin",
        "郝明金多大年纪",
        "сколько лет хао минцзиню",
        # a figure claimed for a part the articles do not give: not the whole's Yes
        "韩国企业来了多少家？有没有超过五十家",
        "会期中の長春って天気どうだった？",
    ],
)
def test_names_a_subset_or_another_edition_get_no_figure(answerer: Answerer, question: str) -> None:
    """Who the 13 officials were, Korea's companies ("our country"), the 13th edition: the
    articles give none of them, so no count or figure is stated as the answer."""
    assert answerer.answer(question).kind is not Kind.ANSWER


@pytest.mark.parametrize(
    ("question", "fact", "opening"),
    [("是第十三届吗", "edition", "不是："), ("who attended the expo?", "guests", "Notable")],
)
def test_an_edition_check_and_who_attended(
    answerer: Answerer, question: str, fact: str, opening: str
) -> None:
    """第十三届 is checked against the 14th; "who attended?" is answered as the articles can."""
    answer = answerer.answer(question)
    assert answer.facts == (fact,) and answer.text.startswith(opening)


def test_a_check_is_against_the_scope_it_names(answerer: Answerer) -> None:
    """1.97 trillion is the since-2005 figure: "this year" is checked against this year's, and
    a unit the fact also says ("yuan") is no Yes to a figure it does not state."""
    answer = answerer.answer(
        "Is it true the projects this year were worth about 1.97 trillion yuan?"
    )
    assert answer.facts == ("investment-signed",) and not answer.text.startswith("Yes")


@pytest.mark.parametrize("question", ["When was CRRC founded?", "how old is FAW Jiefang?"])
def test_a_named_company_is_answered_only_by_its_facts(answerer: Answerer, question: str) -> None:
    """CRRC's founding is not when the expo began: the company narrows like a person."""
    assert answerer.answer(question).kind is not Kind.ANSWER


@pytest.mark.parametrize(
    ("question", "fact", "opening"),
    [
        ("签约项目超过九十个吗", "projects-signed", "是的"),  # the cue ends the run before it
        ("外國企業超過三百家嗎", "foreign-companies", "不是"),
        ("계약 100건 넘었나?", "projects-signed", "아니요"),  # the cue after figure and counter
    ],
)
def test_comparisons_in_chinese_and_korean(
    answerer: Answerer, question: str, fact: str, opening: str
) -> None:
    """超过 90, 300 以上, 100건 넘었나: bounds, checked as English "over" is."""
    answer = answerer.answer(question)
    assert answer.facts == (fact,) and answer.text.startswith(opening)


@pytest.mark.parametrize(
    "question", ["how many projects over 10 billion?", "超过100亿的项目有几个"]
)
def test_a_count_by_a_bound_the_fact_does_not_use_is_a_breakdown(
    answerer: Answerer, question: str
) -> None:
    """The articles count projects over 100 million, 500 million, 1 and 5 billion: none over
    10 billion is counted, so no count is stated as the answer."""
    assert answerer.answer(question).kind is not Kind.ANSWER
