"""The package is a pipeline and its imports must say so: no stage imports a later one,
and only the output stage writes files (only source and output read them).

Ranks: vocabulary (units, config, errors, model, timings) < source < text < checks < site
< output < pipeline < serve, cli. A module may import modules of its own rank or lower.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "tianxin_report"
RANKS = {"units": 0, "config": 0, "errors": 0, "model": 0, "timings": 0, "source": 1,
         "text": 2, "checks": 3, "site": 4, "output": 5, "pipeline": 6, "serve": 7, "cli": 7,
         "__main__": 8, "__init__": 0}
WRITES = {"write_text", "write_bytes", "mkdir", "makedirs", "unlink", "rmdir", "rmtree",
          "copyfile", "copytree", "copy2", "move", "symlink_to", "touch", "remove"}
READS = {"read_text", "read_bytes", "iterdir", "glob", "rglob", "walk", "scandir", "listdir"}
READERS = ("source", "output", "serve")  # serve: the dev server reads the built site


def stage(module: str) -> str:
    """'tianxin_report.text.markup.roles' → 'text'; 'tianxin_report.pipeline' → 'pipeline'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every tianxin_report module a module imports (at any depth), with its line."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and \
                node.module.startswith("tianxin_report"):
            names = [f"{node.module}.{a.name}" for a in node.names] \
                if node.module == "tianxin_report" else [node.module]
            found += [(node.lineno, name) for name in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names
                      if a.name.startswith("tianxin_report")]
    return found


def upward_imports(module: str, source: str) -> list[str]:
    """The imports of `module` that reach a later stage."""
    own = RANKS[stage(module)]
    return [f"line {line}: {name}" for line, name in imports(ast.parse(source))
            if RANKS.get(stage(name), 0) > own]


def file_calls(source: str, names: set[str]) -> list[str]:
    """Method calls named in `names` (path.write_text(), shutil.rmtree()…) and the
    built-in open(); calling another module's own function (load's read_text) is not one."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in names:
            found.append(f"line {node.lineno}: {func.attr}()")
        elif isinstance(func, ast.Name) and func.id == "open":
            found.append(f"line {node.lineno}: open()")
    return found


def modules() -> list[tuple[str, Path]]:
    return [("tianxin_report." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts), p)
            for p in sorted(PACKAGE.rglob("*.py"))]


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_no_stage_imports_a_later_one(module: str, path: Path) -> None:
    assert upward_imports(module, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_only_output_writes_and_only_source_and_output_read(module: str, path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    if stage(module) != "output":
        assert file_calls(source, WRITES) == []
    if stage(module) not in READERS:
        assert file_calls(source, READS) == []


def test_every_stage_is_a_folder_with_a_docstring() -> None:
    for name in ("source", "text", "checks", "site", "output"):
        init = PACKAGE / name / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), name
    for _, path in modules():
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


def test_the_rule_check_catches_a_planted_upward_import_and_a_write() -> None:
    planted = "from tianxin_report.site.pages import site_view\n"
    assert upward_imports("tianxin_report.source.validate", planted) == [
        "line 1: tianxin_report.site.pages"]
    assert upward_imports("tianxin_report.text.markup.roles",
                          "def f():\n    from tianxin_report import pipeline\n") == [
        "line 2: tianxin_report.pipeline"]
    assert file_calls("Path('x').write_text('y')\n", WRITES) == ["line 1: write_text()"]
