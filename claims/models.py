"""Claims, where they appear, the checks run on them, and their review history."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from factcheck.jobs.models import Job
from sources.models import Document

from .choices import ClaimKind, ClaimStatus, ReviewAction, Stance, SuggestedVerdict, Verdict

# The reviewers' triage order: what waits for a reviewer first, then the most
# check-worthy. Indexed (claim_triage_order_idx) so the admin's default page
# reads 50 rows, not a sort of every claim.
TRIAGE_RANK = Case(
    When(status=ClaimStatus.NEEDS_REVIEW, then=Value(0)),
    When(status=ClaimStatus.IN_REVIEW, then=Value(1)),
    When(status=ClaimStatus.AWAITING_APPROVAL, then=Value(2)),
    When(status=ClaimStatus.RESOLVED, then=Value(3)),
    default=Value(4),
)
TRIAGE_ORDER = (
    TRIAGE_RANK.asc(),
    F("check_worthiness").desc(),
    F("created_at").desc(),
    F("id").desc(),
)


class Claim(models.Model):
    """One checkable statement, canonical across the articles it appears in.

    `status` and `verdict` change only through claims.workflow; `version`
    is bumped by every change so clients can detect stale writes.
    """

    text = models.TextField()
    fingerprint = models.CharField(
        max_length=64, help_text="Hash of the normalised statement; same statement, same claim."
    )
    kind = models.CharField(max_length=16, choices=ClaimKind.choices, default=ClaimKind.OTHER)
    # A sentence that states a fact and a forecast is the fact's kind; the
    # forecast is kept here, so it is neither lost nor mistaken for the fact.
    forecast = models.TextField(blank=True)
    claimant = models.CharField(max_length=300, blank=True)
    quantities = models.JSONField(default=list, blank=True)
    time_references = models.JSONField(default=list, blank=True)
    entities = models.JSONField(default=list, blank=True)
    check_worthiness = models.FloatField(default=0.0)
    worthiness_features = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW, editable=False
    )
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    # What the desk publishes about the claim (schema.org ClaimReview).
    review_url = models.URLField(
        max_length=2000, blank=True, help_text="Where the desk's fact-check of this claim is read."
    )
    rating_text = models.CharField(
        max_length=100,
        blank=True,
        help_text="The published rating in words; the verdict's label when empty.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the review was last published."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["fingerprint"], name="claim_fingerprint_unique"),
            models.CheckConstraint(
                condition=Q(check_worthiness__gte=0) & Q(check_worthiness__lte=1),
                name="claim_check_worthiness_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=ClaimKind.values), name="claim_kind_valid"),
            # A decided claim carries its verdict; an undecided one has none.
            models.CheckConstraint(
                condition=(
                    Q(
                        status__in=[
                            ClaimStatus.AWAITING_APPROVAL,
                            ClaimStatus.RESOLVED,
                            ClaimStatus.PUBLISHED,
                        ],
                        verdict__in=Verdict.values,
                    )
                    | Q(
                        status__in=[
                            ClaimStatus.NEW,
                            ClaimStatus.CHECKING,
                            ClaimStatus.NEEDS_REVIEW,
                            ClaimStatus.IN_REVIEW,
                        ],
                        verdict="",
                    )
                ),
                name="claim_verdict_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-check_worthiness"], name="claim_triage_idx"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status_idx"),
            models.Index(fields=["-created_at"], name="claim_created_idx"),
            models.Index(*TRIAGE_ORDER, name="claim_triage_order_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Appearance(models.Model):
    """Where a claim is printed: document.text[start:end] is the sentence."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="appearances")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["document_id", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "document", "start"], name="appearance_claim_doc_start_unique"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appearance_span_valid"),
        ]
        indexes = [models.Index(fields=["document", "start"], name="appearance_doc_start_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id} in {self.document_id} [{self.start}:{self.end}]"


class Check(models.Model):
    """The outcome of one verification job for one claim; older checks stay."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="checks")
    job = models.OneToOneField(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="claim_check"
    )
    suggested_verdict = models.CharField(
        max_length=24, choices=SuggestedVerdict.choices, blank=True
    )
    confidence = models.FloatField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    flags = models.JSONField(default=list, blank=True, help_text="[{kind, detail}]")
    # How the check judged, so that the ledger can be replayed: the embeddings
    # backend and model that related passages, and the fitted weights' signature.
    embeddings_backend = models.CharField(max_length=32, blank=True)
    embeddings_model = models.CharField(max_length=100, blank=True)
    weights = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | (Q(confidence__gte=0) & Q(confidence__lte=1)),
                name="check_confidence_range",
            ),
        ]
        indexes = [models.Index(fields=["claim", "-created_at"], name="check_claim_created_idx")]

    def __str__(self) -> str:
        return f"Check {self.pk} of claim {self.claim_id}"


class Evidence(models.Model):
    """A passage of another Document that a Check found, with its stance and why."""

    check_run = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="evidence")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.UNRELATED)
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="evidence_span_valid"),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="evidence_stance_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stance}: {self.text[:60]}"


class ReviewEvent(models.Model):
    """Append-only log of every workflow step on a claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="review_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Empty for steps taken by background workers.",
    )
    action = models.CharField(max_length=20, choices=ReviewAction.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who the claim was assigned to (assign steps).",
    )
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    note = models.TextField(blank=True, help_text="Why, or the comment itself.")
    version = models.PositiveIntegerField(help_text="The claim's version after this step.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        constraints = [
            # Every change bumps the version once; comments change nothing, so
            # several may share the version they were written against.
            models.UniqueConstraint(
                fields=["claim", "version"],
                condition=~Q(action=ReviewAction.COMMENT),
                name="review_event_claim_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} -> {self.to_status}"


class ExternalReview(models.Model):
    """A fact-check another publisher has published (schema.org ClaimReview markup),
    linked to our canonical claim so a checked claim is recognised when it recurs."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="external_reviews")
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claim_reviews",
        help_text="The page whose markup carried the review.",
    )
    publisher = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    claim_reviewed = models.TextField(help_text="The claim as the publisher worded it.")
    claimant = models.CharField(max_length=300, blank=True)
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    alternate_name = models.CharField(max_length=300, blank=True, help_text="Rating in words.")
    date_published = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date_published", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "publisher", "url"], name="external_review_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher or 'unknown'}: {self.alternate_name or self.rating_value}"
