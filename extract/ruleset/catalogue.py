"""Finding an indicator or a municipality by what a researcher types: ``harvest indicators
--search bijstand``, ``harvest show Bijstand.Uitkeringen``, ``--municipality haarlem``.
Case does not matter; a name that is not exact gets its nearest candidates (rapidfuzz)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from .load import Indicator, RuleSet


@dataclass(frozen=True)
class Resolved:
    """What a typed name stands for: the one exact match (``found``) or the nearest candidates."""

    found: str | None
    nearest: tuple[str, ...] = ()


def resolve(typed: str, known: Iterable[str], limit: int = 5) -> Resolved:
    """``typed`` among ``known``: the exact name whatever its case; else every name it is a
    prefix of ("bijstand" -> "bijstand.aanvragen", ...) or that is close to it."""
    names = sorted(set(known))
    folded = typed.strip().casefold()
    exact = [n for n in names if n.casefold() == folded]
    if exact:
        return Resolved(exact[0])
    prefixed = [n for n in names if n.casefold().startswith(folded)]
    close = [n for n, _, _ in process.extract(typed, names, scorer=fuzz.WRatio, processor=utils.default_process,
                                               limit=limit, score_cutoff=60)]
    nearest = list(dict.fromkeys(prefixed + close))[:max(limit, len(prefixed))]
    return Resolved(None, tuple(nearest))


def search(rules: RuleSet, word: str | None = None, domain: str | None = None) -> list[Indicator]:
    """The indicators of ``domain`` whose id, label, BBV name, phrases, table labels or
    description contain ``word`` (any case), in catalogue order; every one without a word."""
    found = [i for i in rules.indicators if domain is None or i.domain.casefold() == domain.casefold()]
    if not word:
        return found
    needle = word.casefold()
    return [i for i in found if any(needle in text.casefold() for text in _texts(i))]


def _texts(ind: Indicator) -> tuple[str, ...]:
    return (ind.id, ind.label, ind.bbv_name, ind.description, *ind.phrases, *ind.table_labels)
