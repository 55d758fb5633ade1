"""Accuracy of the answer engine on the evaluation set, per kind, with the confusions."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.answer import Kind
from knowledge.answerer import Answerer

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
PARTS = ("tuning", "heldout")
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
    """Counts per group, and the questions that went wrong."""

    part: str
    total: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[Case, str]] = field(default_factory=list)

    def accuracy(self, group: str) -> float:
        """Share of the group's questions handled right (0-1)."""
        return self.right[group] / self.total[group] if self.total[group] else 0.0


def read_cases(path: Path) -> list[Case]:
    """The questions of one part: a TSV with the columns expect and question."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Case(row["expect"].strip(), row["question"]) for row in rows]


def judge(answerer: Answerer, case: Case) -> tuple[bool, str]:
    """Whether the engine handled the case right, and what it did (for the confusions)."""
    answer = answerer.answer(case.question)
    got = answer.facts[0] if answer.kind is Kind.ANSWER else answer.kind.value
    if answer.kind is Kind.CLARIFY:
        got = f"clarify({', '.join(answer.facts)})"
    if case.group == "in-scope":
        return answer.kind is Kind.ANSWER and answer.facts[0] == case.expect, got
    if case.group == "out-of-scope":
        return answer.kind is Kind.ABSTAIN, got
    # a breakdown is honest when no figure is stated as its answer
    return answer.kind is not Kind.ANSWER, got


def evaluate(answerer: Answerer, part: str, directory: Path = EVAL_DIR) -> Report:
    """Run every question of one part through the engine."""
    report = Report(part)
    for case in read_cases(directory / f"{part}.tsv"):
        ok, got = judge(answerer, case)
        report.total[case.group] += 1
        report.right[case.group] += ok
        if not ok:
            report.errors.append((case, got))
    return report


def format_report(report: Report) -> str:
    """The report as a person reads it: accuracy per group, then each confusion."""
    lines = [f"== {report.part}"]
    for group in ("in-scope", "out-of-scope", "breakdown"):
        lines.append(
            f"  {group:<13} {report.accuracy(group):7.1%}  "
            f"({report.right[group]}/{report.total[group]})"
        )
    if report.errors:
        lines.append("  confusions (expected -> got: question):")
        lines.extend(f"    {c.expect} -> {got}: {c.question}" for c, got in report.errors)
    return "\n".join(lines)
