"""Load the curated files into a FactStore, reporting every problem at once."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knowledge.models import Exclusion, Fact, FactStore, Language, Scope, Source, TopicFile
from knowledge.text import Normaliser, numbers, tokens

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the curated files, said so a curator can fix it."""

    file: str
    fact: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"fact {self.fact!r}, " if self.fact else ""
        return f"{self.file}: {where}{self.field}: {self.message}"


class StoreError(Exception):
    """The curated files are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the fact store has {len(problems)} problem(s):\n{lines}")


def squash(text: str) -> str:
    """Whitespace runs folded to one space, so quotes survive line wrapping."""
    return _SPACES.sub(" ", text).strip()


def _read_toml(path: Path, root: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problems.append(Problem(_rel(path, root), "", "file", "missing; restore it from git"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(_rel(path, root), "", "syntax", f"not valid TOML ({exc})"))
    return None


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _pydantic_problems(
    file: str, exc: ValidationError, raw: dict[str, Any], list_key: str
) -> Iterator[Problem]:
    """Turn pydantic's errors into Problems that name the fact id and the field."""
    items = raw.get(list_key, [])
    for error in exc.errors():
        loc = list(error["loc"])
        fact = ""
        if len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
            item = items[loc[1]] if loc[1] < len(items) else {}
            fact = str(item.get("id", f"#{loc[1] + 1}")) if isinstance(item, dict) else ""
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or list_key
        yield Problem(file, fact, field, f"{error['msg']}; fix this field")


def _item_problems(file: str, ident: str, exc: ValidationError, whole: str) -> Iterator[Problem]:
    """Pydantic's errors for one validated entry (a source, an exclusion) as Problems."""
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or whole
        yield Problem(file, ident, field, f"{error['msg']}; fix this field")


def _load_sources(root: Path, problems: list[Problem]) -> dict[str, Source]:
    path = root / "knowledge" / "sources.toml"
    raw = _read_toml(path, root, problems)
    sources: dict[str, Source] = {}
    if raw is None:
        return sources
    file = _rel(path, root)
    for index, item in enumerate(raw.get("sources", [])):
        try:
            source = Source.model_validate(item)
        except ValidationError as exc:
            ident = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
            problems.extend(_item_problems(file, str(ident), exc, whole="sources"))
            continue
        if source.id in sources:
            problems.append(Problem(file, source.id, "id", "duplicate source id; rename one"))
        elif not (root / "seeds" / source.seed).is_file():
            problems.append(
                Problem(file, source.id, "seed", f"seeds/{source.seed} does not exist; add it")
            )
        sources[source.id] = source
    if not sources and not problems:
        problems.append(Problem(file, "", "sources", "no [[sources]] entries; add one"))
    return sources


def _load_language(root: Path, problems: list[Problem]) -> Language:
    path = root / "knowledge" / "language.toml"
    raw = _read_toml(path, root, problems) or {}
    file = _rel(path, root)

    def norm(word: str) -> str:
        return " ".join(tokens(word))

    synonyms: dict[str, str] = {}
    for canonical, variants in raw.get("synonyms", {}).items():
        for variant in variants:
            key = norm(variant)
            if key in synonyms and synonyms[key] != norm(canonical):
                problems.append(
                    Problem(file, "", f"synonyms.{canonical}", f"{variant!r} is listed twice")
                )
            synonyms[key] = norm(canonical)
    specifiers = {
        norm(word): category
        for category, words in raw.get("specifiers", {}).items()
        for word in words
    }
    scope_cues: dict[Scope, tuple[str, ...]] = {}
    for name, cues in raw.get("scope_cues", {}).items():
        try:
            scope_cues[Scope(name)] = tuple(norm(c) for c in cues)
        except ValueError:
            known = ", ".join(s.value for s in Scope)
            problems.append(Problem(file, "", f"scope_cues.{name}", f"unknown scope; use {known}"))
    stop_words = {norm(w) for w in raw.get("stop_words", [])}
    # a stop phrase of several words is removed like a synonym for nothing
    synonyms.update({w: "" for w in stop_words if " " in w})
    patterns: dict[str, re.Pattern[str]] = {}
    for category, pattern in raw.get("specifier_patterns", {}).items():
        try:
            patterns[category] = re.compile(pattern)
        except re.error as exc:
            problems.append(
                Problem(file, "", f"specifier_patterns.{category}", f"bad pattern ({exc})")
            )
    return Language(
        synonyms=synonyms,
        stop_words=frozenset(w for w in stop_words if " " not in w),
        specifiers=specifiers,
        neutral=frozenset(norm(w) for w in raw.get("neutral", [])),
        scope_cues=scope_cues,
        specifier_patterns=patterns,
        quantity_cues=tuple(norm(c) for c in raw.get("quantity_cues", [])),
        question_words=frozenset(w for q in raw.get("question_words", []) for w in norm(q).split()),
    )


def _load_facts(root: Path, problems: list[Problem]) -> list[tuple[str, Fact]]:
    folder = root / "knowledge" / "facts"
    loaded: list[tuple[str, Fact]] = []
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        problems.append(Problem(_rel(folder, root), "", "facts", "no *.toml files; add one"))
    for path in paths:
        raw = _read_toml(path, root, problems)
        if raw is None:
            continue
        file = _rel(path, root)
        # the topic is written once per file; every fact of the file inherits it
        topic = raw.get("topic")
        items = raw.get("facts", [])
        raw_with_topic = {
            "topic": topic,
            "facts": [{"topic": topic, **f} if isinstance(f, dict) else f for f in items],
        }
        try:
            topic_file = TopicFile.model_validate(raw_with_topic)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(file, exc, raw_with_topic, "facts"))
            continue
        loaded.extend((file, fact) for fact in topic_file.facts)
    return loaded


