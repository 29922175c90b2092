"""The package's layers: every import goes to the same layer or one below, and none is circular.

Imports are read with ``ast`` from every module of ``quotecheck/``: at the top, inside
functions, under ``if TYPE_CHECKING``, and by name (a string constant that is exactly a
module's dotted name, as ``importlib.import_module("quotecheck.x")`` or a table of
module names takes). The graph is one of modules: ``import a.b.c`` and ``from a.b import c``
are an edge to the module ``a.b.c``; ``from a.b import name`` is one to ``a.b``. A package's
``__init__`` that Python runs on the way to a submodule is not counted, so a package may
import its own submodules. docs/architecture.md draws the same layers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quotecheck"

#: Bottom first. A module may import its own layer (without a cycle) and those below.
#: An entry ending in ``.*`` is a package and everything in it.
LAYERS: list[tuple[str, list[str]]] = [
    ("base", ["quotecheck", "quotecheck.errors", "quotecheck.models", "quotecheck.rules",
              "quotecheck.regexcache", "quotecheck.textnorm", "quotecheck.diff", "quotecheck.scan"]),
    ("stages", ["quotecheck.ingest.*", "quotecheck.segment", "quotecheck.quotes", "quotecheck.attribution",
                "quotecheck.entities", "quotecheck.figures", "quotecheck.dates", "quotecheck.link",
                "quotecheck.reported", "quotecheck.claims", "quotecheck.checks.*", "quotecheck.report.*"]),
    ("pipeline and engine", ["quotecheck.pipeline", "quotecheck.engine.*"]),
    ("services", ["quotecheck.store", "quotecheck.storeindex", "quotecheck.against", "quotecheck.baseline", "quotecheck.watch"]),
    ("commands", ["quotecheck.commands.*", "quotecheck.config"]),
    ("cli", ["quotecheck.cli", "quotecheck.__main__"]),
]


def module_names(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The module a ``from ... import`` names, relative imports resolved against ``module``."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(source: str, module: str, known: Iterable[str], *, is_package: bool = False) -> set[str]:
    """The package's modules that ``source`` (the text of ``module``) imports, anywhere in it."""
    known = set(known)
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(node, module, is_package)
            for a in node.names:  # ``from pkg import submodule`` imports the submodule; a name, ``pkg``
                found.add(f"{target}.{a.name}" if f"{target}.{a.name}" in known else target)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)  # importlib.import_module("quotecheck.x"), tables of module names
    return {m for m in found if m in known and m != module}


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    mods = module_names(root)
    return {m: imports_of(p.read_text(encoding="utf-8"), m, mods, is_package=p.name == "__init__.py")
            for m, p in mods.items()}


def layer_of(module: str, layers: list[tuple[str, list[str]]] = LAYERS) -> int | None:
    """Index of the layer that holds ``module``, or None if no layer names it."""
    for k, (_, entries) in enumerate(layers):
        for e in entries:
            if module == e or (e.endswith(".*") and (module == e[:-2] or module.startswith(e[:-1]))):
                return k
    return None


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that returns to its start, or None if it has none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return [*path[path.index(n):], n]
            if n not in state and (found := visit(n)):
                return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def upward_imports(graph: dict[str, set[str]],
                   layers: list[tuple[str, list[str]]] = LAYERS) -> list[tuple[str, str, str, str]]:
    """Every (module, its layer, imported module, that layer) where the import goes up."""
    out = []
    for m, deps in sorted(graph.items()):
        lm = layer_of(m, layers)
        for d in sorted(deps):
            ld = layer_of(d, layers)
            if lm is not None and ld is not None and ld > lm:
                out.append((m, layers[lm][0], d, layers[ld][0]))
    return out


# --------------------------------------------------------------------------- the package


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_every_module_has_a_layer(graph: dict[str, set[str]]) -> None:
    assert len(graph) > 40  # the walk found the package
    assert [m for m in graph if layer_of(m) is None] == []


def test_no_module_imports_a_higher_layer(graph: dict[str, set[str]]) -> None:
    assert upward_imports(graph) == []


def test_no_import_cycle(graph: dict[str, set[str]]) -> None:
    assert find_cycle(graph) is None


def test_the_graph_sees_imports_inside_functions_and_by_name(graph: dict[str, set[str]]) -> None:
    """Edges the checks above rely on: a late import, a module named in a string, a relative-free
    ``from package import module``; if the walk missed these, the tests above would pass vacuously."""
    assert "quotecheck.report.html" in graph["quotecheck.report"]  # inside render()
    assert "quotecheck.checks.quotes" in graph["quotecheck.checks"]  # CHECK_MODULES, by name
    assert "quotecheck.commands.check" in graph["quotecheck.cli"]  # COMMANDS, by name
    assert "quotecheck.link" in graph["quotecheck.pipeline"]  # from quotecheck import link


