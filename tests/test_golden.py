"""`ask --json` on a fixed sample of questions: any change in a reply is a deliberate one.

The sample is every fourth evaluation question and every fourth of 400 seeded hostile lines
(tests/golden/questions.txt). After a change meant to alter replies, look at the diff and
record the new output:

    .venv/bin/python -m bot ask --json < tests/golden/questions.txt > tests/golden/ask.jsonl
"""

from __future__ import annotations

import json
from pathlib import Path

from bot_process import run_bot

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_ask_json_replies_are_the_recorded_ones() -> None:
    """Every line of output is, byte for byte, the recorded one."""
    questions = (GOLDEN / "questions.txt").read_text(encoding="utf-8")
    result = run_bot("ask", "--json", stdin=questions)
    assert result.returncode == 0, result.stderr
    recorded = (GOLDEN / "ask.jsonl").read_text(encoding="utf-8").splitlines()
    replies = result.stdout.splitlines()
    assert len(replies) == len(recorded) == len(questions.splitlines())
    changed = [
        (json.loads(new)["question"], json.loads(old), json.loads(new))
        for old, new in zip(recorded, replies, strict=True)
        if old != new
    ]
    assert not changed, f"{len(changed)} replies changed; the first: {changed[0]}"
