"""The layers of the apps (pyproject.toml, [tool.importlinter]; docs/architecture.md), checked like `make lint` does:
the tree keeps them, and a forbidden import breaks them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from importlinter.application import use_cases
from importlinter.configuration import configure, settings

PYPROJECT = str(Path(__file__).resolve().parent.parent / "pyproject.toml")

configure()
use_cases._register_built_in_contract_types()


def _report(extra_imports: list[tuple[str, str]] = ()) -> Any:  # type: ignore[assignment]
    builder = settings.GRAPH_BUILDER
    real_build = builder.build

    def build(**kwargs: Any) -> Any:
        graph = real_build(**kwargs)
        for importer, imported in extra_imports:
            graph.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
        return graph

    builder.build = build
    try:
        return use_cases.create_report(use_cases.read_user_options(PYPROJECT), cache_dir=None)
    finally:
        builder.build = real_build


def test_the_tree_keeps_the_layers() -> None:
    report = _report()
    assert report.contains_failures is False, [str(c.metadata) for _, c in report.get_contracts_and_checks()]


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("core.forms", "reports.services"),  # the bottom layer importing the report
        ("stays.services", "places.services"),  # a domain app importing the app above it
        ("people.models", "stays.models"),  # the cycle that visible_to used to dodge
        ("justice.services", "events.services"),  # two independent apps of one layer
    ],
)
def test_a_forbidden_import_breaks_the_contract(importer: str, imported: str) -> None:
    report = _report([(importer, imported)])
    assert report.contains_failures is True
