"""What the steps pass along: a number as read, a quantity under construction,
and the finished ``Quantity``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in a sentence.

    Attributes:
        text: the surface text, exactly ``sentence[start:end]``, e.g.
            "more than 1,000 containers".
        value: the stated number, scaled ("$4.5 billion" -> 4.5e9); for a range,
            its lower bound.
        lower: the lowest value the text allows, or None when unbounded below.
        upper: the highest value the text allows, or None when unbounded above.
        comparator: one of "=", ">", ">=", "<", "<=", "~".
        unit: singular unit name ("container", "kilometre", "percent", "USD");
            "" for a bare number.
        start: offset of the first character in the sentence.
        end: offset just past the last character.
    """

    text: str
    value: float
    lower: float | None
    upper: float | None
    comparator: str
    unit: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        """Return the quantity as a JSON-ready dict."""
        return {
            "text": self.text,
            "value": self.value,
            "lower": self.lower,
            "upper": self.upper,
            "comparator": self.comparator,
            "unit": self.unit,
            "start": self.start,
            "end": self.end,
        }


class Skip(Enum):
    """A step's verdict that the text at hand is a code, date or score: no quantity."""

    SKIP = "skip"


SKIP = Skip.SKIP

# A unit found after a number: (canonical name, offset just past it).
Unit = tuple[str, int]


class Number:
    """A parsed number and what kind of number it was."""

    __slots__ = ("end", "is_int", "plain", "ratio", "scaled", "src", "start", "vague", "value")

    def __init__(self, value: float, start: int, end: int, src: str = "") -> None:
        self.value = value
        self.start = start
        self.end = end
        self.src = src  # the digits as written; "" for words and fractions
        self.is_int = bool(src) and src.replace(",", "").isdigit()
        self.plain = bool(src) and src.isdigit()  # digits only, no separators
        self.scaled = False  # a scale word or suffix applied ("million", "bn")
        self.vague = False  # "thousands of", "several hundred"
        self.ratio = False  # "one in five"

    @property
    def year_like(self) -> bool:
        """Four plain digits from 1800 to 2100: a calendar year unless the text says not."""
        return self.plain and len(self.src) == 4 and 1800 <= self.value <= 2100


class Draft:
    """A quantity under construction: offsets into the sentence, value, unit and bounds."""

    __slots__ = ("cmp", "end", "lower", "start", "unit", "upper", "value")

    def __init__(self, start: int, end: int, value: float, unit: str, cmp: str) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.unit = unit
        self.cmp = cmp
        self.lower: float | None = None
        self.upper: float | None = None
