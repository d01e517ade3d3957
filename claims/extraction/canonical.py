"""One Claim per statement: fingerprints and near-duplicate matching.

The same sentence in a second article (perhaps with other quote marks,
spacing or a trailing attribution) must become a second Appearance of the
same Claim, not a new Claim.
"""

import hashlib
import re
import unicodedata

from rapidfuzz import fuzz

# Measured on tests/data/near_duplicates.json (see tests/test_canonical.py):
# rephrasings of one statement score >= 90, different statements that share
# most words (other numbers, other actors) are kept apart by the number check.
NEAR_DUPLICATE_THRESHOLD = 90.0

_NON_WORD = re.compile(r"[^\w%.$£€¥]+")
_STRAY_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Lower case, NFKC, plain quotes, punctuation folded to single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = _NON_WORD.sub(" ", text)
    # A full stop is punctuation; a decimal point ("3.5") is part of a number.
    return " ".join(_STRAY_DOT.sub(" ", text).split())


def fingerprint(text: str) -> str:
    """SHA-256 of the normalised statement."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def numbers_of(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(text))


def similarity(a: str, b: str) -> float:
    """0..100: how alike two statements are; 0 when their numbers differ."""
    if numbers_of(a) != numbers_of(b):
        return 0.0
    return fuzz.token_sort_ratio(normalise(a), normalise(b))


def anchor_words(text: str, count: int = 3) -> list[str]:
    """The longest distinct words: cheap keys to find candidate near-duplicates."""
    words = sorted({w for w in normalise(text).split() if len(w) > 3}, key=lambda w: (-len(w), w))
    return words[:count]
