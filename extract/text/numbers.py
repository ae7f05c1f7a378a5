"""Dutch number notation and number words, with the precision the digits were written in.

"3.835" is three thousand eight hundred and thirty-five, "12,04" is twelve point
nought four, "€ 1.000.000,-" is a million euro, "drieëntwintig" is 23. Every parsed
number keeps how many decimals were written, because 11% and 10,7% may be the same
figure at two precisions, and the consistency checks compare intervals, never floats.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: a number in Dutch notation as it appears in running text or a cell
NUMBER_RE = re.compile(
    r"(?<![\w,.])"
    r"(?P<number>\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 1.524.000 / 3.835 / 1.524.000,50
    r"|\d+,\d+"  # 92,9 / 12,04
    r"|\d+)"  # 3736
    r"(?P<dash>,-{1,2})?"  # € 1.000.000,-
    r"(?![\d])"
)


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    decimals: int  # digits written after the decimal comma
    text: str

    @property
    def half_unit(self) -> float:
        """Half of the last written digit: 12,04 -> 0,005; 11 -> 0,5."""
        return 0.5 * 10 ** (-self.decimals)


_GROUPED = re.compile(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?")  # 1.524.000 or 1 524 000,50
_DECIMAL_POINT = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})")  # 2.5, 0.1234: an English decimal point
_PLAIN = re.compile(r"\d+(?:,\d+)?")


#: the most digits before the decimal comma of a figure: a municipality's budget in euros has
#: ten or eleven; more is a code, an identifier or damage, never a measurement
MAX_DIGITS = 15


def parse_number(text: str) -> ParsedNumber | None:
    """Parse one number written in Dutch notation; None if it is not one.

    Thousands are separated by dots (or thin/no-break spaces), decimals by a comma.
    A dot followed by other than three digits is read as an English decimal point
    ("2.5"), which Dutch reports sometimes use in tables.
    """
    if text.isdigit() and text.isascii():  # most numbers: "159", "2017"
        return ParsedNumber(float(text), 0, text) if len(text) <= MAX_DIGITS else None
    raw = text
    t = unicodedata.normalize("NFKC", text).strip().replace("\u2009", " ").replace("\u202f", " ")
    if t.endswith(",-") or t.endswith(",--"):
        t = t.rstrip("-").rstrip(",")
    negative = False
    if t.startswith(("-", "−", "–")) and len(t) > 1:
        negative, t = True, t[1:].strip()
    if _GROUPED.fullmatch(t) and (" " not in t or "." not in t):
        t = t.replace(".", "").replace(" ", "")
    elif _DECIMAL_POINT.fullmatch(t):
        t = t.replace(".", ",")
    if not _PLAIN.fullmatch(t):
        return None
    decimals = len(t.split(",")[1]) if "," in t else 0
    if len(t.split(",")[0]) > MAX_DIGITS:
        return None  # a run of 400 digits is no figure (and as a float it would be infinite)
    value = float(t.replace(",", "."))
    return ParsedNumber(-value if negative else value, decimals, raw)


def format_number(value: float, decimals: int = 0, thousands: bool = True) -> str:
    """Write a number in Dutch notation (the inverse of :func:`parse_number`)."""
    negative = value < 0
    s = f"{abs(value):,.{decimals}f}"  # 1,524,000.50
    s = s.replace(",", "\0").replace(".", ",").replace("\0", "." if thousands else "")
    return ("-" if negative else "") + s


# -- number words ------------------------------------------------------------------

UNITS = {
    "nul": 0, "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14,
    "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
}
TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
    "tachtig": 80, "negentig": 90,
}
_UNIT_WORDS = sorted((w for w in UNITS if w not in ("nul",)), key=len, reverse=True)
_TEN_WORDS = sorted(TENS, key=len, reverse=True)
_BELOW_100 = rf"(?:(?:{'|'.join(_UNIT_WORDS)})[eë]n(?:{'|'.join(_TEN_WORDS)})|{'|'.join(_TEN_WORDS)}|{'|'.join(_UNIT_WORDS)})"
#: a whole number written in words, up to the thousands: "drieëntwintig", "tweehonderdvijftig"
NUMBER_WORD_RE = re.compile(
    rf"\b(?P<word>(?:(?:{_BELOW_100})?duizend)?(?:(?:{_BELOW_100})?honderd)?(?:{_BELOW_100})?)\b",
    re.IGNORECASE,
)


def parse_number_word(word: str) -> int | None:
    """"drieëntwintig" -> 23, "tweehonderd" -> 200, "Eén" -> 1. None if not a number word.

    The bare article "een" is not read as 1 here: callers decide from context (only
    "één"/"Eén" with accents, or "een derde", is unambiguous).
    """
    w = unicodedata.normalize("NFC", word.lower())
    if not w:
        return None
    total = 0
    rest = w
    for scale_word, scale in (("duizend", 1000), ("honderd", 100)):
        if scale_word in rest:
            head, _, rest = rest.partition(scale_word)
            n = _below_100(head) if head else 1
            if n is None:
                return None
            total += n * scale
    if rest:
        n = _below_100(rest)
        if n is None:
            return None
        total += n
    return total


def _below_100(w: str) -> int | None:
    if w in UNITS:
        return UNITS[w]
    if w in TENS:
        return TENS[w]
    for ten_word, ten in TENS.items():
        if w.endswith(ten_word):
            head = w[: -len(ten_word)]
            for joint in ("en", "ën"):
                if head.endswith(joint) and head[: -len(joint)] in UNITS and UNITS[head[: -len(joint)]] < 10:
                    return ten + UNITS[head[: -len(joint)]]
    return None