def test_cli_imports_no_command_until_it_dispatches() -> None:
    """``--help`` must stay as cheap as starting Python: the parser needs argparse alone."""
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    top = {a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names}
    top |= {n.module or "" for n in tree.body if isinstance(n, ast.ImportFrom)}
    assert {m for m in top if m.startswith("quotecheck")} == {"quotecheck", "quotecheck.errors"}


# --------------------------------------------------------------------------- the checks themselves


def test_find_cycle_finds_a_cycle_and_only_a_real_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_imports_of_reads_late_relative_typing_and_string_imports() -> None:
    src = '''
import importlib
from typing import TYPE_CHECKING
from . import sibling
if TYPE_CHECKING:
    from pkg.typed import T
def late():
    from pkg.sub import thing
    return importlib.import_module("pkg.named")
NOT_A_MODULE = "pkg.nothing here"
'''
    known = {"pkg", "pkg.mod", "pkg.sibling", "pkg.typed", "pkg.sub", "pkg.sub.thing", "pkg.named", "pkg.unused"}
    assert imports_of(src, "pkg.mod", known) == {"pkg.sibling", "pkg.typed", "pkg.sub.thing", "pkg.named"}
    assert imports_of("from pkg.sub import name", "pkg.mod", known) == {"pkg.sub"}


def test_upward_imports_names_the_offending_edge() -> None:
    layers = [("low", ["x.low"]), ("high", ["x.high.*"])]
    g = {"x.low": {"x.high.a"}, "x.high.a": {"x.low"}}
    assert upward_imports(g, layers) == [("x.low", "low", "x.high.a", "high")]
    assert layer_of("x.high", layers) == 1 and layer_of("x.higher", layers) is None


def test_rules_know_the_kinds_of_the_stages_imported_and_say_so_when_none_is() -> None:
    """rules.py imports no stage: a process that loads rules before any stage gets one clear
    error, and one that imports the pipeline first gets every bundled file."""
    import subprocess
    import sys

    bare = subprocess.run([sys.executable, "-c", "from quotecheck.rules import load_rules; load_rules()"],
                          capture_output=True, text=True)
    assert bare.returncode != 0 and "import quotecheck.pipeline before loading rules" in bare.stderr
    wired = subprocess.run([sys.executable, "-c", "import quotecheck.pipeline\nfrom quotecheck.rules import "
                            "bundled_rules_dir, load_rules\nn = len(load_rules().files)\n"
                            "print(n, len(list(bundled_rules_dir().rglob('*.yml'))))"],
                           capture_output=True, text=True, check=True)
    loaded, files = map(int, wired.stdout.split())
    assert loaded == files > 10


# --------------------------------------------------------------------------- the docs draw the code


def _top_level() -> dict[str, str]:
    """Each top-level module or package of ``quotecheck/``: dotted name -> how the docs write it."""
    out = {}
    for p in sorted(PACKAGE.iterdir()):
        if p.name.startswith("_") or p.name == "__pycache__":
            continue
        if p.is_dir() and (p / "__init__.py").exists():
            out[f"quotecheck.{p.name}"] = p.name
        elif p.suffix == ".py":
            out[f"quotecheck.{p.stem}"] = p.stem
    return out


def _code_block(text: str, after: str) -> str:
    """The first fenced block after the line ``after``."""
    rest = text[text.index(after):]
    return rest.split("```", 2)[1]


def _mentions(block: str, name: str) -> bool:
    import re

    return re.search(rf"(?<![\w.]){re.escape(name)}(?:\.py|/)?(?![\w])", block) is not None


def test_architecture_page_draws_every_module_in_its_layer() -> None:
    picture = _code_block((PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8"), "# Architecture")
    rows: dict[int, str] = {}
    current = 0
    for line in picture.splitlines():
        head = line[:3].strip()
        if head.isdigit():
            current = int(head)
        if current:
            rows[current] = rows.get(current, "") + "\n" + line
    assert sorted(rows) == list(range(1, len(LAYERS) + 1))
    for dotted, name in _top_level().items():
        k = layer_of(dotted)
        assert k is not None and _mentions(rows[k + 1], name), f"{name} not drawn in layer {k}"


def test_readme_layout_names_every_top_level_module() -> None:
    layout = _code_block((PACKAGE.parent / "README.md").read_text(encoding="utf-8"), "## Layout")
    assert [n for n in _top_level().values() if not _mentions(layout, n)] == []
