"""What a question log's SQLite file holds, read straight from the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def rows(db: Path) -> list[dict[str, Any]]:
    """Every row of the questions table, in order, as dicts."""
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute("SELECT * FROM questions ORDER BY id")]
