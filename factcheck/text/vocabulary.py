"""Vocabularies as data: word lists and small tables kept in data/, not in code.

A list is a text file of one entry a line (an entry may be several words);
a table has a key and a value on each line, separated by a tab. Blank lines
and lines starting with "#" are comments. Entries are read as written, so a
file decides its own case. alternation() turns such entries into a regular
expression (a trie, so that a long list costs no more than a short one).
"""

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    text = files(__package__).joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def words(name: str) -> frozenset[str]:
    """The entries of the list data/<name>.txt."""
    return frozenset(_lines(name))


@cache
def table(name: str) -> dict[str, str]:
    """The table data/<name>.txt: key -> value (a value may be empty)."""
    out: dict[str, str] = {}
    for line in _lines(name):
        key, _, value = line.partition("\t")
        out[key.strip()] = value.strip()
    return out


def alternation(entries: Iterable[str], *, any_spacing: bool = False) -> str:
    """A regex for exactly these literal entries, as a trie of their characters.

    At a position that starts none of them it fails at once, where a flat
    alternation would try each entry in turn. With any_spacing a space in an
    entry matches any whitespace and an apostrophe either kind ("won't").
    """
    root: dict = {}
    for entry in entries:
        node = root
        for char in entry:
            node = node.setdefault(char, {})
        node[""] = {}
    special = {" ": r"\s+", "'": "['\u2019]"} if any_spacing else {}

    def expression(node: dict) -> str:
        branches = [
            special.get(c, re.escape(c)) + expression(n) for c, n in sorted(node.items()) if c
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return expression(root)


def word_pattern(*names: str, ignore_case: bool = True) -> re.Pattern[str]:
    """Any entry of the named lists, as a whole word or phrase."""
    entries = set().union(*map(words, names))
    return re.compile(rf"\b(?:{alternation(entries)})\b", re.IGNORECASE if ignore_case else 0)
