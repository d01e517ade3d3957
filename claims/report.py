"""A plain-text report of an article's claims and their checks, for the terminal."""

import textwrap
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse

from factcheck.jobs.models import Job

from .models import Check, Claim

_WIDTH = 100


def latest_checks(claims: Iterable[Claim]) -> dict[int, Check]:
    """Each claim's newest check, with its evidence, in two queries."""
    ids = [c.pk for c in claims]
    checks = (
        Check.objects.filter(claim_id__in=ids)
        .prefetch_related("evidence__document__source")
        .order_by("claim_id", "-created_at", "-id")
    )
    latest: dict[int, Check] = {}
    for check in checks:
        latest.setdefault(check.claim_id, check)
    return latest


def _quantities(claim: Claim) -> str:
    return ", ".join(
        f"{q['comparator'] if q['comparator'] != '=' else ''}{q['value']:g} {q['unit']}".strip()
        for q in claim.quantities
    )


def render_claims(claims: list[Claim], *, base_url: str = "") -> str:
    """One block per claim: text, claimant, quantities, verdict, flags, top evidence, link."""
    checks = latest_checks(claims)
    lines: list[str] = []
    for claim in claims:
        check = checks.get(claim.pk)
        lines.append(
            textwrap.fill(
                claim.text, _WIDTH, initial_indent=f"[{claim.pk}] ", subsequent_indent="    "
            )
        )
        lines.append(
            f"    claimant: {claim.claimant or '-'}   kind: {claim.kind}   "
            f"worthiness: {claim.check_worthiness:.2f}   status: {claim.status}"
        )
        if claim.quantities:
            lines.append(f"    quantities: {_quantities(claim)}")
        if check is None or not check.suggested_verdict:
            lines.append("    check: pending")
        else:
            lines.append(
                f"    suggested: {check.suggested_verdict} (confidence {check.confidence:.2f})"
            )
            lines.extend(
                textwrap.fill(
                    flag["detail"], _WIDTH, initial_indent="    flag: ", subsequent_indent="      "
                )
                for flag in check.flags
                if isinstance(flag, dict) and flag.get("detail")
            )
            for evidence in list(check.evidence.all())[:3]:
                published = evidence.document.published_at
                lines.append(
                    f"      {evidence.stance:<9} {evidence.document.source.name} "
                    f"({published.date() if published else 'undated'}): "
                    + textwrap.shorten(evidence.text, 60)
                )
        lines.append(f"    {base_url}{reverse('admin:claims_claim_change', args=[claim.pk])}")
    return "\n".join(lines)


def document_jobs(document_id: int) -> QuerySet[Job]:
    """The work still owed to an article: its extraction, then its claims' checks."""
    claim_targets = [
        f"claim:{pk}"
        for pk in Claim.objects.filter(appearances__document_id=document_id).values_list(
            "pk", flat=True
        )
    ]
    return Job.objects.filter(
        Q(kind="extract", target=f"document:{document_id}")
        | Q(kind="verify", target__in=claim_targets)
    )


def document_claims(document_id: int) -> list[Claim]:
    return list(
        Claim.objects.filter(appearances__document_id=document_id)
        .distinct()
        .order_by("appearances__start")
    )
