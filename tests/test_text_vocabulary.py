"""Vocabularies as data: claim extraction reads its word lists from factcheck/text/data,
every data file says what it is for and loads, the shared tables agree in form, and
words are compared by the text layer's one stemmer."""

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from claims.extraction import attribution, canonical, entities, quantities, timerefs
from factcheck.text import vocabulary
from factcheck.text.tokens import stem
from sources import search

ROOT = Path(__file__).resolve().parent.parent
EXTRACTION = ROOT / "claims" / "extraction"
DATA = ROOT / "factcheck" / "text" / "data"
NAMES = sorted(path.stem for path in DATA.glob("*.txt"))
# A literal of more words than this is a vocabulary, and belongs in a data file.
MOST_WORDS_IN_CODE = 8
_WORD = re.compile(r"[a-z][a-z'.-]*", re.IGNORECASE)
_ALTERNATION = re.compile(r"(?<![\\\w])[a-z][a-z']*(?:\|[a-z][a-z']*){8,}(?![\w\\])", re.IGNORECASE)
# The keywords that the alternatives of the time-reference grammar start with are
# that grammar, kept beside it: the candidate regex must match where they do.
GRAMMAR = {"timerefs.py": {"_CANDIDATE"}}


def _plain_word(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(_WORD.fullmatch(node.value))
    )


def _word_lists(tree: ast.AST):
    """(line, how many words) of each literal collection of plain words, of each
    string of words split in code ("a b c".split(), _words("a b c")), and of each
    regex alternation of plain words ("(?:said|says|told)")."""
    for node in ast.walk(tree):
        items = []
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            items = node.elts
        elif isinstance(node, ast.Dict):  # a table of words: constant values
            items = [k for k, v in zip(node.keys, node.values, strict=True) if k is not None]
            items = items if all(isinstance(v, ast.Constant) for v in node.values) else []
        elif isinstance(node, ast.Call):
            strings = [node.func.value] if isinstance(node.func, ast.Attribute) else []
            for arg in [*strings, *node.args]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    words = arg.value.split()
                    if len(words) > 1 and all(_WORD.fullmatch(w) for w in words):
                        yield node.lineno, len(words)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for alternation in _ALTERNATION.findall(node.value):
                yield node.lineno, alternation.count("|") + 1
        count = sum(1 for item in items if _plain_word(item))
        if count:
            yield node.lineno, count


def _grammar_lines(tree: ast.AST, names: set[str]) -> set[int]:
    """Lines of the module-level assignments to these names."""
    lines: set[int] = set()
    for node in tree.body:  # type: ignore[attr-defined]
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in names for t in node.targets
        ):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


@pytest.mark.parametrize(
    "module", sorted(EXTRACTION.rglob("*.py")), ids=lambda p: str(p.relative_to(EXTRACTION))
)
def test_no_extraction_module_spells_out_a_word_list(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    grammar = _grammar_lines(tree, GRAMMAR.get(module.name, set()))
    lists = [
        f"{module.name}:{line} ({count} words)"
        for line, count in _word_lists(tree)
        if count > MOST_WORDS_IN_CODE and line not in grammar
    ]
    assert lists == []


def test_the_ast_check_finds_a_hand_typed_word_list():
    source = (
        'NOISE = frozenset({"a", "b", "c", "d", "e", "f", "g", "h", "i"})\n'
        'MORE = "a b c d e f g h i".split()\n'
        'ALSO = _words("a b c d e f g h i")\n'
        'VERBS = re.compile(r"\\b(?:a|b|c|d|e|f|g|h|i)\\b")\n'
        'FEW = {"is", "are"}'
    )
    assert sorted(count for _, count in _word_lists(ast.parse(source))) == [2, 9, 9, 9, 9]


@pytest.mark.parametrize("name", NAMES)
def test_each_data_file_loads_and_opens_with_what_it_is_for(name):
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    assert len(lines[0]) > 20
    assert vocabulary.words(name)
    assert all(entry == entry.strip() and entry for entry in vocabulary.words(name))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("months", lambda v: 1 <= int(v) <= 12),
        ("weekdays", lambda v: 0 <= int(v) <= 6),
        ("number_words", lambda v: float(v) >= 0),
        ("ordinals", lambda v: int(v) >= 1),
        ("number_scales", lambda v: float(v) >= 1000),
        ("unit_words", bool),
        ("comparators", lambda v: v.split()[0] in {"=", ">", ">=", "<", "<=", "~"}),
    ],
)
def test_tables_have_a_value_of_their_kind_on_every_line(name, value):
    table = vocabulary.table(name)
    assert table
    assert all(value(v) for v in table.values()), name


def test_the_shared_calendar_tables_are_lower_case_and_complete():
    months, weekdays = vocabulary.table("months"), vocabulary.table("weekdays")
    assert all(name == name.lower() for name in (*months, *weekdays))
    assert {int(n) for n in months.values()} == set(range(1, 13))
    assert {int(n) for n in weekdays.values()} == set(range(7))
    assert (months["sept"], weekdays["monday"]) == ("9", "0")


def test_reporting_verbs_list_every_form_and_the_list_says_which_is_which():
    verbs = vocabulary.words("reporting_verbs")
    assert {"say", "says", "said", "saying", "deny", "denies", "denied"} <= verbs
    assert {"said", "told", "denied", "wrote"} <= attribution.PAST_REPORTING_VERBS
    assert {"says", "denies", "tells"} <= attribution.THIRD_PERSON_REPORTING_VERBS
    assert "saying" not in attribution.REPORTING_VERBS  # a participle names no speaker


def test_a_base_form_names_a_speaker_only_after_a_plural():
    officials = attribution.find_attribution("Prices will rise, officials say.")
    report = attribution.find_attribution("A new report from the ministry said prices rose.")
    assert officials.claimant == "officials"
    assert report.claimant == "A new report from the ministry"


def test_canonical_claims_compare_words_by_the_text_layers_stem():
    assert canonical.content_words("Hospitals cut waiting times") == {
        stem("hospitals"),
        stem("cut"),
        stem("waiting"),
        stem("times"),
    }


def test_passage_search_finds_a_terms_inflections_by_stem_and_not_its_lookalikes():
    matcher = search._Matcher(search.salient_terms("The bank rates cities"))
    text = "Rating the city, rather than rats, it rated 2 cities."
    found = {text[p:].split()[0].strip(",.") for p, _ in matcher.hits(text)}
    assert found == {"Rating", "city", "rated", "cities"}


def test_a_negated_contraction_makes_another_statement():
    assert not canonical.same_statement(
        "The drug cut admissions by 30% in the trial.",
        "The drug didn\u2019t cut admissions by 30% in the trial.",
    )


def test_counts_are_read_with_every_number_word_of_the_table():
    (ago,) = timerefs.extract_time_references("It opened seventeen years ago.", date(2023, 12, 28))
    assert (ago.text, ago.date_from) == ("seventeen years ago", date(2006, 1, 1))


def test_a_name_ends_before_a_particle_left_by_a_weekday():
    names = [e.text for e in entities.find_entities("Tedros spoke in Oslo on Saturday.")]
    assert names[-1] == "Oslo"


def test_scale_abbreviations_and_currency_signs_come_from_the_tables():
    (quantity,) = quantities.extract_quantities("It cost $4.5bn.")
    assert (quantity.value, quantity.unit) == (4.5e9, "USD")
