"""Project-level app configs."""

from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import get_user_model
from django.core import checks
from django.db.models.signals import pre_save


class FactcheckAdminConfig(AdminConfig):
    """The stock admin, with a site that lets reviewers in (see factcheck.admin).

    It is also the project package's one app config, so it connects the
    project-wide receivers and registers the project's own system checks once
    the models are loaded.
    """

    default_site = "factcheck.admin.FactcheckAdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscovers the admin modules, django.contrib.auth's included
        from django.contrib import admin

        from factcheck import logins, user_admin  # noqa: F401 - logins connects its receiver
        from factcheck.accounts import revoke_tokens_on_credential_change
        from factcheck.system_checks import fetch_networks_check, secret_key_check

        user_admin.register(admin.site)
        pre_save.connect(
            revoke_tokens_on_credential_change,
            sender=get_user_model(),
            dispatch_uid="factcheck.revoke_tokens_on_credential_change",
        )
        checks.register(secret_key_check, checks.Tags.security, deploy=True)
        checks.register(fetch_networks_check, checks.Tags.security, deploy=True)
