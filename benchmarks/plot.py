"""The PNG of answer latency against store size; matplotlib is an optional extra (bench)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.scaling import StoreResult

P99_TARGET_MS = 10.0  # at 10,000 facts


def plot_latency(results: Sequence[StoreResult], path: Path) -> str | None:
    """Write the plot; None when written, else why not (matplotlib missing)."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display here or in CI
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed (pip install -e '.[bench]'), so no plot was drawn"
    # the synthetic stores as lines; any other store (the expo store) as points of its own
    ordered = sorted((r for r in results if r.name.startswith("synthetic")), key=lambda r: r.facts)
    others = [r for r in results if not r.name.startswith("synthetic")]
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    lines: tuple[tuple[str, str, str, Callable[[StoreResult], float]], ...] = (
        ("o-", "C0", "median", lambda r: r.latency.median_ms),
        ("s-", "C1", "p99", lambda r: r.latency.p99_ms),
        ("o--", "C2", "median, narrowing off", lambda r: r.off_latency.median_ms),
        ("s--", "C3", "p99, narrowing off", lambda r: r.off_latency.p99_ms),
    )
    for style, colour, name, value in lines:
        label = f"{name} (synthetic stores)"
        axes.plot([r.facts for r in ordered], [value(r) for r in ordered], style, color=colour,
                  label=label)  # fmt: skip
        axes.plot([r.facts for r in others], [value(r) for r in others], style[0], color=colour,
                  markerfacecolor="none", markersize=9)  # fmt: skip
    for other in others:
        axes.annotate(other.name, (other.facts, other.latency.median_ms),
                      textcoords="offset points", xytext=(8, -4))  # fmt: skip
    axes.axhline(P99_TARGET_MS, color="grey", linestyle=":", label="p99 target at 10,000 facts")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("facts in the store (log)")
    axes.set_ylabel("answer latency, ms (log)")
    axes.set_title("Answer latency against store size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return None
