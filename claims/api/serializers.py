from rest_framework import serializers

from ..models import Appearance, Claim


class AppearanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appearance
        fields = ["document", "start", "end", "sentence"]
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
