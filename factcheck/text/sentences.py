"""Sentence boundaries with character spans into the original text.

pysbd handles abbreviations (U.S., Dec., Mr.), decimals and quotations. It runs
per line, because a line break in an article always ends a unit: a headline,
a byline or a caption has no full stop to end it.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

from .vocabulary import words

# Control characters (except tab and newline) would confuse the segmenter;
# each becomes one space, so every offset into the text stays valid.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u2028\u2029\ufeff]")
_LINE = re.compile(r"[^\n]+")
# pysbd ends a sentence after "a.m."/"p.m." before a capital; a time zone or a
# lower-case word after it shows the sentence goes on ("at 3 a.m. Eastern time").
_CLOCK_END = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_CONTINUES = re.compile(r"^(?:[a-z,;]|(?:" + "|".join(sorted(words("time_zone_words"))) + r")\b)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: text[start:end] of the document, and the line it sits on."""

    text: str
    start: int
    end: int
    line_start: int  # offsets of the whole line holding the sentence
    line_end: int

    @property
    def whole_line(self) -> bool:
        """The sentence is its line's only content (headlines, bylines, captions)."""
        return self.start == self.line_start and self.end == self.line_end


# Most lines hold no abbreviation that could fool a plain rule: for those, a
# full stop, question or exclamation mark (and any closing quote) followed by
# a capital, digit or opening quote ends a sentence, and pysbd (the slow part
# of extraction) is skipped. Lines with short dotted words ("Mr.", "U.S.",
# "Dec.", "J."), ellipses or a.m./p.m. still go through pysbd.
_AMBIGUOUS = re.compile(
    r"(?:^|[\s(\"'\u201c])(?:[A-Za-z]{1,4}|[A-Za-z](?:\.[A-Za-z])+|Dept|Corp|Sept|Blvd|Prof|Capt|"
    r"approx)\.(?=\s|$)|\.\.|\u2026"
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'\u2019\u201d)\]]*\s+(?=[\"'\u2018\u201c(\[]?[A-Z0-9])")


# pysbd's time on one line grows with the square of the line's length (each
# abbreviation it finds costs a pass over the whole line): 20,000 short
# sentences on one line (830 KB) took 11 minutes to split. A line longer than
# this is cut at plain sentence ends into pieces of at most this size before
# pysbd sees it, which keeps splitting linear (seconds for that line);
# paragraphs of real articles (a few hundred characters) are never cut.
_PIECE_CHARS = 2000
# A sentence end no abbreviation can fake: a lower-case word of three letters
# or more, or a digit, then the stop (not "Mr.", "Dept.", "U.S.", "a.m."), then
# space and a capital.
_PLAIN_END = re.compile(
    r"(?:\b[a-z]{3,}|\d)[.!?][\"'\u2019\u201d)\]]*\s+(?=[\"'\u2018\u201c(\[]?[A-Z])"
)
_SPACE = re.compile(r"\s+")


def _segment(line: str) -> list[str]:
    if _AMBIGUOUS.search(line):
        return [
            segment
            for piece in _pieces(line)
            for segment in _merge_clock_splits(_segmenter().segment(piece))
        ]
    pieces, start = [], 0
    for boundary in _BOUNDARY.finditer(line):
        # The closing quote belongs to the sentence it ends.
        end = boundary.start() + len(boundary.group().rstrip())
        pieces.append(line[start:end])
        start = boundary.end()
    pieces.append(line[start:])
    return pieces


def _pieces(line: str) -> list[str]:
    """The line in pieces of at most _PIECE_CHARS, cut at plain sentence ends
    where there are any (else at a space), so pysbd's work stays linear."""
    pieces, start = [], 0
    while len(line) - start > _PIECE_CHARS:
        cut = _cut_point(line, start + _PIECE_CHARS // 2, start + _PIECE_CHARS)
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


def _cut_point(line: str, low: int, high: int) -> int:
    """The last plain sentence end in line[low:high], else its last space, else high."""
    for pattern in (_PLAIN_END, _SPACE):
        ends = [match.end() for match in pattern.finditer(line, low, high)]
        if ends:
            return ends[-1]
    return high


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def clean_text(text: str) -> str:
    """The text with control characters blanked, same length as the input."""
    return _CONTROL.sub(" ", text)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of the text in order; text[s.start:s.end] == s.text for each."""
    cleaned = clean_text(text)
    sentences: list[Sentence] = []
    for line in _LINE.finditer(cleaned):
        stripped = line.group().strip()
        if not stripped:
            continue
        line_start = line.start() + line.group().index(stripped[0])
        line_end = line_start + len(stripped)
        cursor = line_start
        for segment in _segment(stripped):
            piece = segment.strip()
            if not piece:
                continue
            start = cleaned.find(piece, cursor, line_end)
            if start < 0:  # the segmenter altered the text; fall back to the rest of the line
                start, piece = cursor, cleaned[cursor:line_end].strip()
                if not piece:
                    break
                start = cleaned.find(piece, cursor, line_end)
            end = start + len(piece)
            sentences.append(Sentence(text[start:end], start, end, line_start, line_end))
            cursor = end
    return sentences


def _merge_clock_splits(segments: list[str]) -> list[str]:
    merged: list[str] = []
    for segment in segments:
        if merged and _CLOCK_END.search(merged[-1].rstrip()) and _CONTINUES.match(segment.lstrip()):
            merged[-1] += segment
        else:
            merged.append(segment)
    return merged


_QUOTED = re.compile(r"[\"\u201c][^\"\u201d]{3,}[\"\u201d]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where the text's direct quotations stand, quotation marks included."""
    return [m.span() for m in _QUOTED.finditer(text)]


def quoted_share(text: str) -> float:
    """How much of the text is inside quotation marks, from 0 to 1."""
    return sum(end - start for start, end in quoted_spans(text)) / max(1, len(text))
