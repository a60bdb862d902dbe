"""axe-core in the page a Selenium browser shows: the violations, and a readable summary of them."""

from __future__ import annotations

from tests.checkers.tools import AXE_SCRIPT, required

# The rule sets we hold the pages to: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
IMPACTS = ["minor", "moderate", "serious", "critical"]

_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(results => done(results.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.split("\\n").slice(1).join(" ").trim())
  }))))
  .catch(error => done([{id: "axe-error", impact: "critical", help: String(error), nodes: []}]));
"""


def violations(browser, *, at_least: str = "serious") -> list[dict]:
    """Run axe on the current page; the violations of impact `at_least` or worse."""
    browser.set_script_timeout(60)
    browser.execute_script(required(AXE_SCRIPT).read_text(encoding="utf-8"))
    found = browser.execute_async_script(_RUN, TAGS)
    floor = IMPACTS.index(at_least)
    return [v for v in found if IMPACTS.index(v["impact"] or "minor") >= floor]


def summary(found: list[dict]) -> str:
    lines = []
    for violation in found:
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']})")
        lines.extend(f"    {node}" for node in violation["nodes"][:5])
    return "\n".join(lines)
