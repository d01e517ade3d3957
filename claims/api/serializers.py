from django.urls import reverse
from rest_framework import serializers

from ..models import Appearance, Check, Claim, Evidence, ReviewEvent


class AppearanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appearance
        fields = ["document", "start", "end", "sentence"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="document.url", read_only=True, allow_null=True)
    publisher = serializers.CharField(source="document.source.name", read_only=True)
    published_at = serializers.DateTimeField(
        source="document.published_at", read_only=True, allow_null=True
    )

    class Meta:
        model = Evidence
        fields = [
            "document", "url", "publisher", "published_at", "start", "end", "text", "stance",
            "score", "reasons",
        ]  # fmt: skip
        read_only_fields = fields


class CheckSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    job = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Check
        fields = [
            "id", "claim", "status", "suggested_verdict", "confidence", "explanation", "flags",
            "evidence", "job", "created_at", "completed_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_status(self, check: Check) -> str:
        """The check's state is its job's: queued, running, succeeded or failed."""
        return check.job.status if check.job else "succeeded"

    def get_job(self, check: Check) -> dict | None:
        if check.job is None:
            return None
        return {
            "id": check.job.pk,
            "status": check.job.status,
            "attempts": check.job.attempts,
            "error": check.job.error,
            "url": reverse("job-detail", args=[check.job.pk]),
        }


class CheckRequestSerializer(serializers.Serializer):
    """Options of an on-demand check."""

    published_before = serializers.DateTimeField(
        required=False, help_text="Only evidence published before this moment counts."
    )


class ReviewEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)

    class Meta:
        model = ReviewEvent
        fields = ["action", "from_status", "to_status", "verdict", "note", "actor", "version",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    appearances = AppearanceSerializer(many=True, read_only=True)
    check_worthiness_features = serializers.JSONField(source="worthiness_features", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id", "text", "kind", "claimant", "check_worthiness", "check_worthiness_features",
            "quantities", "time_references", "entities", "status", "verdict", "version",
            "assignee", "appearances", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    latest_check = serializers.SerializerMethodField()
    review_history = ReviewEventSerializer(source="review_events", many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "latest_check", "review_history"]
        read_only_fields = fields

    def get_latest_check(self, claim: Claim) -> dict | None:
        check = (
            claim.checks.select_related("job")
            .prefetch_related("evidence__document__source")
            .order_by("-created_at", "-id")
            .first()
        )
        return CheckSerializer(check).data if check else None
