"""Check-worthiness: a 0..1 score from features a reviewer can read.

Like Full Fact's PASTEL, the score is a weighted sum of interpretable
signals, each stored with the claim so "why was this picked?" has an answer.
"""

import re
from dataclasses import dataclass

from factcheck.text import vocabulary
from factcheck.text.vocabulary import alternation


def word_pattern(*names: str, ignore_case: bool = True) -> re.Pattern[str]:
    """Any entry of the named data lists as a whole word or phrase."""
    entries = set().union(*map(vocabulary.words, names))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"\b(?:{alternation(entries)})\b", flags)


# Weights were set by hand, then tuned on the labelled articles in
# tests/data/articles (see tests/test_extraction_quality.py for the figures).
WEIGHTS: dict[str, float] = {
    "quantities": 0.30,
    "time_references": 0.15,
    "entities": 0.15,
    "more_entities": 0.05,
    "attribution": 0.15,
    "factual_verb": 0.20,
    "comparison": 0.10,
    "opinion": -0.35,
    "first_person": -0.15,
    "hedge": -0.05,
    "short": -0.30,
}
BIAS = 0.05
THRESHOLD = 0.35

_FACTUAL_VERBS = word_pattern("factual_verbs")
_COMPARISON = word_pattern("comparison_words")
_OPINION = word_pattern("opinion_words", "sentiment_words")
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|we|us|our)\b", re.IGNORECASE)
# "Short" counts runs of word characters, as the weights above were tuned with:
# "$4.5 billion" is three of them. The text layer's tokens count it as two words,
# which would make "The fine was $4.5 billion." short and drop it; switching
# means refitting the weights, not just the count.
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Worthiness:
    score: float
    features: dict[str, float]  # feature -> its contribution to the score


def score_sentence(
    sentence: str,
    *,
    quantities: int,
    time_references: int,
    entities: int,
    attributed: bool,
    hedged: bool,
) -> Worthiness:
    """Score one sentence from its parts; every non-zero contribution is kept."""
    words = len(_WORD.findall(sentence))
    present = {
        "quantities": quantities > 0,
        "time_references": time_references > 0,
        "entities": entities > 0,
        "more_entities": entities > 1,
        "attribution": attributed,
        "factual_verb": bool(_FACTUAL_VERBS.search(sentence)),
        "comparison": bool(_COMPARISON.search(sentence)),
        "opinion": bool(_OPINION.search(sentence)),
        "first_person": bool(_FIRST_PERSON.search(sentence)),
        "hedge": hedged,
        "short": words < 6,
    }
    features = {name: WEIGHTS[name] for name, on in present.items() if on}
    score = min(1.0, max(0.0, BIAS + sum(features.values())))
    return Worthiness(round(score, 3), features)
