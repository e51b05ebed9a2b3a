"""E-mail that a service sends about a change: queued after the commit, sent by a worker.

One path for every app: nothing is mailed for a transaction that rolls back, and the change
never fails because of the mail. With a broker, the Celery task sends it and retries SMTP
and network errors with back-off; without one (tasks run in-process), a failure is logged
(`robust=True`) instead of turning a committed change into an error page.
"""

import logging
from collections.abc import Iterable

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def mail_send_after_commit(*, subject: str, body: str, to: Iterable[str]) -> None:
    """Queue one message to these addresses once the current transaction commits."""
    from imdi_portal.core.tasks import send_mail_task

    recipients = [address for address in to if address]
    if not recipients:
        return
    # Plain text before queueing: lazy translations are resolved in the sender's language.
    subject, body = str(subject), str(body)

    def send() -> None:
        try:
            send_mail_task.delay(subject, body, recipients)
        except OperationalError as exc:  # kombu's "cannot reach the broker"
            logger.error("e-mail %r to %d people not queued: %s", subject, len(recipients), exc)

    transaction.on_commit(send, robust=True)
