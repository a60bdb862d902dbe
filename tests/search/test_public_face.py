"""`archive.search` shows one face: the rest of the app and its tests import only from the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import archive.search

REPO = Path(__file__).resolve().parents[2]
SEARCH = REPO / "archive" / "search"
SUBMODULES = {path.stem for path in SEARCH.glob("*.py") if path.stem != "__init__"}
# Another branch moves these into a package of their own; the lead switches their imports then.
NOT_YET: set[str] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module an import-from names, with relative imports resolved against the importing module."""
    if not node.level:
        return node.module or ""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def submodule_imports(path: Path, source: str | None = None) -> list[str]:
    """Every `archive.search.<submodule>` the module at `path` imports, however it is spelled."""
    source = path.read_text(encoding="utf-8") if source is None else source
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("archive.search.")]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, path)
            if module.startswith("archive.search."):
                found.append(module)
            elif module == "archive.search":
                found += [f"{module}.{alias.name}" for alias in node.names if alias.name in SUBMODULES]
    return found


def outside_search(root: Path, skipped: set[Path]) -> list[Path]:
    return [
        path
        for path in sorted(root.rglob("*.py"))
        if not any(path.is_relative_to(skip) for skip in skipped) and path.relative_to(REPO).as_posix() not in NOT_YET
    ]


def test_the_checker_sees_every_spelling():
    """GIVEN the text of an app module that imports search's submodules in every way Python allows
    WHEN the checker reads it
    THEN each submodule import is named, and the face's own `search` is not."""
    probe = REPO / "archive" / "probe.py"  # never written: only its text is parsed
    source = (
        "import archive.search.writer\n"
        "from archive.search.service import search\n"
        "from archive.search import snapshot, search\n"
        "from .search import faults\n"
        "from .search.types import Hit\n"
    )
    assert sorted(submodule_imports(probe, source)) == [
        "archive.search.faults",
        "archive.search.service",
        "archive.search.snapshot",
        "archive.search.types",
        "archive.search.writer",
    ]


@pytest.mark.parametrize(
    ("root", "skipped"),
    [("archive", {SEARCH}), ("tests", {REPO / "tests" / "search"})],
    ids=["the app", "tests outside tests/search"],
)
def test_no_module_outside_search_imports_a_submodule_of_it(root, skipped):
    """GIVEN every Python module of the app (or of the tests), search's own modules aside
    WHEN each is parsed for its imports
    THEN none imports a submodule of `archive.search`: they all use the package's face."""
    offenders = {
        path.relative_to(REPO).as_posix(): found
        for path in outside_search(REPO / root, skipped)
        if (found := submodule_imports(path))
    }
    assert not offenders, offenders


def test_every_public_name_resolves():
    """GIVEN the names `archive.search.__all__` lists
    WHEN each is looked up on the package
    THEN each resolves, none is a submodule, and `dir()` lists them all."""
    missing = [name for name in archive.search.__all__ if not hasattr(archive.search, name)]
    assert not missing, missing
    assert not set(archive.search.__all__) & SUBMODULES
    assert set(archive.search.__all__) <= set(dir(archive.search))
    with pytest.raises(AttributeError):
        archive.search.no_such_name  # noqa: B018
