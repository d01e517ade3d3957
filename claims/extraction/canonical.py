"""One Claim per statement: fingerprints and near-duplicate matching.

The same sentence in a second article (perhaps with other quote marks,
spacing or a trailing attribution) must become a second Appearance of the
same Claim, not a new Claim.
"""

import hashlib
import re
import unicodedata

from rapidfuzz import fuzz

from factcheck.text import vocabulary
from factcheck.text.tokens import tokens
from factcheck.text.vocabulary import alternation

from .attribution import PAST_REPORTING_VERBS, THIRD_PERSON_REPORTING_VERBS

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


# Words that never change what is claimed, and words that deny it.
_FILLER = vocabulary.words("claim_filler_words")
_NEGATIONS = vocabulary.words("negations") | vocabulary.words("contradiction_words")
_WORD_PART = re.compile(r"[^\W_]+")  # "ocasio" and "cortez" of "ocasio-cortez"


# A trailing attribution ("..., the ministry said on Tuesday.") or source
# ("..., according to the agency.") says who, not what: it is left out when
# two statements are compared.
_VERBS = alternation(PAST_REPORTING_VERBS | THIRD_PERSON_REPORTING_VERBS)
_TRAILING_SOURCE = re.compile(
    rf",\s*(?:according to [^,]{{2,80}}|[^,]{{2,80}}\s+(?:{_VERBS})(?:\s+(?:on\s+)?\w+){{0,2}})"
    r"\s*\.?\s*$"
)


def _core(text: str) -> str:
    """The statement in NFKC without its trailing attribution."""
    return _TRAILING_SOURCE.sub("", unicodedata.normalize("NFKC", text).strip())


def content_words(text: str) -> set[str]:
    """Stems of the words that carry meaning, and the numbers (attribution left out)."""
    return {t.stem for t in tokens(_core(text)) if t.number or not _is_filler(t.lower)}


def _is_filler(word: str) -> bool:
    return word.replace("\u2019", "'") in _FILLER


def _negations(text: str) -> set[str]:
    words = (t.lower.replace("\u2019", "'") for t in tokens(unicodedata.normalize("NFKC", text)))
    return {w for w in words if w in _NEGATIONS}


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
    return _negations(a) == _negations(b)


def anchor_words(text: str, count: int = 3) -> list[str]:
    """The longest distinct words: cheap keys to find candidate near-duplicates.

    Taken from the statement without its trailing attribution, which a
    re-worded copy often changes ("..., Senator X said on Tuesday"). Each is
    lower case, for a case-insensitive substring search, and what a copy
    writes alike: the parts of "Ocasio-Cortez" and "Russia's", and no number
    with a thousands separator (a copy may write 12400 for 12,400).
    """
    words = set()
    for t in tokens(_core(text)):
        if not t.number:
            words.update(_WORD_PART.findall(t.lower))
        elif "," not in t.text:
            words.add(t.lower)
    words = {w for w in words if len(w) > 3 and not _is_filler(w)}
    return sorted(words, key=lambda w: (-len(w), w))[:count]


def matching_spans(claim: str, passage: str) -> list[tuple[int, int]]:
    """Where the passage repeats the claim's content words or numbers: (start, end)
    of each such word, for showing a reviewer why a passage was picked."""
    wanted = content_words(claim) | numbers_of(claim)
    return [
        (t.start, t.end)
        for t in tokens(passage)
        if t.stem in wanted and (t.number or not _is_filler(t.lower))
    ]
