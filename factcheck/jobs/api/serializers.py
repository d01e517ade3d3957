from rest_framework import serializers

from ..models import Job


class JobSerializer(serializers.ModelSerializer):
    duration = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "target",
            "status",
            "attempts",
            "max_attempts",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "duration",
        ]
        read_only_fields = fields
