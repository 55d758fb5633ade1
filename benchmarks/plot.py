"""The PNG of answer latency against store size; matplotlib is an optional extra (bench)."""

from __future__ import annotations

from collections.abc import Sequence
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
    ordered = sorted(results, key=lambda r: r.facts)
    facts = [r.facts for r in ordered]
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    lines = (
        ("o-", "median", [r.latency.median_ms for r in ordered]),
        ("s-", "p99", [r.latency.p99_ms for r in ordered]),
        ("o--", "median, narrowing off", [r.off_latency.median_ms for r in ordered]),
        ("s--", "p99, narrowing off", [r.off_latency.p99_ms for r in ordered]),
    )
    for style, name, values in lines:
        axes.plot(facts, values, style, label=name)
    axes.axhline(P99_TARGET_MS, color="grey", linestyle=":", label="p99 target at 10,000 facts")
    for result in ordered:
        if not result.name.startswith("synthetic"):
            axes.annotate(result.name, (result.facts, result.latency.median_ms),
                          textcoords="offset points", xytext=(6, -12))  # fmt: skip
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
