"""Small made-up stories for the copy tests: one story in several outlets' versions, and stories that are not copies."""

from __future__ import annotations

import json
from pathlib import Path

LEAD = (
    "The city council of Riverton approved a new budget on Tuesday that raises spending on schools and public "
    "transport while freezing the property tax for a third year, the mayor's office said."
)
MIDDLE = (
    "Councillors voted eleven to four for the plan after a debate that lasted most of the evening. Opponents "
    "argued that the bus network could not absorb the extra routes before the new depot opens next spring."
)
END = "Mayor Ellen Ward said the budget kept the promises she made during the campaign."

STORY = f"{LEAD}\n\n{MIDDLE}\n\n{END}"
# The same story as other outlets ran it: another dateline, the outlet's name, a different last paragraph.
WIRE_COPY = f"RIVERTON, May 2 (Northern Wire) - {LEAD}\n\n{MIDDLE}\n\n{END}"
OUTLET_COPY = f"{LEAD} The Riverton Courier reported the vote first.\n\n{MIDDLE}\n\n{END}"
NEW_ENDING = f"{LEAD}\n\n{MIDDLE}\n\nThe budget takes effect in July, when the new financial year begins."
# The same subject in other words: not a copy.
SAME_SUBJECT = (
    "Riverton's councillors spent Tuesday evening arguing over money. After hours of debate they backed the "
    "mayor's spending plan, which puts more into classrooms and buses and leaves homeowners' tax bills unchanged. "
    "Critics on the council warned that the transport department is not ready for new routes, and two members "
    "walked out before the vote. Ellen Ward, elected last autumn, called the result a promise kept."
)
# A recurring report: the same words every week, other figures.
WEEKLY = (
    "Applications for unemployment benefits in Riverton fell to {a} in the week ended {day} from {b} in the prior "
    "week, the state labour office said. The number of people receiving benefits under regular programs totalled "
    "{c} in the week, the latest period for which that figure was available, the office added in its statement."
)
SHORT = "Qtly div eight cts vs eight cts prior. Pay May 11. Record April 24."
SHORT_OTHER = "Qtly div eight cts vs eight cts prior. Pay May 18. Record May one."


def record(n: int, title: str, body: str, source: str = "Riverton Courier", published: str = "2024-05-02") -> dict:
    return {"id": f"s{n}", "title": title, "body": body, "source": source, "published": published}


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
