"""Project-level app configs."""

from django.contrib.admin.apps import AdminConfig
from django.core import checks


class FactcheckAdminConfig(AdminConfig):
    """The stock admin, with a site that lets reviewers in (see factcheck.admin)."""

    default_site = "factcheck.admin.FactcheckAdminSite"

    def ready(self) -> None:
        super().ready()
        # The project's own deployment checks; this is the one app config of the
        # project package, so they are registered here.
        from factcheck.system_checks import fetch_networks_check, secret_key_check

        checks.register(secret_key_check, checks.Tags.security, deploy=True)
        checks.register(fetch_networks_check, checks.Tags.security, deploy=True)
