"""The shape of claims/extraction/quantities: a package of named steps in modules of
a few hundred lines, no function over 60 lines, the left context read forwards (no
reversed copy of the sentence), and the names its importers use still exported."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "claims" / "extraction" / "quantities"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400
MODULES = sorted(PACKAGE.glob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_the_parser_is_a_package_of_step_modules() -> None:
    names = {path.stem for path in MODULES}
    assert {"numbers", "units", "bounds", "nouns", "parse"} <= names


def test_no_quantities_function_is_longer_than_sixty_lines() -> None:
    long = [
        f"{path.name}:{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in MODULES
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_each_module_is_a_few_hundred_lines_at_most(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


def test_no_module_reverses_a_string_to_read_left_context() -> None:
    reversed_slices = [
        f"{path.name}:{node.lineno}"
        for path in MODULES
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Slice)
        and isinstance(node.step, ast.UnaryOp)
        and isinstance(node.step.op, ast.USub)
    ]
    assert not reversed_slices


def test_the_package_exports_what_other_modules_import() -> None:
    from claims.extraction import quantities

    exported = {"Quantity", "extract_quantities", "looks_plural", "unit_kind"}
    assert set(quantities.__all__) == exported
    assert quantities.looks_plural("containers")
    assert quantities.unit_kind("USD per hour") == "currency"
