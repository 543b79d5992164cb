"""axe-core (from npm, tests/widget/axe) run inside a page: WCAG 2.1 A and AA violations, shadow DOM included."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def wcag_violations(page: Page) -> list[str]:
    """Every WCAG 2.1 A/AA rule axe finds broken on the page, as 'rule: target (impact)' lines."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/widget/axe` (make test does)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.flatMap((rule) => rule.nodes.map(
                (node) => `${rule.id}: ${node.target.join(' > ')} (${rule.impact}) ${node.failureSummary}`));
        }""",
        WCAG_21_AA,
    )
    return list(found)
