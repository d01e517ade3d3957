"""Check-worthiness: a 0..1 score from features a reviewer can read.

Like Full Fact's PASTEL, the score is a weighted sum of interpretable
signals, each stored with the claim so "why was this picked?" has an answer.
"""

import re
from dataclasses import dataclass

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

_FACTUAL_VERBS = re.compile(
    r"\b(?:is|are|was|were|has|have|had|rose|risen|rise|rises|fell|fallen|fall|falls|"
    r"increased|increases|decreased|decreases|grew|grown|grows|declined|declines|dropped|drops|"
    r"doubled|tripled|halved|reached|reaches|hit|hits|totalled|totaled|totals|cost|costs|"
    r"killed|died|injured|arrested|charged|convicted|sentenced|acquitted|fined|ruled|approved|"
    r"passed|rejected|signed|launched|shipped|delivered|sent|sold|bought|acquired|paid|spent|"
    r"earned|lost|won|announced|reported|recorded|registered|confirmed|found|showed|"
    r"published|released|voted|elected|appointed|resigned|fired|cut|raised|lowered|banned|"
    r"closed|opened|built|tested|fired|struck|attacked|invaded|seized|agreed|met|visited|"
    r"ordered|pledged|said|told|accounted|employs|employed|received|treated|admitted|faces|"
    r"expects|limit|limits|closes|begin|begins|scheduled|signed|plans|consist)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|higher|lower|larger|smaller|biggest|largest|smallest|highest|"
    r"lowest|record|first|only|most|least|compared|than|doubled|since)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:i think|i believe|i feel|in my (?:view|opinion)|we think|we believe|should|ought to|"
    r"disgrace|disgraceful|shameful|wonderful|terrible|awful|great|fantastic|amazing|"
    r"ridiculous|outrageous|best|worst|hope|hopefully|love|hate|unacceptable|brilliant|"
    r"delighted|proud|sad|happy|thrilled|excited|disappointed)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|we|us|our)\b", re.IGNORECASE)
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
