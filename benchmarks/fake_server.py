"""python -m benchmarks.fake_server COUNT: the tests' fake Bot API over HTTP, COUNT updates queued.

Reads a JSON list of questions from the first line of stdin, prints the server's URL, waits
for a second line, then prints how many replies the bot sent, as JSON, and exits. A process of
its own, so the server's work runs on the other core rather than inside the benchmarked bot.
"""

from __future__ import annotations

import json
import sys

from benchmarks.throughput import fake_api


def main(argv: list[str]) -> int:
    """Serve until told to stop on stdin."""
    count = int(argv[0])
    questions: list[str] = json.loads(sys.stdin.readline())
    with fake_api().FakeBotApiServer() as server:
        for n in range(count):
            server.api.push(server.api.message(questions[n % len(questions)]))
        print(server.url, flush=True)
        sys.stdin.readline()
        replies = len(server.api.sent("sendMessage"))
        print(json.dumps({"replies": replies, "calls": len(server.api.calls)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
