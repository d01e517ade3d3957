"""API login: username and password in, a hashed, expiring token out (django-rest-knox)."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from knox.views import LoginView, LogoutAllView, LogoutView
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import Throttled
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api.authentication import TokenAuthentication
from factcheck.api.parsers import JSONParser
from factcheck.logins import LOCKED_OUT, login_refusal
from factcheck.roles import Role, has_role, is_staff


class UserSerializer(serializers.Serializer):
    """Who a token belongs to, and what the desk lets them do."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    roles = serializers.SerializerMethodField()

    def get_roles(self, user: AbstractBaseUser) -> list[str]:
        roles = [role.value for role in Role if has_role(user, role)]
        return [*roles, "staff"] if is_staff(user) else roles


class TokenLoginView(LoginView):
    """POST {username, password} -> {token, expiry, user}. Only a digest of the
    token is stored; it expires after FACTCHECK_TOKEN_TTL_HOURS. Failed logins
    are counted per account and per address (factcheck.logins): a spent budget
    is a 429, whatever the password."""

    authentication_classes = ()  # the credentials are in the body
    parser_classes = (JSONParser, FormParser)  # curl -d works as well as JSON
    permission_classes = (AllowAny,)
    throttle_scope = "login"

    @extend_schema(
        request=AuthTokenSerializer,
        responses=inline_serializer(
            "TokenResponse",
            {
                "token": serializers.CharField(),
                "expiry": serializers.DateTimeField(),
                "user": UserSerializer(),
            },
        ),
        auth=[],
    )
    def post(self, request: Request, format: str | None = None) -> Response:
        username = request.data.get("username") if isinstance(request.data, dict) else None
        wait = login_refusal(request, str(username or ""))
        if wait is not None:
            raise Throttled(wait=wait, detail=LOCKED_OUT)
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        user = credentials.validated_data["user"]
        AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
        request.user = user
        return super().post(request, format)


class TokenLogoutView(LogoutView):
    """Revoke the token this request was made with."""

    authentication_classes = (TokenAuthentication,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, format: str | None = None) -> Response:
        return super().post(request, format)


class TokenLogoutAllView(LogoutAllView):
    """Revoke every token of this account (a lost device, a leaked token)."""

    authentication_classes = (TokenAuthentication,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, format: str | None = None) -> Response:
        return super().post(request, format)
