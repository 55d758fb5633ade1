"""Rendering an Answer: escaping, the citation, Telegram's limits, the plain and JSON forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fake_bot_api import visible_text
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import render
from bot.constants import MAX_CALLBACK_DATA, MAX_MESSAGE_LENGTH
from knowledge.answer import Answer, Citation, Kind, Suggestion
from knowledge.catalogue import catalogue

XINHUA = Citation(
    source="xinhua",
    seed="seeds/a.txt",
    title="Expo opens",
    publisher="Xinhua",
    date=dt.date(2023, 8, 24),
    dateline="CHANGCHUN, Aug. 23 (Xinhua)",
    quote="The five-day event opened.",
)
UNTITLED = Citation(
    source="results",
    seed="seeds/b.txt",
    title="",
    publisher="",
    date=dt.date(2023, 8, 28),
    dateline="CHANGCHUN, China, Aug. 28, 2023",
    quote="99 projects were signed.",
)


def answer(text: str = "It lasted five days.", **changes: object) -> Answer:
    fields: dict[str, object] = {
        "question": "how long was it",
        "kind": Kind.ANSWER,
        "text": text,
        "facts": ("duration",),
        "score": 97.5,
        "sources": (XINHUA,),
        "suggestions": (Suggestion("opening-date", "When did the expo open?"),),
    }
    fields.update(changes)
    return Answer(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("citation", "line"),
    [
        (XINHUA, "Source: Expo opens — Xinhua, 24 Aug 2023"),
        (UNTITLED, "Source: CHANGCHUN, China, Aug. 28, 2023 — 28 Aug 2023"),
    ],
)
def test_citation_line_leaves_out_missing_parts(citation: Citation, line: str) -> None:
    """The source line names the title (else the dateline), the publisher if any, the date."""
    assert render.citation_line(citation, catalogue("en")) == line


def test_plain_text_form() -> None:
    """to_text: the answer, the source line, the quote in quotation marks; no markup."""
    assert render.to_text(answer()) == (
        "It lasted five days.\n\n"
        "Source: Expo opens — Xinhua, 24 Aug 2023\n"
        "“The five-day event opened.”"
    )


def test_plain_text_lists_the_choices_of_a_clarify() -> None:
    """A clarify's candidates are part of its plain-text reply, numbered."""
    clarify = answer(
        "Did you mean one of these?",
        kind=Kind.CLARIFY,
        sources=(),
        suggestions=(Suggestion("a", "First?"), Suggestion("b", "Second?")),
    )
    assert render.to_text(clarify) == "Did you mean one of these?\n\n  1. First?\n  2. Second?"


def test_quotes_of_one_article_share_its_source_line() -> None:
    """Two quotes from one article: one source line, both quotes; another article: its own."""
    second = Citation(**{**XINHUA.__dict__, "quote": "Another sentence."})
    html = render.to_html(answer(sources=(XINHUA, UNTITLED, second)))
    assert html.count("Source: Expo opens") == 1
    assert html.count("<blockquote expandable>") == 3
    assert html.index("Another sentence.") < html.index("CHANGCHUN, China")


def test_html_has_citation_and_expandable_quote() -> None:
    """to_html: the answer, the source line in italics, the quote in an expandable blockquote."""
    assert render.to_html(answer(), heading=True) == (
        "<b>how long was it</b>\n\nIt lasted five days.\n\n"
        "<i>Source: Expo opens — Xinhua, 24 Aug 2023</i>\n"
        "<blockquote expandable>The five-day event opened.</blockquote>"
    )


def test_hostile_text_is_escaped_everywhere() -> None:
    """Tags and ampersands in the question, the answer, the source and the quote stay text."""
    hostile = Citation(**{**XINHUA.__dict__, "title": "<i>T</i>", "quote": "<a href='x'>q</a>"})
    html = render.to_html(
        answer("A & B <b>bold</b>", question="<b>hi</b> &amp;", sources=(hostile,)), heading=True
    )
    for raw in ("<b>hi</b>", "<b>bold</b>", "<i>T</i>", "<a href"):
        assert raw not in html
    assert "&lt;b&gt;hi&lt;/b&gt; &amp;amp;" in html
    shown = visible_text(html, "HTML")  # the fake Bot API parses it as Telegram would
    assert (
        "<b>hi</b> &amp;" in shown and "A & B <b>bold</b>" in shown and "<a href='x'>q</a>" in shown
    )


