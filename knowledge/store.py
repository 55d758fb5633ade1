"""Load the curated files into a FactStore, reporting every problem at once."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from knowledge.analyse import Analyser
from knowledge.checks import check_facts, squash
from knowledge.entities import load_entities
from knowledge.language import Language
from knowledge.lexicon import load_languages
from knowledge.models import (
    DEFAULT_LANGUAGE,
    Exclusion,
    Fact,
    FactStore,
    Source,
    TopicFile,
    Translation,
)
from knowledge.problems import (
    Problem,
    StoreError,
    item_problems,
    pydantic_problems,
    read_toml,
    rel,
)
from knowledge.translations_load import check_translations, load_translations

__all__ = ["DEFAULT_ROOT", "Problem", "StoreError", "load_store", "squash"]

DEFAULT_ROOT = Path(__file__).resolve().parent.parent


def _load_sources(root: Path, problems: list[Problem]) -> dict[str, Source]:
    path = root / "knowledge" / "sources.toml"
    raw = read_toml(path, root, problems)
    sources: dict[str, Source] = {}
    if raw is None:
        return sources
    file = rel(path, root)
    for index, item in enumerate(raw.get("sources", [])):
        try:
            source = Source.model_validate(item)
        except ValidationError as exc:
            ident = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
            problems.extend(item_problems(file, str(ident), exc, whole="sources"))
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


def _load_facts(root: Path, problems: list[Problem]) -> list[tuple[str, Fact]]:
    folder = root / "knowledge" / "facts"
    loaded: list[tuple[str, Fact]] = []
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        problems.append(Problem(rel(folder, root), "", "facts", "no *.toml files; add one"))
    for path in paths:
        raw = read_toml(path, root, problems)
        if raw is None:
            continue
        file = rel(path, root)
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
            problems.extend(pydantic_problems(file, exc, raw_with_topic, "facts", Fact))
            continue
        loaded.extend((file, fact) for fact in topic_file.facts)
    return loaded


def _load_exclusions(root: Path, problems: list[Problem]) -> list[Exclusion]:
    path = root / "knowledge" / "coverage.toml"
    if not path.exists():
        return []
    raw = read_toml(path, root, problems) or {}
    out: list[Exclusion] = []
    for index, item in enumerate(raw.get("excluded", [])):
        try:
            out.append(Exclusion.model_validate(item))
        except ValidationError as exc:
            problems.extend(item_problems(rel(path, root), f"#{index + 1}", exc, "excluded"))
    return out


def _analysers(
    languages: dict[str, Language], facts: list[Fact], translated: dict[str, dict[str, Translation]]
) -> dict[str, Analyser]:
    """One analyser per language, built here once: the checks and the engine share it; each
    learns its language's curated words for spelling correction."""
    english = [text for f in facts for text in (f.question, f.answer, *f.phrasings)]
    out = {}
    for code, language in languages.items():
        texts = translated.get(code, {}).values()
        own = [w for t in texts for w in (t.question, t.answer, *t.phrasings)]
        out[code] = Analyser(language, own if code != DEFAULT_LANGUAGE else english)
    return out


def load_store(root: Path = DEFAULT_ROOT) -> FactStore:
    """Read and validate every curated file under root; raise StoreError listing all problems."""
    root = root.resolve()
    problems: list[Problem] = []
    sources = _load_sources(root, problems)
    languages = load_languages(root, problems)
    if DEFAULT_LANGUAGE not in languages and not problems:
        problems.append(Problem("knowledge/languages", "", DEFAULT_LANGUAGE,
                                f"missing; restore {DEFAULT_LANGUAGE}.toml from git"))  # fmt: skip
    facts = _load_facts(root, problems)
    exclusions = _load_exclusions(root, problems)
    entities = load_entities(root, facts, problems)
    seeds = {
        sid: squash((root / "seeds" / s.seed).read_text(encoding="utf-8"))
        for sid, s in sources.items()
        if (root / "seeds" / s.seed).is_file()
    }
    translated, topic_names, source_names = load_translations(root, facts, problems)
    analysers = _analysers(languages, [f for _, f in facts], translated)
    if DEFAULT_LANGUAGE in analysers:
        check_facts(facts, sources, seeds, analysers[DEFAULT_LANGUAGE], problems)
    check_translations(translated, facts, analysers, problems)
    featured = _load_featured(root, {f.id for _, f in facts}, problems)
    if problems:
        raise StoreError(problems)
    return FactStore(
        root=root,
        sources=sources,
        facts=tuple(f for _, f in facts),
        analysers=analysers,
        exclusions=tuple(exclusions),
        featured=featured,
        translations=translated,
        topic_names=topic_names,
        source_names=source_names,
        entities=entities,
    )


def _load_featured(root: Path, ids: set[str], problems: list[Problem]) -> tuple[str, ...]:
    path = root / "knowledge" / "featured.toml"
    if not path.exists():
        return ()
    raw = read_toml(path, root, problems) or {}
    featured = tuple(str(i) for i in raw.get("featured", []))
    for fact_id in featured:
        if fact_id not in ids:
            problems.append(
                Problem(rel(path, root), fact_id, "featured", "unknown fact id; fix or remove it")
            )
    return featured
