"""Accuracy of the answer engine on the evaluation sets, per part and kind, with the misses."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.answer import Answer, Kind
from knowledge.answerer import Answerer

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
PARTS = ("tuning", "heldout")  # the first round, English; later rounds are <lang>/<part>
GROUPS = ("in-scope", "out-of-scope", "breakdown")
OUT_OF_SCOPE = "abstain"  # expected: the articles are silent, the engine must abstain
BREAKDOWN = "breakdown"  # expected: narrower than any fact, no figure may be stated as the answer


@dataclass(frozen=True)
class Case:
    """One evaluation question and what should happen to it."""

    expect: str
    question: str

    @property
    def group(self) -> str:
        """in-scope, out-of-scope or breakdown."""
        if self.expect == OUT_OF_SCOPE:
            return "out-of-scope"
        if self.expect == BREAKDOWN:
            return "breakdown"
        return "in-scope"


@dataclass
class Report:
    """Counts per group, confident wrong answers, and the questions that went wrong."""

    part: str
    total: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    one_tap: int = 0  # in scope: answered right, or the right fact among the buttons
    confident_wrong: int = 0  # answered, and the answer is not what was asked
    in_language: int = 0  # replies in the part's language (en for the first round's)
    misses: Counter[str] = field(default_factory=Counter)  # "expected group -> what it got"
    errors: list[tuple[Case, str]] = field(default_factory=list)

    def accuracy(self, group: str) -> float:
        """Share of the group's questions handled right (0-1)."""
        return self.right[group] / self.total[group] if self.total[group] else 0.0

    @property
    def questions(self) -> int:
        """Every question of the part."""
        return sum(self.total.values())


def parts(directory: Path = EVAL_DIR) -> list[str]:
    """Every part there is: the first round's, then <lang>/<part> in name order."""
    later = sorted(str(p.relative_to(directory).with_suffix("")) for p in directory.glob("*/*.tsv"))
    return [*(p for p in PARTS if (directory / f"{p}.tsv").exists()), *later]


def read_cases(path: Path) -> list[Case]:
    """The questions of one part: a TSV with the columns expect and question."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Case(row["expect"].strip(), row["question"]) for row in rows]


def outcome(answer: Answer) -> str:
    """What the engine did, as the confusions show it: a fact id, clarify(...) or abstain."""
    if answer.kind is Kind.CLARIFY:
        return f"clarify({', '.join(answer.facts)})"
    return answer.facts[0] if answer.kind is Kind.ANSWER else answer.kind.value


def judge(answerer: Answerer, case: Case) -> tuple[bool, str]:
    """Whether the engine handled the case right, and what it did (for the confusions)."""
    answer = answerer.answer(case.question)
    return right(case, answer), outcome(answer)


def right(case: Case, answer: Answer) -> bool:
    """In scope: the expected fact answered; otherwise: no fact stated as the answer."""
    if case.group == "in-scope":
        return answer.kind is Kind.ANSWER and answer.facts[0] == case.expect
    # out of scope, and breakdowns: honest when no figure is stated as the answer
    return answer.kind is not Kind.ANSWER


def _miss(case: Case, answer: Answer) -> str:
    """The kind of a miss: 'in-scope -> abstain', 'in-scope -> other fact', ..."""
    if answer.kind is Kind.ANSWER:
        return f"{case.group} -> {'other fact' if case.group == 'in-scope' else 'answer'}"
    return f"{case.group} -> {answer.kind.value}"


def evaluate(answerer: Answerer, part: str, directory: Path = EVAL_DIR) -> Report:
    """Run every question of one part through the engine."""
    report = Report(part)
    language = part.split("/")[0] if "/" in part else "en"
    for case in read_cases(directory / f"{part}.tsv"):
        answer = answerer.answer(case.question)
        report.in_language += answer.language == language
        ok = right(case, answer)
        report.total[case.group] += 1
        report.right[case.group] += ok
        offered = {s.fact for s in answer.suggestions} if not answer.answered else set()
        report.one_tap += case.group == "in-scope" and (ok or case.expect in offered)
        report.confident_wrong += answer.kind is Kind.ANSWER and not ok
        if not ok:
            report.misses[_miss(case, answer)] += 1
            report.errors.append((case, outcome(answer)))
    return report


def format_report(report: Report, *, confusions: bool = True) -> str:
    """The report as a person reads it: accuracy per group, then the misses.

    `confusions=False` gives the kinds of miss without the questions: for held-out parts,
    which are counted, not studied.
    """
    lines = [f"== {report.part}"]
    for group in GROUPS:
        lines.append(
            f"  {group:<16} {report.accuracy(group):7.1%}  "
            f"({report.right[group]}/{report.total[group]})"
        )
    in_scope = report.total["in-scope"]
    lines.append(
        f"  {'one tap':<16} {report.one_tap / max(in_scope, 1):7.1%}  "
        f"({report.one_tap}/{in_scope} in scope answered or offered as a button)"
    )
    lines.append(
        f"  {'confident wrong':<16} {report.confident_wrong / max(report.questions, 1):7.1%}  "
        f"({report.confident_wrong}/{report.questions} of all questions)"
    )
    lines.append(
        f"  {'in its language':<16} {report.in_language / max(report.questions, 1):7.1%}  "
        f"({report.in_language}/{report.questions} replies in the question's language)"
    )
    if report.misses:
        kinds = ", ".join(f"{kind} {n}" for kind, n in report.misses.most_common())
        lines.append(f"  misses: {kinds}")
    if confusions and report.errors:
        lines.append("  confusions (expected -> got: question):")
        lines.extend(f"    {c.expect} -> {got}: {c.question}" for c, got in report.errors)
    return "\n".join(lines)


@dataclass
class DialogueReport:
    """Per-turn accuracy of the dialogues, by category; confident wrong turns."""

    part: str
    total: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    confident_wrong: int = 0
    turns: int = 0


def evaluate_dialogues(answerer: Answerer, part: str, directory: Path = EVAL_DIR) -> DialogueReport:
    """Each dialogue as one conversation; every turn after the first judged in its category."""
    import json

    report = DialogueReport(part)
    with (directory / f"{part}.jsonl").open(encoding="utf-8") as handle:
        dialogues = [json.loads(line) for line in handle if line.strip()]
    for dialogue in dialogues:
        previous = None
        for n, turn in enumerate(dialogue["turns"]):
            answer = answerer.answer(turn["text"], previous)
            previous = answer
            case = Case(turn["expect"], turn["text"])
            group = "first" if n == 0 else dialogue["category"]
            ok = right(case, answer)
            report.turns += 1
            report.total[group] += 1
            report.right[group] += ok
            report.confident_wrong += answer.kind is Kind.ANSWER and not ok
    return report


def format_dialogues(report: DialogueReport) -> str:
    """The dialogue report as a person reads it."""
    lines = [f"== {report.part} (turns)"]
    for group in sorted(report.total):
        n, ok = report.total[group], report.right[group]
        lines.append(f"  {group:<16} {ok / n:7.1%}  ({ok}/{n})")
    lines.append(f"  {'confident wrong':<16} {report.confident_wrong / max(report.turns, 1):7.1%}"
                 f"  ({report.confident_wrong}/{report.turns} of all turns)")  # fmt: skip
    return "\n".join(lines)
