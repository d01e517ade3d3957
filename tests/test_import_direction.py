"""Imports run one way: claims builds on sources, so sources never imports claims.

Neither do the text layer (factcheck/text, used by both) nor webhooks. The
modules are parsed, not imported, so an import inside a function counts as
much as one at the top of a file.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The packages below claims, and the app they must never import.
BELOW_CLAIMS = ("sources", "factcheck/text", "webhooks")
FORBIDDEN = "claims"


def imported_modules(source: str, *, module: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the source, wherever it is.

    `module` is the dotted name of the file parsed, to resolve relative imports;
    importlib.import_module("...") and __import__("...") with a literal name count.
    """
    # Relative imports start from the package: a package's __init__ is the package.
    if module.endswith(".__init__"):
        package = module.removesuffix(".__init__")
    else:
        package = module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            # `from claims import models` imports claims.models: name both.
            found += [(node.lineno, base)]
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and _called_name(node.func) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def is_forbidden(name: str) -> bool:
    return name == FORBIDDEN or name.startswith(f"{FORBIDDEN}.")


def forbidden_imports(folder: str) -> list[str]:
    """'path:line imports name' for each import of claims under the folder."""
    offences = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        relative = path.relative_to(ROOT)
        module = ".".join(relative.with_suffix("").parts)
        seen = set()
        for line, name in imported_modules(path.read_text(encoding="utf-8"), module=module):
            if is_forbidden(name) and line not in seen:
                seen.add(line)
                offences.append(f"{relative}:{line} imports {name}")
    return offences


@pytest.mark.parametrize("folder", BELOW_CLAIMS)
def test_it_finds_no_import_of_claims_under(folder):
    assert (ROOT / folder).is_dir(), f"{folder} has moved: update BELOW_CLAIMS"
    offences = forbidden_imports(folder)
    assert not offences, (
        f"{folder} must not import {FORBIDDEN} (claims builds on it; imports run one way):\n  "
        + "\n  ".join(offences)
    )


@pytest.mark.parametrize(
    "source",
    [
        "import claims",
        "import claims.models as m",
        "from claims.models import Claim",
        "from claims import models",
        "def f():\n    from claims.claimreview import claimreviews_import",
        "class A:\n    def f(self):\n        import claims.report",
        "import importlib\nimportlib.import_module('claims.models')",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from claims.models import Claim",
    ],
)
def test_it_sees_every_way_of_importing_claims(source):
    names = [name for _, name in imported_modules(source, module="sources.api.views")]
    assert any(is_forbidden(name) for name in names), names


@pytest.mark.parametrize(
    "source",
    [
        "import claimsdesk",
        "from sources.models import Document",
        "from . import claims",  # sources.api.claims: a module of sources
        "claims = 1",
    ],
)
def test_it_lets_other_imports_through(source):
    names = [name for _, name in imported_modules(source, module="sources.api.views")]
    assert not any(is_forbidden(name) for name in names), names
