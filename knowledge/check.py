"""Yes/no checks: a figure, a place, a date or a name in the question, against one fact."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from knowledge.analyse import Claim

# Claims more than this many times off a fact's figure are about another figure of it.
SAME_MAGNITUDE = Decimal(10)
# "about 20,000" holds for a figure within this share of it ...
ABOUT = Decimal("0.1")
# ... and a bare figure this close to a large one is "Close:" (rounded), not "No:"
CLOSE = Decimal("0.05")
CLOSE_FROM = 100  # small figures (days, dates, editions) are exact or wrong
YEARS = (1900, 2100)  # a four-digit figure between these is read as a year


class Verdict:
    """How a check came out: the catalogue keys of the reply's opening."""

    YES = "check.yes"
    NO = "check.no"
    CLOSE = "check.close"


def is_year(claim: Claim) -> bool:
    """A year ("in 2019?"): a date, never a quantity, so never "close" to another figure."""
    value = claim.value
    return claim.op == "is" and len(claim.text) == 4 and value == value.to_integral_value() \
        and YEARS[0] <= value <= YEARS[1]  # fmt: skip


def _nearest(figures: Iterable[Claim], value: Decimal) -> Claim | None:
    """The fact's figure a claim is about: the nearest in magnitude, if any is near."""
    near = [
        f for f in figures if value > 0 and f.value > 0
        and 1 / SAME_MAGNITUDE <= f.value / value <= SAME_MAGNITUDE
    ]  # fmt: skip
    return min(near, key=lambda f: abs(f.value - value), default=None)


def judge_claim(claim: Claim, figures: Iterable[Claim]) -> str | None:
    """Yes, No or Close for one claim against a fact's figures, read as claims too: "over
    20,000" in a fact is a lower bound. None when the fact cannot settle it. A year is
    compared with the fact's years only, and is the same year or not."""
    figures = list(figures)
    if is_year(claim):
        years = {f.value for f in figures if is_year(f)}
        return None if not years else Verdict.YES if claim.value in years else Verdict.NO
    figure = _nearest([f for f in figures if not is_year(f)], claim.value)
    if figure is None:
        return None
    f, v = figure.value, claim.value
    if figure.op == "over":  # only "more than f" is known
        if claim.op == "over" and v <= f:
            return Verdict.YES
        if claim.op in ("under", "is") and v <= f:
            return Verdict.NO
        return None
    if claim.op == "over":
        return Verdict.YES if f > v else Verdict.NO
    if claim.op == "under":
        return Verdict.YES if f < v else Verdict.NO
    if claim.op == "about":
        return Verdict.YES if abs(f - v) <= ABOUT * v else Verdict.NO
    if f == v:
        return Verdict.YES
    return Verdict.CLOSE if f >= CLOSE_FROM and abs(f - v) <= CLOSE * f else Verdict.NO


def combine(verdicts: Iterable[str | None]) -> str | None:
    """One verdict for several checks: any No is No; all Yes is Yes; else Close."""
    found = [v for v in verdicts if v is not None]
    if not found:
        return None
    if Verdict.NO in found:
        return Verdict.NO
    return Verdict.YES if all(v == Verdict.YES for v in found) else Verdict.CLOSE


def judge_values(values: Mapping[str, str], known: frozenset[str], check: str | None) -> str | None:
    """Yes when the fact says every value; No when it states one value of the category and
    this is another; None when it cannot tell (a fact that lists some of a set)."""
    if not values:
        return None
    said = all(all(part in known for part in word.split()) for word in values)
    if said:
        return Verdict.YES
    if check is not None and check in values.values():
        return Verdict.NO
    return None


def choose(options: Mapping[str, bool]) -> str | None:
    """The one option of "A or B?" the fact says, or None when not exactly one."""
    chosen = [text for text, said in options.items() if said]
    return chosen[0] if len(chosen) == 1 else None
