"""archive/dates/stamps.py: a page's own date stamp ("Published …") told from a sentence of its story."""

import pytest

from archive.dates import is_date_stamp


@pytest.mark.parametrize(
    "line",
    [
        "Published March 4, 2026",
        "Published: March 4, 2026 8:15 am",
        "Published",  # its <time> dropped with its text
        "Updated | Published",
        "Updated 5 hours ago",
        "Posted on Wednesday, 4 March 2026 at 08:15 GMT",
        "Publié le , mis à jour le",
        "Publié le 04/03/2026 à 18h32",
        "Publié le mercredi 4 mars 2026",
        "Publicado el 4 de marzo de 2026 a las 10:00",
        "Actualizado 04.03.2026",
        "Veröffentlicht am 04.03.2026 um 18:32 Uhr",
        "Zuletzt aktualisiert: 4. März 2026",
        "First published 2026-03-04T08:15:00+01:00",
    ],
)
def test_a_label_with_a_date_or_with_none_is_a_date_stamp(line: str) -> None:
    assert is_date_stamp(line)


@pytest.mark.parametrize(
    "line",
    [
        "Published reports say the minister resigned on March 4.",
        "Updated figures from the ministry show exports fell 4% in March.",
        "Posted guards stood at the gate on Monday.",
        "Publié le rapport, le ministre a démissionné le 4 mars.",
        "LISBON, March 4 (Reuters) - A powerful storm hit Portugal on Wednesday.",
        "March 4, 2026",  # a date without a label: not ours to drop
        "Published " + "4 March 2026 " * 10,  # too long for a stamp
    ],
)
def test_a_sentence_or_a_bare_date_is_no_date_stamp(line: str) -> None:
    assert not is_date_stamp(line)
