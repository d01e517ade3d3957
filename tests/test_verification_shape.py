"""The shape of claims/verification: small named steps, word lists kept as data,
one tokeniser and stemmer (factcheck.text.tokens)."""

import ast
import re
from pathlib import Path

import pytest

from claims.verification.parties import entity_keys, same_party
from claims.verification.quantities import FALL, RISE, direction
from claims.verification.words import words_of
from factcheck.text import vocabulary

ROOT = Path(__file__).resolve().parent.parent
VERIFICATION = ROOT / "claims" / "verification"
DATA = ROOT / "factcheck" / "text" / "data"
MAX_FUNCTION_LINES = 60
_WORD = re.compile(r"^[a-z][a-z'\u2019-]*(?: [a-z][a-z'\u2019-]*)*$")


def _modules() -> list[tuple[Path, ast.Module]]:
    paths = sorted(VERIFICATION.glob("*.py"))
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in paths]


def test_no_verification_function_is_longer_than_sixty_lines() -> None:
    long = [
        f"{path.name}:{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long


def test_verification_types_no_word_lists_of_its_own() -> None:
    """Words come from factcheck/text/data: no literal collection of words, no
    "a b c".split(), no stemmer table in the code."""
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.List | ast.Set | ast.Tuple | ast.Dict):
                items = node.values if isinstance(node, ast.Dict) else node.elts  # not keys: fields
                strings = [
                    n.value
                    for n in items
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)
                ]
                if sum(1 for s in strings if _WORD.match(s)) >= 4:
                    found.append(f"{path.name}:{node.lineno} {strings[:4]}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "split"
                and isinstance(node.func.value, ast.Constant)
                and len(str(node.func.value.value).split()) >= 4
            ):
                found.append(f"{path.name}:{node.lineno} split word list")
    assert not found


def test_every_data_file_says_what_it_is_for_and_tables_have_values() -> None:
    tables = {
        "months", "weekdays", "number_words", "place_aliases", "unit_conversions",
        "count_synonyms", "comparator_words",
    }  # fmt: skip
    for path in sorted(DATA.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines, path.name
        assert lines[0].startswith("# "), path.name
        entries = [line for line in lines if line.strip() and not line.startswith("#")]
        assert entries, path.name
        if path.stem in tables:
            assert all("\t" in line for line in entries), path.name


def test_shared_tables_keep_the_formats_extraction_reads() -> None:
    assert vocabulary.table("months")["sept"] == "9"
    assert vocabulary.table("weekdays")["monday"] == "0"
    assert vocabulary.table("weekdays")["sunday"] == "6"
    assert float(vocabulary.table("number_words")["twelve"]) == 12
    assert float(vocabulary.table("number_scales")["million"]) == 1e6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unemployment rose to 4%", RISE),
        ("Unemployment has risen to 4%", RISE),
        ("Exports fell to 4%", FALL),
        ("Exports have fallen to 4%", FALL),
        ("The firm lost 300 jobs", FALL),
        ("The deal could be worth up to 4%", ""),
    ],
)
def test_direction_words_name_every_form_of_their_verbs(text: str, expected: str) -> None:
    tokens = words_of(text)
    assert direction(tokens, len(tokens)) == expected


def test_a_capital_or_a_demonym_names_its_country() -> None:
    assert entity_keys("the Kremlin") == {"russia"}
    assert entity_keys("Russia's foreign ministry") == {"russia"}
    assert same_party(entity_keys("Moscow"), entity_keys("Russian officials"))
