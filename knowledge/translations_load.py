"""Load knowledge/translations/<language>/ and check each translation against its fact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from knowledge.analyse import Analyser
from knowledge.analyse.text import quantities
from knowledge.models import (
    DEFAULT_LANGUAGE,
    Fact,
    FactStore,
    SourceName,
    SourceNamesFile,
    Translation,
    TranslationFile,
)
from knowledge.problems import Problem, item_problems, pydantic_problems, read_toml, rel

TRANSLATIONS = Path("knowledge") / "translations"
SOURCES = "sources.toml"

Loaded = tuple[
    dict[str, dict[str, Translation]], dict[str, dict[str, str]], dict[str, dict[str, SourceName]]
]


def load_translations(root: Path, facts: list[tuple[str, Fact]], problems: list[Problem]) -> Loaded:
    """Every language's fact texts, topic names and article names, by language."""
    texts: dict[str, dict[str, Translation]] = {}
    topics: dict[str, dict[str, str]] = {}
    names: dict[str, dict[str, SourceName]] = {}
    topic_of = {f.id: (file, f.topic) for file, f in facts}
    for folder in sorted(p for p in (root / TRANSLATIONS).glob("*") if p.is_dir()):
        code = folder.name
        texts[code], topics[code], names[code] = {}, {}, {}
        for path in sorted(folder.glob("*.toml")):
            raw = read_toml(path, root, problems)
            if raw is None:
                continue
            file = rel(path, root)
            if path.name == SOURCES:
                try:
                    listed = SourceNamesFile.model_validate(raw)
                except ValidationError as exc:
                    problems.extend(item_problems(file, "", exc, "sources", SourceNamesFile))
                    continue
                names[code] |= {s.id: s for s in listed.sources}
                continue
            try:
                topic_file = TranslationFile.model_validate(raw)
            except ValidationError as exc:
                problems.extend(pydantic_problems(file, exc, raw, "facts", Translation))
                continue
            if topic_file.language != code:
                problems.append(Problem(file, "", "language", f"is {topic_file.language!r}; "
                                        f"this folder holds {code!r}"))  # fmt: skip
            for text in topic_file.facts:
                if text.id not in topic_of:
                    problems.append(Problem(file, text.id, "id", "no fact has this id; fix it "
                                            "or remove the translation"))  # fmt: skip
                    continue
                if text.id in texts[code]:
                    problems.append(Problem(file, text.id, "id", "translated twice; keep one"))
                texts[code][text.id] = text
                topics[code][topic_of[text.id][1]] = topic_file.topic
    return texts, topics, names


def check_translations(
    texts: dict[str, dict[str, Translation]],
    facts: list[tuple[str, Fact]],
    analysers: dict[str, Analyser],
    problems: list[Problem],
) -> None:
    """Each translation's quotes match its evidence, and every figure of its answer is one
    the English quotes give, read in each language's number forms (844.75亿 = 84.475 billion)."""
    english = analysers.get("en")
    by_id = {f.id: f for _, f in facts}
    for code, translated in texts.items():
        analyser = analysers.get(code)
        if analyser is None or english is None:
            continue
        owner: dict[str, str] = {}
        for fact_id, text in translated.items():
            fact, file = by_id[fact_id], f"knowledge/translations/{code}"
            if text.quotes and len(text.quotes) != len(fact.evidence):
                problems.append(
                    Problem(
                        file,
                        fact_id,
                        "quotes",
                        f"{len(text.quotes)} for "
                        f"{len(fact.evidence)} evidence quotes; one per quote",
                    )
                )
            quoted = {
                _round(q) for e in fact.evidence
                for q in (*_figures(english, e.quote), *english.tokeniser.numbers(e.quote))
            }  # fmt: skip
            for figure in _figures(analyser, text.answer, months=True):
                # "一位艺术家" is "an artist": one, as an article, is no figure
                if figure != 1 and _round(figure) not in quoted:
                    problems.append(Problem(file, fact_id, f"answer ({code})",
                                            f"states {format(figure, 'f')}, which none of the "
                                            "English quotes gives; fix the figure"))  # fmt: skip
            for phrasing in (text.question, *text.phrasings):
                key = analyser.phrasing(phrasing)[0]
                other = owner.setdefault(key, fact_id) if key else fact_id
                if other != fact_id:
                    problems.append(
                        Problem(
                            file,
                            fact_id,
                            "phrasings",
                            f"{phrasing!r} ({code}) "
                            f"is also a phrasing of {other!r}; keep it in one",
                        )
                    )


def _figures(analyser: Analyser, text: str, months: bool = False) -> list[Decimal]:
    """The text's figures in full; with `months`, less those that name a month (8月)."""
    tokens = analyser.tokeniser.tokens(text)
    marks = analyser.language.numbers.month_marks if months else ()
    if marks:  # "8月" says August: a date, which the English writes as a word
        tokens = [t for i, t in enumerate(tokens)
                  if not (i + 1 < len(tokens) and tokens[i + 1][:1] in marks)]  # fmt: skip
    return quantities(tokens, analyser.tokeniser.multipliers)


def _round(value: Decimal) -> Decimal:
    """Figures compared to six significant digits: 8.4475E+10 either way."""
    return Decimal(f"{value:.6g}")


def translation_table(store: FactStore) -> tuple[list[str], list[str]]:
    """The facts x languages table `check` prints (phrasings per language, "-" where none),
    and what is missing: every fact needs its question, answer and phrasings in each."""
    languages = [c for c in store.analysers if c != DEFAULT_LANGUAGE]
    width = max((len(f.id) for f in store.facts), default=4)
    lines = [f"{'fact':<{width}}  " + "  ".join(f"{c:>7}" for c in languages)]
    missing = []
    for fact in store.facts:
        cells = []
        for code in languages:
            text = store.translations.get(code, {}).get(fact.id)
            cells.append(f"{len(text.phrasings) if text else '-':>7}")
            if text is None:
                missing.append(f"fact {fact.id!r} has no {code} translation (question, answer, "
                               f"phrasings); add it to knowledge/translations/{code}/")  # fmt: skip
        lines.append(f"{fact.id:<{width}}  " + "  ".join(cells))
    return lines, missing
