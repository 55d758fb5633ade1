"""Load each language's files (knowledge/languages/, knowledge/vocabulary/) into a Language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knowledge.analyse.text import make_tokeniser
from knowledge.language import Language, LanguageFile, VocabularyFile, WordsFile
from knowledge.models import Scope
from knowledge.problems import Problem, item_problems, read_toml, rel

LANGUAGES = Path("knowledge") / "languages"
VOCABULARY = Path("knowledge") / "vocabulary"


def _validated(path: Path, root: Path, model: Any, problems: list[Problem]) -> Any:
    """The file validated against its model; None, with its problems, when it is invalid."""
    raw = read_toml(path, root, problems)
    if raw is None:
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems.extend(item_problems(rel(path, root), "", exc, path.stem, model))
        return None


def load_languages(root: Path, problems: list[Problem]) -> dict[str, Language]:
    """Every language under root, by code; a problem for each invalid or missing file."""
    folder = root / LANGUAGES
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        problems.append(Problem(rel(folder, root), "", "languages", "no *.toml files; add one"))
    languages: dict[str, Language] = {}
    for path in paths:
        spoken: LanguageFile | None = _validated(path, root, LanguageFile, problems)
        if spoken is None:
            continue
        file = rel(path, root)
        if spoken.code != path.stem:
            problems.append(Problem(file, "", "code", f"is {spoken.code!r}; name the file "
                                    f"{spoken.code}.toml or fix the code"))  # fmt: skip
            continue
        vocabulary_path = root / VOCABULARY / path.name
        vocabulary: VocabularyFile | None = VocabularyFile()
        if vocabulary_path.exists():
            vocabulary = _validated(vocabulary_path, root, VocabularyFile, problems)
        if vocabulary is not None:
            languages[spoken.code] = _merge(spoken, vocabulary, file, problems)
    return languages


def _merge(
    spoken: LanguageFile, vocabulary: VocabularyFile, file: str, problems: list[Problem]
) -> Language:
    """The language's words and the expo's, folded as questions are."""
    tokeniser = make_tokeniser(spoken)

    def norm(word: str) -> str:
        return " ".join(tokeniser.tokens(word))

    parts: tuple[WordsFile, ...] = (spoken, vocabulary)
    synonyms: dict[str, str] = {}
    for part in parts:
        for canonical, variants in part.synonyms.items():
            for variant in variants:
                key = norm(variant)
                if key in synonyms and synonyms[key] != norm(canonical):
                    problems.append(
                        Problem(file, "", f"synonyms.{canonical}", f"{variant!r} is listed twice")
                    )
                synonyms[key] = norm(canonical)
    specifiers = {
        norm(word): category
        for part in parts
        for category, words in part.specifiers.items()
        for word in words
    }
    scope_cues: dict[Scope, tuple[str, ...]] = {}
    for part in parts:
        for scope, cues in part.scope_cues.items():
            scope_cues[scope] = (*scope_cues.get(scope, ()), *(norm(c) for c in cues))
    stop_words = {norm(w) for part in parts for w in part.stop_words}
    # a stop phrase of several words is removed like a synonym for nothing
    synonyms.update({w: "" for w in stop_words if " " in w})
    patterns: dict[str, re.Pattern[str]] = {}
    for category, pattern in spoken.specifier_patterns.items():
        try:
            patterns[category] = re.compile(pattern)
        except re.error as exc:
            problems.append(
                Problem(file, "", f"specifier_patterns.{category}", f"bad pattern ({exc})")
            )

    def listed(key: str) -> tuple[str, ...]:
        return tuple(norm(w) for part in parts for w in getattr(part, key))

    return Language(
        code=spoken.code,
        name=spoken.name,
        analyser=spoken.analyser,
        numbers=spoken.numbers,
        stemming=spoken.stemming,
        spelling=spoken.spelling,
        symbols=spoken.symbols,
        synonyms=synonyms,
        stop_words=frozenset(w for w in stop_words if " " not in w),
        specifiers=specifiers,
        neutral=frozenset(listed("neutral")),
        scope_cues=scope_cues,
        specifier_patterns=patterns,
        quantity_cues=listed("quantity_cues"),
        question_words=frozenset(w for q in listed("question_words") for w in q.split()),
        yes_no_openers=listed("yes_no_openers"),
        yes_no_markers=listed("yes_no_markers"),
        scripts=tuple(spoken.scripts),
        convert=spoken.convert,
        fold_letters=spoken.fold_letters,
        name_cues=listed("name_cues"),
        choice_words=frozenset(listed("choice_words")),
        choice_endings=listed("choice_endings"),
        which_words=frozenset(listed("which_words")),
        follow_cues=listed("follow_cues"),
        correction_cues=listed("correction_cues"),
        references=listed("references"),
        list_nouns=frozenset(listed("list_nouns")),
        unnamed_nouns=listed("unnamed_nouns"),
        loose_pronouns=frozenset(listed("loose_pronouns")),
        pronouns={
            kind: tuple(norm(w) for part in parts for w in part.pronouns.get(kind, ()))
            for kind in {k for part in parts for k in part.pronouns}
        },
        comparisons=spoken.comparisons.model_copy(
            update={
                k: tuple(norm(w) for w in getattr(spoken.comparisons, k))
                for k in ("over", "under", "about", "over_after", "under_after", "about_after")
            }
        ),
    )
