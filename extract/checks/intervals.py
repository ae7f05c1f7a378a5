"""Interval arithmetic on figures as written, so that rounding never raises an error.

A measurement stands for the interval its digits allow (``12,04`` is 12,035..12,045;
``circa 50%`` is wider; an open bound is infinite). Checks add, subtract and divide
those intervals, as XBRL Calculations 1.1 and statcheck do, and classify a
comparison in three: the stated figure matches the computation as written (``ok``),
matches only once the rounding of the inputs is allowed for (``rounding``: info),
or cannot match whatever the rounding (``mismatch``).

One exception to the digits rule: a whole count without qualifier ("37 uitkeringen")
is exact, unless its interval is wider than its last digit (a table "x 1.000"). People and cases are counted, not rounded, so 192 against a total of 193
is a real difference even though the extractor's interval of each is ±0,5.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..records import Measurement
from ..text.quantities import QUALIFIERS

INF = math.inf
#: relative tolerance for float noise (12.035 stored as 12.034999999)
_EPS = 1e-9


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def percent_of(self, whole: Interval) -> Interval | None:
        """``self`` as a percentage of ``whole``; None unless both are positive and bounded."""
        if whole.low <= 0 or self.low < 0 or math.isinf(whole.high) or math.isinf(self.high):
            return None
        return Interval(100 * self.low / whole.high, 100 * self.high / whole.low)

    def contains(self, x: float) -> bool:
        return self.low - _tol(self.low) <= x <= self.high + _tol(self.high)

    def overlaps(self, other: Interval) -> bool:
        return self.low - _tol(self.low) <= other.high + _tol(other.high) and other.low - _tol(other.low) <= self.high + _tol(self.high)

    def gap(self, other: Interval) -> float:
        """The distance between two intervals; 0 when they overlap."""
        return 0.0 if self.overlaps(other) else max(other.low - self.high, self.low - other.high)


ZERO = Interval(0.0, 0.0)


def interval(m: Measurement) -> Interval:
    """The interval a measurement stands for (see the module docstring for exact counts)."""
    if is_exact_count(m):
        return Interval(m.value, m.value)
    low = m.low if m.low is not None else -INF
    high = m.high if m.high is not None else INF
    return Interval(min(low, m.value), max(high, m.value))


def digits(m: Measurement) -> Interval:
    """The interval of the digits alone, without the widening of the qualifier ("circa € 6,4
    miljoen" is 6,35..6,45 miljoen here, 5,7..7,1 in :func:`interval`): a check can then tell a
    breakdown that fits by the rounding of its digits from one that fits only if "circa" stretches."""
    full = interval(m)
    factors = dict(QUALIFIERS).get(m.qualifier.lower()) if m.qualifier else None
    if not factors or m.value < 0 or None in factors or 0.0 in factors:
        return full
    low_factor, high_factor = factors
    return Interval(full.low / low_factor if low_factor < 1 else full.low,
                    full.high / high_factor if high_factor > 1 else full.high)


def is_exact_count(m: Measurement) -> bool:
    """A whole count, written without qualifier, whose digits stand for itself (not "x 1.000")."""
    return (m.unit == "count" and not m.qualifier and float(m.value).is_integer()
            and m.low is not None and m.high is not None and m.high - m.low <= 1)


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_EPS, abs_tol=_EPS)


def compare(stated: Interval, computed: Interval, computed_value: float) -> str:
    """``ok``, ``rounding`` or ``mismatch`` (see the module docstring)."""
    if stated.contains(computed_value):
        return "ok"
    return "rounding" if stated.overlaps(computed) else "mismatch"


def _tol(x: float) -> float:
    return 0.0 if math.isinf(x) else _EPS * max(1.0, abs(x))
