"""The results as Markdown: the table printed and written to benchmarks/RESULTS.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.hotspots import Part, Share
from benchmarks.scaling import StoreResult
from benchmarks.startup import Startup
from benchmarks.throughput import Throughput

BIG_STORE = 10_000
# The alternative a user would reach for: sentence search with all-MiniLM-L6-v2.
ALTERNATIVE = {"answer": "~10 ms", "ready": "~6 s", "memory": "~560 MB"}


@dataclass(frozen=True)
class Results:
    """Everything one run measured."""

    machine: dict[str, str]
    stores: Sequence[StoreResult]  # the expo store first
    bot_startup: Startup
    throughput: Sequence[tuple[str, Throughput]]  # the in-process sequential run first
    evaluation: Sequence[str]
    answer_split: Sequence[Share]
    answer_parts: Sequence[Part]
    update_split: Sequence[Share]
    conversations: Sequence[str]  # per-language and follow-up latency, conversation memory
    plot_note: str | None
    load_at_end: str
    reference_at_end: float
    seconds: float


def _ms(value: float) -> str:
    return f"{value:.3f} ms" if value < 1 else f"{value:.2f} ms"


def _check(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def headline(results: Results) -> list[str]:
    """Each target, what was measured, and whether it was met."""
    expo = results.stores[0]
    big = next((s for s in results.stores if s.facts == BIG_STORE), None)
    label, first = results.throughput[0]
    rows = [
        _row("measure", "result", "target", "met", "sentence search (all-MiniLM-L6-v2)"),
        _row("---", "---", "---", "---", "---"),
        _row("answer, expo store, median", _ms(expo.latency.median_ms), "< 0.2 ms",
             _check(expo.latency.median_ms < 0.2), ALTERNATIVE["answer"]),
        _row("answer, expo store, p99", _ms(expo.latency.p99_ms), "< 1 ms",
             _check(expo.latency.p99_ms < 1), ""),
        _row(f"ready: fresh process to first answer (median of {expo.startup.runs})",
             f"{expo.startup.ready_s:.2f} s", "< 1 s", _check(expo.startup.ready_s < 1),
             ALTERNATIVE["ready"]),
        _row("resident memory when ready", f"{expo.startup.rss_mb:.0f} MB", "< 80 MB",
             _check(expo.startup.rss_mb < 80), ALTERNATIVE["memory"]),
        _row("answer, 10,000 facts, p99", _ms(big.latency.p99_ms) if big else "not run",
             "< 10 ms", _check(big.latency.p99_ms < 10) if big else "-", ""),
        _row(f"updates/s, {label}", f"{first.per_second:,.0f}", ">= 1,500",
             _check(first.per_second >= 1500), "Telegram: ~30 messages/s per bot"),
    ]  # fmt: skip
    return rows


def store_table(stores: Sequence[StoreResult]) -> list[str]:
    """Latency, load and accuracy per store."""
    rows = [
        _row("store", "facts", "phrasings", "load + validate", "index", "median", "p99", "max",
             "samples", "handled right", "narrowing off: median / p99 / right"),
        _row(*["---"] * 11),
    ]  # fmt: skip
    for s in stores:
        off = s.off_latency
        rows.append(
            _row(s.name, f"{s.facts:,}", f"{s.phrasings:,}", f"{s.load_s:.2f} s",
                 f"{s.index_s:.2f} s", _ms(s.latency.median_ms), _ms(s.latency.p99_ms),
                 _ms(s.latency.max_ms), f"{s.latency.samples:,}", f"{s.accuracy:.1%}",
                 f"{_ms(off.median_ms)} / {_ms(off.p99_ms)} / {s.off_accuracy:.1%}")
        )  # fmt: skip
    return rows


def startup_table(stores: Sequence[StoreResult], bot: Startup) -> list[str]:
    """Fresh-process start-up and memory per store, and for the bot as `python -m bot` builds it."""
    rows = [
        _row("process", "runs", "ready (from spawn)", "inside the process", "resident", "peak"),
        _row(*["---"] * 6),
    ]
    named = [(f"{s.name}: load, validate, answer", s.startup) for s in stores]
    named.insert(1, ("expo store + python-telegram-bot Application built", bot))
    for name, s in named:
        rows.append(
            _row(name, s.runs, f"{s.ready_s:.2f} s", f"{s.inside_s:.2f} s",
                 f"{s.rss_mb:.0f} MB", f"{s.peak_mb:.0f} MB")
        )  # fmt: skip
    return rows


def throughput_table(runs: Sequence[tuple[str, Throughput]]) -> list[str]:
    """Updates per second for each way of driving the Application."""
    rows = [_row("how", "updates", "seconds", "updates/s", "replies sent", "retries and errors")]
    rows.append(_row(*["---"] * 6))
    for name, t in runs:
        rows.append(_row(name, f"{t.updates:,}", f"{t.seconds:.2f}", f"{t.per_second:,.0f}",
                         f"{t.replies:,}", t.errors))  # fmt: skip
    return rows


def share_table(shares: Sequence[Share], what: str) -> list[str]:
    """A profile split as a table."""
    rows = [_row(what, "calls", "share"), _row("---", "---:", "---:")]
    rows += [_row(s.function, f"{s.calls:,}" if s.calls else "", f"{s.share:.0%}")
             for s in shares]  # fmt: skip
    return rows


METHOD = """\
- **Latency**: wall clock (`time.perf_counter_ns`) around `Answerer.answer(question)`; one
  untimed round first, then whole rounds until at least {samples:,} samples; nearest-rank
  percentiles; the garbage collector on. Other work on the machine shows in the p99 and max.
  On a shared virtual machine everything can run up to twice as slow while others work,
  which the load average does not always show; a fixed pure-Python reference loop does.
  Each timing waits (up to 3 minutes) until that loop runs within 30% of the fastest it has
  seen (it runs for 20 s before the first timing, so a busy start does not pass for usual),
  and is taken again (up to 4 times in all) when it is slower than that right after; the
  machine table gives the readings. Load and index times are timed the same way.
