"""The normaliser: Unicode, case, punctuation, number words, grouping, synonyms, stop words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.text import Normaliser, numbers, tokens


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
        ("is 3 < 5 > 2", ["is", "3", "5", "2"]),
        ("€5 or $5", ["euro", "5", "or", "dollar", "5"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    """Questions and phrasings break into the same folded tokens."""
    assert tokens(text) == expected


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
def test_numbers(text: str, expected: set[Decimal]) -> None:
    """Figures are read in digits or words, whatever the grouping."""
    assert numbers(text) == expected


def test_normaliser_maps_synonyms_and_drops_stop_words() -> None:
    """Words people use become the store's words; filler disappears."""
    normalise = Normaliser(
        {"deals": "project", "agreements": "project", "number of": "how many"},
        ["the", "were", "signed"],
    )
    assert normalise("Number of deals signed") == "how many project"
    assert normalise("the agreements") == "project"


def test_spelling_is_corrected_towards_known_words() -> None:
    """A typo of a known word is read as that word; an unrelated word is left alone."""
    normalise = Normaliser({"investments": "investment"}, ["the"])
    normalise.learn(["total investment signed", "the weather of the speaker"])
    assert normalise("invstment totl") == "investment total"
    assert normalise("parking") == "parking"  # not "speaker": the first letter differs
