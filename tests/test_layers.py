"""The layers hold: every module's imports point down, never up.

marketplace -> reviews -> services -> profiles -> common (the ground floor). Read from
the source with ast, so an import inside a function counts as much as one at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each package and the packages of ours it may import (besides itself).
ALLOWED = {
    "common": set(),
    "profiles": {"common"},
    "services": {"common", "profiles"},
    "reviews": {"common", "profiles", "services"},
    "marketplace": {"common", "profiles", "services", "reviews"},
}
OURS = set(ALLOWED)


def imported_packages(path: Path) -> set[str]:
    """The top-level packages of ours that a module imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_the_layers_below_it(package):
    upward = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - ALLOWED[package] - {package})
        for path in modules(package)
    }
    assert {module: names for module, names in upward.items() if names} == {}


def test_the_walk_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from reviews.models import Review\n    import services\n")
    assert imported_packages(module) == {"reviews", "services"}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_every_layer_has_modules_to_check(package):
    assert len(modules(package)) > 1


# A module past this many lines becomes a package of the same name (STYLE.md); tests may
# run longer. Migrations are written once and never edited, so they are left out.
MODULE_LINES = 400
TEST_MODULE_LINES = 600
CODE = ["common", "profiles", "services", "reviews", "marketplace", "bench", "stack", "scripts"]


def test_no_module_outgrows_its_limit():
    too_long = {}
    for folder in [*CODE, "tests"]:
        limit = TEST_MODULE_LINES if folder == "tests" else MODULE_LINES
        for path in (ROOT / folder).rglob("*.py"):
            lines = len(path.read_text().splitlines())
            if "migrations" not in path.parts and lines > limit:
                too_long[str(path.relative_to(ROOT))] = lines

    assert too_long == {}
