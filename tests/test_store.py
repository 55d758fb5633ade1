"""Loading the real store, and every validation failure with the message a curator reads."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge.models import Scope
from knowledge.store import StoreError, load_store

REPO = Path(__file__).resolve().parent.parent


def edit(path: Path, old: str, new: str) -> None:
    """Replace one occurrence of old in the file; the test fails if old is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_real_store_loads() -> None:
    """The shipped store is valid and holds both articles and 35-50 facts."""
    store = load_store(REPO)
    assert set(store.sources) == {"xinhua-2023-08-23", "changchun-2023-08-28"}
    assert 35 <= len(store.facts) <= 50
    assert all(len(f.phrasings) >= 8 for f in store.facts)


def test_sources_never_invent_metadata() -> None:
    """The Aug. 28 piece has no headline or publisher; Xinhua's report has both."""
    store = load_store(REPO)
    xinhua = store.sources["xinhua-2023-08-23"]
    assert xinhua.title == "China-Northeast Asia Expo opens in Chinese city of Changchun"
    assert xinhua.publisher == "Xinhua"
    later = store.sources["changchun-2023-08-28"]
    assert (later.title, later.publisher, later.url) == ("", "", "")
    assert later.label == "CHANGCHUN, China, Aug. 28, 2023"


def test_seeds_are_byte_for_byte_copies() -> None:
    """seeds/ holds the shared articles unchanged."""
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    originals = sorted(p.read_bytes() for p in shared.iterdir())
    assert sorted(p.read_bytes() for p in (REPO / "seeds").iterdir()) == originals


def test_scoped_figures_are_separate_facts() -> None:
    """This edition's deals and the since-2005 totals are counterparts with their own scope."""
    store = load_store(REPO)
    for edition_id, cumulative_id in [
        ("projects-signed", "projects-since-2005"),
        ("investment-signed", "investment-since-2005"),
    ]:
        edition, cumulative = store.fact(edition_id), store.fact(cumulative_id)
        assert (edition.scope, cumulative.scope) == (Scope.EDITION, Scope.SINCE_2005)
        assert edition.counterpart == cumulative_id and cumulative.counterpart == edition_id


def cut_phrasings(path: Path, fact_id: str, keep: int = 7) -> None:
    """Leave the fact with only `keep` phrasings."""
    text = path.read_text(encoding="utf-8")
    start = text.index("phrasings = [\n", text.index(f'id = "{fact_id}"'))
    end = text.index("\n]\n", start)
    lines = text[start:end].split("\n")
    path.write_text(text[:start] + "\n".join(lines[: keep + 1]) + text[end:], encoding="utf-8")


FACTS = "knowledge/facts/deals.toml"
Break = Callable[[Path], None]

BROKEN: list[tuple[str, Break, str]] = [
    (
        "altered seed figure",
        lambda root: edit(root / "seeds/2023-08-28-expo-results.txt", "84.475", "84.476"),
        r"fact 'projects-signed', evidence\[0\]\.quote: not found verbatim",
    ),
    (
        "answer figure not in quotes",
        lambda root: edit(
            root / FACTS,
            "99 international and domestic cooperation projects were",
            "98 international and domestic cooperation projects were",
        ),
        r"fact 'projects-signed', answer: states 98, which none of its quotes contains",
    ),
    (
        "number word not in quotes",
        lambda root: edit(
            root / FACTS,
            'and four exceeded 5 billion yuan."\nscope',
            'and six exceeded 5 billion yuan."\nscope',
        ),
        r"fact 'project-sizes', answer: states 6, which none of its quotes contains",
    ),
    (
        "unknown source",
        lambda root: edit(root / FACTS, 'source = "changchun-2023-08-28"', 'source = "nowhere"'),
        r"evidence\[0\]\.source: unknown source 'nowhere'",
    ),
    (
        "unknown related id",
        lambda root: edit(
            root / FACTS, 'related = ["investment-signed"', 'related = ["no-such-fact"'
        ),
        r"fact 'projects-signed', related: unknown fact id 'no-such-fact'",
    ),
    (
        "duplicate id",
        lambda root: edit(root / FACTS, 'id = "project-emphasis"', 'id = "project-sectors"'),
        r"fact 'project-sectors', id: duplicate id",
    ),
    (
        "phrasing used by two facts",
        lambda root: edit(root / FACTS, '"deal count",', '"investment total",'),
        r"fact 'investment-signed', phrasings: 'investment total' is also a phrasing of "
        r"'projects-signed'",
    ),
    (
        "too few phrasings",
        lambda root: cut_phrasings(root / "knowledge/facts/exhibitors.toml", "porcelain-painting"),
        r"fact 'porcelain-painting', phrasings: .*at least 8",
    ),
    (
        "unknown field",
        lambda root: edit(
            root / FACTS, 'id = "project-sizes"', 'id = "project-sizes"\nanswr = "x"'
        ),
        r"fact 'project-sizes', answr: Extra inputs are not permitted",
    ),
    (
        "bad toml",
        lambda root: edit(root / FACTS, 'topic = "Deals and investment"', 'topic = "Deals'),
        r"knowledge/facts/deals.toml: syntax: not valid TOML",
    ),
    (
        "missing seed file",
        lambda root: (root / "seeds/2023-08-28-expo-results.txt").unlink(),
        r"changchun-2023-08-28', seed: seeds/2023-08-28-expo-results.txt does not exist",
    ),
]


@pytest.mark.parametrize(("name", "breaker", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_problem_is_reported(
    store_copy: Path, name: str, breaker: Break, message: str
) -> None:
    """A broken store is refused with a message naming the file, the fact and the field."""
    breaker(store_copy)
    with pytest.raises(StoreError, match=message):
        load_store(store_copy)


def test_all_problems_reported_at_once(store_copy: Path) -> None:
    """Two unrelated mistakes are both listed in one error."""
    edit(store_copy / FACTS, 'related = ["investment-signed"', 'related = ["gone"')
    edit(store_copy / "knowledge/facts/event.toml", 'source = "xinhua-2023-08-23"', 'source = "x"')
    with pytest.raises(StoreError) as info:
        load_store(store_copy)
    text = str(info.value)
    assert len(info.value.problems) == 2
    assert re.search(r"deals\.toml: fact 'projects-signed', related", text)
    assert re.search(
        r"event\.toml: fact 'edition', evidence\[0\]\.source: unknown source 'x'", text
    )
