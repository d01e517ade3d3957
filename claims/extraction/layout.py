"""The lines of a page that are its layout, not its reporting: never claims.

A web page's text carries a headline, a standfirst, a byline, captions and
credits, link labels ("Read more: ..."), embedded posts and pull quotes beside
the body. They are told apart by where and how they stand, not by what they
say:

- a line with no closing full stop is a heading (headline, subhead, dateline);
- the lines above a byline near the top are the page's header (a standfirst
  may end with a full stop), as are the lines stacked under a headline before
  the first blank line of a page whose paragraphs are set apart by them;
- a short "Label: Text" line whose text is written as a headline is a link;
- a line signed with a social handle ("(@name)") is an embedded post;
- a short line whose words the body says again near it is a pull quote;
- a caption opens or ends as captions do ("In this photo ...", "(AP Photo)").
"""

import re

from factcheck.text import vocabulary
from factcheck.text.sentences import Sentence

_TERMINAL = re.compile(r"[.!]['\"\u2019\u201d)\]]*$")
_QUESTION = re.compile(r"\?['\"\u2019\u201d)\]]*$")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_BYLINE = re.compile(r"^(?:by|words by|reporting by|written by)\b:?\s+[A-Z]", re.IGNORECASE)
_LABEL = re.compile(r"^\s*[A-Z][A-Za-z]*(?:\s+[A-Za-z]+){0,2}\s*:\s+\S")
_HANDLE = re.compile(r"\(@\w{1,30}\)")
# "UPDATED: ...", "EDITOR'S NOTE: ...", "READ MORE: ...": a label in capitals opens a notice.
_NOTICE = re.compile(r"^[A-Z][A-Z'\u2019]{2,}(?:\s+[A-Z][A-Z'\u2019]+){0,2}:\s")
_WORDS = re.compile(r"[a-z0-9]+")
# The top of the page: a byline further down than this is in the body.
_HEADER_LINES = 8
# A pull quote is a short line (a few words to a sentence or two) that repeats
# words of the body near it, on the same screen of the page.
_PULL_QUOTE_WORDS = 4
_PULL_QUOTE_MAX_WORDS = 40
_PULL_QUOTE_REACH = 3000


def _caption_pattern() -> re.Pattern[str]:
    """A caption's opening at the start of the line, or a credit anywhere in it."""

    def any_of(name: str) -> str:  # a phrase that opens with a letter, as a whole word
        entries = sorted(vocabulary.words(name), key=lambda e: (-len(e), e))
        return "|".join(("\\b" if e[0].isalpha() else "") + re.escape(e) for e in entries)

    return re.compile(
        f"^(?:{any_of('caption_openers')})|{any_of('caption_markers')}", re.IGNORECASE
    )


_CAPTION = _caption_pattern()


def _title_case(text: str) -> bool:
    """Most words capitalised, as a linked headline is written ("Read more: Storm Hits ...")."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _normalised(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _stacked_header_end(text: str) -> int:
    """Where a stacked header ends: a page whose paragraphs are set apart by blank
    lines, opening with a headline and the lines stacked under it (standfirst,
    date, byline) before the first blank line."""
    start = len(text) - len(text.lstrip())
    blank = text.find("\n\n", start)
    if blank < 0 or "\n\n" not in text[blank + 2 :]:
        return 0
    lines = text[start:blank].split("\n")
    if not 2 <= len(lines) <= _HEADER_LINES or any(not line.strip() for line in lines):
        return 0
    return blank if not _TERMINAL.search(lines[0].strip()) else 0


class Layout:
    """An article's lines read once, to say which sentences stand in its layout."""

    def __init__(self, text: str) -> None:
        self.text = text
        lines = [(m.end(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
        self.header_end = max(self._header_end(lines), _stacked_header_end(text))
        self._lines: dict[int, str | None] = {}  # line start -> what the line is

    @staticmethod
    def _header_end(lines: list[tuple[int, str]]) -> int:
        """Where the byline near the top ends: everything before it is the header."""
        for end, line in lines[:_HEADER_LINES]:
            if _BYLINE.match(line.strip()) and len(line) < 80:
                return end
        return 0

    def reason(self, sentence: Sentence) -> str | None:
        """Why a sentence can never be a claim (heading, byline, caption ...), or None."""
        text = sentence.text
        if not _LETTERS.search(text):
            return "no_words"
        if _QUESTION.search(text):
            return "question"
        if sentence.end <= self.header_end:
            return "header"
        if _BYLINE.match(text) and sentence.whole_line and len(text) < 80:
            return "byline"
        if _CAPTION.search(text):
            return "caption"
        if line_reason := self._line_reason(sentence.line_start, sentence.line_end):
            return line_reason
        if not _TERMINAL.search(text) and sentence.end == sentence.line_end:
            return "heading"
        if sentence.whole_line and self._repeated(sentence):
            return "pull_quote"
        return None

    def _line_reason(self, start: int, end: int) -> str | None:
        """What the whole line is, read once per line (a post may be one long line)."""
        if start not in self._lines:
            line = self.text[start:end].strip()
            reason = None
            if _HANDLE.search(line):
                reason = "embed"
            elif (label := _LABEL.match(line)) and _title_case(line[label.end() - 1 :]):
                reason = "link"
            elif _NOTICE.match(line):
                reason = "notice"
            self._lines[start] = reason
        return self._lines[start]

    def _repeated(self, sentence: Sentence) -> bool:
        """Whether the text around a short line says its words again (a pull quote)."""
        line = self.text[sentence.line_start : sentence.line_end]
        words = _normalised(line)
        if not _PULL_QUOTE_WORDS <= len(words.split()) <= _PULL_QUOTE_MAX_WORDS:
            return False
        before = self.text[max(0, sentence.line_start - _PULL_QUOTE_REACH) : sentence.line_start]
        after = self.text[sentence.line_end : sentence.line_end + _PULL_QUOTE_REACH]
        return words in _normalised(before) or words in _normalised(after)
