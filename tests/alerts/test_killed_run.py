"""A `send_alerts` killed mid-run (SIGKILL) loses no mail and duplicates at most the one in flight; two runs at
once send each alert once. Real processes against a real SMTP server, on SQLite or PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
from collections import Counter

import pytest

from tests.alerts.helpers import SAFETY_NET, WORD, smtp_server, text_of, write_articles
from tests.processes import REPO, archive_env, manage

pytestmark = pytest.mark.slow

ADDRESSES = [f"reader{n}@example.org" for n in range(1, 5)]
SUBSCRIBE = """
import json
from django.utils import timezone
from archive.models import Subscription
now = timezone.now()
for address in json.loads({addresses!r}):
    Subscription.objects.create(email=address, query="q={word}", confirmed_at=now, matched_until=now, next_due_at=now)
"""
SENT = """
import json
from archive.models import SentAlert
print(json.dumps(sorted(SentAlert.objects.values_list("subscription__email", "article__import_ref"))))
"""


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code, check=True).stdout.strip().splitlines()[-1:]


@pytest.fixture
def prepared(tmp_path):
    """`prepared(inbox)`: an environment over a new database whose send_alerts mails through `inbox`, with four
    confirmed alerts, then two matching articles and one other imported (and indexed)."""
    with contextlib.ExitStack() as stack:

        def prepare(inbox) -> dict:
            env = stack.enter_context(
                archive_env(
                    tmp_path,
                    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                    EMAIL_HOST=inbox.host,
                    EMAIL_PORT=str(inbox.port),
                    ARCHIVE_ALERT_SETTLE_SECONDS="0",
                    ARCHIVE_SITE_URL="http://archive.test",
                )
            )
            manage(env, "migrate", "--noinput", "-v0", check=True)
            shell(env, SUBSCRIBE.format(addresses=json.dumps(ADDRESSES), word=WORD))
            articles = [("k1", f"One {WORD}", f"A {WORD}."), ("k2", f"Two {WORD}", f"Another {WORD}."),
                        ("k3", "Other news", "Nothing to see.")]  # fmt: skip
            manage(env, "import_articles", str(write_articles(tmp_path, articles)), "--no-progress", check=True)
            return env

        yield prepare


def sent_pairs(env: dict) -> list[tuple[str, str]]:
    """(address, article reference's last part) of every recorded send."""
    return [(address, ref.rsplit(":", 1)[1]) for address, ref in json.loads(shell(env, SENT)[0])]


def received(inbox) -> Counter:
    return Counter(message["To"] for message in inbox.messages)


def test_a_killed_run_duplicates_at_most_the_mail_in_flight(prepared):
    # GIVEN four due alerts, and an SMTP server that holds the third mail's DATA answer until told
    with smtp_server(block_at=3) as inbox:
        env = prepared(inbox)
        run = subprocess.Popen([sys.executable, "manage.py", "send_alerts"], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        # WHEN the run is killed while the server has the third mail and has not answered
        assert inbox.blocked.wait(SAFETY_NET), run.communicate(timeout=SAFETY_NET)
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=SAFETY_NET)
        inbox.release.set()
        assert run.returncode == -signal.SIGKILL
        # THEN the two mails the server accepted are recorded, the one in flight is not
        assert sent_pairs(env) == [(address, ref) for address in ADDRESSES[:2] for ref in ("k1", "k2")]

        # WHEN the next run comes THEN it sends the fourth; the third stays with the killed run's claim
        manage(env, "send_alerts", check=True)
        assert received(inbox) == Counter({address: 1 for address in ADDRESSES})
        # WHEN the claim lapses (a run's lease is ARCHIVE_ALERT_CLAIM_SECONDS) THEN the third is sent again
        shell(env, "from archive.models import Subscription; Subscription.objects.update(claimed_until=None)")
        manage(env, "send_alerts", check=True)
        manage(env, "send_alerts", check=True)
        # THEN every alert got its two articles; only the mail in flight at the kill arrived twice
        assert received(inbox) == Counter({ADDRESSES[0]: 1, ADDRESSES[1]: 1, ADDRESSES[2]: 2, ADDRESSES[3]: 1})
        assert sent_pairs(env) == [(address, ref) for address in ADDRESSES for ref in ("k1", "k2")]
        for message in inbox.messages:
            assert f"One {WORD}" in text_of(message) and f"Two {WORD}" in text_of(message)


def test_a_run_started_while_another_is_mid_send_sends_each_alert_once(prepared):
    # GIVEN four due alerts, and a first run held by the server in the middle of its first mail
    with smtp_server(block_at=1) as inbox:
        env = prepared(inbox)
        command = [sys.executable, "manage.py", "send_alerts"]
        first = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
        assert inbox.blocked.wait(SAFETY_NET), first.communicate(timeout=SAFETY_NET)
        # WHEN a second run starts and finishes meanwhile, then the first is let go
        second = manage(env, "send_alerts", check=True)
        inbox.release.set()
        out, _ = first.communicate(timeout=SAFETY_NET)
        # THEN the second ran past the alert the first had claimed, and each alert got exactly one mail
        assert first.returncode == 0
        assert second.stdout.startswith("3 alert mail(s)") and out.startswith("1 alert mail(s)"), (second.stdout, out)
        assert received(inbox) == Counter({address: 1 for address in ADDRESSES})
        assert inbox.messages[0]["To"] == ADDRESSES[0]
