"""Which languages a Han-only question is tried in, told by the national character sets."""

from __future__ import annotations

import pytest

from knowledge.analyse.script import candidates
from knowledge.answerer import Answerer


@pytest.mark.parametrize(
    ("question", "tried"),
    [
        ("签约项目数量多少 deals几个", ["zh-Hans"]),  # 签, 约, 项 are in no Japanese set
        ("参加企業数", ["ja"]),  # 数 with 業: Japanese forms, in neither GB 2312 nor Big5
        ("開催期間", ["zh-Hant", "ja"]),  # written alike in both: both tried
        ("投资总额", ["zh-Hans"]),
        ("長春の名物料理って何？", ["ja"]),  # a little kana among much Han is Japanese
    ],
)
def test_han_questions_are_tried_where_their_characters_exist(
    answerer: Answerer, question: str, tried: list[str]
) -> None:
    """A question is never read as a language whose character set lacks its characters."""
    languages = {code: engine.analyser.language for code, engine in answerer.engines.items()}
    assert candidates(question, languages) == tried


@pytest.mark.parametrize(
    ("question", "check"),
    [("展会在什么城市举办", False), ("怎么去展馆", False), ("是在长春举办的吗", True)],
)
def test_a_chinese_question_word_is_no_yes_no_marker(
    answerer: Answerer, question: str, check: bool
) -> None:
    """么 of 什么 and 怎么 asks something; 吗 asks for a yes or a no."""
    assert answerer.engines["zh-Hans"].analyser.analyse(question).yes_no is check
