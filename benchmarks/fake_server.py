"""python -m benchmarks.fake_server COUNT: the tests' fake Bot API over HTTP, COUNT updates queued.

Reads a JSON list of questions from the first line of stdin, prints the server's URL, waits
for a second line, then prints how many replies the bot sent, as JSON, and exits. A process of
its own, so the server's work runs on the other core rather than inside the benchmarked bot.
"""

from __future__ import annotations

import json
import sys

from benchmarks.throughput import fake_api, message_updates

BACKLOG = 1024


def main(argv: list[str]) -> int:
    """Serve until told to stop on stdin."""
    count = int(argv[0])
    questions: list[str] = json.loads(sys.stdin.readline())
    fake = fake_api()
    # socketserver's default listen backlog (5) refuses connections a real Bot API server
    # accepts: the bot opens one for each call it has in flight (this fake speaks HTTP/1.0)
    fake._Server.request_queue_size = BACKLOG
    with fake.FakeBotApiServer() as server:
        for update in message_updates(questions, count):
            chat = update["message"]["chat"]
            # the fake knows two chats; the benchmark's users each have their own
            server.api._chats[chat["id"]] = chat
            server.api.push(update)
        print(server.url, flush=True)
        sys.stdin.readline()
        replies = len(server.api.sent("sendMessage"))
        print(json.dumps({"replies": replies, "calls": len(server.api.calls)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
