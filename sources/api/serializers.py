from rest_framework import serializers

from ..models import Source


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "kind", "domains", "reliability", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
