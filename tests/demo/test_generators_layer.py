"""The data generators (`generators/`) are a development tool: no runtime module imports them.

A stopgap until an import-linter contract: every module of the runtime packages is parsed with `ast`, and any
import of `generators` (statement, relative import resolving to it, or `import_module("generators…")`) fails.
"""

from __future__ import annotations

import ast
import pathlib

from django.apps import apps
from django.conf import settings

BASE = pathlib.Path(settings.BASE_DIR)
RUNTIME_PACKAGES = (
    "core",
    "accounts",
    "establishments",
    "people",
    "stays",
    "justice",
    "events",
    "admissions",
    "places",
    "accompaniment",
    "employment",
    "audit",
    "interchange",
    "reports",
    "dossier",
    "overview",
    "config",
)
FORBIDDEN = "generators"
DYNAMIC_IMPORTERS = {"import_module", "import_string", "__import__"}


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(BASE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_forbidden(module: str) -> bool:
    return module == FORBIDDEN or module.startswith(FORBIDDEN + ".")


def forbidden_imports(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, imported module) of every import of `generators` in `source`, the text of module `module`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if is_forbidden(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = package[: len(package) - (node.level - 1)] if node.level - 1 <= len(package) else []
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            names = [target] if target else []
            names += [f"{target}.{alias.name}" if target else alias.name for alias in node.names]
            found += [(node.lineno, name) for name in names if is_forbidden(name)][:1]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                name in DYNAMIC_IMPORTERS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and is_forbidden(first.value)
            ):
                found.append((node.lineno, first.value))
    return found


def test_no_runtime_module_imports_generators() -> None:
    offenders = []
    scanned = 0
    for package in RUNTIME_PACKAGES:
        root = BASE / package
        assert (root / "__init__.py").exists(), f"{package} is not a package"
        for path in sorted(root.rglob("*.py")):
            scanned += 1
            source = path.read_text(encoding="utf-8")
            for line, name in forbidden_imports(source, module_name(path), is_package=path.name == "__init__.py"):
                offenders.append(f"{path.relative_to(BASE)}:{line} imports {name}")
    assert scanned > 100
    assert offenders == [], "runtime modules must not import the generators:\n" + "\n".join(offenders)


def test_every_local_app_but_generators_is_scanned() -> None:
    """A new runtime app must join RUNTIME_PACKAGES (or this check would silently skip it)."""
    base = BASE.resolve()
    paths = [pathlib.Path(config.path).resolve() for config in apps.get_app_configs()]
    local = {
        path.relative_to(base).parts[0]
        for path in paths
        if path.is_relative_to(base) and not path.relative_to(base).parts[0].startswith(".")  # not .venv
    }
    assert FORBIDDEN in local
    assert local - {FORBIDDEN} <= set(RUNTIME_PACKAGES), local - {FORBIDDEN} - set(RUNTIME_PACKAGES)


def test_the_scan_catches_each_kind_of_import() -> None:
    caught = [
        "import generators",
        "import generators.demo2019 as demo",
        "from generators import scale",
        "from generators.csvout import CsvSet",
        "import importlib\nimportlib.import_module('generators.scale')",
    ]
    for source in caught:
        assert forbidden_imports(source, "interchange.services"), source
    assert forbidden_imports("from . import scale", "generators", is_package=True)
    assert forbidden_imports("from .. import generators", "interchange.services")
    not_caught = [
        "import interchange.format",
        "from interchange import generators_helper",
        "INSTALLED_APPS = ['generators']",  # naming the app is not importing it
        "from .generators import x",  # interchange.generators, not the top-level package
    ]
    assert forbidden_imports("from ...generators import x", "interchange.management.commands.make_x") == []
    for source in not_caught:
        assert forbidden_imports(source, "interchange.services") == [], source


def test_faker_is_imported_only_where_names_are_drawn() -> None:
    """Faker is a development requirement: no generators module imports it at module level (the app is installed
    in every environment, so its commands must load without it)."""
    for path in sorted((BASE / FORBIDDEN).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "faker" or n.startswith("faker.") for n in names), f"{path}:{node.lineno}"