- **Expo store**: the repository's store, asked the {questions} questions of `tests/eval`
  (tuning and held-out). "Handled right" follows `python -m knowledge evaluate`: the expected
  fact answered; out-of-scope and breakdown questions not answered with a figure.
- **Synthetic stores** (`benchmarks/synthetic.py`, seeded): a 3,000-word vocabulary drawn from
  pyspellchecker's English word list, less every word of the English language and vocabulary
  files (`knowledge/languages/en.toml`, `knowledge/vocabulary/en.toml`, copied in as they
  are); each fact is named by its own pair of words, has 10 phrasings built from 15 question
  frames, an answer with a figure, and quotes a sentence of a generated article (100 facts an
  article, 50 a topic file). Loaded through `load_store` (every validation rule) and
  `Answerer`. Questions: three in four paraphrase a phrasing (a word dropped, a frame word
  swapped, one typo in a naming word, or a frame no phrasing uses); one in four is made of
  English words the store never uses and must not be answered.
- **Narrowing off**: `matcher.narrow = False` (every phrasing scored), one timed round.
- **Start-up**: `python -c` imports `knowledge.answerer`, loads and validates the store and
  answers one question; "ready" runs from spawning the process (time.monotonic is
  system-wide), "inside" from the script's first line. Memory: VmRSS (resident when ready) and
  VmHWM (peak) from /proc/self/status.
- **Throughput**: `bot.app.build_application` with a dummy well-formed token and the real
  Answerer. The updates are text messages from 1,000 users, each in a private chat (one user
  would be held back by the per-user flood limit and by the in-order handling of each chat),
  answered by `handlers.question` with one sendMessage (`AnswerBot.send_reply`, which leaves
  the message Telegram echoes back unparsed; the stand-in echoes one); `Update.de_json` is
  timed too. Each in-process row is the fastest of 5 runs, each in a quiet spell. "Through
  the app's update processor" hands every update to
  `app.update_processor` at once, as the app's update fetcher does (PerChatProcessor: chats
  side by side, up to 256 updates). Except where the row says otherwise, AIORateLimiter is
  swapped for a pass-through limiter, so the figure is the bot's own capacity; with it,
  sends go out at Telegram's 30 a second after a first burst of 30. Logging goes nowhere (the
  bot's one INFO line per question is not written; warnings and errors are counted) and no
  question log is attached (`python -m bot run` attaches one by default). Over HTTP, the
  tests' FakeBotApiServer runs in a process of its own: Python's ThreadingHTTPServer, HTTP/1.0
  (a new connection for every call), checking the HTML of every reply; its listen backlog is
  raised from 5 to 1,024 so that it accepts the bot's concurrent calls, as a real server does.
"""


def part_table(parts: Sequence[Part]) -> list[str]:
    """Direct timings of an answer's pieces, and how often one answer runs each."""
    rows = [_row("piece", "mean time", "calls per answer (profile)"), _row("---", "---:", "---:")]
    return rows + [_row(p.name, f"{p.micros:.0f} µs", f"{p.per_answer:.2f}") for p in parts]


def markdown(results: Results, samples: int, questions: int) -> str:
    """The whole RESULTS.md."""
    machine = [_row("machine", ""), _row("---", "---")]
    machine += [_row(k, v) for k, v in results.machine.items()]
    machine.append(_row("load average at end", results.load_at_end))
    machine.append(_row("reference loop at end", f"{results.reference_at_end:.1f} ms"))
    machine.append(_row("run time", f"{results.seconds:.0f} s"))
    plot = results.plot_note or "![Answer latency against store size](latency.png)"
    parts = [
        "# Benchmarks",
        "Written by `make bench` (`python -m benchmarks`): one run, on the machine below. "
        "Do not edit by hand; run it again.",
        "\n".join(machine),
        "## Targets",
        "\n".join(headline(results)),
        "## Answer latency by store size",
        "\n".join(store_table(results.stores)),
        plot,
        "## Start-up and memory (fresh processes)",
        "\n".join(startup_table(results.stores, results.bot_startup)),
        "## Languages, follow-ups and conversations",
        "\n".join(results.conversations),
        "## End-to-end throughput through the real Application",
        "\n".join(throughput_table(results.throughput)),
        "## Evaluation accuracy, narrowing on and off",
        "```text\n" + "\n".join(results.evaluation) + "\n```",
        "## Where the time goes",
        "One answer on the expo store (cProfile; each callee's share of `Answerer.answer`, "
        "its own callees included; the profiler inflates Python-level code):",
        "\n".join(share_table(results.answer_split, "called by `Answerer.answer`")),
        "Public pieces timed directly (no profiler; mean over the questions, best of 3 rounds):",
        "\n".join(part_table(results.answer_parts)),
        "One update through the Application, in-process and sequential (cProfile; share of "
        "the whole loop):",
        "\n".join(share_table(results.update_split, "part")),
        "## Method",
        METHOD.format(samples=samples, questions=questions).rstrip(),
    ]
    return "\n\n".join(parts) + "\n"
