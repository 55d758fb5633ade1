"""The terminal chat: the same answers as on Telegram, in plain text, choices picked by number."""

from __future__ import annotations

import contextlib
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence

from bot.constants import MAX_BUTTONS, MAX_FEATURED
from bot.render import choices, suggestion_lines, to_text
from knowledge.answer import Answer, Suggestion
from knowledge.answerer import Answerer
from knowledge.questionlog import QuestionLog

PROMPT = "> "
_HANGING = re.compile(r"“|\d+\. ")


def enable_line_editing() -> None:
    """Arrow keys and history for input(), where the readline module exists (not on Windows)."""
    if sys.stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  importing it is what switches it on


def wrap(text: str, width: int | None = None) -> str:
    """Text folded at word boundaries to the terminal's width (at most 100 columns).

    Output to a pipe or a file is left as it is, one line per paragraph.
    """
    if width is None:
        if not sys.stdout.isatty():
            return text
        width = min(shutil.get_terminal_size().columns, 100)
    lines = []
    for line in text.splitlines():
        body = line.lstrip(" ")
        hang = _HANGING.match(body)  # continue under the text of a quote or a numbered choice
        indent = " " * (len(line) - len(body) + (len(hang.group()) if hang else 0))
        lines.append(textwrap.fill(line, width, subsequent_indent=indent) if line else "")
    return "\n".join(lines)


def reply_text(answer: Answer) -> str:
    """An answer for the terminal: the plain-text reply, plus related questions to pick."""
    text = to_text(answer)
    if answer.answered and answer.suggestions:
        text = f"{text}\n\n{choices(answer)}"
    return text


def picked(line: str, offered: Sequence[Suggestion], answerer: Answerer) -> Answer | None:
    """The answer of the offered question a number picks; None when the line picks none."""
    if line.isdecimal() and 1 <= int(line) <= len(offered):
        return answerer.explain(offered[int(line) - 1].fact)
    return None


def run_chat(
    answerer: Answerer,
    *,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    question_log: QuestionLog | None = None,
) -> None:
    """Ask and answer until the user types quit or ends the input; questions go to the log."""
    enable_line_editing()
    t = answerer.wording.catalogue
    quit_words = t.words("chat.quit")
    offered: Sequence[Suggestion] = answerer.featured()[:MAX_FEATURED]
    previous: Answer | None = None  # the terminal is one conversation: follow-ups lean on it
    write(wrap(t.text("chat.intro", subject=t.text("subject"))))
    write(f"{t.text('chat.example')}\n{suggestion_lines(offered, limit=MAX_FEATURED)}\n")
    while True:
        try:
            line = read(PROMPT).strip()
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if line.casefold() in quit_words:
            return
        if not line:
            continue
        answer = picked(line, offered, answerer)
        if answer is None:  # a question, not a number picking one of ours
            answer = answerer.answer(line, previous)
            if question_log is not None:
                question_log.record(answer, via="terminal")
        write(f"{wrap(reply_text(answer))}\n")
        previous = answer
        offered = answer.suggestions[:MAX_BUTTONS]
