"""How strongly a word judges: the valence of VADER's lexicon, which ships in its wheel.

VADER (Hutto and Gilbert, 2014) rates 7,500 English words from -4 to +4 by
how positive or negative readers find them. A judgement is a strongly rated
word in the place of a judgement: after a copula ("the plan was reckless",
"it is a disgrace"), where a fact's verb would otherwise stand. The lexicon
also rates events ("killed", "war"); after a copula they are rarely the
judgement that a rated adjective or noun of evaluation is there.
"""

import re
from functools import cache
from pathlib import Path

import vaderSentiment

# Endings of words that are verb forms or ranks after a copula, not judgements.
_VERB_OR_RANK = ("ed", "ing", "est")
# A word rated at least this strongly, either way, carries a judgement.
STRONG = 1.5
_COPULA_THEN = re.compile(
    r"\b(?:is|are|was|were|be|been|being|remains|remained|seems|seemed|looks|looked)"
    r"\s+(?:(?:a|an|the|so|very|too|deeply|really|simply|still|more|most|not)\s+){0,3}"
    r"(?P<word>[a-z][a-z-]+)",
    re.IGNORECASE,
)


@cache
def valences() -> dict[str, float]:
    """Each word of the lexicon and its mean rating."""
    path = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, rating, *_ = line.split("\t")
        table[word] = float(rating)
    return table


def judges(text: str) -> bool:
    """Whether a strongly rated word stands after a copula: "the cuts were unfair".

    A participle there is the passive or progressive of an event ("three people
    were killed", "the railways are winning business"), and a superlative ranks
    ("the lowest rate since 2021"): neither is a judgement.
    """
    table = valences()
    for match in _COPULA_THEN.finditer(text):
        word = match["word"].lower()
        if not word.endswith(_VERB_OR_RANK) and abs(table.get(word, 0.0)) >= STRONG:
            return True
    return False
