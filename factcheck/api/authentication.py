"""Token authentication (django-rest-knox: hashed, expiring tokens).

Kept apart from the login views: DRF imports this module while its views
module loads, so it must not import any view.
"""

import knox.auth
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.models import AuthToken


class TokenAuthentication(knox.auth.TokenAuthentication):
    """knox's token check without its sweep of the user's other tokens on every
    request (one query more per request, growing with the tokens a user holds):
    an expired token is refused and deleted when used, and the others are swept
    at the user's next login."""

    def _cleanup_token(self, auth_token: AuthToken) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the token header."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict:
        # "Token" is the header's scheme word, not a secret.
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106
        )
