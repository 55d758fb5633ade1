"""knowledge/entities.toml: what facts are about, for the words that point back at them."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from knowledge.models import Entity, Fact
from knowledge.problems import Problem, item_problems, read_toml, rel


def load_entities(
    root: Path, facts: list[tuple[str, Fact]], problems: list[Problem]
) -> dict[str, Entity]:
    """The entities, validated; every fact's `about` must name one of them."""
    path = root / "knowledge" / "entities.toml"
    entities: dict[str, Entity] = {}
    if path.exists():
        file = rel(path, root)
        for index, item in enumerate((read_toml(path, root, problems) or {}).get("entities", [])):
            ident = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
            try:
                entity = Entity.model_validate(item)
            except ValidationError as exc:
                problems.extend(item_problems(file, str(ident), exc, "entities"))
                continue
            if entity.id in entities:
                problems.append(Problem(file, entity.id, "id", "duplicate entity id; rename one"))
            entities[entity.id] = entity
    for file, fact in facts:
        for entity_id in fact.about:
            if entity_id not in entities:
                problems.append(
                    Problem(file, fact.id, "about",
                            f"unknown entity {entity_id!r}; add it to knowledge/entities.toml")
                )  # fmt: skip
    return entities
