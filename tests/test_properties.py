"""Property-based tests: whatever the text, the engine and the renderer behave."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fake_bot_api import visible_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.messages import gaps_html, stats_html
from bot.render import telegram_length, to_html, to_text
from bot.stats import QuestionStats
from knowledge.answer import Kind
from knowledge.catalogue import catalogue
from knowledge.gaps import Gap

REPO = Path(__file__).resolve().parent.parent
RENDERER_TAGS = {"b", "i", "blockquote"}  # all the renderer writes: anything else is user text

# Text people might send: any Unicode, plus the hostile shapes the issue names.
hostile = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=3000, max_size=4096),
    st.sampled_from(
        [
            "<b>investment</b>",
            '<a href="javascript:alert(1)">deals</a>',
            "&amp; & < > \"'",
            "**bold** _it_ [link](http://x)",
            "{{7*7}} ${jndi:ldap://x} '; DROP TABLE facts; --",
            "\u202eright-to-left\u202c how many companies",
            "\u200b\u200c\u200d\ufeff",
            "\x00\x01\x07\x1b[31m",
            "🙂🎉🇨🇳",
            "世博会投资多少",
            "сколько компаний",
        ]
    ),
    st.builds(
        lambda a, b: f"{a} how much investment {b}", st.text(max_size=50), st.text(max_size=50)
    ),
)


class TagChecker(HTMLParser):
    """Collects tags and checks they nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: set[str] = set()
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.tags.add(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")


def well_formed(markup: str) -> TagChecker:
    """Parse Telegram HTML and report its tags and any nesting error."""
    checker = TagChecker()
    checker.feed(markup)
    checker.close()
    if checker.stack:
        checker.errors.append(f"unclosed {checker.stack}")
    return checker


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile)
def test_engine_and_renderer_never_fail(answerer: Any, text: str) -> None:
    """Any text gets a decision, and renders to well-formed, escaped HTML within 4,096."""
    answer = answerer.answer(text)
    assert answer.kind in set(Kind)
    assert 0 <= answer.score <= 100
    assert answer.answered == (answer.kind is Kind.ANSWER)
    known = {f.id for f in answerer.store.facts}
    assert set(answer.facts) <= known
    assert {s.fact for s in answer.suggestions} <= known
    for heading in (False, True):
        markup = to_html(answer, heading=heading)
        assert telegram_length(markup) <= 4096
        checker = well_formed(markup)
        assert not checker.errors, (markup, checker.errors)
        assert checker.tags <= RENDERER_TAGS, "user text came back as markup"
        visible = visible_text(markup, "HTML")  # Telegram's parser would take it
        if heading and 0 < len(answer.question) <= 200 and answer.question[0] != "\n":
            assert visible.startswith(answer.question), "the question, shown as typed"
    assert to_text(answer)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(hostile, min_size=1, max_size=12))
def test_admin_replies_show_other_peoples_text_safely(answerer: Any, texts: list[str]) -> None:
    """/gaps and /stats quote what users typed: escaped, valid, within Telegram's limit."""
    gaps = [
        Gap(text, 3, {Kind.ABSTAIN: 2, Kind.CLARIFY: 1}, (text[::-1],), answerer.answer(text))
        for text in texts
    ]
    stats = QuestionStats()
    for text in texts:
        stats.record(answerer.answer(text))
    texts = catalogue("en")
    for markup in (gaps_html(texts, gaps), stats_html(texts, stats, question_log=True)):
        assert telegram_length(markup) <= 4096
        checker = well_formed(markup)
        assert not checker.errors and checker.tags <= {"b", "i", "code"}, markup
        visible_text(markup, "HTML")


def test_ask_json_survives_any_line() -> None:
    """ask --json writes one valid JSON object per input line, whatever the line holds."""
    rng = random.Random(7)
    lines = [
        "",
        "   ",
        "how much investment was signed?",
        "<b>x</b> & y",
        "\ufeffBOM first",
        "\x1b[31mred\x1b[0m",
        "\u202eevil",
        "a" * 5000,
        "😀" * 100,
        "line\u2028separator\x85next\x1cfile\x1d\x1e",
        *("".join(chr(rng.randrange(1, 0x2FFFF)) for _ in range(rng.randrange(1, 80)))
          for _ in range(60)),
    ]  # fmt: skip
    # surrogates cannot be encoded; the rest travels as UTF-8, one question per line
    clean = [
        "".join(c for c in line if not 0xD800 <= ord(c) <= 0xDFFF)
        .replace("\n", " ")
        .replace("\r", " ")
        for line in lines
    ]
    payload = ("\n".join(clean) + "\n").encode("utf-8") + b"\xff\xfe broken utf-8\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input=payload, capture_output=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    # JSON lines end at "\n" only; U+2028 and friends may sit inside a string
    out = result.stdout.decode("utf-8").removesuffix("\n").split("\n")
    assert len(out) == len(clean) + 1
    for line in out:
        record = json.loads(line)
        assert record["kind"] in {"answer", "clarify", "abstain"}
        assert record["answered"] == (record["kind"] == "answer")