def test_long_quote_is_cut_first_and_cleanly() -> None:
    """Over 4,096 characters, the quote gives way first, at a word, and the answer stays whole."""
    quote = "word & <tag> " * 1000
    text = "The answer itself. " * 20
    html = render.to_html(
        answer(text.strip(), sources=(Citation(**{**XINHUA.__dict__, "quote": quote}),))
    )
    assert render.telegram_length(html) <= MAX_MESSAGE_LENGTH
    assert text.strip() in html
    assert "<blockquote expandable>word &amp; &lt;tag&gt;" in html
    assert html.endswith("…</blockquote>")
    visible_text(html, "HTML")


def test_overlong_answer_text_is_cut_to_fit() -> None:
    """Even an answer text far over the limit yields one valid message within it."""
    html = render.to_html(answer("x" * 9000 + " & end"), heading=True)
    assert render.telegram_length(html) <= MAX_MESSAGE_LENGTH
    assert "…" in html
    visible_text(html, "HTML")


@settings(max_examples=60, deadline=None)
@given(
    question=st.text(max_size=300),
    text=st.text(min_size=1, max_size=6000).filter(str.strip),
    quote=st.text(max_size=6000),
    title=st.text(max_size=200),
)
def test_any_text_renders_to_valid_html_within_the_limit(
    question: str, text: str, quote: str, title: str
) -> None:
    """Whatever the text (entities, emoji, tags), the HTML parses and fits 4,096 UTF-16 units."""
    source = Citation(**{**XINHUA.__dict__, "title": title, "quote": quote})
    html = render.to_html(answer(text, question=question, sources=(source,)), heading=True)
    assert render.telegram_length(html) <= MAX_MESSAGE_LENGTH
    visible_text(html, "HTML")


def test_callback_data_fits_64_bytes_for_every_fact(answerer: Any) -> None:
    """Every fact's button data is within Telegram's 64 bytes; longer data is refused."""
    for fact in answerer.store.facts:
        assert len(render.callback_data("f:", fact.id).encode()) <= MAX_CALLBACK_DATA
    with pytest.raises(ValueError, match="over 64 bytes"):
        render.callback_data("f:", "x" * 63)


def test_keyboard_has_up_to_three_buttons_with_short_labels() -> None:
    """Suggestions become at most three f: buttons, labels cut to a phone's width."""
    long_question = "How many " + "very " * 30 + "long questions?"
    many = tuple(Suggestion(f"fact-{n}", long_question) for n in range(5))
    markup = render.keyboard(answer(suggestions=many))
    assert markup is not None
    rows = markup.inline_keyboard
    assert [row[0].callback_data for row in rows] == ["f:fact-0", "f:fact-1", "f:fact-2"]
    label = rows[0][0].text
    assert len(label) <= 60 and label.endswith("…") and label.startswith("How many very")
    assert render.keyboard(answer(suggestions=())) is None


def test_json_form_has_the_contract_keys() -> None:
    """to_json: exactly the keys of the `ask --json` contract, dates in ISO form."""
    data = render.to_json(answer())
    assert list(data) == [
        "question", "kind", "answered", "answer", "facts", "score", "sources", "suggestions",
        "language", "context",
    ]  # fmt: skip
    assert data["kind"] == "answer" and data["answered"] is True
    assert data["answer"] == render.to_text(answer())
    assert data["sources"] == [
        {
            "seed": "seeds/a.txt",
            "title": "Expo opens",
            "publisher": "Xinhua",
            "date": "2023-08-24",
            "quote": "The five-day event opened.",
        }
    ]
    assert data["suggestions"] == [{"fact": "opening-date", "question": "When did the expo open?"}]


@pytest.mark.parametrize(
    ("day", "text"), [(dt.date(2023, 8, 24), "24 Aug 2023"), (dt.date(2005, 1, 2), "2 Jan 2005")]
)
def test_dates_are_written_as_the_catalogue_says(day: dt.date, text: str) -> None:
    """English dates are written like 24 Aug 2023."""
    assert catalogue("en").date(day) == text


def test_every_fact_renders_with_its_citation(answerer: Any) -> None:
    """Each curated fact, as a button press shows it: valid HTML, within limits, cited."""
    for _, suggestions in answerer.topics():
        for suggestion in suggestions:
            answer = answerer.explain(suggestion.fact)
            html = render.to_html(answer, heading=True)
            shown = visible_text(html, "HTML")
            assert answer.text in shown and "Source: " in shown
            assert all(c.quote in shown for c in answer.sources)
            assert (
                render.keyboard(answer) is None or len(render.keyboard(answer).inline_keyboard) <= 3
            )
