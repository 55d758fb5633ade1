"""Problems in the curated files, said so a curator can fix them, and reading TOML for them."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError


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


def read_toml(path: Path, root: Path, problems: list[Problem]) -> dict[str, Any] | None:
    """The file's TOML as a dict; None (and a Problem) when it is missing or invalid."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problems.append(Problem(rel(path, root), "", "file", "missing; restore it from git"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(rel(path, root), "", "syntax", f"not valid TOML ({exc})"))
    return None


def rel(path: Path, root: Path) -> str:
    """The path as a curator knows it: relative to the store's root when inside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _message(error: Any, known: Iterator[str] | None) -> str:
    """What pydantic found, and what to do about it."""
    if error["type"] == "extra_forbidden" and known is not None:
        names = sorted(known)
        near = difflib.get_close_matches(str(error["loc"][-1]), names, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        return f"{error['msg']}: unknown key; {hint}known keys: {', '.join(names)}"
    if error["type"] == "missing":
        return "missing; add it"
    return f"{error['msg']}; fix this field"


def pydantic_problems(
    file: str, exc: ValidationError, raw: dict[str, Any], list_key: str, model: Any = None
) -> Iterator[Problem]:
    """Turn pydantic's errors for a list of facts into Problems naming the fact and field."""
    items = raw.get(list_key, [])
    for error in exc.errors():
        loc = list(error["loc"])
        fact = ""
        if len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
            item = items[loc[1]] if loc[1] < len(items) else {}
            fact = str(item.get("id", f"#{loc[1] + 1}")) if isinstance(item, dict) else ""
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or list_key
        yield Problem(file, fact, field, _message(error, _keys(model, tuple(loc))))


def item_problems(
    file: str, ident: str, exc: ValidationError, whole: str, model: Any = None
) -> Iterator[Problem]:
    """Pydantic's errors for one validated entry (a source, a language file) as Problems."""
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or whole
        yield Problem(file, ident, field, _message(error, _keys(model, error["loc"])))


def _keys(model: Any, loc: tuple[Any, ...]) -> Iterator[str] | None:
    """The keys the model allows where an unknown key was found (nested models too)."""
    for part in loc[:-1]:
        field = getattr(model, "model_fields", {}).get(part)
        model = getattr(field, "annotation", None) if field else None
    fields = getattr(model, "model_fields", None)
    return iter(fields) if fields else None
