"""The sentence as the steps read it: normalised one character for one, so that
offsets into it are offsets into the original, with its lower-cased copy."""

from __future__ import annotations

import re

_NORM_TABLE: dict[int, str] = {cp: " " for cp in (*range(0x20), *range(0x7F, 0xA0))}
for _chars, _to in (
    ("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a", " "),
    ("\u200b\u2028\u2029\u202f\u205f\u3000\ufeff", " "),
    ("\u2014\u2015", " "),  # em dash and bar separate clauses, never numbers
    ("\u2010\u2011\u2012\u2013\u2212\ufe58\ufe63\uff0d", "-"),
    ("\u2018\u2019\u201b\u2032\u00b4", "'"),
    ("\u201c\u201d\u201e\u2033", '"'),
    ("\u00ba", "\u00b0"),  # masculine ordinal indicator typed for a degree sign
    ("\u03bc", "\u00b5"),  # Greek mu -> micro sign
    ("\u2044\u2215", "/"),  # fraction and division slashes
):
    for _ch in _chars:
        _NORM_TABLE[ord(_ch)] = _to
_ASCII_LOWER = {cp: cp + 32 for cp in range(0x41, 0x5B)}
_CTRL = re.compile(r"[\x00-\x1f\x7f]")
_HEADLINE_WORD = re.compile(r"[A-Za-z]{4,}")
# A word as prev_word reads it: letters, digits and the marks inside names and
# abbreviations ("Dec.", "AT&T", "F-"), starting with a letter, digit or "#".
_WORD_BEFORE = re.compile(r"[A-Za-z0-9#][A-Za-z0-9.&'#-]*+\Z")


class Context:
    """One sentence: ``text`` as given, ``norm`` normalised (case kept), ``low``
    lower-cased; all three have the same length ``n``."""

    __slots__ = ("_headline", "low", "n", "norm", "text")

    def __init__(self, sentence: str) -> None:
        if sentence.isascii():
            norm = sentence if _CTRL.search(sentence) is None else sentence.translate(_NORM_TABLE)
            low = norm.lower()
        else:
            norm = sentence.translate(_NORM_TABLE)
            low = norm.lower()
            if len(low) != len(norm):  # a few letters lower-case to two characters
                low = norm.translate(_ASCII_LOWER)
        self.text = sentence
        self.norm = norm
        self.low = low
        self.n = len(norm)
        self._headline: bool | None = None

    def prev_word(self, pos: int) -> tuple[str, str, int]:
        """The word ending just before pos (case kept), the spaces between, its start.

        Read forwards: the word is matched to the end of the text between the
        last space before it and the spaces before pos.
        """
        norm = self.norm
        end = pos
        while end and norm[end - 1] == " ":
            end -= 1
        m = _WORD_BEFORE.search(norm, norm.rfind(" ", 0, end) + 1, end)
        if m is None:
            return "", "", pos
        return m.group(), norm[end:pos], m.start()

    def headline(self) -> bool:
        """True for title-case text, where capitalised words are not names."""
        if self._headline is None:
            words = _HEADLINE_WORD.findall(self.norm)
            caps = sum(1 for w in words if w[0].isupper())
            self._headline = len(words) >= 4 and caps >= 0.7 * len(words)
        return self._headline
