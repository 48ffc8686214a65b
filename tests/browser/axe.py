"""Accessibility and small-screen checks for browser tests: axe-core (vendored, pinned: tests/browser/vendor/,
docs/decisions/012-axe-core.md) run in the page, and no horizontal scroll at the viewport's width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")

RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Inject axe-core through the DevTools protocol (the page's Content-Security-Policy stays in force) and run it."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE_SOURCE}\n; return true; }}")
    return page.evaluate(RUN)


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core sur {page.url} : {violations}"


def assert_fits_the_screen(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} : {width} px de large pour un écran de {viewport} px"
