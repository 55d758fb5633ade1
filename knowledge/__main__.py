"""python -m knowledge check | coverage | evaluate: the curators' commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from knowledge.answer import Kind
from knowledge.answerer import Answerer
from knowledge.coverage import format_coverage, sentences
from knowledge.evaluate import EVAL_DIR, PARTS, evaluate, format_report
from knowledge.store import DEFAULT_ROOT, StoreError, load_store


def self_consistency(answerer: Answerer) -> tuple[list[str], list[str]]:
    """Phrasings answered with another fact (errors) and ones only clarified (warnings)."""
    errors: list[str] = []
    warnings: list[str] = []
    for fact in answerer.store.facts:
        for phrasing in (fact.question, *fact.phrasings):
            answer = answerer.answer(phrasing)
            if answer.kind is Kind.ANSWER and answer.facts[0] == fact.id:
                continue
            if answer.kind is Kind.ANSWER:
                errors.append(
                    f"fact {fact.id!r}: phrasing {phrasing!r} is answered with "
                    f"{answer.facts[0]!r}; reword it or add a distinguishing phrasing"
                )
            elif answer.kind is Kind.CLARIFY:
                others = ", ".join(f for f in answer.facts if f != fact.id)
                warnings.append(
                    f"fact {fact.id!r}: phrasing {phrasing!r} cannot be told apart from {others}"
                )
            else:
                warnings.append(f"fact {fact.id!r}: phrasing {phrasing!r} gets an abstain")
    return errors, warnings


def check(root: Path, verbose: bool) -> int:
    """Validate the store and its self-consistency; 0 when it is good."""
    store = load_store(root)
    answerer = Answerer(store)
    errors, warnings = self_consistency(answerer)
    if verbose or errors:
        for line in warnings:
            print(f"warning: {line}")
    for line in errors:
        print(f"error: {line}", file=sys.stderr)
    phrasings = sum(len(f.phrasings) for f in store.facts)
    status = "FAILED" if errors else "ok"
    print(
        f"{status}: {len(store.facts)} facts, {phrasings} phrasings, {len(store.sources)} sources; "
        f"{len(warnings)} phrasing(s) only clarified (--verbose lists them)"
    )
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    """Run one curator command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="repository root")
    sub = parser.add_subparsers(dest="command", required=True)
    check_cmd = sub.add_parser("check", help="validate the fact store")
    check_cmd.add_argument("--verbose", action="store_true", help="list every warning")
    sub.add_parser("coverage", help="seed sentences no fact quotes")
    evaluate_cmd = sub.add_parser("evaluate", help="accuracy on the evaluation set")
    evaluate_cmd.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return check(args.root, args.verbose)
        if args.command == "coverage":
            items = sentences(load_store(args.root))
            print(format_coverage(items))
            return 0 if all(i.ok for i in items) else 1
        answerer = Answerer.load(args.root)
        for part in PARTS:
            print(format_report(evaluate(answerer, part, args.eval_dir)))
        return 0
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
