"""One tokeniser and one stemmer for every part of factcheck.

Tokens are words (letters, inner apostrophes and hyphens: "don't",
"state-run") and numbers ("1,000", "4.35"), each with its span in the text.
Stems come from the Snowball English stemmer, so that "rates", "rated" and
"rating" meet, and are cached: the same words recur in every passage.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from .vocabulary import words

_NUMBER = r"\d+(?:[.,]\d+)*"
_WORD = r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?:-[^\W_]+)*"
TOKEN = re.compile(rf"({_NUMBER})|({_WORD})")
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or number of a text: text[start:end], its lower-case form and stem."""

    text: str
    lower: str
    stem: str
    start: int
    end: int
    number: bool


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a word, lower-cased; a number stays as it is."""
    lower = word.lower().replace("\u2019", "'")
    if lower[:1].isdigit():
        return lower.replace(",", "")
    if lower.endswith("'s"):
        lower = lower[:-2]
    return _STEMMER.stemWord(lower)


def tokens(text: str) -> list[Token]:
    """Every word and number of the text, in order."""
    out = []
    for match in TOKEN.finditer(text):
        surface = match.group()
        out.append(
            Token(
                surface,
                surface.lower(),
                stem(surface),
                match.start(),
                match.end(),
                match.group(1) is not None,
            )
        )
    return out


def is_stop_word(word: str) -> bool:
    """Whether the word carries no content of its own (data/stop_words.txt)."""
    return word.lower().replace("\u2019", "'") in words("stop_words")


def content_stems(text: str) -> set[str]:
    """The stems of the text's words that carry content, and its numbers."""
    return {t.stem for t in tokens(text) if t.number or not is_stop_word(t.lower)}
