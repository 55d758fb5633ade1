"""A copy of the fact store, and a made-up third article a curator adds to it without code.

The article, its source entry and its facts are the worked example of knowledge/README.md;
the tests that use them prove the example works. Nothing here is shipped: the article is
invented for the tests and the guide.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

ADDED_FACTS = 2  # the facts the worked example adds
SEED = "2023-08-26-expo-volunteers.txt"
SOURCE_ID = "volunteers-2023-08-26"
TITLE = "Student volunteers guide visitors at expo"
PUBLISHER = "Example Campus News"

ARTICLE = """\
Student volunteers guide visitors at expo

CHANGCHUN, Aug. 26 (Example Campus News) -- About 1,600 student volunteers from 12 \
universities in Changchun served at the 14th China-Northeast Asia Expo, the organizers said.

Each volunteer worked two four-hour shifts a day at the information desks and shuttle stops.
"""

SOURCE = f"""
[[sources]]
id = "{SOURCE_ID}"
seed = "{SEED}"
title = "{TITLE}"
publisher = "{PUBLISHER}"
date = 2023-08-26
dateline = "CHANGCHUN, Aug. 26 (Example Campus News)"
url = ""
"""

FACTS = f"""\
topic = "Volunteers"

[[facts]]
id = "volunteers"
question = "How many volunteers helped at the expo?"
answer = "About 1,600 student volunteers from 12 universities in Changchun served at the expo."
scope = "edition"
phrasings = [
  "how many volunteers were there",
  "number of volunteers",
  "volunteer count",
  "how many student volunteers",
  "who were the volunteers",
  "size of the volunteer team",
  "how many universities sent volunteers",
  "where did the volunteers come from",
]
evidence = [
  {{ source = "{SOURCE_ID}", quote = "About 1,600 student volunteers from 12 universities in Changchun served at the 14th China-Northeast Asia Expo" }},
]
related = ["volunteer-shifts"]

[[facts]]
id = "volunteer-shifts"
question = "What work did the volunteers do?"
answer = "Each volunteer worked two four-hour shifts a day at the information desks and shuttle stops."
scope = "general"
phrasings = [
  "what jobs did volunteers do",
  "volunteer duties",
  "how long did volunteers work",
  "volunteer shifts",
  "where did volunteers work",
  "how many hours did a volunteer work each day",
  "who staffed the information desks",
  "who helped at the shuttle stops",
]
evidence = [
  {{ source = "{SOURCE_ID}", quote = "Each volunteer worked two four-hour shifts a day at the information desks and shuttle stops." }},
]
related = ["volunteers"]
"""  # noqa: E501  (TOML as a curator writes it: one quote per line)

QUESTION = "how many volunteers were at the expo?"  # not one of the phrasings, word for word
ANSWER = "About 1,600 student volunteers"


def copy_store(root: Path) -> Path:
    """A writable copy of the seeds and the curated files under root; root."""
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "knowledge", root / "knowledge",
                    ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))  # fmt: skip
    return root


def add_article(root: Path) -> None:
    """What the curator does: the seed, its [[sources]] entry, and a facts file."""
    (root / "seeds" / SEED).write_text(ARTICLE, encoding="utf-8")
    with (root / "knowledge" / "sources.toml").open("a", encoding="utf-8") as sources:
        sources.write(SOURCE)
    (root / "knowledge" / "facts" / "volunteers.toml").write_text(FACTS, encoding="utf-8")
