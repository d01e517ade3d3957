"""Vocabularies as data: word lists and small tables kept in data/, not in code.

A list is a text file of one entry a line (an entry may be several words);
a table has a key and a value on each line, separated by a tab. Blank lines
and lines starting with "#" are comments. Entries are read as written, so a
file decides its own case.
"""

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
