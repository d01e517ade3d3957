"""What the rules found in a passage, as weights for and against the claim.

Each finding adds its strength (0..1: how much it moves the stance) to one
side; judge.py then decides the stance from the sums.
"""

from __future__ import annotations

from dataclasses import dataclass


class Strength:
    """How much one finding moves a passage's stance (measured on tests/data/stance.json)."""

    MATCH = 1.0  # the claim's figure
    CONSISTENT = 0.5  # a bound the claim's figure lies within
    CONFLICT = 1.0  # another figure, or the opposite direction
    QUALIFY = 0.6  # bounds that only overlap
    DENIAL = 0.9  # a speaker denies it
    NEGATION = 0.8  # the passage states the opposite
    INTERESTED = 0.35  # a denial by a party the claim is about
    QUALIFIER = 0.6  # "exaggerated", "misleading"
    POLARITY = 0.6  # a negated claim against a passage stating it plainly
    OVERLAP = 0.5  # support from shared words and names alone
    OVERLAP_NO_FIGURE = 0.3  # ... when the claim's figure finds no comparable figure


@dataclass(slots=True)
class Signals:
    """The sums of a passage's findings, per side."""

    support: float = 0.0
    refute: float = 0.0
    mixed: float = 0.0
    neutral: bool = False  # a quantity for another period: says nothing about the claim
    compared: bool = False  # a quantity was compared

    def add_refute(self, weight: float, interested: bool) -> None:
        # one interested party saying it twice is still one interested denial
        self.refute = max(self.refute, weight) if interested else self.refute + weight