def _load_exclusions(root: Path, problems: list[Problem]) -> list[Exclusion]:
    path = root / "knowledge" / "coverage.toml"
    if not path.exists():
        return []
    raw = _read_toml(path, root, problems) or {}
    out: list[Exclusion] = []
    for index, item in enumerate(raw.get("excluded", [])):
        try:
            out.append(Exclusion.model_validate(item))
        except ValidationError as exc:
            problems.extend(_item_problems(_rel(path, root), f"#{index + 1}", exc, "excluded"))
    return out


def _check_facts(
    facts: list[tuple[str, Fact]],
    sources: dict[str, Source],
    seeds: dict[str, str],
    normaliser: Normaliser,
    problems: list[Problem],
) -> None:
    """Cross-fact rules: unique ids and phrasings, known references, verbatim quotes, figures."""
    ids: dict[str, str] = {}
    for file, fact in facts:
        if fact.id in ids:
            problems.append(
                Problem(file, fact.id, "id", f"duplicate id (also in {ids[fact.id]}); rename one")
            )
        ids.setdefault(fact.id, file)
    owner: dict[str, str] = {}
    for file, fact in facts:
        _check_references(file, fact, ids, facts, problems)
        seen_here: set[str] = set()
        for phrasing in (fact.question, *fact.phrasings):
            key = normaliser(phrasing)
            if not key:
                problems.append(
                    Problem(file, fact.id, "phrasings",
                            f"{phrasing!r} has only stop words; add the words that matter")
                )  # fmt: skip
                continue
            if key in seen_here:
                continue
            seen_here.add(key)
            other = owner.setdefault(key, fact.id)
            if other != fact.id:
                problems.append(
                    Problem(
                        file,
                        fact.id,
                        "phrasings",
                        f"{phrasing!r} is also a phrasing of {other!r}; keep it in one fact",
                    )
                )
        quoted: set[Any] = set()
        for n, evidence in enumerate(fact.evidence):
            field = f"evidence[{n}]"
            if evidence.source not in sources:
                known = ", ".join(sorted(sources)) or "none"
                problems.append(
                    Problem(file, fact.id, f"{field}.source",
                            f"unknown source {evidence.source!r}; known: {known}")
                )  # fmt: skip
                continue
            if squash(evidence.quote) not in seeds.get(evidence.source, ""):
                problems.append(
                    Problem(file, fact.id, f"{field}.quote",
                            f"not found verbatim in seeds/{sources[evidence.source].seed}; "
                            "copy the sentence exactly from the article")
                )  # fmt: skip
            quoted |= numbers(evidence.quote)
        missing = sorted(numbers(fact.answer) - quoted)
        if missing:
            shown = ", ".join(format(m, "f") for m in missing)
            problems.append(
                Problem(file, fact.id, "answer",
                        f"states {shown}, which none of its quotes contains; "
                        "fix the figure or quote the sentence that gives it")
            )  # fmt: skip


def _check_references(
    file: str,
    fact: Fact,
    ids: dict[str, str],
    facts: list[tuple[str, Fact]],
    problems: list[Problem],
) -> None:
    for related in fact.related:
        if related not in ids:
            problems.append(
                Problem(file, fact.id, "related", f"unknown fact id {related!r}; fix or remove it")
            )
    if fact.counterpart is None:
        return
    if fact.counterpart not in ids:
        problems.append(
            Problem(file, fact.id, "counterpart",
                    f"unknown fact id {fact.counterpart!r}; fix or remove it")
        )  # fmt: skip
        return
    other = next(f for _, f in facts if f.id == fact.counterpart)
    if other.scope == fact.scope or Scope.GENERAL in (fact.scope, other.scope):
        problems.append(
            Problem(file, fact.id, "counterpart",
                    f"{other.id!r} must have the other scope (edition / since-2005)")
        )  # fmt: skip


def load_store(root: Path = DEFAULT_ROOT) -> FactStore:
    """Read and validate every curated file under root; raise StoreError listing all problems."""
    root = root.resolve()
    problems: list[Problem] = []
    sources = _load_sources(root, problems)
    language = _load_language(root, problems)
    facts = _load_facts(root, problems)
    exclusions = _load_exclusions(root, problems)
    seeds = {
        sid: squash((root / "seeds" / s.seed).read_text(encoding="utf-8"))
        for sid, s in sources.items()
        if (root / "seeds" / s.seed).is_file()
    }
    normaliser = Normaliser(language.synonyms, language.stop_words)
    _check_facts(facts, sources, seeds, normaliser, problems)
    featured = _load_featured(root, {f.id for _, f in facts}, problems)
    if problems:
        raise StoreError(problems)
    return FactStore(
        root=root,
        sources=sources,
        facts=tuple(f for _, f in facts),
        language=language,
        exclusions=tuple(exclusions),
        featured=featured,
    )


def _load_featured(root: Path, ids: set[str], problems: list[Problem]) -> tuple[str, ...]:
    path = root / "knowledge" / "featured.toml"
    if not path.exists():
        return ()
    raw = _read_toml(path, root, problems) or {}
    featured = tuple(str(i) for i in raw.get("featured", []))
    for fact_id in featured:
        if fact_id not in ids:
            problems.append(
                Problem(_rel(path, root), fact_id, "featured", "unknown fact id; fix or remove it")
            )
    return featured
