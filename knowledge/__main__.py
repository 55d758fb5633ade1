"""python -m knowledge check | coverage | evaluate | gaps: the curators' commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from knowledge.answerer import Answerer
from knowledge.consistency import overlapping_phrasings, self_consistency
from knowledge.coverage import format_coverage, sentences
from knowledge.evaluate import (
    EVAL_DIR,
    evaluate,
    evaluate_dialogues,
    format_dialogues,
    format_report,
    parts,
)
from knowledge.gaps import DEFAULT_LIMIT, find_gaps, format_gaps
from knowledge.questionlog import DEFAULT_PATH, QuestionLogError, read_questions
from knowledge.store import DEFAULT_ROOT, StoreError, load_store
from knowledge.translations_load import translation_table


def check(root: Path, verbose: bool, complete: bool = False) -> int:
    """Validate the store and its self-consistency; 0 when it is good."""
    store = load_store(root)
    answerer = Answerer(store)
    errors, warnings = self_consistency(answerer)
    table, untranslated = translation_table(store)
    print("translations (phrasings per fact and language):")
    print("\n".join(f"  {line}" for line in table))
    # a curator's store may be partly translated (such facts answer in English, saying so);
    # the shipped one, checked with --complete, may not
    if complete:
        errors += untranslated
    else:
        for line in untranslated:
            print(f"warning: {line}")
    overlaps = overlapping_phrasings(answerer)
    if verbose or errors:
        for line in warnings:
            print(f"warning: {line}")
    for overlap in overlaps:
        print(f"warning: {overlap}")
    for line in errors:
        print(f"error: {line}", file=sys.stderr)
    phrasings = sum(len(f.phrasings) for f in store.facts)
    status = "FAILED" if errors else "ok"
    print(
        f"{status}: {len(store.facts)} facts, {phrasings} phrasings, {len(store.sources)} sources; "
        f"{len(warnings)} phrasing(s) only clarified (--verbose lists them), "
        f"{len(overlaps)} pair(s) of facts with overlapping phrasings"
    )
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    """Run one curator command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="repository root")
    sub = parser.add_subparsers(dest="command", required=True)
    check_cmd = sub.add_parser("check", help="validate the fact store")
    check_cmd.add_argument("--verbose", action="store_true", help="list every warning")
    check_cmd.add_argument(
        "--complete", action="store_true", help="a fact missing in a language is an error"
    )
    sub.add_parser("coverage", help="seed sentences no fact quotes")
    evaluate_cmd = sub.add_parser("evaluate", help="accuracy on the evaluation set")
    evaluate_cmd.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    evaluate_cmd.add_argument("--part", action="append", help="only this part (en/heldout, ...)")
    evaluate_cmd.add_argument(
        "--show-heldout", action="store_true", help="list held-out misses too (not for tuning)"
    )
    gaps_cmd = sub.add_parser("gaps", help="the most frequent questions the bot could not answer")
    gaps_cmd.add_argument("--db", type=Path, default=DEFAULT_PATH, help="the question log")
    gaps_cmd.add_argument("--limit", type=_positive, default=DEFAULT_LIMIT, help="groups shown")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return check(args.root, args.verbose, args.complete)
        if args.command == "coverage":
            items = sentences(load_store(args.root))
            print(format_coverage(items))
            return 0 if all(i.ok for i in items) else 1
        answerer = Answerer.load(args.root)
        if args.command == "gaps":
            print(format_gaps(find_gaps(answerer, read_questions(args.db), args.limit)))
            return 0
        conversations = [
            f"dialogues/{p.stem}" for p in sorted((args.eval_dir / "dialogues").glob("*.jsonl"))
        ]
        chosen = args.part or [*parts(args.eval_dir), *conversations]
        every = [*parts(args.eval_dir), *conversations]
        unknown = [p for p in chosen if p not in every]
        if unknown:
            print(f"no evaluation part {', '.join(unknown)} in {args.eval_dir}; "
                  f"the parts are {', '.join(every)}", file=sys.stderr)  # fmt: skip
            return 2
        for part in chosen:
            if part in conversations:
                print(format_dialogues(evaluate_dialogues(answerer, part, args.eval_dir)))
                continue
            # held-out parts are counted, not studied: their questions stay unshown
            shown = args.show_heldout or not part.rsplit("/", 1)[-1].startswith("heldout")
            print(format_report(evaluate(answerer, part, args.eval_dir), confusions=shown))
        return 0
    except (StoreError, QuestionLogError) as exc:
        print(exc, file=sys.stderr)
        return 2


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


if __name__ == "__main__":
    sys.exit(main())
