"""archive/ingest/forwards.py: a message forwarded inline in a mail's text, as the mail programs write it."""

from __future__ import annotations

import pytest

from archive.ingest import forwards
from archive.ingest.forwards import inline_forward
from tests.ingest.limits import within_safety_limit

STORY = "MOMBASA, March 4 (Agri Wire) - Tea prices fell for a third week.\n\nBrokers blamed a strong harvest."


@pytest.mark.parametrize(
    ("marker", "block"),
    [
        (
            "---------- Forwarded message ---------",  # Gmail
            "From: Agri Wire <desk@agriwire.example>\nDate: Wed, Mar 4, 2026 at 9:12 AM\n"
            "Subject: Kenyan tea prices slump\nTo: <subscribers@agriwire.example>",
        ),
        (
            "Begin forwarded message:",  # Apple Mail
            "\nFrom: Agri Wire <desk@agriwire.example>\nSubject: Kenyan tea prices slump\n"
            "Date: 4 March 2026 at 09:12:00 GMT\nTo: subscribers@agriwire.example",
        ),
        (
            "-----Original Message-----",  # Outlook
            "From: Agri Wire <desk@agriwire.example>\nSent: Wednesday, March 4, 2026 9:12 AM\n"
            "To: Desk\nCc: Night desk\nSubject: Kenyan tea prices slump",
        ),
        (
            "________________________________",  # Outlook, replying above
            "From: Agri Wire <desk@agriwire.example>\nSent: Wednesday, March 4, 2026 9:12 AM\n"
            "Subject: Kenyan tea prices slump",
        ),
        (
            "-------- Message transféré --------",  # Thunderbird in French
            "Sujet : x\nDate : Wed, 4 Mar 2026 09:12:00 +0300\nDe : Agri Wire <desk@agriwire.example>\n"
            "Objet : Kenyan tea prices slump",
        ),
    ],
)
def test_a_forward_gives_the_forwarded_messages_headers_and_text(marker: str, block: str) -> None:
    """GIVEN a forwarder's note, a mail program's forward marker, the forwarded headers and the story
    WHEN the text is read THEN the forward is the story alone, with its sender, date and subject as typed."""
    text = f"Thought this one is for the archive.\n\n{marker}\n{block}\n\n{STORY}\n"
    forward = inline_forward(text, forwarded=True)  # the mail's Subject says "Fwd:" or "FW:"
    assert forward is not None
    assert forward.sender == "Agri Wire <desk@agriwire.example>" and forward.subject == "Kenyan tea prices slump"
    assert "2026" in forward.date and forward.text == STORY


def test_a_forward_of_a_forward_gives_the_innermost_message() -> None:
    text = (
        "FYI\n\n---------- Forwarded message ---------\nFrom: Ann <ann@desk.example>\nSubject: Fwd: tea\n\n"
        "See below.\n\n---------- Forwarded message ---------\nFrom: Agri Wire <desk@agriwire.example>\n"
        f"Date: Wed, Mar 4, 2026 at 9:12 AM\nSubject: Kenyan tea prices slump\n\n{STORY}"
    )
    forward = inline_forward(text)
    assert forward is not None and forward.sender.startswith("Agri Wire") and forward.text == STORY


def test_a_quoted_forward_loses_its_quote_marks() -> None:
    # GIVEN a forward whose every line the mail program quoted with "> "
    quoted = "\n".join(f"> {line}" for line in STORY.split("\n"))
    text = f"> -----Original Message-----\n> From: Agri Wire <a@b.example>\n> Subject: Tea\n>\n{quoted}"
    forward = inline_forward(text, forwarded=True)
    assert forward is not None and forward.text == STORY


@pytest.mark.parametrize(
    "text",
    [
        STORY,  # no marker
        f"Begin forwarded message:\n\n{STORY}",  # a marker without a header block
        f"---------- Forwarded message ---------\nTo: desk@x.example\nSubject: Tea\n\n{STORY}",  # no From
        f"---------- Forwarded message ---------\nFrom: Agri Wire <a@b.example>\n\n{STORY}",  # From alone
        "The minister said the forwarded message was never read.\n\nFrom: nobody\nSubject: none",
    ],
)
def test_text_without_a_whole_forward_is_no_forward(text: str) -> None:
    # GIVEN a text with no marker, or a marker without From and a Date or Subject under it THEN it is no forward
    assert inline_forward(text) is None


@pytest.mark.parametrize("marker", ["-----Original Message-----", "________________________________"])
def test_the_message_a_reply_quotes_is_no_forward_unless_the_subject_says_forward(marker: str) -> None:
    """GIVEN a reply above Outlook's marker and the message it answers WHEN the Subject does not say it is a forward
    THEN it is no forward (a reply's story is the reply); a Gmail or Apple Mail forward marker needs no Subject."""
    text = f"Yes, we confirm the figures.\n\n{marker}\nFrom: Agri Wire <a@b.example>\nSubject: Tea\n\n{STORY}"
    assert inline_forward(text) is None
    assert inline_forward(text, forwarded=True) is not None
    gmail = f"FYI\n\n---------- Forwarded message ---------\nFrom: Agri Wire <a@b.example>\nSubject: Tea\n\n{STORY}"
    assert inline_forward(gmail) is not None


@pytest.mark.parametrize(
    "one",
    [
        "---------- Forwarded message ---------\nFrom: a@example.org\nDate: 4 Mar 2026\nx\n",  # each a whole forward
        "---------- Forwarded message ---------\nTo: a@example.org\n",  # markers with no block
    ],
)
def test_a_mail_of_thousands_of_markers_is_read_in_one_pass(one: str, monkeypatch) -> None:
    """GIVEN a 1 MB mail text of ~20,000 forward markers WHEN read THEN each marker's block is read as far as it
    goes, a few lines, not the whole rest of the mail (a split and a join of it a marker: quadratic, over a minute
    here), within the safety limit, and the innermost forward is found."""
    text = one * (1_000_000 // len(one))
    lines_read = 0

    def counted(text: str, start: int):
        nonlocal lines_read
        for line in lines(text, start):
            lines_read += 1
            yield line

    lines = forwards._lines
    monkeypatch.setattr(forwards, "_lines", counted)
    with within_safety_limit(len(text), "a mail of forward markers"):
        found = inline_forward(text)
    assert (found.text if found else None) == ("x" if "From" in one else None)
    assert lines_read <= 4 * text.count("Forwarded message")
