"""One Claim per statement: fingerprints and near-duplicate matching.

The same sentence in a second article (perhaps with other quote marks,
spacing or a trailing attribution) must become a second Appearance of the
same Claim, not a new Claim.
"""

import hashlib
import re
import unicodedata

from rapidfuzz import fuzz

# Measured on tests/data/near_duplicates.json (tests/test_canonical.py): with
# the word checks below, every one of its 24 pairs is classified right for any
# threshold from 60 to 91 (tried: 60..99); 80 leaves room on both sides.
# Similarity alone cannot do it: "cut" and "add" 1,400 jobs score 91.5, higher
# than some true rewordings.
NEAR_DUPLICATE_THRESHOLD = 80.0

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


# Words whose presence or absence never changes what is claimed.
_FILLER = frozenset(
    """the a an of in on at for to by and or it its was were is are be been being that this
    these those with from as has have had will would which who whom there their his her said
    says say told according reported officials official statement added""".split()
)
_NEGATIONS = frozenset(
    """not no never none nor without denied denies deny didn't doesn't don't isn't wasn't
    weren't won't cannot can't false untrue""".split()
)
_SUFFIXES = ("'s", "ly", "ing", "ed", "es", "s")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# A trailing attribution ("..., the ministry said on Tuesday.") or source
# ("..., according to the agency.") says who, not what: it is left out when
# two statements are compared.
_TRAILING_SOURCE = re.compile(
    r",\s*(?:according to [^,]{2,80}|[^,]{2,80}\s+(?:said|says|reported|reports|told \w+|"
    r"announced|confirmed|estimated)(?:\s+(?:on\s+)?\w+){0,2})\s*\.?\s*$"
)


def _core(text: str) -> str:
    return _TRAILING_SOURCE.sub("", text.strip())


def content_words(text: str) -> set[str]:
    """Stemmed words that carry meaning (no filler, attribution left out)."""
    return {_stem(w) for w in normalise(_core(text)).split() if w not in _FILLER}


def similarity(a: str, b: str) -> float:
    """0..100: how alike two statements read (attributions aside); 0 if numbers differ."""
    if numbers_of(a) != numbers_of(b):
        return 0.0
    return fuzz.token_sort_ratio(normalise(_core(a)), normalise(_core(b)))


def same_statement(a: str, b: str) -> bool:
    """Whether two sentences state the same checkable fact.

    The same numbers, a close wording, and no content word that only one of
    them has on both sides: "rose" against "fell", "Spain" against "Italy" or
    "cut" against "add" differ; one side merely adding words (an attribution,
    a day) does not, unless what it adds is a negation.
    """
    if similarity(a, b) < NEAR_DUPLICATE_THRESHOLD:
        return False
    words_a, words_b = content_words(a), content_words(b)
    if words_a - words_b and words_b - words_a:
        return False
    negations_a = _NEGATIONS.intersection(normalise(a).split())
    return negations_a == _NEGATIONS.intersection(normalise(b).split())


def anchor_words(text: str, count: int = 3) -> list[str]:
    """The longest distinct words: cheap keys to find candidate near-duplicates.

    Taken from the statement without its trailing attribution, which a
    re-worded copy often changes ("..., Senator X said on Tuesday").
    """
    words = sorted(
        {w for w in normalise(_core(text)).split() if len(w) > 3 and w not in _FILLER},
        key=lambda w: (-len(w), w),
    )
    return words[:count]


_TOKEN = re.compile(r"\w[\w'.,%]*\w|\w")


def matching_spans(claim: str, passage: str) -> list[tuple[int, int]]:
    """Where the passage repeats the claim's content words or numbers: (start, end)
    of each such word, for showing a reviewer why a passage was picked."""
    stems = content_words(claim)
    numbers = numbers_of(claim)
    spans = []
    for match in _TOKEN.finditer(passage):
        word = match.group().rstrip(".,").lower()
        number = word.replace(",", "")
        if number in numbers or (word not in _FILLER and _stem(word) in stems):
            spans.append((match.start(), match.start() + len(word)))
    return spans
