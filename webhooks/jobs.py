"""Background jobs of the webhooks app."""

from typing import Any

from factcheck.jobs.registry import job_kind

from .services import DELIVER_JOB_KIND, webhook_deliver


# Not atomic. The POST is a side effect no rollback can take back, so the
# record of it must not be rolled back either: webhook_deliver writes each
# attempt's response status, body and error in autocommit before it returns
# or raises, and that record survives the retry or failure the ledger then
# marks on the job. (In an atomic job a raise would roll the record back with
# the work.) Nor is a transaction held open while a slow receiver is waited
# on. The ledger still marks success at most once; a receiver may see a
# delivery twice if a worker dies between the POST and that mark, which is
# what X-Factcheck-Delivery is for. Eight attempts spread over five to ten
# minutes with the default backoff; a failed delivery can be re-queued from
# the admin's job list.
@job_kind(DELIVER_JOB_KIND, time_limit=30, max_attempts=8, atomic=False, staff_only=True)
def deliver_webhook(*, delivery_id: int) -> dict[str, Any]:
    """POST one webhook delivery, signed (webhooks.services.webhook_deliver)."""
    return webhook_deliver(delivery_id=delivery_id)
