"""Accounts over the API, for staff only."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.accounts import may_manage, user_create, user_update
from factcheck.api.permissions import IsStaff
from factcheck.roles import Role

User = get_user_model()


class AccountSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices),
        required=False,
        help_text="client and/or reviewer.",
    )
    password = serializers.CharField(write_only=True, min_length=1, max_length=128)

    class Meta:
        model = User
        fields = [
            "id", "username", "email", "first_name", "last_name", "is_active", "is_staff",
            "is_superuser", "roles", "password", "date_joined", "last_login",
        ]  # fmt: skip
        read_only_fields = ["id", "is_staff", "is_superuser", "date_joined", "last_login"]

    def to_representation(self, user: AbstractUser) -> dict:
        body = super().to_representation(user)
        # Group membership only: staff hold every role implicitly (factcheck.roles).
        body["roles"] = sorted({g.name for g in user.groups.all()} & set(Role.values))
        return body


class AccountUpdateSerializer(AccountSerializer):
    password = serializers.CharField(write_only=True, required=False, max_length=128)

    class Meta(AccountSerializer.Meta):
        read_only_fields = [*AccountSerializer.Meta.read_only_fields, "username"]


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Desk accounts (reviewers, client apps). Staff only; accounts are deactivated
    (is_active false, which revokes their tokens), never deleted. Accounts with
    staff or superuser rights are read by staff but changed by superusers only."""

    queryset = User.objects.prefetch_related("groups")
    permission_classes = [IsStaff]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["is_active"]
    ordering = ("username", "id")
    ordering_fields = ("username", "date_joined", "id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return AccountUpdateSerializer if self.action == "partial_update" else AccountSerializer

    def _refuse_bad_password(self, call: object, **kwargs: object) -> AbstractUser:
        try:
            return call(**kwargs)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from error

    @extend_schema(request=AccountSerializer, responses={201: AccountSerializer})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        data = AccountSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("roles", [])
        values.pop("is_active", None)
        user = self._refuse_bad_password(user_create, **values)
        return Response(AccountSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AccountUpdateSerializer, responses=AccountSerializer)
    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.get_object()
        if not may_manage(request.user, user):
            raise PermissionDenied(
                "Only a superuser may change an account with staff or superuser rights."
            )
        data = AccountUpdateSerializer(user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = self._refuse_bad_password(user_update, user=user, **data.validated_data)
        return Response(AccountSerializer(User.objects.get(pk=user.pk)).data)
