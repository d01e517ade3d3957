"""Every status, verdict and kind the claims app knows, as named choices."""

from django.db import models


class ClaimKind(models.TextChoices):
    QUANTITY = "quantity", "Quantity"
    EVENT = "event", "Event"
    QUOTE = "quote", "Quote"
    PREDICTION = "prediction", "Prediction"
    OPINION = "opinion", "Opinion"
    OTHER = "other", "Other"


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    CHECKING = "checking", "Checking"
    NEEDS_REVIEW = "needs_review", "Needs review"
    IN_REVIEW = "in_review", "In review"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    RESOLVED = "resolved", "Resolved"
    PUBLISHED = "published", "Published"


class Verdict(models.TextChoices):
    """A reviewer's decision, mapped to schema.org ClaimReview ratings 5..1."""

    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    MIXED = "mixed", "Mixed"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


class SuggestedVerdict(models.TextChoices):
    """What a Check suggests; a reviewer decides."""

    SUPPORTED = "supported", "Supported"
    REFUTED = "refuted", "Refuted"
    CONFLICTING = "conflicting", "Conflicting"
    NOT_ENOUGH_EVIDENCE = "not_enough_evidence", "Not enough evidence"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    MIXED = "mixed", "Mixed"
    UNRELATED = "unrelated", "Unrelated"


class ReviewAction(models.TextChoices):
    START_CHECK = "start_check", "Start check"
    COMPLETE_CHECK = "complete_check", "Complete check"
    START_REVIEW = "start_review", "Start review"
    RESOLVE = "resolve", "Resolve"
    APPROVE = "approve", "Approve"
    PUBLISH = "publish", "Publish"
    REOPEN = "reopen", "Reopen"
    # Steps that leave the status alone but belong in the review history.
    ASSIGN = "assign", "Assign"
    UNASSIGN = "unassign", "Unassign"
    EDIT = "edit", "Edit"
    COMMENT = "comment", "Comment"
