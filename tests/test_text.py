"""Reading English: Unicode, case, punctuation, number words, grouping, synonyms, stop words."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from knowledge.analyse.normalise import Normaliser, Stemmer
from knowledge.language import Stemming


@pytest.fixture(scope="module")
def english(answerer: Any) -> Any:
    """The store's English reader, as the engine uses it."""
    return answerer.analyser


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How many COMPANIES?!", ["how", "many", "companies"]),
        ("twenty thousand visitors", ["20000", "visitors"]),
        ("20,000 visitors", ["20000", "visitors"]),
        ("20000 visitors", ["20000", "visitors"]),
        ("20k visitors", ["20000", "visitors"]),
        (
            "\uff26\uff55\uff4c\uff4c\uff0d\uff57\uff49\uff44\uff54\uff48 \uff12\uff10\uff12\uff13",
            ["full", "width", "2023"],
        ),
        ("the fourteenth expo", ["the", "14th", "expo"]),
        ("the 14TH expo", ["the", "14th", "expo"]),
        ("84.475 billion yuan.", ["84.475", "billion", "yuan"]),
        ("one hundred and five deals", ["105", "deals"]),
        ("in\u200bvest\u200dment", ["investment"]),
        ("<b>how much</b> <a href='x'>deals</a>", ["how", "much", "deals"]),
        ("is 3 < 5 > 2", ["is", "3", "under", "5", "over", "2"]),
        ("€5 or $5", ["euro", "5", "or", "dollar", "5"]),
    ],
)
def test_tokens(english: Any, text: str, expected: list[str]) -> None:
    """Questions and phrasings break into the same folded tokens."""
    assert english.tokeniser.tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("four exceeded 5 billion yuan", {Decimal(4), Decimal(5)}),
        ("over 20,000 individuals", {Decimal(20000)}),
        ("twenty thousand", {Decimal(20000)}),
        ("1.97 trillion yuan (about 270 billion U.S. dollars)", {Decimal("1.97"), Decimal(270)}),
        ("The five-day event", {Decimal(5)}),
        ("no figures here", set()),
    ],
)
def test_numbers(english: Any, text: str, expected: set[Decimal]) -> None:
    """Figures are read in digits or words, whatever the grouping."""
    assert english.tokeniser.numbers(text) == expected


def test_normaliser_maps_synonyms_and_drops_stop_words(english: Any) -> None:
    """Words people use become the store's words; filler disappears."""
    normalise = english.normaliser
    assert normalise("Number of deals signed") == "how many project signed"
    assert normalise("the agreements, please") == "project"


def test_spelling_is_corrected_towards_known_words(english: Any) -> None:
    """A typo of a store word is read as that word; an unrelated word is left alone."""
    normalise: Normaliser = english.normaliser
    assert normalise("invstment totl") == "investment total"
    assert normalise("parking") == "parking"  # not "barking" nor "speaking": no such slip
    assert normalise("president") == "president"  # a common English word: not "present"
    # a slip in a filler word is filler too; a real word is never bent into one
    assert normalise("whcih editon") == "edition"
    assert normalise("weather") == "weather"  # not "whether"


@pytest.mark.parametrize(
    ("word", "stem"),
    [("trains", "train"), ("exhibited", "exhibit"), ("running", "run"), ("bus", "bus"),
     ("news", "news"), ("companies", "compan")],
)  # fmt: skip
def test_stems_follow_the_language_files_rule(word: str, stem: str) -> None:
    """Endings are cut as knowledge/languages/en.toml says, keeping at least four letters."""
    rule = Stemming(suffixes=("ings", "ing", "ies", "es", "ed", "s"), min_stem=4, undouble=True)
    assert Stemmer(rule).stem(word) == stem


@pytest.mark.parametrize(
    ("language", "text", "figures"),
    [
        ("zh-Hans", "展期五天", {Decimal(5)}),
        ("zh-Hans", "是哪一天开幕的", set()),
        ("zh-Hans", "每一天都有活动", set()),
        ("zh-Hant", "是哪一天開幕的", set()),
        ("zh-Hant", "辦了三天", {Decimal(3)}),
    ],
)
def test_a_lone_numeral_after_which_or_every_is_no_figure(
    answerer: Any, language: str, text: str, figures: set[Decimal]
) -> None:
    """A lone numeral before a counter is a figure (五天), but 哪一天 is "which day"."""
    tokeniser = answerer.engines[language].analyser.tokeniser
    assert tokeniser.numbers(text) == figures


@pytest.mark.parametrize(
    ("language", "typed", "meant"),
    [
        ("zh-Hans", "东北亚搏览会在哪", "东北亚博览会在哪"),  # 搏 bo for 博 bo
        ("zh-Hant", "郝明錦講話", "郝明金讲话"),  # 锦 jin for 金 jin, Traditional folded
        ("ko", "참가긔업", "참가기업"),  # one letter of the syllable off
        ("zh-Hans", "头资总额", "投资总额"),  # the run's first character: tou for tou
    ],
)
def test_a_slip_of_the_input_method_is_put_right(
    answerer: Any, language: str, typed: str, meant: str
) -> None:
    """A character no store bigram has, between ones the store writes, is read as the store's
    character that fits there and sounds alike."""
    analyser = answerer.engines[language].analyser
    assert analyser.words(typed) == analyser.words(meant)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh-Hans", "开幕式有文艺演出吗"),  # 演出 is a word: not 展出 (yan, zhan)
        ("zh-Hans", "港澳台企业分别多少家"),  # 分别 is not 分布 (bie, bu)
        ("ko", "있다면서"),  # 면 and 고 differ in more than one letter
        ("zh-Hant", "那些展場照片是什麼時候拍的"),  # 那些 "those" is no slip for 哪些 "which"
    ],
)
def test_a_word_that_only_looks_like_a_slip_is_left_as_typed(
    answerer: Any, language: str, text: str
) -> None:
    """A character that sounds unlike every store character that would fit stays itself."""
    normaliser = answerer.engines[language].analyser.normaliser
    assert all(normaliser._slips_fixed(run) == run for run in normaliser.tokeniser.tokens(text))
